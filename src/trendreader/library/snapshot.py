"""The library as the cache's listing last gave it, kept whole: ``library-reports.pickle``.

Making the library from the listing reads ``library.pickle`` (the listing, the grouping, the
verdicts and the titles) and groups, titles and sorts the reports: ~0.2 s of a fresh
``search`` at 10,000 reports. What came out — the reports in their order, every edition
without its passages, each edition key's number of passages — is kept here with what it was
made from: each file's path (in the order :func:`~trendreader.library.catalog.library_names`
gives them), size, version (its mtime, and its sidecar's size, mtime and ctime if it has
one: `catalog.report_version`) and whether its folder is built in.

A later listing whose files are exactly those (the same paths in the same order, each with
the same size and version, none hidden, added or removed) is this file read back; any other
reads the listing as before and writes this again. It holds only what the listing gives, and
the listing only what the files give, so it is never more stale than the listing itself. The
sidecars' warnings are kept too, in the interface's language they were written in: a
sidecar's stamp is part of its report's version, so they are the warnings of the
sidecars as they are now (reading each sidecar again took 0.2 s of a `list` of 2,000 reports
that all have one).
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Container
from dataclasses import replace
from pathlib import Path

from trendreader.atomic import write_pickle
from trendreader.i18n import current_locale
from trendreader.library.catalog import LoadProblem, Version, report_stamp
from trendreader.library.model import Report

__all__ = ["FileStamp", "read_snapshot", "snapshot_file", "write_snapshot"]

SNAPSHOT_FILE = "library-reports.pickle"
#: bump when what the file holds changes (the cache's own version is checked too)
SNAPSHOT_VERSION = 2

#: a file the library was made from: its path, size, version (`catalog.report_version`)
#: and whether it is built in
FileStamp = tuple[str, int, Version, bool]


def snapshot_file(cache_path: Path) -> Path:
    """Where the library made from the cache at ``cache_path`` is kept."""
    return cache_path.with_name(SNAPSHOT_FILE)


def _load(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # none yet, or a stale, partial or foreign file: made again
        return None


def read_snapshot(
    cache_path: Path,
    version: int,
    names: list[tuple[str, str, bool]],
    sidecars: Container[str] | None = None,
) -> tuple[list[Report], dict[str, int], list[LoadProblem] | None] | None:
    """The reports, passage counts and sidecar warnings kept beside the cache at
    ``cache_path`` (of cache version ``version``), if they were made from exactly the files
    ``names`` (``library_names``' ``(path, key, is_builtin)``, which found ``sidecars``) as
    they are now; else None. The warnings are None when they were written in another
    language than the interface's now."""
    found = _load(snapshot_file(cache_path))
    if not (
        isinstance(found, tuple) and len(found) == 5 and found[0] == (version, SNAPSHOT_VERSION)
    ):
        return None
    _version, stamps, reports, counts, (locale, warnings) = found
    if not isinstance(stamps, list) or len(stamps) != len(names):
        return None
    stat = os.stat
    for (name, _key, is_builtin), (was, size, version_then, was_builtin) in zip(
        names, stamps, strict=True
    ):
        if name != was or is_builtin != was_builtin:
            return None
        try:
            info = stat(name)
        except OSError:
            return None
        if report_stamp(name, info, sidecars) != (size, version_then):
            return None
    return reports, counts, (warnings if locale == current_locale() else None)


def write_snapshot(
    cache_path: Path,
    version: int,
    stamps: list[FileStamp],
    reports: list[Report],
    counts: dict[str, int],
    warnings: list[LoadProblem],
) -> None:
    """Keep ``reports`` (their editions without passages), ``counts`` and the sidecars'
    ``warnings`` (every file read: nothing refused), made from the files ``stamps``, beside
    the cache at ``cache_path`` (of cache version ``version``). A file that cannot be written
    is no error: the listing is made again next time."""
    light = [
        report
        if not any(edition.passages for edition in report.editions)
        else Report(report.key, tuple(replace(e, passages=()) for e in report.editions))
        for report in reports
    ]
    kept = ((version, SNAPSHOT_VERSION), stamps, light, counts, (current_locale(), warnings))
    with contextlib.suppress(OSError):
        write_pickle(snapshot_file(cache_path), kept, durable=False)
