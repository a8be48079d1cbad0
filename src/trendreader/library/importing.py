"""Bring the user's own files into the library: validate, de-duplicate, copy.

The originals are never modified: an accepted file is copied into the user library folder
(with its ``.meta.toml`` sidecar, if any) under a key that does not clash with an existing
one. Every file gets an outcome with a one-line reason.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from trendreader.atomic import copy_file
from trendreader.i18n import N_, _
from trendreader.library.catalog import Library
from trendreader.library.formats import format_notes
from trendreader.library.model import REPORT_SUFFIXES, Edition
from trendreader.library.parse import DEFAULT_MAX_BYTES, ReportFileError, read_edition
from trendreader.library.sanitize import clean_line
from trendreader.library.sidecar import sidecar_path, sidecar_problems
from trendreader.script.fold import fold_to_simplified


@dataclass(frozen=True, slots=True)
class AddOutcome:
    source: Path
    added: bool
    reason: str = ""  # why it was refused
    key: str = ""
    renamed_from: str = ""  # the file's own key, when it was taken
    edition: Edition | None = None  # as parsed from its copy in the user library
    skipped: bool = False  # not a file that could be read (a FIFO, a loop, a dangling link)
    warnings: tuple[str, ...] = ()  # sidecar values not used, one line each


class AddUsageError(ValueError):
    """A path that does not exist or is not a file or folder."""


def text_fingerprint(edition: Edition) -> str:
    """Same normalized text (simplified, no whitespace) → same fingerprint."""
    folded = "".join(fold_to_simplified(edition.full_text()).split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path met while looking for report files that is not read, and why (one line).

    ``refused`` marks what the user may have meant to add (a symlink leaving the folder);
    the rest (loops, dangling links, FIFOs, devices, sockets) is skipped.
    """

    path: Path
    reason: str
    refused: bool = False


_SPECIAL = (
    (stat.S_ISFIFO, N_("a FIFO (named pipe), not a file: not opened")),
    (stat.S_ISCHR, N_("a character device, not a file")),
    (stat.S_ISBLK, N_("a block device, not a file")),
    (stat.S_ISSOCK, N_("a socket, not a file")),
)
_OTHER = N_("not a regular file")


def _special(mode: int) -> str:
    return _(next((why for test, why in _SPECIAL if test(mode)), _OTHER))


def _is_report_name(path: Path) -> bool:
    return path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith(".")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def scan(paths: Iterable[Path], *, follow_symlinks: bool = False) -> Iterator[Path | Skipped]:
    """The report files named or contained (recursively) in ``paths``, sorted per folder,
    and a :class:`Skipped` for every path that is not read. Nothing is opened: a FIFO never
    blocks. In a folder, a symlink whose target lies outside that folder is refused unless
    ``follow_symlinks``; a symlink to a folder inside it is not followed (the folder is
    scanned anyway). A file named on the command line is read wherever a link points."""
    for path in paths:
        try:
            info = path.stat()
        except OSError as error:
            if path.is_symlink():
                yield Skipped(path, _link_problem(path, error))
                continue
            raise AddUsageError(
                _("{path}: no such file or folder").format(path=display_path(path))
            ) from error
        if stat.S_ISDIR(info.st_mode):
            root = path.resolve()
            found = _walk(path, root, follow_symlinks, {root})
            yield from sorted(found, key=lambda f: f.path if isinstance(f, Skipped) else f)
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield Skipped(path, _special(info.st_mode))


def _unreadable(error: OSError) -> str:
    return _("cannot be read ({reason})").format(reason=error.strerror or error)


def _not_report(suffix: str) -> str:
    if suffix:
        return _("not a report file ({suffix})").format(suffix=suffix)
    return _("not a report file (no suffix)")


def _link_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return _("a symlink loop")
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return _("a dangling symlink (→ {target})").format(target=clean_line(target))


def _walk(folder: Path, root: Path, follow: bool, seen: set[Path]) -> Iterator[Path | Skipped]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield Skipped(folder, _unreadable(error))
        return
    files: list[Path | Skipped] = []
    folders: list[tuple[Path, Path]] = []
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        try:
            is_link = entry.is_symlink()
            own = entry.stat(follow_symlinks=False)
        except OSError as error:
            files.append(Skipped(path, _unreadable(error)))
            continue
        if not is_link:
            if stat.S_ISDIR(own.st_mode):
                folders.append((path, path.resolve()))
            elif stat.S_ISREG(own.st_mode):
                if _is_report_name(path):
                    files.append(path)
            else:
                files.append(Skipped(path, _special(own.st_mode)))
            continue
        try:
            target = path.resolve(strict=True)
            info = target.stat()
        except (OSError, RuntimeError) as error:
            loop = isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP
            files.append(Skipped(path, _("a symlink loop") if loop else _link_problem(path, error)))
            continue
        is_dir = stat.S_ISDIR(info.st_mode)
        if not is_dir and stat.S_ISREG(info.st_mode) and not _is_report_name(path):
            continue  # not a report file: ignored, as a plain file of that name would be
        if not is_dir and not stat.S_ISREG(info.st_mode):
            files.append(
                Skipped(path, _("a symlink to {what}").format(what=_special(info.st_mode)))
            )
            continue
        if _inside(target, root):
            if not is_dir:
                files.append(
                    Skipped(path, _("a symlink to a file in the folder (added as itself)"))
                )
            continue  # a folder inside: scanned as itself
        if not follow:
            outside = (
                _(
                    "a symlink to a folder outside the folder (→ {target}); "
                    "use --follow-symlinks to add it"
                )
                if is_dir
                else _(
                    "a symlink to a file outside the folder (→ {target}); "
                    "use --follow-symlinks to add it"
                )
            )
            files.append(
                Skipped(
                    path,
                    outside.format(target=clean_line(target)),
                    refused=True,
                )
            )
        elif is_dir:
            folders.append((path, target))
        else:
            files.append(path)
    yield from files
    for path, real in folders:
        if real in seen:
            yield Skipped(path, "a symlink loop (a folder already being added)")
            continue
        yield from _walk(path, root, follow, seen | {real})


def candidate_files(paths: Iterable[Path], *, follow_symlinks: bool = False) -> Iterator[Path]:
    """The report files :func:`scan` finds (what it skips is left out)."""
    for found in scan(paths, follow_symlinks=follow_symlinks):
        if isinstance(found, Path):
            yield found


def display_path(path: Path | str) -> str:
    """A path safe to print on one line: no control characters from hostile file names."""
    return clean_line(str(path))


def _key_of(source: Path) -> str:
    """The key (and name of the copy) of a file: its stem, cleaned to one printable line."""
    return clean_line(source.stem).strip() or "report"


def _free_key(stem: str, taken: set[str]) -> str:
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def add_files(
    paths: Iterable[Path],
    library: Library,
    user_library: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
) -> Iterator[AddOutcome]:
    """Validate and copy each file; yields one outcome per file (and per path skipped, with
    ``skipped`` set) as it goes. A file that cannot be copied raises OSError."""
    taken = {e.key for e in library.editions()}
    if user_library.is_dir():
        taken |= {p.stem for p in user_library.iterdir()}
    fingerprints = {text_fingerprint(e): e.key for e in library.editions()}
    for source in scan(paths, follow_symlinks=follow_symlinks):
        if isinstance(source, Skipped):
            yield AddOutcome(source.path, False, source.reason, skipped=not source.refused)
            continue
        if source.suffix.lower() not in REPORT_SUFFIXES:
            yield AddOutcome(source, False, _not_report(source.suffix))
            continue
        key = _free_key(_key_of(source), taken)
        try:
            edition = read_edition(source, key=key, max_bytes=max_bytes)
        except ReportFileError as error:
            reason = str(error).split(": ", 1)[-1]
            yield AddOutcome(source, False, reason)
            continue
        fingerprint = text_fingerprint(edition)
        if fingerprint in fingerprints:
            duplicate = _("duplicate of report {key}").format(key=fingerprints[fingerprint])
            yield AddOutcome(source, False, duplicate)
            continue
        user_library.mkdir(parents=True, exist_ok=True)
        target = user_library / f"{key}{source.suffix.lower()}"
        sidecar = sidecar_path(source)
        # atomic copies (a full disk never leaves half a report; the library skips the hidden
        # temporary files); the sidecar first, so the report never shows without its metadata
        if sidecar.is_file():
            copy_file(sidecar, sidecar_path(target))
        copy_file(source, target)
        taken.add(key)
        fingerprints[fingerprint] = key
        renamed = _key_of(source) if key != _key_of(source) else ""
        copied = replace(edition, path=target)  # what parsing the copy gives (same bytes)
        warnings = (*sidecar_problems(source), *format_notes(copied))  # + pages without text
        yield AddOutcome(
            source, True, key=key, renamed_from=renamed, edition=copied, warnings=warnings
        )


def remove_user_report(user_library: Path, key: str) -> bool:
    """Delete a report the user added (the copy, never an original). False if none."""
    if not user_library.is_dir():
        return False
    removed = False
    for path in list(user_library.iterdir()):
        is_report = path.stem == key and path.suffix.lower() in REPORT_SUFFIXES
        if is_report or path.name == f"{key}.meta.toml":
            path.unlink()
            removed = removed or is_report
    return removed


__all__ = [
    "AddOutcome",
    "AddUsageError",
    "Skipped",
    "add_files",
    "candidate_files",
    "display_path",
    "remove_user_report",
    "scan",
]
