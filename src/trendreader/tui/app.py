"""The Textual app: sidebar, reading pane, header and footer. No domain logic lives here;
it calls the library, script and reading layers and shows what they return."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from trendreader.bookmarks import BookmarkError, BookmarkStore
from trendreader.bookmarks.errors import BookmarkBusyError
from trendreader.bookmarks.pending import PendingChange, PendingWrites, pending_path
from trendreader.bookmarks.reading_state import (
    ReadingState,
    load_last_report,
    load_reading_state,
    save_last_report,
    save_reading_state,
)
from trendreader.bookmarks.store import NO_WAIT
from trendreader.library.catalog import Library
from trendreader.library.editions import corresponding_passage
from trendreader.library.model import Edition, Report
from trendreader.library.sanitize import clean_line, clean_text
from trendreader.paths import AppPaths
from trendreader.reading import (
    choose_edition,
    display_passages,
    passage_texts,
    passage_texts_for,
    report_title,
)
from trendreader.resources import seeds_dir, styles_dir
from trendreader.script.variants import Variant
from trendreader.tui.widgets.reading_pane import ReadingPane
from trendreader.typeset.layout import DisplayPassage

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import SeverityLevel
    from textual.widgets import ProgressBar

    from trendreader.search.service import SearchService  # whoosh: imported after first paint
    from trendreader.trends.catalog import TrendCatalog
    from trendreader.trends.store import TrendStore
    from trendreader.tui.screens.search import SearchChoice
    from trendreader.tui.screens.trend import TrendChoice
    from trendreader.tui.search_highlights import ReaderHits
    from trendreader.tui.widgets.sidebar import LibrarySidebar


class IndexingStopped(Exception):
    """Raised from the index builder's progress report when the app is closing."""


def library_stamp(paths: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of the library folders: every file's name, size and mtime."""
    stamp: list[tuple[str, int, int]] = []
    for root in paths:
        candidates = [root] if root.is_file() else (root.rglob("*") if root.is_dir() else [])
        for path in candidates:
            try:
                info = path.stat()
            except OSError:
                continue
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(sorted(stamp))


def report_commands() -> type[Provider]:
    """Palette providers are imported when the palette opens (textual.command is slow)."""
    from trendreader.tui.commands import ReportCommands

    return ReportCommands


def script_commands() -> type[Provider]:
    from trendreader.tui.commands import ScriptCommands

    return ScriptCommands


def edition_chars(edition: Edition) -> int:
    return sum(len(p.text) for p in edition.passages)


def _stylesheets() -> list[str | Path]:
    """The main screen's styles; other screens load their own file when first shown."""
    return [styles_dir() / "app.tcss", styles_dir() / "reading_pane.tcss"]


class TrendReaderApp(App[int]):
    """Read the library: pick a report in the sidebar, read it, switch its script."""

    TITLE = "trendreader"
    NARROW_WIDTH = 100  # below this many columns the sidebar is narrower
    INDEX_DELAY = 0.5  # seconds after mount before the search index is opened
    WATCH_INTERVAL = 3.0  # seconds between checks for reports added from another terminal
    STATE_SAVE_DELAY = 0.4  # seconds of stillness before the reading position is saved
    SAVE_CONVERSION_DELAY = 1.0  # seconds after a converted report is shown before it is saved
    CONVERT_IN_THREAD_CHARS = 200_000  # longer reports are converted in a worker thread
    CSS_PATH = _stylesheets()
    COMMANDS = App.COMMANDS | {report_commands, script_commands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("t", "cycle_script", "Script", id="app.cycle_script"),
        Binding("e", "switch_edition", "Edition", id="app.switch_edition"),
        Binding("slash", "search", "Search", key_display="/", id="app.search"),
        Binding("ctrl+f", "find_in_page", "Find in report", id="app.find_in_page"),
        Binding("n", "next_hit(1)", "Next hit", show=False, id="app.next_hit"),
        Binding(
            "N", "next_hit(-1)", "Previous hit", key_display="N", show=False, id="app.previous_hit"
        ),
        Binding("escape", "clear_hits", "Clear hits", show=False, id="app.clear_hits"),
        Binding("ctrl+s", "save_search", "Save search as trend", show=False, id="app.save_search"),
        Binding("b", "toggle_bookmark", "Bookmark", id="app.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", key_display="B", id="app.bookmarks"),
        Binding("u", "undo", "Undo", show=False, id="app.undo"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="app.reload"),
        Binding("s", "toggle_sidebar", "Sidebar", show=False, id="app.sidebar"),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", show=False, id="app.palette"),
    ]

    def __init__(
        self,
        *,
        paths: AppPaths,
        library: Library,
        variant: Variant = Variant.ORIGINAL,
        open_key: str | None = None,
        reload_library: Callable[[], Library] | None = None,
        watch: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        self.paths = paths
        self.library = library
        self.variant = variant
        self._open_key = open_key
        self.report: Report | None = None
        self.edition: Edition | None = None
        self.store: BookmarkStore | None = None
        self.store_error: str | None = None
        self.store_busy = False  # locked by another process at start: retried on a timer
        self.pending = PendingWrites(pending_path(paths.bookmarks_db))
        self._store_timer: Timer | None = None
        self._marked: set[str] = set()
        self._save_timer: Timer | None = None
        self._reload_library = reload_library
        self._watch = list(watch)
        self._watch_stamp = library_stamp(self._watch)
        self.search_service: SearchService | None = None
        self.index_ready = False
        self.hits: ReaderHits | None = None
        self.trends: TrendCatalog | None = None
        self.trend_store: TrendStore | None = None
        self._trend_rows: list[tuple[str, str, int]] = []
        self._sidebar: LibrarySidebar | None = None  # made when first needed
        self._chrome_mounted = False
        self._index_bar: ProgressBar | None = None  # the footer-line indexing progress
        self._conversions_checked: set[tuple[str, Variant]] = set()

    # ----------------------------------------------------------------- layout
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification of the app and its screens: cleaned text, never markup.

        Messages hold titles, keys, trend names and error texts from outside; Textual would
        parse them as markup (``[/]`` raises, ``[@click=…]`` runs an action), so ``markup`` is
        ignored and the text goes through the sanitizer.
        """
        super().notify(
            clean_text(message),
            title=clean_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def compose(self) -> ComposeResult:
        # The first frame is the page. The header, the sidebar's tree and the footer's keys
        # (a widget per key) are mounted into their slots right after it: same geometry, so
        # nothing moves, and their styling and rendering no longer delay the first paint.
        yield Container(id="header-slot")
        with Horizontal(id="main"):
            # a class on the slot, not Textual's HORIZONTAL_BREAKPOINTS: a breakpoint class
            # on the screen restyles every widget, once more before the first paint
            yield Container(id="sidebar-slot", classes=self._width_class(self.size.width))
            yield ReadingPane(id="reader")
        yield Container(id="footer-slot")

    def on_mount(self) -> None:
        self._reader = self.query_one(ReadingPane)
        self._open_store()
        key, cursor = self._resume_point()
        if key:
            self.open_report(key, cursor=cursor)
        self.reader.focus()
        # The page first, then header, tree and keys: as soon as the page's frame is out
        # (TextPainted), or after the first refresh if there is no page to show.
        self.call_after_refresh(self._mount_chrome)
        # after first paint: whoosh's import and the index check must not delay the page
        self.set_timer(self.INDEX_DELAY, self._start_indexing)
        if self._reload_library is not None and self._watch:
            self.set_interval(self.WATCH_INTERVAL, self._check_library_changed)
        if self.store_busy:
            self.notify(
                "The bookmarks store is locked by another process; trying again every "
                f"{self.STORE_RETRY:g} s. Notes you add meanwhile are kept.",
                title="Bookmarks busy",
                severity="warning",
            )
        elif self.store_error:
            self.notify(
                self.store_error, title="Bookmarks unavailable", severity="error", timeout=15
            )
        if self.pending.problem:
            self.notify(self.pending.problem, title="Bookmarks", severity="warning", timeout=15)
        if self.pending:
            self._retry_store_soon()
        self.call_after_refresh(self._notify_state_problems)

    def _notify_state_problems(self) -> None:
        """A home that cannot hold state, a settings file that cannot be used: one line each."""
        from trendreader.context import state_problems

        for problem in state_problems(self.paths):
            self.notify(problem, title="Settings", severity="warning", timeout=15)

    async def on_reading_pane_text_painted(self, message: ReadingPane.TextPainted) -> None:
        await self._mount_chrome()

    async def _mount_chrome(self) -> None:
        """Header, sidebar tree and footer, into the slots the first frame painted empty."""
        if self._chrome_mounted:
            return
        self._chrome_mounted = True
        from textual.widgets import Footer, Header

        await asyncio.gather(
            self.query_one("#header-slot").mount(Header(icon="≡")),
            self.query_one("#sidebar-slot").mount(self.sidebar),
        )
        self._fill_sidebar()
        # The footer last, once focus and bindings have settled: it recomposes its keys
        # each time they change.
        await self.query_one("#footer-slot").mount(Footer())
        self.screen.refresh_bindings()  # a footer mounted late waits for this signal
        if not gc.isenabled():  # `trendreader open` starts with the collector off
            gc.freeze()  # what start-up made stays: later collections skip it
            gc.enable()

    def _fill_sidebar(self) -> None:
        """(Re)fill the sidebar's tree and select the open report (once it is mounted)."""
        if self._sidebar is None or not self._sidebar.is_mounted:
            return  # _mount_chrome fills it
        browsing = self._sidebar.has_focus  # then its cursor stays where the reader put it
        self.sidebar.populate(self.library, self.variant, trends=self._trend_rows)
        if self.edition is not None and not browsing:
            self.sidebar.select_report(self.edition.key)

    #: Seconds between tries while the bookmarks store is locked by another process.
    STORE_RETRY = 1.0

    def _open_store(self) -> None:
        # NO_WAIT: nothing on this thread waits for another process's write lock; a change
        # that finds the store locked is kept (self.pending) and saved by _retry_store.
        try:
            self.store = BookmarkStore(self.paths.bookmarks_db, timeout=NO_WAIT)
            self.store_error, self.store_busy = None, False
        except BookmarkBusyError as error:  # it must migrate, and another process writes
            self.store, self.store_error, self.store_busy = None, str(error), True
            self._retry_store_soon()
        except BookmarkError as error:  # damaged or not ours: unavailable, said once
            self.store, self.store_error, self.store_busy = None, str(error), False

    def _retry_store_soon(self) -> None:
        if self._store_timer is None:
            self._store_timer = self.set_interval(self.STORE_RETRY, self._retry_store)

    def _retry_store(self) -> None:
        """Open the store if it was locked at start, then save the changes kept meanwhile."""
        if self.store is None and self.store_busy:
            self._open_store()
            if self.store is not None:
                self.notify("The bookmarks store is free again.", title="Bookmarks")
                if self.edition is not None:
                    self._refresh_marks()
        if self.store is not None and self.pending:
            result = self.pending.flush(self.store)
            for change, reason in result.failed:
                self.notify(
                    f"{reason}; the note kept for it was: {change.note}",
                    title="Bookmarks",
                    severity="warning",
                    timeout=30,
                )
            if result.saved:
                count = len(result.saved)
                self.notify(
                    f"Saved {count} bookmark change{'s' if count != 1 else ''} kept while the "
                    "store was busy.",
                    title="Bookmarks",
                )
                if self.edition is not None:
                    self._refresh_marks()
        done = self.store is not None and not self.pending
        if (done or (self.store is None and not self.store_busy)) and self._store_timer:
            self._store_timer.stop()
            self._store_timer = None

    def _keep_pending(self, change: PendingChange) -> None:
        self.pending.keep(change)
        if change.op == "add":
            self._marked.add(change.anchor)
        self._retry_store_soon()
        self.notify(
            "The bookmarks store is busy (another process is writing it): your note is "
            "kept and will be saved when it is free.",
            title="Bookmarks",
            severity="warning",
        )
        if self.pending.problem:
            self.notify(self.pending.problem, title="Bookmarks", severity="warning")

    def _resume_point(self) -> tuple[str | None, int]:
        """The report and passage to open: the one asked for, else where the reader left."""
        key = self._open_key
        if key is None and self.store is not None:
            last = load_last_report(self.store)
            key = last if last and self.library.find(last) else None
        if key is None:
            return (self.library.reports[0].key if self.library.reports else None), 0
        state = load_reading_state(self.store, key) if self.store is not None else None
        if state is None:
            return key, 0
        for problem in state.problems:  # a wrong-typed field: its default, and a line
            self.notify(problem, title="Reading state", severity="warning", timeout=10)
        found = self.library.find(state.edition_key or key)
        if found is None:
            return key, 0
        edition = found[1]
        ordinal = next(
            (p.ordinal for p in edition.passages if p.anchor == state.anchor), state.ordinal
        )
        return edition.key, ordinal

    def _width_class(self, width: int) -> str:
        return "-narrow" if width < self.NARROW_WIDTH else ""

    def on_resize(self, event: Resize) -> None:
        slots = self.screen_stack[0].query("#sidebar-slot") if self.screen_stack else ()
        for slot in slots:
            slot.set_class(event.size.width < self.NARROW_WIDTH, "-narrow")

    @property
    def sidebar(self) -> LibrarySidebar:
        if self._sidebar is None:
            from trendreader.tui.widgets.sidebar import LibrarySidebar  # after the first paint

            self._sidebar = LibrarySidebar(id="sidebar")
        return self._sidebar

    @property
    def reader(self) -> ReadingPane:
        return self._reader

    # ---------------------------------------------------------------- reading
    def open_report(self, key: str, *, cursor: int = 0, exact: bool = False) -> None:
        """Show a report in the edition that suits the variant.

        With ``exact`` the edition named by ``key`` is shown as it is (a bookmark or a
        search hit points into one edition).
        """
        found = self.library.find(key)
        if found is None:
            self.notify(f"No report {key!r}", severity="error")
            return
        report, edition = found
        if not exact:
            shown = choose_edition(report, self.variant, preferred=key)
            if shown is not edition and 0 < cursor < len(edition.passages):
                cursor = corresponding_passage(
                    edition.passages[cursor].text, cursor, len(edition.passages), shown
                )
            edition = shown
        self.report, self.edition = report, edition
        self._load_marks()
        if self._sidebar is not None and self._sidebar.is_mounted:
            self._sidebar.select_report(edition.key)
        self._show(cursor=cursor, keep_row=False)
        self.call_after_refresh(self._save_reading_state)  # the page first

    def _show(self, *, cursor: int, keep_row: bool) -> None:
        assert self.edition is not None and self.report is not None
        edition, variant = self.edition, self.variant
        if self.hits is not None and self.search_service is not None:
            from trendreader.tui.search_highlights import refresh_reader_hits

            self.hits = refresh_reader_hits(
                self.hits, self.search_service, self.report.key, edition.key, variant
            )
        if variant != Variant.ORIGINAL:
            self._use_saved_conversion(edition, variant)
        self._update_header()
        if variant != Variant.ORIGINAL and edition_chars(edition) > self.CONVERT_IN_THREAD_CHARS:
            # a long report's first conversion runs off the UI thread
            self._convert_worker(edition, variant, cursor, keep_row)
            return
        self.reader.show(
            self._display_passages(edition, variant), cursor=cursor, keep_cursor_row=keep_row
        )

    def _saved_conversion_path(self, edition: Edition, variant: Variant) -> Path:
        from trendreader.script.saved import saved_path

        return saved_path(self.paths.cache_dir / "conversions", edition.content_hash, variant.value)

    def _use_saved_conversion(self, edition: Edition, variant: Variant) -> None:
        """Conversions saved by an earlier run: this start needs no OpenCC for them."""
        key = (edition.content_hash, variant)
        if key in self._conversions_checked:
            return
        self._conversions_checked.add(key)
        from trendreader.reading import restore_conversion
        from trendreader.script.saved import load_saved

        saved = load_saved(self._saved_conversion_path(edition, variant))
        if saved is not None and len(saved.texts) >= len(edition.passages):
            restore_conversion(edition, saved)
        else:  # once this edition is shown converted, keep the result for the next start
            delay = self.SAVE_CONVERSION_DELAY
            self.set_timer(delay, lambda: self._save_conversion(edition, variant))

    @work(thread=True, group="saved-conversions")
    def _save_conversion(self, edition: Edition, variant: Variant) -> None:
        from trendreader.reading import conversion_to_save
        from trendreader.script.saved import save

        saved = conversion_to_save(edition, variant)
        if saved is not None and len(saved.texts) >= len(edition.passages):
            save(self._saved_conversion_path(edition, variant), saved)
        else:  # not converted yet (a long report in its worker): look again next time
            self._conversions_checked.discard((edition.content_hash, variant))

    @work(thread=True, exclusive=True, group="convert")
    def _convert_worker(self, edition: Edition, variant: Variant, cursor: int, keep: bool) -> None:
        passages = self._display_passages(edition, variant)
        self.call_from_thread(self._converted, edition, variant, passages, cursor, keep)

    def _converted(
        self,
        edition: Edition,
        variant: Variant,
        passages: list[DisplayPassage],
        cursor: int,
        keep: bool,
    ) -> None:
        if edition is self.edition and variant == self.variant:  # not stale
            self.reader.show(passages, cursor=cursor, keep_cursor_row=keep)

    def _display_passages(self, edition: Edition, variant: Variant) -> list[DisplayPassage]:
        texts = passage_texts(edition, variant)
        passages = display_passages(edition, variant, self._marked, texts)
        if self.hits is None:
            return passages
        from trendreader.tui.search_highlights import with_highlights  # once there are hits

        return with_highlights(passages, self.hits, edition.key, variant)

    def _update_header(self) -> None:
        if self.report is None or self.edition is None:
            self.sub_title = self.variant.label
            return
        title = passage_texts_for([self.edition.title], self.edition, self.variant)[0]
        editions = ""
        if len(self.report.editions) > 1:
            index = self.report.editions.index(self.edition) + 1
            editions = f" · edition {index}/{len(self.report.editions)}"
        self.sub_title = clean_line(f"{title} · {self.variant.label}{editions}")

    # ---------------------------------------------------------------- actions
    def on_library_sidebar_report_chosen(self, message: LibrarySidebar.ReportChosen) -> None:
        self.open_report(message.key)
        self.reader.focus()

    def set_variant(self, variant: Variant) -> None:
        """Switch the script of everything on screen, keeping the cursor passage in place."""
        if self.report is None or self.edition is None:
            self.variant = variant
            return
        old_edition, cursor = self.edition, self.reader.cursor
        self.variant = variant
        new_edition = choose_edition(self.report, variant, preferred=old_edition.key)
        if new_edition is not old_edition:
            cursor = corresponding_passage(
                old_edition.passages[cursor].text,
                cursor,
                len(old_edition.passages),
                new_edition,
            )
            self.edition = new_edition
            self._load_marks()
        self._remember_variant()
        self._fill_sidebar()
        self._load_trends()
        self._show(cursor=cursor, keep_row=True)

    def action_cycle_script(self) -> None:
        self.set_variant(self.variant.next())

    def action_switch_edition(self) -> None:
        if self.report is None or self.edition is None or len(self.report.editions) < 2:
            self.notify("This report has one edition.")
            return
        editions = self.report.editions
        target = editions[(editions.index(self.edition) + 1) % len(editions)]
        cursor = corresponding_passage(
            self.edition.passages[self.reader.cursor].text,
            self.reader.cursor,
            len(self.edition.passages),
            target,
        )
        self.edition = target
        self._load_marks()
        self._show(cursor=cursor, keep_row=True)
        self._save_reading_state()

    def action_help(self) -> None:
        from trendreader.tui.screens.help import HelpScreen

        nodes = [self, self.reader, self.sidebar]
        if self.screen is not self.screen_stack[0]:
            nodes.insert(0, self.screen)  # a screen on top: its keys first
        self.push_screen(HelpScreen(nodes))

    @work(thread=True, exclusive=True, group="settings")
    def _remember_variant(self) -> None:
        from trendreader.settings import SettingsError, load_settings, save_settings

        settings = load_settings(self.paths)
        settings.variant = self.variant
        try:
            save_settings(self.paths, settings)
        except (OSError, SettingsError) as error:
            self.call_from_thread(
                self.notify, f"Could not save settings: {error}", severity="warning"
            )

    # -------------------------------------------------------- bookmarks, state
    def _load_marks(self) -> None:
        """Re-anchor this edition's bookmarks and remember which passages they mark."""
        self._marked = set()
        if self.store is None or self.edition is None:
            return
        try:
            bookmarks = self.store.reanchor(self.edition.key, self.edition.passages)
        except BookmarkError as error:
            self.notify(str(error), severity="error")
            return
        self._marked = {b.anchor for b in bookmarks if not b.orphaned}

    def _refresh_marks(self) -> None:
        if self.edition is not None:
            self._load_marks()
            self._show(cursor=self.reader.cursor, keep_row=True)

    def on_reading_pane_cursor_moved(self, message: ReadingPane.CursorMoved) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(self.STATE_SAVE_DELAY, self._save_reading_state)

    def _save_reading_state(self) -> None:
        if self.store is None or self.report is None or self.edition is None:
            return
        passages = self.edition.passages
        cursor = min(self.reader.cursor, len(passages) - 1)
        state = ReadingState(
            report_key=self.report.key,
            edition_key=self.edition.key,
            ordinal=cursor,
            anchor=passages[cursor].anchor if passages else "",
            scroll_offset=float(self.reader.scroll_y),
            variant=self.variant.value,
        )
        try:
            save_reading_state(self.store, state)
            save_last_report(self.store, self.report.key)
        except BookmarkBusyError:
            pass  # locked by another process: saved at the next move (never waited for)
        except BookmarkError as error:
            self.notify(str(error), severity="error")

    def action_toggle_bookmark(self) -> None:
        if self.edition is None or not self.edition.passages:
            return
        if self.store is None and not self.store_busy:
            self.notify(self.store_error or "Bookmarks are unavailable.", severity="error")
            return
        passage = self.edition.passages[self.reader.cursor]
        try:
            existing = (
                None
                if self.store is None
                else self.store.find_by_anchor(self.edition.key, passage.anchor)
            )
            if existing is not None:
                removed = self.store.remove(existing.id) if self.store is not None else None
                self._last_removed = removed
                self._refresh_marks()
                self.notify("Bookmark removed — press u to undo.")
                return
        except BookmarkBusyError:
            self.notify(
                "The bookmarks store is busy (another process is writing it); the bookmark "
                "was not removed, try again in a moment.",
                severity="warning",
            )
            return
        except BookmarkError as error:
            self.notify(str(error), severity="error")
            return
        from trendreader.tui.screens.bookmark_dialog import BookmarkDialog, BookmarkDraft

        excerpt = passage_texts_for([passage.text], self.edition, self.variant)[0]

        def saved(draft: BookmarkDraft | None) -> None:
            if draft is None or self.edition is None:
                return
            change = PendingChange.add(
                self.edition.key, self.edition.title, passage, draft.note, draft.tags
            )
            if self.store is None:  # locked since start: kept until it opens
                self._keep_pending(change)
                self._show(cursor=self.reader.cursor, keep_row=True)
                return
            try:
                self.store.add(
                    self.edition.key,
                    self.edition.title,
                    passage,
                    note=draft.note,
                    tags=draft.tags,
                )
            except BookmarkBusyError:
                self._keep_pending(change)  # never discarded: saved when the lock clears
                self._show(cursor=self.reader.cursor, keep_row=True)
                return
            except BookmarkError as error:
                self.notify(str(error), severity="error")
                return
            self._refresh_marks()
            self.notify("Bookmarked.")

        title = report_title(self.report, self.variant) if self.report else ""
        self.push_screen(BookmarkDialog(excerpt, report_title=title), saved)

    def action_undo(self) -> None:
        removed = getattr(self, "_last_removed", None)
        if removed is None or self.store is None:
            return
        try:
            self.store.restore(removed)
        except BookmarkError as error:  # busy: kept, u again restores it
            self.notify(f"{error}; press u again to restore the bookmark", severity="warning")
            return
        self._last_removed = None
        self._refresh_marks()
        self.notify("Bookmark restored.")

    def action_bookmarks(self) -> None:
        if self.store is None:
            self.notify(self.store_error or "Bookmarks are unavailable.", severity="error")
            return
        from trendreader.tui.screens.bookmarks import BookmarksScreen, JumpTarget

        def jump(target: JumpTarget | None) -> None:
            if target is not None:
                self.open_report(target.report_key, cursor=target.ordinal, exact=True)
            else:
                self._refresh_marks()

        self.push_screen(
            BookmarksScreen(self.store, self.library, self.variant, pending=self.pending), jump
        )

    def action_toggle_sidebar(self) -> None:
        slot = self.query_one("#sidebar-slot")
        slot.display = not slot.display
        if not slot.display:
            self.reader.focus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Reload library", "Read the library folders again", self.action_reload)
        yield SystemCommand("Bookmarks", "List every bookmark", self.action_bookmarks)
        yield SystemCommand(
            "Switch edition", "Show this report's other edition", self.action_switch_edition
        )
        yield SystemCommand("Keys", "Show every key", self.action_help)
        yield SystemCommand(
            "Save search as trend", "Keep the current search as a trend", self.action_save_search
        )
        yield SystemCommand("Search", "Search every report", self.action_search)

    # ----------------------------------------------------------------- search
    def action_search(self) -> None:
        self._open_search()

    def action_find_in_page(self) -> None:
        self._open_search(self.report.key if self.report else None)

    def _open_search(self, report: str | None = None) -> None:
        from trendreader.tui.screens.search import SearchScreen

        if self.search_service is None:
            self._start_indexing()
        assert self.search_service is not None
        screen = SearchScreen(self.search_service, self.library, self.variant, report=report)
        self.push_screen(screen, self._search_chosen)

    def _search_chosen(self, choice: SearchChoice | TrendChoice | None) -> None:
        """Open a search or trend hit's passage, with every hit of its query lit."""
        if choice is None or self.search_service is None:
            return
        self.open_report(choice.edition_key, cursor=choice.ordinal, exact=True)
        assert self.report is not None and self.edition is not None
        from trendreader.tui.search_highlights import find_reader_hits

        self.hits = find_reader_hits(
            self.search_service, choice.query, self.report.key, self.edition.key, self.variant
        )
        self._show(cursor=choice.ordinal, keep_row=True)
        self.reader.focus()

    def action_next_hit(self, direction: int) -> None:
        target = self.hits.step(self.reader.cursor, direction) if self.hits else None
        if target is not None:
            self.reader.scroll_to_passage(target)

    def action_clear_hits(self) -> None:
        self.hits = None
        self._show(cursor=self.reader.cursor, keep_row=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_hit", "clear_hits") and not self.hits:
            return False  # escape and n stay free for everything else
        return super().check_action(action, parameters)

    # ----------------------------------------------------------------- trends
    def _setup_trends(self) -> None:
        from trendreader.trends.catalog import TrendCatalog
        from trendreader.trends.mentions import MentionFinder
        from trendreader.trends.store import TrendStore

        if self.search_service is None:
            return
        if self.trends is None:
            folders = self._watch or [seeds_dir(), self.paths.user_library]
            self.trend_store = TrendStore.for_library(self.paths, folders)
            finder = MentionFinder(self.search_service, self.library)
            self.trends = TrendCatalog(self.trend_store, finder, self.library)
            for problem in self.trend_store.problems:
                self.notify(problem, severity="warning")
        else:
            self.trends.reload(self.library)
        self._load_trends()

    @work(thread=True, exclusive=True, group="trends")
    def _load_trends(self) -> None:
        """Count each trend's reports (search hits) off the UI thread."""
        if self.trends is None:
            return
        rows = self.trends.sidebar_rows(self.variant)
        self.call_from_thread(self._show_trends, rows)

    def _show_trends(self, rows: list[tuple[str, str, int]]) -> None:
        self._trend_rows = rows
        self._fill_sidebar()

    def on_library_sidebar_trend_chosen(self, message: LibrarySidebar.TrendChosen) -> None:
        from trendreader.tui.screens.trend import TrendScreen

        trend = self.trends.find(message.name) if self.trends else None
        if trend is None or self.trends is None:
            self.notify(f"No trend {message.name!r} (is the index still building?)")
            return
        screen = TrendScreen(
            self.trends.mentions(trend, self.variant),
            self.library,
            self.variant,
            store=self.trend_store,
        )
        self.push_screen(screen, self._trend_chosen)

    def _trend_chosen(self, choice: TrendChoice | None) -> None:
        self._search_chosen(choice)

    def on_trends_changed(self, message: object) -> None:
        self._load_trends()

    def current_query(self) -> str:
        """The search being typed, else the one whose hits are highlighted."""
        from textual.widgets import Input

        from trendreader.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return self.screen.query_one("#search-input", Input).value.strip()
        return self.hits.query if self.hits else ""

    def action_save_search(self) -> None:
        from trendreader.trends.model import TrendError
        from trendreader.trends.store import save_search_as_trend

        query = self.current_query()
        if not query:
            self.notify("Search for something first (/), then save it as a trend.")
            return
        if self.trend_store is None:
            self.notify("Trends are not ready yet: the index is still building.")
            return
        try:
            trend = save_search_as_trend(query, query, store=self.trend_store)
        except TrendError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"Saved trend “{trend.name}”.")
        self._load_trends()

    # ------------------------------------------------------------------ index
    def _start_indexing(self) -> None:
        from trendreader.search.service import SearchService

        if self.search_service is None:
            self.search_service = SearchService(self.paths.index_dir)
        self.index_ready = False
        self._index_worker(self.library)

    @work(thread=True, exclusive=True, group="index")
    def _index_worker(self, library: Library) -> None:
        """Build or refresh the search index without blocking reading."""
        assert self.search_service is not None
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:  # quitting: stop here (the writer is cancelled, the
                raise IndexingStopped  # next start picks up what is missing)
            # A message, not call_from_thread: the builder holds the service's lock here,
            # and waiting on a UI thread that is closing the service would never end.
            self.post_message(self.IndexProgress(done, total))

        try:
            status = self.search_service.ensure_index(library, progress=progress)
        except Exception as error:  # the index is a cache: reading goes on without it
            if worker.is_cancelled:
                return
            self.post_message(self.IndexDone(f"Search index unavailable: {error}"))
            return
        self.post_message(self.IndexDone(status.notice))  # after every progress message

    class IndexProgress(Message):
        """From the indexing thread: ``done`` of ``total`` editions indexed."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class IndexDone(Message):
        """From the indexing thread: the index is ready (``notice``: one line to show)."""

        def __init__(self, notice: str | None) -> None:
            super().__init__()
            self.notice = notice

    def on_trend_reader_app_index_progress(self, message: IndexProgress) -> None:
        self._index_progress(message.done, message.total)

    def on_trend_reader_app_index_done(self, message: IndexDone) -> None:
        self._index_done(message.notice)

    def _index_progress(self, done: int, total: int) -> None:
        """A footer-line progress bar, mounted only when there is indexing to show."""
        if self.index_ready or not total or done >= total:
            return  # (a late report: the index is done)
        if self._index_bar is None:
            from textual.widgets import Label, ProgressBar

            # Kept, not queried: reports come faster than the bar's mount completes.
            self._index_bar = ProgressBar(id="index-progress", show_eta=False)
            status = Horizontal(Label("Indexing", id="index-label"), self._index_bar)
            status.id = "index-status"
            main_screen = self.screen_stack[0]
            main_screen.mount(status, before=main_screen.query_one("#footer-slot"))
        self._index_bar.update(total=total, progress=done)

    def _index_done(self, notice: str | None) -> None:
        self.screen_stack[0].query("#index-status").remove()
        self._index_bar = None
        self.index_ready = True
        self._setup_trends()
        if notice:
            self.notify(notice, severity="warning")
        self.post_message(self.IndexReady())

    class IndexReady(Message):
        """The search index matches the library."""

    # ----------------------------------------------------------------- reload
    def _check_library_changed(self) -> None:
        stamp = library_stamp(self._watch)
        if stamp != self._watch_stamp:
            self._watch_stamp = stamp
            self.action_reload()

    def action_reload(self) -> None:
        """Read the library folders again (ctrl+r, or when another terminal changed them)."""
        if self._reload_library is None:
            self.notify("This library cannot be reloaded.")
            return
        self._reload_worker()

    @work(thread=True, exclusive=True, group="reload")
    def _reload_worker(self) -> None:
        assert self._reload_library is not None
        library = self._reload_library()
        self.call_from_thread(self._library_reloaded, library)

    def _library_reloaded(self, library: Library) -> None:
        before = {e.key for e in self.library.editions()}
        self.library = library
        self._watch_stamp = library_stamp(self._watch)
        self._fill_sidebar()
        after = {e.key for e in library.editions()}
        current = self.edition.key if self.edition is not None else None
        if current is not None and library.find(current) is not None:
            self.open_report(current, cursor=self.reader.cursor)
        elif library.reports:
            self.open_report(library.reports[0].key)
        added, removed = len(after - before), len(before - after)
        self.notify(
            f"Library reloaded: {len(library.reports)} reports ({added} new, {removed} gone)."
        )
        self.post_message(self.LibraryReloaded())
        if self.search_service is not None:
            self.index_ready = False
            self._index_worker(library)

    class LibraryReloaded(Message):
        """The library was read again; screens showing it may refresh."""

    def on_unmount(self) -> None:
        self._save_reading_state()
        if self.search_service is not None:
            # A first build can take minutes: stop it (at its next progress report) rather
            # than wait for it under the service's lock.
            self.workers.cancel_group(self, "index")
            self.search_service.close()
        if self.store is not None:
            self.store.close()
