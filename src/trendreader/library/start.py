"""The reader's start on a library the cache does not describe: the first page at once, the
rest read after it.

When the cache's listing is not current (a first start on a library, many new files),
loading the library would parse every file before anything is on the screen (~1.2 MB/s:
seconds at 2,000 reports). :func:`load_start_library` instead gives the reader what is
cheap — the editions the cache holds as the files are now (without their passages, as the
listing has them), the report to open parsed (the ``open KEY`` one, or where the reader left
off; else the first file), and new files within :data:`START_BYTES` if any — and a
:class:`LibraryRest`: the files left, which :meth:`LibraryRest.read` parses in the
background (`library.background`), handing over the new reports in :class:`Batch` objects,
and which ends with the whole library, grouped, and the cache written
(`store.load_cached_library` with what was parsed), so the next start is warm.

Until the end, reports are grouped as the cache last grouped them, a new file on its own:
the grouping of the whole library may join a new edition to another report's.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trendreader.i18n import _
from trendreader.library import store as cache
from trendreader.library.catalog import (
    Library,
    LoadProblem,
    Stamp,
    assemble_library,
    library_files,
    refused_problem,
    report_stamp,
    sidecar_warnings,
)
from trendreader.library.model import Edition, Report
from trendreader.library.store import Parsed
from trendreader.paths import AppPaths

__all__ = ["BATCH_SECONDS", "START_BYTES", "Batch", "LibraryRest", "load_start_library"]

#: New files parsed before the first paint besides the report to open. None by default:
#: measured at 2,000 reports, 100 KB more (4 reports in the sidebar for the first ~0.4 s)
#: cost ~50 ms of the first paint, and markdown-it's start (~45 ms) if one is Markdown.
START_BYTES = 0
#: The least time between two batches handed to the reader.
BATCH_SECONDS = 0.4

ParseJob = tuple[Path, str, bool]


@dataclass(frozen=True, slots=True)
class Batch:
    """Reports read since the last batch (each new file a report of its own, for now), the
    files refused among them, and how far the reading is (``done`` of ``total`` files)."""

    reports: list[Report]
    problems: list[LoadProblem]
    done: int
    total: int


@dataclass
class LibraryRest:
    """The files a start left unread, and how to read them (:meth:`read`)."""

    paths: AppPaths
    folders: Sequence[Path]
    builtin: Sequence[Path]
    hidden: Sequence[str]
    pending: list[ParseJob]
    """The files to parse, in the library's order."""
    total: int
    """Report files in the library."""
    parsed: dict[str, Parsed] = field(default_factory=dict)
    """What the start parsed (path → size, mtime, outcome, sample): not parsed again."""
    workers: int | None = None
    """Worker processes (None: `background.worker_count`; 0: parse in the calling thread)."""

    def prepare(self) -> None:
        """Call before the reader's app runs: what the worker processes need is started
        while it still can be (`background.prepare_processes`), if there is much to parse."""
        from trendreader.library.background import PROCESS_MIN_BYTES, prepare_processes

        total = 0
        for path, _key, _builtin in self.pending:
            with contextlib.suppress(OSError):
                total += path.stat().st_size
            if total >= PROCESS_MIN_BYTES:
                prepare_processes()
                return

    @property
    def done(self) -> int:
        """Files read when the reader started."""
        return self.total - len(self.pending)

    def read(
        self,
        on_batch: Callable[[Batch], None],
        *,
        cancelled: Callable[[], bool] = lambda: False,
        every: Callable[[], float] = lambda: BATCH_SECONDS,
    ) -> Library | None:
        """Parse the pending files, handing ``on_batch`` the reports read since the last
        batch at most every ``every()`` seconds (and the last ones at the end), then load the
        whole library with them (grouped; the cache written). None if ``cancelled``."""
        from trendreader.library.background import parse_files

        parsed = dict(self.parsed)
        fresh: list[Report] = []
        problems: list[LoadProblem] = []
        done = self.done
        sent = time.perf_counter()

        def send() -> None:
            nonlocal fresh, problems, sent
            on_batch(Batch(fresh, problems, done, self.total))
            fresh, problems, sent = [], [], time.perf_counter()

        def arrived(results: list[tuple[str, Parsed]]) -> None:
            nonlocal done
            for name, outcome in results:
                parsed[name] = outcome
                done += 1
                edition = outcome[2]
                if isinstance(edition, Edition):
                    fresh.append(Report(key=edition.key, editions=(edition,)))
                    problems.extend(sidecar_warnings(edition.path))
                else:
                    problems.append(refused_problem(Path(name), edition, _one_line(edition)))
            if time.perf_counter() - sent >= every():
                send()

        if not parse_files(self.pending, arrived, cancelled=cancelled, workers=self.workers):
            return None
        if fresh or problems:
            send()
        if cancelled():
            return None
        return cache.load_cached_library(
            self.paths, self.folders, builtin=self.builtin, hidden=self.hidden, parsed=parsed
        )


def _one_line(error: Exception) -> str:
    if isinstance(error, OSError):
        return _("{name}: cannot read ({reason})").format(
            name=Path(error.filename or "").name, reason=error.strerror or error
        )
    return str(error)


def load_start_library(
    paths: AppPaths,
    folders: Sequence[Path],
    *,
    builtin: Sequence[Path] = (),
    hidden: Sequence[str] = (),
    open_key: str | None = None,
    resume: Callable[[], Sequence[str]] = tuple,
    budget: int = START_BYTES,
) -> tuple[Library, dict[str, int], LibraryRest] | None:
    """What the reader starts from when the cache's listing is not current: the library of
    the files read so far (those the cache holds as they are, without passages; the report
    to open and new files within ``budget`` bytes, parsed), each edition key's number of
    passages, and the files left to read.

    ``open_key``: the key asked for (an edition key or the unique prefix of one); None if
    no file has that key or prefix or more than one file does (then load the whole library:
    its one line of error names the candidates). Without it, ``resume()`` gives the keys of
    where the reader left off (its report and edition), parsed if they are files."""
    data = cache._read_data(cache._cache_file(paths))
    listing = data.listing if data is not None else {}
    sidecars: set[str] = set()
    files = list(library_files(folders, builtin=builtin, hidden=hidden, sidecars=sidecars))
    wanted = _wanted_keys([key for _path, key, _builtin in files], open_key, resume)
    if wanted is None:
        return None
    editions: list[Edition] = []
    counts: dict[str, int] = {}
    problems: list[LoadProblem] = []
    new: list[tuple[ParseJob, Stamp]] = []
    for path, key, is_builtin in files:
        stat = cache.stat_or_problem(path, problems)
        if stat is None:
            continue
        stamp = report_stamp(str(path), stat, sidecars)
        entry = listing.get(str(path))
        if entry is not None and entry[:2] == stamp:
            editions.append(entry[2])
            counts[entry[2].key] = entry[3]
            problems.extend(sidecar_warnings(path, sidecars))
        else:
            new.append(((path, key, is_builtin), stamp))
    now: list[tuple[ParseJob, Stamp]] = []
    pending: list[ParseJob] = []
    room = budget
    first = not wanted and not editions  # then one file at least: a page to show
    for job, stamp in new:
        if job[1] in wanted or first:
            now.append((job, stamp))
            first = False
        elif stamp[0] <= room:
            room -= stamp[0]
            now.append((job, stamp))
        else:
            room = 0  # in the library's order: the first files that fit, no gaps
            pending.append(job)
    parsed: dict[str, Parsed] = {}
    if now:
        from trendreader.library.parse import read_editions

        outcomes = read_editions([job for job, _stamp in now], workers=1)
        for (job, stamp), outcome in zip(now, outcomes, strict=True):
            parsed[str(job[0])] = (*stamp, outcome, None)
            if isinstance(outcome, Exception):
                problems.append(refused_problem(job[0], outcome))
                continue
            editions.append(outcome)
            counts[outcome.key] = len(outcome.passages)
            problems.extend(sidecar_warnings(job[0], sidecars))
    library = assemble_library(_known_groups(editions, data), problems, _title_converter(data))
    rest = LibraryRest(paths, list(folders), list(builtin), list(hidden), pending, len(files))
    rest.parsed = parsed
    return library, counts, rest


def _wanted_keys(
    keys: list[str], open_key: str | None, resume: Callable[[], Sequence[str]]
) -> set[str] | None:
    """The file keys to parse before the first paint (None: ``open_key`` names no one file)."""
    if open_key is None:
        known = set(keys)
        return {key for key in resume() if key in known}
    if open_key in keys:
        return {open_key}
    matches = [key for key in keys if key.startswith(open_key)] if open_key else []
    return set(matches) if len(matches) == 1 else None


def _known_groups(editions: list[Edition], data: cache._CacheData | None) -> list[list[Edition]]:
    """``editions`` grouped as the cache last grouped their keys; the others alone."""
    by_key = {edition.key: edition for edition in editions}
    groups: list[list[Edition]] = []
    placed: set[str] = set()
    known = next(iter(data.groups.values()), []) if data is not None and data.groups else []
    for group in known:
        present = [by_key[key] for key in group if key in by_key and key not in placed]
        if present:
            groups.append(present)
            placed.update(e.key for e in present)
    groups.extend([edition] for edition in editions if edition.key not in placed)
    return groups


def _title_converter(data: cache._CacheData | None) -> Callable[[str, str], str]:
    return cache.title_converter(data.titles if data is not None else {})
