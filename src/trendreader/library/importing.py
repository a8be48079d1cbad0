"""Bring the user's own files into the library: validate, de-duplicate, copy.

The originals are never modified: an accepted file is copied into the user library folder
(with its ``.meta.toml`` sidecar, if any) under a key that does not clash with an existing
one. Every file gets an outcome with a one-line reason.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from trendreader.library.catalog import Library
from trendreader.library.model import REPORT_SUFFIXES, Edition
from trendreader.library.parse import DEFAULT_MAX_BYTES, ReportFileError, read_edition
from trendreader.library.sanitize import strip_controls
from trendreader.library.sidecar import sidecar_path
from trendreader.script.fold import fold_to_simplified


@dataclass(frozen=True, slots=True)
class AddOutcome:
    source: Path
    added: bool
    reason: str = ""  # why it was refused
    key: str = ""
    renamed_from: str = ""  # the file's own key, when it was taken
    edition: Edition | None = None  # as parsed from its copy in the user library


class AddUsageError(ValueError):
    """A path that does not exist or is not a file or folder."""


def text_fingerprint(edition: Edition) -> str:
    """Same normalized text (simplified, no whitespace) → same fingerprint."""
    folded = "".join(fold_to_simplified(edition.full_text()).split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


def candidate_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The report files named or contained (recursively) in ``paths``, sorted per folder."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in REPORT_SUFFIXES
                and not p.name.startswith(".")
            )
        elif path.is_file():
            yield path
        else:
            raise AddUsageError(f"{display_path(path)}: no such file or folder")


def display_path(path: Path) -> str:
    """A path safe to print: no control characters from hostile file names."""
    return strip_controls(str(path)).replace("\n", "?")


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
) -> Iterator[AddOutcome]:
    """Validate and copy each file; yields one outcome per file as it goes."""
    taken = {e.key for e in library.editions()}
    if user_library.is_dir():
        taken |= {p.stem for p in user_library.iterdir()}
    fingerprints = {text_fingerprint(e): e.key for e in library.editions()}
    for source in candidate_files(paths):
        if source.suffix.lower() not in REPORT_SUFFIXES:
            yield AddOutcome(source, False, f"not a report file ({source.suffix or 'no suffix'})")
            continue
        key = _free_key(source.stem, taken)
        try:
            edition = read_edition(source, key=key, max_bytes=max_bytes)
        except ReportFileError as error:
            reason = str(error).split(": ", 1)[-1]
            yield AddOutcome(source, False, reason)
            continue
        fingerprint = text_fingerprint(edition)
        if fingerprint in fingerprints:
            yield AddOutcome(source, False, f"duplicate of report {fingerprints[fingerprint]}")
            continue
        user_library.mkdir(parents=True, exist_ok=True)
        target = user_library / f"{key}{source.suffix.lower()}"
        shutil.copy2(source, target)
        sidecar = sidecar_path(source)
        if sidecar.is_file():
            shutil.copy2(sidecar, sidecar_path(target))
        taken.add(key)
        fingerprints[fingerprint] = key
        renamed = source.stem if key != source.stem else ""
        copied = replace(edition, path=target)  # what parsing the copy gives (same bytes)
        yield AddOutcome(source, True, key=key, renamed_from=renamed, edition=copied)


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
    "add_files",
    "candidate_files",
    "display_path",
    "remove_user_report",
]
