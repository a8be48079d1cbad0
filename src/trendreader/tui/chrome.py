"""The main screen's chrome: header, sidebar tree and footer mounted into the slots the
first frame painted empty, the sidebar's filling, and the footer-line indexing progress bar."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from textual.containers import Horizontal

from trendreader.i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.visual import VisualType
    from textual.widget import Widget
    from textual.widgets import Footer, Header, ProgressBar

    from trendreader.library.catalog import Library
    from trendreader.script.variants import Variant
    from trendreader.tui.widgets.sidebar import LibrarySidebar


async def mount_chrome(screen: Screen[object], sidebar: LibrarySidebar) -> None:
    """Header and sidebar, then the footer once focus and bindings have settled (it
    recomposes its keys each time they change)."""
    await asyncio.gather(
        screen.query_one("#header-slot").mount(reader_header()(icon="≡")),
        screen.query_one("#sidebar-slot").mount(sidebar),
    )


@cache
def reader_header() -> type[Header]:
    """The header class, made when first mounted (after the first paint)."""
    from textual.widgets import Header
    from textual.widgets._header import HeaderTitle

    class TitleLine(HeaderTitle):
        """Textual's header title, drawn again without a layout of the whole screen when it
        changes (Textual 8.2.8's ``Static.update`` asks for one by default: 3-15 ms of each
        ``t`` and ``e``). Its size never depends on the title: one line (no wrap), the
        header's width (``width: 100%``)."""

        def update(self, content: VisualType = "", *, layout: bool = False) -> None:
            super().update(content, layout=layout)

    class ReaderHeader(Header):
        """Textual's header with a :class:`TitleLine` for its title."""

        def compose(self) -> ComposeResult:
            for widget in super().compose():
                yield TitleLine() if type(widget) is HeaderTitle else widget

    return ReaderHeader


@cache
def reader_footer() -> type[Footer]:
    """The footer class, made when first mounted (after the first paint)."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    class ReaderFooter(Footer):
        """Textual's footer with each key's description in the interface's language
        (bindings keep their English descriptions, marked with ``N_``) and ``?`` first, so
        that it is on screen at any width."""

        _shown: tuple[object, ...] | None = None
        """What the keys on screen were composed from (see :func:`footer_signature`)."""

        def bindings_changed(self, screen: Screen[object]) -> None:
            """Recompose only when the keys to show differ from those on screen: a focus
            move or a screen pushed again signals this with the same keys (recomposing
            mounts and styles every key again, ~10 ms a time)."""
            if (
                self._bindings_ready
                and self.is_attached
                and screen is self.screen
                and footer_signature(self) == self._shown
            ):
                return
            super().bindings_changed(screen)

        def compose(self) -> ComposeResult:
            from rich.cells import cell_len

            if self._bindings_ready:
                self._shown = footer_signature(self)
            keys: list[Widget] = []
            for widget in super().compose():
                if isinstance(widget, FooterKey):
                    widget.english = widget.description  # type: ignore[attr-defined]
                    widget.description = _(widget.description)
                    if widget.action in ("help", "app.help"):
                        keys.insert(0, widget)
                        continue
                keys.append(widget)
            # Keys that do not fit are left out from the end (a screen's own keys come before
            # the app's): a cut key would overwrite the palette's label. `?` lists them all.
            room = self.app.size.width - PALETTE_CELLS
            gap = 1 if self.compact else 2
            for widget in keys:
                if isinstance(widget, FooterKey) and "command_palette" not in widget.action:
                    shown = widget.key_display or widget.key
                    room -= cell_len(shown) + 1 + cell_len(widget.description) + gap
                    if room < 0:
                        continue
                yield widget

        def relabel(self) -> None:
            """The keys' descriptions in the interface's language now in use: in place when
            each takes as many cells as before (a switch between Chinese scripts: 書籤 /
            书签), else by composing the footer again (which keys fit may change). Composing
            mounts and styles every key again: ~40 ms of a `t` at 120 columns."""
            from rich.cells import cell_len

            keys = [w for w in self.query(FooterKey) if hasattr(w, "english")]
            words = [_(w.english) for w in keys]  # type: ignore[attr-defined]
            if not self._bindings_ready or any(
                cell_len(new) != cell_len(w.description) for w, new in zip(keys, words, strict=True)
            ):
                self.refresh(recompose=True)
                return
            for widget, new in zip(keys, words, strict=True):
                if widget.description != new:
                    widget.description = new
                    widget.refresh()
            self._shown = footer_signature(self)

    return ReaderFooter


def footer_signature(footer: Footer) -> tuple[object, ...]:
    """What a footer's keys are made from: the shown bindings (key, description, action,
    enabled, tooltip), the width, compactness and the interface's language."""
    from trendreader.i18n import current_locale

    palette = footer.app.COMMAND_PALETTE_BINDING
    shown = tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in footer.screen.active_bindings.items()
        if binding.show or key == palette
    )
    return (shown, footer.app.size.width, footer.compact, current_locale())


PALETTE_CELLS = 13
"""What the footer keeps free at its right for the command palette's key and label."""

COMPACT_FOOTER_WIDTH = 100
"""Below this many columns the footer's keys are compact (one space apart): all fit at 80."""


async def mount_footer(screen: Screen[object]) -> None:
    compact = screen.app.size.width < COMPACT_FOOTER_WIDTH
    await screen.query_one("#footer-slot").mount(reader_footer()(compact=compact))
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
        if not self.screen.is_attached:  # the reader is closing: a report came in after
            return
        if self._bar is None:
            from textual.widgets import Label, ProgressBar

            self._bar = ProgressBar(id="index-progress", show_eta=False)
            label = Label(_("Indexing"), id="index-label", markup=False)
            status = Horizontal(label, self._bar)
            status.id = "index-status"
            self.screen.mount(status, before=self.screen.query_one("#footer-slot"))
        self._bar.update(total=total, progress=done)

    def hide(self) -> None:
        self.screen.query("#index-status").remove()
        self._bar = None


class Chrome:
    """What surrounds the page on the main screen: the sidebar (made when first needed, after
    the first paint), the ``-narrow`` class of its slot, the index status line."""

    def __init__(self, narrow_width: int) -> None:
        self.narrow_width = narrow_width
        self._sidebar: LibrarySidebar | None = None
        self._index_status: IndexStatus | None = None

    @property
    def sidebar(self) -> LibrarySidebar:
        if self._sidebar is None:
            from trendreader.tui.widgets.sidebar import LibrarySidebar  # after the first paint

            self._sidebar = LibrarySidebar(id="sidebar")
        return self._sidebar

    @property
    def sidebar_mounted(self) -> bool:
        return self._sidebar is not None and self._sidebar.is_mounted

    async def mount(self, screen: Screen[object], fill: Callable[[], None]) -> None:
        """Header and sidebar (``fill`` fills the tree), then the footer."""
        await mount_chrome(screen, self.sidebar)
        fill()
        await mount_footer(screen)

    def fill_sidebar(
        self,
        library: Library,
        variant: Variant,
        trends: Iterable[tuple[str, str, int]],
        selected: str | None,
    ) -> None:
        """(Re)fill the sidebar's tree and select the open report (once it is mounted)."""
        sidebar = self._sidebar
        if sidebar is None or not sidebar.is_mounted:
            return  # mount() fills it
        browsing = sidebar.has_focus  # then its cursor stays where the reader put it
        sidebar.populate(library, variant, trends=list(trends))
        if selected is not None and not browsing:
            sidebar.select_report(selected)

    def select_report(self, key: str | None) -> None:
        if key is not None and self.sidebar_mounted:
            self.sidebar.select_report(key)

    def toggle_sidebar(self, screen: Screen[object]) -> bool:
        """Hide or show the sidebar's slot; whether it is shown now."""
        slot = screen.query_one("#sidebar-slot")
        slot.display = not slot.display
        return bool(slot.display)

    def resized(self, screen: Screen[object], width: int) -> None:
        for slot in screen.query("#sidebar-slot"):
            slot.set_class(width < self.narrow_width, "-narrow")
        for footer in screen.query("#footer-slot > Footer"):
            footer.compact = width < COMPACT_FOOTER_WIDTH  # type: ignore[attr-defined]

    def relabel(self, screen: Screen[object]) -> None:
        """Interface text on the main screen again, in the language now in use (the sidebar
        is refilled by the app)."""
        for footer in screen.query("#footer-slot > Footer"):
            relabel = getattr(footer, "relabel", None)
            if relabel is not None:
                relabel()
            else:
                footer.refresh(recompose=True)
        for label in screen.query("#index-label"):
            label.update(_("Indexing"))  # type: ignore[attr-defined]

    def index_status(self, screen: Screen[object]) -> IndexStatus:
        if self._index_status is None:
            self._index_status = IndexStatus(screen)
        return self._index_status
