"""What the app's helper modules (``search_actions``, ``bookmark_actions``, ``page``, …) may
use of the app: a `Protocol` that `TrendReaderApp` satisfies.

The helpers cannot import ``tui.app`` for an annotation (the app imports them: import-linter
counts imports under ``TYPE_CHECKING`` too, and that would be a cycle), so they are typed with
:class:`ReaderHost` instead. Nothing here imports a module that imports this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from trendreader.tui.bindings import PaletteHost  # the palette's actions, declared once

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.worker import Worker

    from trendreader.library.catalog import Library
    from trendreader.paths import AppPaths
    from trendreader.reading import ReadingSession
    from trendreader.script.variants import Variant
    from trendreader.tui.bookmark_keeper import BookmarkKeeper
    from trendreader.tui.index_controller import IndexController
    from trendreader.tui.key_quiet import KeyQuiet
    from trendreader.tui.load_notices import LoadNotices
    from trendreader.tui.messages import PassageChoice
    from trendreader.tui.trends_controller import TrendRow, TrendsController
    from trendreader.tui.widgets.reading_pane import ReadingPane
    from trendreader.tui.widgets.sidebar import LibrarySidebar

ScreenResult = TypeVar("ScreenResult")


class ReaderHost(PaletteHost, Protocol):
    """The reader app as its helpers see it: its state, its services and the few calls they
    make back (besides Textual's own, listed at the end)."""

    CONVERT_IN_THREAD_CHARS: ClassVar[int]
    SAVE_CONVERSION_DELAY: ClassVar[float]

    paths: AppPaths
    library: Library
    session: ReadingSession
    variant: Variant
    index: IndexController
    keys_quiet: KeyQuiet
    bookmarks: BookmarkKeeper
    load_notices: LoadNotices
    trends: TrendsController
    trend_rows: tuple[TrendRow, ...]
    sub_title: str

    @property
    def reader(self) -> ReadingPane: ...

    @property
    def sidebar(self) -> LibrarySidebar: ...

    def open_report(self, key: str, *, cursor: int = 0, exact: bool = False) -> None: ...

    def refresh_page(self, *, keep_row: bool) -> None: ...

    def refresh_marks(self) -> None: ...

    def sync_cursor(self) -> None: ...

    def fill_sidebar(self) -> None: ...

    def load_trends(self) -> object: ...

    def passage_chosen(self, choice: PassageChoice | None) -> None: ...

    def reload_library(self, *, open_key: str | None = None, announce: bool = True) -> None: ...

    # Textual's App, as far as the helpers use it
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None: ...

    def push_screen(
        self,
        screen: Screen[ScreenResult],
        callback: Callable[[ScreenResult | None], Any] | None = None,
    ) -> Any: ...

    def post_message(self, message: Any) -> bool: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Worker[Any]: ...

    def set_timer(self, delay: float, callback: Callable[[], Any] | None = None) -> Any: ...
