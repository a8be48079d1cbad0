"""Where the reader is, saved for the next start: off the UI thread, in a Textual worker
(exclusive: a newer position replaces one not yet written), never waiting for another
process's lock (a locked store is written at the next move). The state has its own store in
the state folder (:mod:`trendreader.bookmarks.state_store`), opened by `PositionSaver`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trendreader.bookmarks import BookmarkError
from trendreader.bookmarks.errors import BookmarkBusyError
from trendreader.bookmarks.reading_state import ReadingState, save_position
from trendreader.i18n import _

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from trendreader.bookmarks.state_store import StateStore
    from trendreader.library.catalog import Library
    from trendreader.reading import ReadingSession
    from trendreader.tui.host import ReaderHost


def position(session: ReadingSession, scroll_offset: float) -> ReadingState | None:
    """The session's place as a `ReadingState` (None: nothing open)."""
    if session.report is None or session.edition is None:
        return None
    passages = session.edition.passages
    cursor = min(session.cursor, max(len(passages) - 1, 0))
    return ReadingState(
        report_key=session.report.key,
        edition_key=session.edition.key,
        ordinal=cursor,
        anchor=passages[cursor].anchor if passages else "",
        scroll_offset=scroll_offset,
        variant=session.variant.value,
    )


def write(store: StateStore, state: ReadingState) -> str | None:
    """Store ``state`` and the last report in one transaction; an error to show, or None.

    Runs on a worker thread and never waits for another process's lock."""
    from trendreader.bookmarks.state_store import StateStoreClosed

    try:
        save_position(store, state)
    except StateStoreClosed:
        return None  # the reader is quitting: its last position was written before
    except BookmarkBusyError:
        return None  # locked by another process: saved at the next move (never waited for)
    except BookmarkError as error:
        return str(error)
    return None


def save_reader_position(app: ReaderHost, *, wait: bool = False) -> None:
    """Save where ``app``'s reader is: in a worker, or (``wait``, when quitting) now, before
    the store closes. Nothing without a store or an open report."""
    store = app.position.store
    if store is None or not app.session.is_open:
        return
    app.sync_cursor()
    state = position(app.session, float(app.reader.scroll_y))
    if state is None:
        return
    if wait:
        problem = write(store, state)
        if problem:
            app.notify(problem, severity="error")
        return
    save_in_worker(app, store, state)


class PositionSaver:
    """Saves where the app's reader is: soon after it stops moving, or now."""

    def __init__(self, app: ReaderHost) -> None:
        self.app = app
        self._timer: Timer | None = None
        self.store: StateStore | None = None
        """The reading state's store (None until opened, or when it cannot be)."""

    def open(self) -> None:
        """Open the reading state's store (moving the rows ``bookmarks.db`` kept, the first
        time: one line says so); a store that cannot be opened is one error line, and the
        reader goes on without saving where it is."""
        from trendreader.bookmarks.state_store import moved_line, open_state_store

        paths = self.app.paths
        try:
            self.store = open_state_store(paths.state_dir, paths.bookmarks_db)
        except BookmarkError as error:
            self.app.notify(str(error), title=_("Reading state"), severity="error", timeout=10)
            return
        if self.store.moved:
            self.app.notify(moved_line(self.store), title=_("Reading state"), markup=False)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def soon(self, delay: float) -> None:
        """Once the reader has been still for ``delay`` seconds (each call waits again)."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(delay, self.now)

    def now(self, *, wait: bool = False) -> None:
        save_reader_position(self.app, wait=wait)


def save_in_worker(app: ReaderHost, store: StateStore, state: ReadingState) -> None:
    def run() -> None:
        problem = write(store, state)
        if problem:
            app.call_from_thread(app.notify, problem, severity="error")

    app.run_worker(run, thread=True, exclusive=True, group="reading-state", name="save-state")


def resume_point(
    app: App[object], store: StateStore | None, library: Library, key: str | None
) -> tuple[str | None, int]:
    """The edition and passage to open: ``key`` when asked for, else where the reader left
    (the first report when there is no state); a wrong-typed field is one line."""
    from trendreader.bookmarks.reading_state import load_last_report, load_reading_state

    if key is None and store is not None:
        last = load_last_report(store)
        key = last if last and library.find(last) else None
    if key is None:
        return (library.reports[0].key if library.reports else None), 0
    state = load_reading_state(store, key) if store is not None else None
    if state is None:
        return key, 0
    for problem in state.problems:
        app.notify(problem, title=_("Reading state"), severity="warning", timeout=10)
    found = library.find(state.edition_key or key)
    if found is None:
        return key, 0
    edition = found[1]
    ordinal = next((p.ordinal for p in edition.passages if p.anchor == state.anchor), state.ordinal)
    return edition.key, ordinal
