"""Start-up on a large library: the first page from the cache's listing, the whole library
after it.

``trendreader open`` hands the reader the cache's listing — every report without its
passages, read in ~0.1 s at 2,000 reports where the whole library takes ~1 s — and a way to
read one edition whole (its shard) and the whole library. The report opened is made whole
at once; the whole library is read in a worker once the first page is on the screen and
takes the listing's place without anything on the screen moving (same reports, same keys,
same texts). Until then, what needs every report's passages waits for it: the index starts
when it is in; a search asked for earlier reads it first (``now``); another report opened
from the sidebar is read whole from its shard (a few ms).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from trendreader.library.catalog import Library

if TYPE_CHECKING:
    from trendreader.library.model import Edition, Report
    from trendreader.tui.host import ReaderHost


def is_partial(library: Library) -> bool:
    """True when some edition of ``library`` came without its passages (a listing)."""
    return any(not edition.passages for edition in library.editions())


def with_whole_report(
    library: Library, report: Report, whole: Callable[[Edition], Edition]
) -> Library:
    """``library`` with ``report``'s editions whole (each read by ``whole``)."""
    editions = tuple(e if e.passages else whole(e) for e in report.editions)
    if all(a is b for a, b in zip(editions, report.editions, strict=True)):
        return library
    made = replace(report, editions=editions)
    reports = [made if r is report else r for r in library.reports]
    return Library(reports, list(library.problems))


class LibraryCompletion:
    """Brings the whole library in place of the listing the reader started with."""

    def __init__(
        self,
        app: ReaderHost,
        load_whole: Callable[[], Library] | None,
        whole_edition: Callable[[Edition], Edition] | None,
    ) -> None:
        self.app = app
        partial = is_partial(app.library) and load_whole is not None
        self._load = load_whole if partial else None
        self._whole_edition = whole_edition
        self._started_with: Library | None = app.library if partial else None
        self._waiting: list[Callable[[], None]] = []

    @property
    def partial(self) -> bool:
        """The library is still the listing (some reports have no passages yet)."""
        return self._load is not None and self.app.library is self._started_with

    def report_ready(self, key: str) -> None:
        """Make the report that holds edition ``key`` whole before it is opened."""
        if not self.partial:
            return
        found = self.app.library.find(key)
        if found is None or all(e.passages for e in found[0].editions):
            return
        if self._whole_edition is None:
            self.now()
            return
        library = with_whole_report(self.app.library, found[0], self._whole_edition)
        self._started_with = library
        self.app.library = library

    def start(self) -> None:
        """Read the whole library in a worker (call once the first page is painted)."""
        load = self._load
        if load is None or not self.partial:
            return

        def work() -> None:
            library = load()
            self.app.call_from_thread(self._complete, library)

        self.app.run_worker(work, thread=True, exclusive=True, group="library-complete")

    def now(self) -> None:
        """Read the whole library here (something needs every passage before the worker
        is done: a search)."""
        if self._load is not None and self.partial:
            self._complete(self._load())

    def when_whole(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` now if the library is whole, else as soon as it is."""
        if self.partial:
            self._waiting.append(callback)
        else:
            callback()

    def _complete(self, library: Library) -> None:
        if self._load is None:
            return  # done already (``now`` came first)
        app = self.app
        if app.library is self._started_with:  # else a reload put a whole library in
            app.library = library
            session = app.session
            if session.edition is not None:
                found = library.find(session.edition.key)
                if found is not None:  # the same edition, whole: nothing on screen changes
                    session.report, session.edition = found
            app.fill_sidebar()
            # the library's ~10 objects a passage live as long as it does: out of the
            # collector's way (at 10,000 reports a full collection over them took ~0.3 s,
            # at a first search); a library dropped later is freed by its reference counts
            gc.freeze()
        self._load = None
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()
