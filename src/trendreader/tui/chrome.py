"""The main screen's chrome: header, sidebar tree and footer mounted into the slots the
first frame painted empty, and the footer-line indexing progress bar."""

from __future__ import annotations

import asyncio
import gc
from typing import TYPE_CHECKING

from textual.containers import Horizontal

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widgets import ProgressBar

    from trendreader.tui.widgets.sidebar import LibrarySidebar


async def mount_chrome(screen: Screen[object], sidebar: LibrarySidebar) -> None:
    """Header and sidebar, then the footer once focus and bindings have settled (it
    recomposes its keys each time they change)."""
    from textual.widgets import Header

    await asyncio.gather(
        screen.query_one("#header-slot").mount(Header(icon="≡")),
        screen.query_one("#sidebar-slot").mount(sidebar),
    )


async def mount_footer(screen: Screen[object]) -> None:
    from textual.widgets import Footer

    await screen.query_one("#footer-slot").mount(Footer())
    screen.refresh_bindings()  # a footer mounted late waits for this signal
    if not gc.isenabled():  # `trendreader open` starts with the collector off
        gc.freeze()  # what start-up made stays: later collections skip it
        gc.enable()


class IndexStatus:
    """A footer-line progress bar, mounted only when there is indexing to show."""

    def __init__(self, screen: Screen[object]) -> None:
        self.screen = screen
        self._bar: ProgressBar | None = None  # kept, not queried: reports outrun its mount

    def show(self, done: int, total: int) -> None:
        if not total or done >= total:
            return
        if self._bar is None:
            from textual.widgets import Label, ProgressBar

            self._bar = ProgressBar(id="index-progress", show_eta=False)
            status = Horizontal(Label("Indexing", id="index-label"), self._bar)
            status.id = "index-status"
            self.screen.mount(status, before=self.screen.query_one("#footer-slot"))
        self._bar.update(total=total, progress=done)

    def hide(self) -> None:
        self.screen.query("#index-status").remove()
        self._bar = None
