"""The Textual app: a composition of the main screen, bindings and message routing.

What is shown is decided by a `ReadingSession` (trendreader.reading); every other job has its
own small module in tui/ (the table in docs/architecture.md says which). App state lives in
reactives (``variant``, ``edition_key``, ``index_state``, ``trend_rows``) whose watchers
refresh what depends on them; helpers see the app as a `tui.host.ReaderHost`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Container, Horizontal
from textual.events import Event, Key, Resize
from textual.reactive import reactive, var
from textual.screen import Screen

from trendreader.i18n import _
from trendreader.library.catalog import Library
from trendreader.paths import AppPaths
from trendreader.reading import ReadingSession
from trendreader.resources import seeds_dir, styles_dir
from trendreader.script.variants import Variant
from trendreader.tui import (
    bindings,
    bookmark_actions,
    library_reload,
    reading_state,
    search_actions,
    settings_io,
)
from trendreader.tui import messages as m
from trendreader.tui.bookmark_keeper import BookmarkKeeper
from trendreader.tui.chrome import Chrome
from trendreader.tui.index_controller import IndexController, IndexState
from trendreader.tui.index_view import show_index_state
from trendreader.tui.key_quiet import KeyQuiet
from trendreader.tui.library_start import LibraryBatch, LibraryCompletion, LibraryWhole
from trendreader.tui.library_watch import LibraryWatcher
from trendreader.tui.load_notices import LoadNotices, tell_load_problems
from trendreader.tui.page import Page
from trendreader.tui.plain_notify import PlainNotifyApp
from trendreader.tui.rest_collector import TICK as REST_COLLECTOR_TICK
from trendreader.tui.rest_collector import RestCollector
from trendreader.tui.settings_io import notify_state_problems, remember_variant
from trendreader.tui.trends_controller import TrendRow, TrendsController
from trendreader.tui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from textual.driver import Driver

    from trendreader.library.model import Edition
    from trendreader.library.start import LibraryRest
    from trendreader.tui.search_highlights import ReaderHits
    from trendreader.tui.widgets.sidebar import LibrarySidebar


class TrendReaderApp(PlainNotifyApp[int]):
    """Read the library: pick a report in the sidebar, read it, switch its script."""

    TITLE = "trendreader"
    NARROW_WIDTH = 100  # below this many columns the sidebar is narrower
    INDEX_DELAY = 0.5  # seconds after mount before the search index is opened
    STATE_SAVE_DELAY = 0.4  # seconds of stillness before the reading position is saved
    SAVE_CONVERSION_DELAY = 1.0  # seconds after a converted report is shown before it is saved
    CONVERT_IN_THREAD_CHARS = 200_000  # longer reports are converted in a worker thread
    PREWARM_DELAY: float | None = 1.0
    """Seconds after the index is ready before the kept screens are made ready at idle
    (`tui.prewarm`; None: never)."""
    TRENDS_PREPARE_QUIET = 1.0
    """Seconds without a key before the first trend's mentions and year table are made in
    the script shown (one uninterrupted search and segmentation: ~0.1–1 s at 2,000 reports)."""
    CSS_PATH = [styles_dir() / "app.tcss"]
    COMMANDS = App.COMMANDS | {
        bindings.report_commands,
        bindings.script_commands,
        bindings.navigation_commands,
    }
    BINDINGS = bindings.APP_BINDINGS

    # ``var``: a change runs its watcher, which redraws what shows it; a plain ``reactive``
    # on the App would repaint the whole screen on every change (~25 ms at 120x40).
    title: reactive[str] = var("")
    sub_title: reactive[str] = var("")
    """The header's line (report · script · edition): the Header watches it and redraws
    itself; as App's own ``Reactive`` it repainted the whole screen on every change."""
    variant: reactive[Variant] = var(Variant.ORIGINAL, init=False)
    """The script everything is shown in."""
    edition_key: reactive[str | None] = var(None, init=False)
    """The edition on screen (an edition key, not a report key)."""
    index_state: reactive[IndexState] = var(IndexState(), init=False)
    trend_rows: reactive[tuple[TrendRow, ...]] = var((), init=False)
    chrome_mounted: reactive[bool] = var(False, init=False)

    def __init__(
        self,
        *,
        paths: AppPaths,
        library: Library,
        variant: Variant = Variant.ORIGINAL,
        open_key: str | None = None,
        reload_library: Callable[[], Library] | None = None,
        watch: Sequence[Path] = (),
        ui: str | None = None,
        theme: str | None = None,
        whole_library: Callable[[], Library] | None = None,
        whole_edition: Callable[[Edition], Edition] | None = None,
        library_rest: LibraryRest | None = None,
    ) -> None:
        """``ui``: ``zh`` or ``en`` (``--ui``; else the ``ui`` setting, ``$TRENDREADER_UI``,
        the locale); ``theme``: a Textual theme name (``--theme``; else ``$TEXTUAL_THEME``,
        then the saved setting). ``library`` may be the cache's listing (editions without
        passages): ``whole_library`` then reads the whole library after the first paint and
        ``whole_edition`` one edition meanwhile; or the files read so far: ``library_rest``
        then reads the others after the first paint (see `LibraryCompletion`)."""
        super().__init__()
        self.paths = paths
        self.language = settings_io.language(paths, ui)
        settings_io.restore_theme(self, theme)
        self.library = library
        self.completion = LibraryCompletion(self, whole_library, whole_edition, library_rest)
        self.set_reactive(TrendReaderApp.variant, variant)
        self.session = ReadingSession(variant=variant)
        self._open_key = open_key
        self._load_library = reload_library
        self.bookmarks = BookmarkKeeper(self, paths, self.refresh_marks)
        self.keys_quiet = KeyQuiet()  # the reader's last key: background work gives way
        self.rest_collector = RestCollector(self.keys_quiet)  # the cycle collector at rest
        self.index = IndexController(self, paths.index_dir, keys=self.keys_quiet)
        self.trends = TrendsController(paths, list(watch) or [seeds_dir(), paths.user_library])
        self.watcher = LibraryWatcher(self, watch if reload_library is not None else ())
        self.load_notices = LoadNotices()  # files refused, sidecar values not used: told once
        self.page = Page(self, paths.cache_dir / "conversions")
        self.chrome = Chrome(self.NARROW_WIDTH)
        self.position = reading_state.PositionSaver(self)

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice (``TEXTUAL_DRIVER``, the platform's), but on Linux and macOS its
        driver with a lone ESC taken as ``escape`` sooner (`tui.escape_key`)."""
        chosen = super().get_driver_class()
        linux = sys.modules.get("textual.drivers.linux_driver")  # imported if it was chosen
        if linux is None or chosen is not linux.LinuxDriver:
            return chosen
        try:  # it reads Textual's private parser and input loop (checked against 8.2.8)
            from trendreader.tui.escape_key import ReaderDriver
        except ImportError:
            return chosen
        return ReaderDriver

    # ------------------------------------------------------- state, for callers
    report = property(lambda self: self.session.report)
    edition = property(lambda self: self.session.edition)
    store = property(lambda self: self.bookmarks.store)
    store_error = property(lambda self: self.bookmarks.error)
    pending = property(lambda self: self.bookmarks.pending)
    trend_store = property(lambda self: self.trends.store)
    index_ready = property(lambda self: self.index_state.ready)

    @property
    def hits(self) -> ReaderHits | None:
        return search_actions.lit_hits(self)

    @property
    def reader(self) -> ReadingPane:
        return self._reader

    @property
    def sidebar(self) -> LibrarySidebar:
        return self.chrome.sidebar

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        # The first frame is the page; header, tree and footer go into these slots right
        # after it (same geometry: nothing moves, and they do not delay the first paint).
        yield Container(id="header-slot")
        with Horizontal(id="main"):
            narrow = "-narrow" if self.size.width < self.NARROW_WIDTH else ""
            yield Container(id="sidebar-slot", classes=narrow)
            yield ReadingPane(id="reader")
        yield Container(id="footer-slot")

    def on_mount(self) -> None:
        self._reader = self.query_one(ReadingPane)
        settings_io.use_catalog(self.language, self.session)
        self.bookmarks.open()
        self.position.open()
        key, cursor = reading_state.resume_point(
            self, self.position.store, self.library, self._open_key
        )
        if key:
            self.open_report(key, cursor=cursor)
        self.reader.focus()
        self.call_after_refresh(self.mount_chrome)  # unless the page's frame came first
        self.set_timer(self.INDEX_DELAY, self._start_indexing)  # whoosh after first paint
        if self.PREWARM_DELAY is not None:
            self.set_timer(self.PREWARM_DELAY, self._warm_conversions)
        self.watcher.start()
        self.set_interval(REST_COLLECTOR_TICK, self.rest_collector.tick)
        self.bookmarks.announce()
        self.call_after_refresh(notify_state_problems, self)
        self.call_after_refresh(
            tell_load_problems, self.load_notices, self.notify, self.library.problems
        )

    async def on_reading_pane_text_painted(self, message: ReadingPane.TextPainted) -> None:
        await self.mount_chrome()

    async def mount_chrome(self) -> None:
        """Header, sidebar tree and footer, into the slots the first frame painted empty."""
        if self.chrome_mounted:
            return
        self.chrome_mounted = True
        await self.chrome.mount(self.screen_stack[0], self.fill_sidebar)
        self.completion.start()  # a listing: the whole library, now that the page is painted

    def fill_sidebar(self) -> None:
        """(Re)fill the sidebar's tree and select the open report (once it is mounted)."""
        self.chrome.fill_sidebar(self.library, self.variant, self.trend_rows, self.edition_key)

    def on_resize(self, event: Resize) -> None:
        if self.screen_stack:
            self.chrome.resized(self.screen_stack[0], event.size.width)

    # ---------------------------------------------------------------- reading
    def open_report(self, key: str, *, cursor: int = 0, exact: bool = False) -> None:
        """Show edition ``key``'s report in the edition that suits the variant (with
        ``exact``: that edition, as a bookmark or a search hit points into one)."""
        self.completion.report_ready(key)
        if not self.session.open(self.library, key, cursor=cursor, exact=exact):
            self.notify(_("No report {key!r}").format(key=key), severity="error")
            return
        self._edition_changed()
        self.refresh_page(keep_row=False)
        self.call_after_refresh(self.position.now)  # the page first

    def _edition_changed(self) -> None:
        session = self.session
        session.set_marks(self.bookmarks.marks(session.edition) if session.edition else ())
        self.edition_key = session.edition_key
        self.speak()

    def speak(self, *, refill: bool = True) -> None:
        """Use the interface catalog of the reading script (原文: the open report's own) and
        redraw what shows interface text when it changed (``refill``: the sidebar too)."""
        if settings_io.use_catalog(self.language, self.session) and self.chrome_mounted:
            self.chrome.relabel(self.screen_stack[0])
            if refill:
                self.fill_sidebar()

    def watch_edition_key(self, key: str | None) -> None:
        self.chrome.select_report(key)

    def refresh_page(self, *, keep_row: bool) -> None:
        """Show the session's edition again (``keep_row``: the cursor stays on its row)."""
        self.page.refresh(keep_row=keep_row)

    def sync_cursor(self) -> None:
        self.session.move_cursor(self.reader.cursor)

    def on_library_sidebar_report_chosen(self, message: LibrarySidebar.ReportChosen) -> None:
        self.open_report(message.key)
        self.reader.focus()

    def on_open_report(self, message: m.OpenReport) -> None:
        self.open_report(message.key)

    def on_set_variant(self, message: m.SetVariant) -> None:
        self.set_variant(message.variant)

    def set_variant(self, variant: Variant) -> None:
        """Switch the script of everything on screen, keeping the cursor passage in place."""
        self.variant = variant

    def watch_variant(self, variant: Variant) -> None:
        if self.session.is_open:
            self.sync_cursor()
        if self.session.set_variant(variant):
            self._edition_changed()
        # the page's frame first: threads started now (saving the setting, counting the
        # trends) would hold the GIL while it is drawn
        self.call_after_refresh(remember_variant, self, variant)
        self.speak(refill=False)
        self.fill_sidebar()
        self.call_after_refresh(self.load_trends)
        if self.session.is_open:
            self.refresh_page(keep_row=True)
        else:
            self.sub_title = self.session.header()

    def action_cycle_script(self) -> None:
        self.set_variant(self.variant.next())

    def action_switch_edition(self) -> None:
        self.sync_cursor()
        if not self.session.switch_edition():
            self.notify(_("This report has one edition."))
            return
        self._edition_changed()
        self.refresh_page(keep_row=True)
        self.call_after_refresh(self.position.now)  # the page's frame first (a thread)

    def action_help(self) -> None:
        from trendreader.tui.screens.help import open_help

        open_help(self)

    def action_toggle_sidebar(self) -> None:
        if not self.chrome.toggle_sidebar(self.screen_stack[0]):
            self.reader.focus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from bindings.system_commands(self, super().get_system_commands(screen))

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the palette is the reader's setting from now on."""
        settings_io.remember_theme(self, theme)

    # -------------------------------------------------------- bookmarks, state
    def refresh_marks(self) -> None:
        if self.session.is_open:
            self.sync_cursor()
            self._edition_changed()
            self.refresh_page(keep_row=True)

    def on_reading_pane_cursor_moved(self, message: ReadingPane.CursorMoved) -> None:
        self.sync_cursor()
        if self.session.is_open:
            self.page.show_header()
        self.position.soon(self.STATE_SAVE_DELAY)

    def action_toggle_bookmark(self) -> None:
        bookmark_actions.toggle_bookmark(self)

    def action_undo(self) -> None:
        if self.bookmarks.undo():
            self.refresh_marks()

    def action_bookmarks(self) -> None:
        # each bookmark's passage is looked up in its report: once every report is read
        self.completion.then(lambda: bookmark_actions.open_bookmarks(self), _("Bookmarks"))

    # ---------------------------------------------------------- search, trends
    def action_search(self) -> None:
        # a search scans what is not indexed yet, every passage: once every report is read
        self.completion.then(lambda: search_actions.open_search(self), _("Search"))

    def action_find_in_page(self) -> None:
        search_actions.open_find_bar(self)

    def passage_chosen(self, choice: m.PassageChoice | None) -> None:
        """Open a search or trend hit's passage, with every hit of its query lit."""
        search_actions.passage_chosen(self, choice)

    def action_next_hit(self, direction: int) -> None:
        search_actions.next_hit(self, direction)

    def action_clear_hits(self) -> None:
        search_actions.clear_hits(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_hit", "clear_hits") and not self.hits:
            return False  # escape and n stay free for everything else
        return super().check_action(action, parameters)

    @work(thread=True, exclusive=True, group="trends")
    def load_trends(self) -> None:
        """Count each trend's reports (search hits) off the UI thread, pausing while the
        reader is at the keys (on two cores the counts would slow every key's frame); a newer
        count (another ``t``) replaces this one."""
        if self.trends.catalog is None:
            return
        from textual.worker import get_current_worker

        worker = get_current_worker()

        def go_on() -> bool:
            self.index.yield_to_reader(lambda: worker.is_cancelled)
            return not worker.is_cancelled

        variant = self.variant
        rows = self.trends.rows(variant, go_on)
        if rows is None:
            return
        self.call_from_thread(setattr, self, "trend_rows", rows)
        # then, while the keys rest, what the next ``t`` and the first trend's screen need:
        # the counts in the other scripts, and (after a longer rest: ~1 s of searches and
        # word segmentation in one go) the first trend's mentions and year table
        if not self.trends.count_every_script(go_on):
            return
        self.keys_quiet.wait(self.TRENDS_PREPARE_QUIET, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.trends.prepare_first(rows, variant)
            self.call_from_thread(self._prewarm_trend)

    def watch_trend_rows(self) -> None:
        self.fill_sidebar()

    def on_library_sidebar_trend_chosen(self, message: LibrarySidebar.TrendChosen) -> None:
        search_actions.open_trend(self, message.name)

    def on_trends_changed(self, message: m.TrendsChanged) -> None:
        self.load_trends()

    def action_save_search(self) -> None:
        """The palette's "Save search as trend": the query whose hits are lit."""
        self.post_message(m.SaveSearchAsTrend(self.hits.query if self.hits else ""))

    def on_save_search_as_trend(self, message: m.SaveSearchAsTrend) -> None:
        search_actions.save_search(self, message.query)

    # ------------------------------------------------------------------ index
    def _start_indexing(self) -> None:
        self.completion.when_whole(self._index_whole_library)

    def _index_whole_library(self) -> None:
        if self.index_state.phase == "waiting" and self.screen_stack:  # not started, not closing
            self.index.start(self.library)

    def on_index_progress(self, message: m.IndexProgress) -> None:
        self.index.progressed(message)

    def on_index_done(self, message: m.IndexDone) -> None:
        self.index.done(message)

    def watch_index_state(self, state: IndexState) -> None:
        if self.screen_stack:  # not closing
            show_index_state(self, self.chrome.index_status(self.screen_stack[0]), state)
        if state.ready and self.PREWARM_DELAY is not None and not self._prewarm_planned:
            self._prewarm_planned = True
            self.set_timer(self.PREWARM_DELAY, self._prewarm)

    _prewarm_planned = False

    async def on_event(self, event: Event) -> None:
        if isinstance(event, Key):  # an index build, trend counts, the prewarm give way
            self.keys_quiet.note_key()
        await super().on_event(event)

    def _prewarm(self) -> None:
        """``?``, ``/`` and ``B`` made ready for their first open, in an async worker."""
        from trendreader.tui.prewarm import prewarm

        self.run_worker(prewarm(self), group="prewarm", exclusive=True, exit_on_error=False)

    def _prewarm_trend(self) -> None:
        """The trend screen made ready for the script shown, once the kept screens are
        (``tui.prewarm.prewarm_trend``)."""
        if not self._prewarm_planned:
            return  # the first prewarm makes it
        from trendreader.tui.prewarm import prewarm_trend

        self.run_worker(
            prewarm_trend(self), group="prewarm-trend", exclusive=True, exit_on_error=False
        )

    def _warm_conversions(self) -> None:
        """The converters of a script switch built while the keys rest, in a thread."""
        from textual.worker import get_current_worker

        from trendreader.tui.prewarm import warm_conversions

        def warm() -> None:
            worker = get_current_worker()
            warm_conversions(self, lambda: worker.is_cancelled)

        self.run_worker(warm, thread=True, group="prewarm-scripts", exit_on_error=False)

    # ------------------------------------------------------ library, reload
    def on_library_batch(self, message: LibraryBatch) -> None:
        self.completion.grow(message.batch)  # a cold start: more reports read

    def on_library_whole(self, message: LibraryWhole) -> None:
        self.completion.complete(message.library)

    def action_add(self) -> None:
        """The palette's "Add file or URL…"."""
        from trendreader.tui.add_report import ask_and_add

        ask_and_add(self)

    def on_library_changed(self, message: m.LibraryChanged) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read the library folders again (ctrl+r, or when another terminal changed them)."""
        self.reload_library()

    def reload_library(self, *, open_key: str | None = None, announce: bool = True) -> None:
        """Read the library folders again in a worker (``open_key``: open it once read)."""
        load = self._load_library
        library_reload.reload_library(self, load, open_key=open_key, announce=announce)

    def on_unmount(self) -> None:
        self.watcher.stop()
        self.position.now(wait=True)
        self.position.close()
        self.index.close()
        self.bookmarks.close()
