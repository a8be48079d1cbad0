"""The library: every report file in the library folders, grouped into reports."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from trendreader.i18n import _, current_locale
from trendreader.library.model import REPORT_SUFFIXES, Edition, Metadata, Report, file_path
from trendreader.library.titles import natural_key


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A file of the library that was refused (``skipped``), or read with a warning."""

    path: Path
    reason: str  # one line
    skipped: bool = True
    #: the catalog ``reason`` is in (`i18n.current_locale` when it was made)
    told_in: str = field(default_factory=current_locale, compare=False)


def refused_problem(path: Path, error: Exception, reason: str | None = None) -> LoadProblem:
    """``path`` refused for ``error`` (told as ``reason``, else as the error says), in the
    catalog the error was made in (a worker's: `parse.ReportFileError.told_in`)."""
    told_in = getattr(error, "told_in", None) or current_locale()
    return LoadProblem(path, str(error) if reason is None else reason, told_in=told_in)


#: A refused file up to this size is read again to tell why in another catalog (on the
#: reader's thread, at its start: an undecodable file of this size takes ~15 ms).
RETELL_MAX_BYTES = 256_000
#: At most this many refused files are read again in one telling (the rest keep their lines).
RETELL_MAX_FILES = 12


def in_this_catalog(problems: Iterable[LoadProblem]) -> list[LoadProblem]:
    """``problems`` as the catalog in use tells them. One told in another (the reader's
    start reads the library before it knows the script the interface follows) is told
    again: a sidecar's from its sidecar, a refused file's by reading it again (up to
    :data:`RETELL_MAX_FILES` of them, of :data:`RETELL_MAX_BYTES` at most; a bigger one,
    one past those, or one that reads now keeps its line)."""
    locale = current_locale()
    problems = list(problems)
    if all(problem.told_in == locale for problem in problems):
        return problems
    out: list[LoadProblem] = []
    retold_sidecars: set[Path] = set()
    reads = 0
    for problem in problems:
        if problem.told_in == locale:
            out.append(problem)
        elif not problem.skipped:
            if problem.path not in retold_sidecars:  # all of its file's lines at once
                retold_sidecars.add(problem.path)
                out.extend(sidecar_warnings(problem.path))
        elif reads < RETELL_MAX_FILES:
            reads += 1
            out.append(_refused_again(problem))
        else:
            out.append(problem)
    return out


def _refused_again(problem: LoadProblem) -> LoadProblem:
    from trendreader.library.parse import ReportFileError, read_edition

    try:
        if problem.path.stat().st_size > RETELL_MAX_BYTES:
            return problem
        read_edition(problem.path)
    except ReportFileError as error:
        return LoadProblem(problem.path, str(error))
    except Exception:  # the stat above, or an importer's own failure: as it was told
        return problem
    return problem


def problem_line(problem: LoadProblem) -> str:
    """The one line that tells ``problem``: ``skipped …`` for a file refused, else its reason
    (a sidecar value not used)."""
    if problem.skipped:
        return _("skipped {reason}").format(reason=problem.reason)
    return problem.reason


#: what a report's sidecar is called after the report's stem (see :mod:`.sidecar`)
SIDECAR_SUFFIX = ".meta.toml"


def sidecar_warnings(path: Path, sidecars: Container[str] | None = None) -> list[LoadProblem]:
    """One warning per sidecar value not used for ``path`` (the report itself loads).

    ``sidecars``: what :func:`library_names` found of the sidecars in the folders it
    scanned: a report whose sidecar is not among them is not looked up (one ``stat`` a
    report was ~35 ms of a 10,000-file listing)."""
    # sidecar.sidecar_path, as a string: a Path per report was ~30 ms of a 2,000-file listing
    sidecar = sidecar_of(str(path))
    if sidecars is not None and _folded(sidecar) not in sidecars:
        return []
    if not os.path.exists(sidecar):
        return []  # most reports have none: no need to import the TOML reader (~40 ms)
    from trendreader.library.sidecar import sidecar_problems

    return [LoadProblem(path, line, skipped=False) for line in sidecar_problems(path)]


@dataclass(slots=True)
class Library:
    reports: list[Report]
    problems: list[LoadProblem] = field(default_factory=list)
    _by_key: dict[str, tuple[Report, Edition]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for report in self.reports:
            for edition in report.editions:
                self._by_key[edition.key] = (report, edition)

    def find(self, key: str) -> tuple[Report, Edition] | None:
        """The report and edition for an edition key (a report's key is its first edition's)."""
        return self._by_key.get(key)

    def find_edition(self, key: str) -> Edition | None:
        found = self._by_key.get(key)
        return found[1] if found else None

    def editions(self) -> Iterator[Edition]:
        for report in self.reports:
            yield from report.editions

    def by_year(self) -> list[tuple[int | None, list[Report]]]:
        """Reports grouped by year, newest first; undated last."""
        years: dict[int | None, list[Report]] = {}
        for report in self.reports:
            years.setdefault(report.year, []).append(report)
        return sorted(years.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))


def report_files(folder: Path) -> list[Path]:
    """Report files under a folder, recursively, in a stable order: as ``Path`` objects sort
    (part by part), not following links to folders, hidden files left out.

    One ``os.scandir`` per folder, sorted as strings with the separator as the lowest
    character (the order of the parts), one ``Path`` parsed per folder (``file_path``):
    ``rglob`` and ``Path.__lt__`` took 0.1–0.2 s for 2,000 files, this ~20 ms."""
    return [file_path(name) for name in report_names(folder)]


def report_names(folder: Path, sidecars: set[str] | None = None) -> list[str]:
    """:func:`report_files` as strings; the paths of the sidecars found on the way
    (``NAME.meta.toml``, any kind of entry; see :func:`has_sidecar`) are added to
    ``sidecars``."""
    if not folder.is_dir():
        return []
    found: list[str] = []
    _scan(str(folder), found, sidecars if sidecars is not None else set())
    found.sort(key=_part_order)
    return found


def _scan(directory: str, found: list[str], sidecars: set[str]) -> None:
    """Append the report files of ``directory`` and its folders (as ``rglob`` finds them:
    links to files kept, links to folders not entered, unreadable folders skipped), and
    their sidecars' paths to ``sidecars``."""
    folders: list[str] = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if _folded(name[-12:]).endswith(SIDECAR_SUFFIX):  # the tail: Chinese names
                    sidecars.add(_folded(entry.path))
                try:
                    if entry.is_dir():
                        if not entry.is_symlink():
                            folders.append(entry.path)
                        continue
                    if name.startswith(".") or _suffix(name) not in REPORT_SUFFIXES:
                        continue
                    if entry.is_file():
                        found.append(entry.path)
                except OSError:
                    continue
    except PermissionError:
        return
    for sub in folders:
        _scan(sub, found, sidecars)


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()``."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _part_order(name: str) -> str:
    """A string that sorts as ``Path(name)`` does: part by part (the separator below any
    character a name can hold)."""
    return name.replace(os.sep, "\0")


def _sort_key(report: Report) -> tuple[object, ...]:
    """Newest year first, then newest date; then titles in natural order (第 2 期, 第 10 期)."""
    return (*_date_order(report), natural_key(report.title), natural_key(report.key))


def _date_order(report: Report) -> tuple[bool, int, str]:
    """``report.year`` and ``report.date`` (the first edition that has one), in one loop."""
    year: int | None = None
    date: datetime | None = None
    for edition in report.editions:
        meta = edition.meta
        if year is None and meta.year:
            year = meta.year
        if date is None and meta.date:
            date = meta.date
    return (year is None, -(year or 0), _invert(date.isoformat() if date else ""))


def _sorted_reports(reports: list[Report]) -> list[Report]:
    """``reports`` sorted by :func:`_sort_key`, the titles' natural keys worked out only for
    reports that share their year and date with another (~0.1 s at 2,000 reports)."""
    heads = [_date_order(report) for report in reports]
    shared = Counter(heads)
    keyed = [
        (head, natural_key(report.title), natural_key(report.key)) if shared[head] > 1 else (head,)
        for head, report in zip(heads, reports, strict=True)
    ]
    order = sorted(range(len(reports)), key=keyed.__getitem__)
    return [reports[index] for index in order]


#: ``chr(0x10FFFF - ord(c))`` for every ASCII character (dates' ISO forms are ASCII)
_INVERTED = {code: chr(0x10FFFF - code) for code in range(128)}


def _invert(text: str) -> str:
    if text.isascii():
        return text.translate(_INVERTED)
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


TitleConverter = Callable[[str, str], str]


def convert(text: str, config: str) -> str:
    from trendreader.script.convert import convert as opencc_convert  # imported on use

    return opencc_convert(text, config)


def _share_titles(group: list[Edition], convert_title: TitleConverter = convert) -> list[Edition]:
    """An edition without a title line takes its sibling's, converted to its own script."""
    titled = next((e for e in group if e.meta.title), None)
    if titled is None:
        return group
    out = []
    for edition in group:
        meta = edition.meta
        if not meta.title:
            config = "s2twp" if edition.script == "traditional" else "t2s"
            meta = replace(meta, title=convert_title(titled.meta.title, config))
        if meta.year is None and titled.meta.year is not None:
            meta = replace(meta, year=titled.meta.year, date=meta.date or titled.meta.date)
        out.append(replace(edition, meta=meta) if meta is not edition.meta else edition)
    return out


def assemble_library(
    groups: Iterable[Sequence[Edition]],
    problems: Iterable[LoadProblem] = (),
    convert_title: TitleConverter = convert,
) -> Library:
    """Reports from groups of editions, sorted newest first."""
    reports = [
        Report(key=group[0].key, editions=tuple(_share_titles(list(group), convert_title)))
        for group in groups
        if group
    ]
    return Library(reports=_sorted_reports(reports), problems=list(problems))


def with_reports(
    library: Library, reports: Iterable[Report], problems: Iterable[LoadProblem] = ()
) -> Library:
    """``library`` with more ``reports`` (and ``problems``), in the library's order: the
    reports already in it are kept as they are (the same objects)."""
    return Library(
        reports=_sorted_reports([*library.reports, *reports]),
        problems=[*library.problems, *problems],
    )


def build_library(editions: Sequence[Edition], problems: Iterable[LoadProblem] = ()) -> Library:
    from trendreader.library.editions import group_editions

    return assemble_library(group_editions(editions), problems)


def report_key(path: Path) -> str:
    """A report file's key: its name without the suffix, cleaned (names come from outside)."""
    from trendreader.library.sanitize import clean_line

    return clean_line(path.stem)


def _stem(base: str) -> str:
    """``Path(base).stem`` of a file's name."""
    dot = base.rfind(".")
    return base[:dot] if 0 < dot < len(base) - 1 else base


def sidecar_of(name: str) -> str:
    """The path of the sidecar of the report file at ``name`` (a string), as
    ``sidecar.sidecar_path`` gives it."""
    directory, base = os.path.split(name)
    return os.path.join(directory, _stem(base) + SIDECAR_SUFFIX)


def _folded(path: str) -> str:
    """``path`` as :func:`library_names` keeps the sidecars it finds: lower case (and NFC),
    so that a file system that ignores case (or the form of accents) finds no sidecar the
    scan missed; whether the file is there is then asked of the file system."""
    if path.isascii():
        return path.lower()
    import unicodedata

    return unicodedata.normalize("NFC", path).casefold()


def has_sidecar(name: str, sidecars: Container[str]) -> bool:
    """May the report file at ``name`` have a sidecar, by what :func:`library_names` found
    in its folder (``sidecars``)? (If so, :func:`sidecar_warnings` reads it.)"""
    return bool(sidecars) and _folded(sidecar_of(name)) in sidecars


#: what a report file's cached reading is keyed on besides its size: its mtime (ns), or,
#: when it has a sidecar, its mtime with the sidecar's size, mtime and ctime (a sidecar that
#: could not be read is read again once ``chmod`` lets it, which changes only its ctime)
Version = int | tuple[int, int, int, int]


def report_version(
    name: str, stat: os.stat_result, sidecars: Container[str] | None = None
) -> Version:
    """The :data:`Version` of the report file at ``name``, whose ``stat`` is given: a sidecar
    added, edited or removed since gives another (its metadata is part of the reading).

    ``sidecars``: as for :func:`sidecar_warnings` (a report whose sidecar the scan did not
    find is not looked up); without it, one ``stat`` of where the sidecar would be."""
    if sidecars is not None and not sidecars:  # most libraries: no name worked out at all
        return stat.st_mtime_ns
    sidecar = sidecar_of(name)
    if sidecars is not None and _folded(sidecar) not in sidecars:
        return stat.st_mtime_ns
    try:
        info = os.stat(sidecar)
    except OSError:
        return stat.st_mtime_ns
    return (stat.st_mtime_ns, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


#: what every cache check compares a report file by: its size and its :data:`Version`
Stamp = tuple[int, Version]


def report_stamp(name: str, stat: os.stat_result, sidecars: Container[str] | None = None) -> Stamp:
    """The :data:`Stamp` of the report file at ``name`` (``sidecars``: as for
    :func:`report_version`)."""
    return (stat.st_size, report_version(name, stat, sidecars))


def _name_key(name: str) -> str:
    """:func:`report_key` of the path ``name`` (a string): pathlib's stem of its last part."""
    stem = _stem(os.path.basename(name))
    if stem.isprintable():  # clean_line would return it as it is
        return stem
    from trendreader.library.sanitize import clean_line

    return clean_line(stem)


def library_names(
    folders: Sequence[Path],
    *,
    builtin: Sequence[Path] = (),
    hidden: Iterable[str] = (),
    sidecars: set[str] | None = None,
) -> list[tuple[str, str, bool]]:
    """:func:`library_files` with each path as a string (no ``Path`` made); the paths of the
    sidecars in the folders scanned are added to ``sidecars`` (see :func:`sidecar_warnings`)."""
    hidden_keys = set(hidden)
    builtin_dirs = {p.resolve() for p in builtin}
    seen: set[str] = set()
    found: list[tuple[str, str, bool]] = []
    for folder in folders:
        is_builtin = folder.resolve() in builtin_dirs
        for name in report_names(folder, sidecars):
            key = _name_key(name)
            if key not in hidden_keys and key not in seen:
                seen.add(key)
                found.append((name, key, is_builtin))
    return found


def library_files(
    folders: Sequence[Path],
    *,
    builtin: Sequence[Path] = (),
    hidden: Iterable[str] = (),
    sidecars: set[str] | None = None,
) -> Iterator[tuple[Path, str, bool]]:
    """``(path, key, is_builtin)`` of every report file to read; the first file of a key wins.
    ``sidecars``: as for :func:`library_names`."""
    names = library_names(folders, builtin=builtin, hidden=hidden, sidecars=sidecars)
    for name, key, is_builtin in names:
        yield file_path(name), key, is_builtin


def load_library(
    folders: Sequence[Path], *, builtin: Sequence[Path] = (), hidden: Iterable[str] = ()
) -> Library:
    """Read every report file under ``folders``; refused files become ``problems``."""
    from trendreader.library.parse import read_editions

    editions: list[Edition] = []
    problems: list[LoadProblem] = []
    sidecars: set[str] = set()
    jobs = list(library_files(folders, builtin=builtin, hidden=hidden, sidecars=sidecars))
    for (path, _key, _builtin), outcome in zip(jobs, read_editions(jobs), strict=True):
        if isinstance(outcome, Exception):  # refused: one line, with the reason
            problems.append(refused_problem(path, outcome))
            continue
        editions.append(outcome)
        problems.extend(sidecar_warnings(path, sidecars))
    return build_library(editions, problems)


__all__ = ["Library", "LoadProblem", "Metadata", "build_library", "load_library"]
