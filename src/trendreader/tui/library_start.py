"""Start-up on a large library: the first page from what is cheap, the whole library after
it.

``trendreader open`` hands the reader either the cache's listing — every report without its
passages, read in ~0.1 s at 2,000 reports where the whole library takes ~1 s — and a way to
read the whole library; or, when the cache does not describe the files (a first start, many
new files), the files read so far and the rest to read (a `LibraryRest`: the report opened
was parsed before the first paint). The report opened is made whole at once. Once the first
page is on the screen a worker reads the rest: the listing's whole library, or the rest's
files (parsed in worker processes), whose new reports come in :class:`LibraryBatch` messages
(at most every ~0.4 s, less often when filling the sidebar takes long) and are added to the
sidebar without anything on the screen moving (the page, its cursor, the sidebar's cursor
row); at the end the whole library takes the
partial one's place (same reports, same keys, same texts) and the cache is written.

Until then, what needs every report's passages waits for it: the index starts when it is in
(:meth:`LibraryCompletion.when_whole`); ``/`` and ``B`` show a one-line status ("Reading the
library… 320 / 2,005", `tui.screens.library_wait`) and open when it is in
(:meth:`LibraryCompletion.then`); nothing parses in the reader's thread. Another report
opened from the sidebar is read whole from its shard (a few ms).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from trendreader.library.catalog import Library, with_reports
from trendreader.tui.load_notices import tell_load_problems

if TYPE_CHECKING:
    from trendreader.library.model import Edition, Report
    from trendreader.library.start import Batch, LibraryRest
    from trendreader.tui.host import ReaderHost

#: A batch is applied at most this often…
BATCH_SECONDS = 0.4
#: …and the next one waits at least this many times as long as the last took to apply:
#: the reader's thread spends at most ~1/5 of its time filling the sidebar.
BATCH_COST_FACTOR = 4.0


class LibraryBatch(Message):
    """More reports of the library have been read (posted by the completion's worker)."""

    def __init__(self, batch: Batch) -> None:
        super().__init__()
        self.batch = batch


class LibraryWhole(Message):
    """The whole library has been read (posted by the completion's worker)."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


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
    """Brings the whole library in place of the partial one the reader started with."""

    def __init__(
        self,
        app: ReaderHost,
        load_whole: Callable[[], Library] | None,
        whole_edition: Callable[[Edition], Edition] | None,
        rest: LibraryRest | None = None,
    ) -> None:
        """``load_whole``: reads the whole library (the reader started with the cache's
        listing); ``rest``: the files left to read (it started with those read so far)."""
        self.app = app
        self._rest = rest
        listing = rest is None and is_partial(app.library) and load_whole is not None
        self._load = load_whole if listing else None
        self._reading = rest is not None or listing
        self._whole_edition = whole_edition
        self._started_with: Library | None = app.library if self._reading else None
        self._waiting: list[Callable[[], None]] = []
        self._watchers: list[Callable[[], None]] = []
        self.done = rest.done if rest is not None else 0
        """Report files read so far (of :attr:`total`; both 0 for a listing)."""
        self.total = rest.total if rest is not None else 0
        self._batch_cost = 0.0  # seconds the last batch took to apply

    @property
    def partial(self) -> bool:
        """The library is not whole yet (some reports have no passages or are not read)."""
        return self._reading and self.app.library is self._started_with

    def report_ready(self, key: str) -> None:
        """Make the report that holds edition ``key`` whole before it is opened."""
        if not self.partial:
            return
        found = self.app.library.find(key)
        if found is None or all(e.passages for e in found[0].editions):
            return
        if self._whole_edition is None:
            return  # opened as it is; whole once the library is
        library = with_whole_report(self.app.library, found[0], self._whole_edition)
        self._started_with = library
        self.app.library = library

    def start(self) -> None:
        """Read the whole library in a worker (call once the first page is painted)."""
        if not self.partial:
            return
        app = self.app
        load, rest = self._load, self._rest

        def work() -> None:
            worker = get_current_worker()
            if rest is not None:
                library = rest.read(
                    lambda batch: app.post_message(LibraryBatch(batch)),
                    cancelled=lambda: worker.is_cancelled,
                    every=self.batch_every,
                )
            elif load is not None:
                library = load()
            else:
                return
            if library is not None and not worker.is_cancelled:
                # a message, not call_from_thread: a reader that is closing would never answer
                app.post_message(LibraryWhole(library))

        app.run_worker(work, thread=True, exclusive=True, group="library-complete")

    def batch_every(self) -> float:
        """Seconds between two batches: :data:`BATCH_SECONDS`, or more when the last one
        took long to apply (filling the sidebar with 2,000 reports)."""
        return max(BATCH_SECONDS, BATCH_COST_FACTOR * self._batch_cost)

    def grow(self, batch: Batch) -> None:
        """Add a batch's reports to the partial library; the sidebar shows them, the open
        report, its page and cursor stay as they are."""
        if not self.partial:
            return  # whole already, or a reload put a whole library in
        started = time.perf_counter()
        app = self.app
        library = with_reports(app.library, batch.reports, batch.problems)
        self._started_with = library
        app.library = library
        self._keep_session(library)
        self._fill_sidebar_in_place()
        self.done, self.total = batch.done, batch.total
        self._tell_watchers()
        tell_load_problems(app.load_notices, app.notify, batch.problems)
        self._batch_cost = time.perf_counter() - started

    def when_whole(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` now if the library is whole, else as soon as it is."""
        if self.partial:
            self._waiting.append(callback)
        else:
            callback()

    def then(self, action: Callable[[], None], title: str) -> None:
        """Run ``action`` (open a screen that needs every report: search, bookmarks) now if
        the library is whole; else show a one-line status titled ``title`` while it is read,
        and run ``action`` once it is (unless the status was closed first)."""
        if not self.partial:
            action()
            return
        from trendreader.tui.screens.library_wait import LibraryWaitScreen

        def closed(whole: bool | None) -> None:
            if whole:
                action()

        self.app.push_screen(LibraryWaitScreen(self, title), closed)

    def watch(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` after each batch and once whole; returns how to stop."""
        self._watchers.append(callback)
        return lambda: self._watchers.remove(callback) if callback in self._watchers else None

    def _tell_watchers(self) -> None:
        for callback in list(self._watchers):
            callback()

    def _fill_sidebar_in_place(self) -> None:
        """Fill the sidebar again with the cursor's row where it is on the screen: the tree
        would scroll just enough to show it, and with reports added above it each batch
        would move the rows under the reader's eyes."""
        app = self.app
        sidebar = app.sidebar
        if not sidebar.is_mounted or sidebar.cursor_node is None:
            app.fill_sidebar()
            return
        entry, row = sidebar.cursor_node.data, sidebar.cursor_line - round(sidebar.scroll_y)
        app.fill_sidebar()  # the cursor goes back to its entry after the next refresh

        def back_in_place() -> None:
            node = sidebar.cursor_node
            if node is not None and node.data == entry:
                sidebar.scroll_to(y=max(0, sidebar.cursor_line - row), animate=False)

        sidebar.call_after_refresh(back_in_place)

    def _keep_session(self, library: Library) -> None:
        session = self.app.session
        if session.edition is not None:
            found = library.find(session.edition.key)
            if found is not None:  # the same edition (whole): the page does not change,
                session.report, session.edition = found
                self.app.page.show_header()  # the header may (its report's other edition)

    def complete(self, library: Library) -> None:
        """Put the whole library in place of the partial one (nothing on screen moves)."""
        if not self._reading:
            return  # done already
        app = self.app
        if app.library is self._started_with:  # else a reload put a whole library in
            app.library = library
            self._keep_session(library)
            self._fill_sidebar_in_place()
            # the library's ~10 objects a passage live as long as it does: out of the
            # collector's way (at 10,000 reports a full collection over them took ~0.3 s,
            # at a first search); a library dropped later is freed by its reference counts
            gc.freeze()
        self._reading = False
        tell_load_problems(app.load_notices, app.notify, app.library.problems, whole=True)
        # the partial library is not kept (a listing at 10,000 reports: ~9 MB of editions
        # without passages, Paths and metadata, besides the whole library's own)
        self._load = self._rest = self._started_with = None
        self.done = self.total
        self._tell_watchers()
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()
