"""The reading pane: one report as a scrolling column of CJK-wrapped lines.

A `ScrollView` on Textual's Line API (like toolong's ``LogLines``): it declares the virtual
height of the whole report and renders only the visible lines, from a `Layout` that wraps each
passage once per measure. No widget per paragraph.

Public API (what the app uses):

* `ReadingPane.show(passages, *, cursor=0, keep_cursor_row=False)` — display passages.
* `ReadingPane.cursor` — index of the cursor passage (reactive); `CursorMoved` is posted when it
  changes.
* `ReadingPane.scroll_to_passage(index, *, top=False)` — move the cursor there and scroll.
* Actions (bound on the widget, ids ``reading_pane.*`` for `App.set_keymap`): ``cursor_down``,
  ``cursor_up``, ``page_down``, ``page_up``, ``home``, ``end``, ``next_section``,
  ``previous_section``; ``open_link`` (``o``: the selected link of the cursor passage in the
  browser, `webbrowser` honours ``$BROWSER``; only http, https and mailto; a ``#heading``
  link jumps to that heading), ``copy_link`` (``c``: to the clipboard), ``next_link`` (``l``:
  select the passage's next link, drawn reversed when there are several); ``copy_passage``
  (``y``) and ``copy_citation`` (``Y``), ``outline`` (``O``), ``back`` / ``forward``
  (``alt+left`` / ``alt+right``, ``H`` / ``L``), ``sidebar_section`` (``R`` / ``T``). URLs
  are cleaned (`clean_line`) before they are shown, opened or copied; notifications never
  take markup.

Every passage kind is drawn from the lines `trendreader.typeset.layout.typeset_passage` makes
(code, tables, lists, quotes, images, rules: see `trendreader.typeset.blocks`); the widget
only maps each piece's role to a component class (``reading-pane--<role>``).

The keys and link actions are in `pane_keys`, the drawing of a line in `pane_render` (with
the pane's `DEFAULT_CSS`: its box and a style for each component class); this module keeps
the cursor, the scrolling and the layout.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from trendreader.library.model import PassageKind
from trendreader.tui.widgets.pane_keys import PANE_BINDINGS, PaneKeys
from trendreader.tui.widgets.pane_render import (
    CURSOR_GLYPH,
    GUTTER,
    MARK_GLYPH,
    PANE_COMPONENTS,
    PANE_CSS,
    PaneRendering,
)
from trendreader.typeset.layout import EAGER_CHARS, PARAGRAPH_INDENT, DisplayPassage, Layout

__all__ = ["CURSOR_GLYPH", "GUTTER", "MARK_GLYPH", "DisplayPassage", "ReadingPane"]


class ReadingPane(PaneKeys, PaneRendering, ScrollView, can_focus=True):
    """Shows a report's passages, wrapped for Chinese, with a passage cursor."""

    MAX_MEASURE: ClassVar[int] = 80
    """Widest text column in cells (40 CJK characters); wider terminals centre it."""

    PARAGRAPH_INDENT: ClassVar[int] = PARAGRAPH_INDENT
    """First-line indent of paragraphs in cells."""

    HELP_GROUP = "reader"
    BINDINGS: ClassVar[list[BindingType]] = PANE_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = set(PANE_COMPONENTS)
    DEFAULT_CSS = PANE_CSS

    cursor: reactive[int] = var(0, init=False)
    """Index of the cursor passage (a ``var``: its watcher repaints the two passages whose
    gutter changed, where a ``reactive`` would repaint the whole pane)."""

    class CursorMoved(Message):
        """The cursor moved to another passage."""

        def __init__(self, pane: ReadingPane, index: int) -> None:
            super().__init__()
            self.pane = pane
            self.index = index

        @property
        def control(self) -> ReadingPane:
            return self.pane

    class TextPainted(Message):
        """The pane drew text for the first time (posted once): the page is on screen."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._passages: Sequence[DisplayPassage] = ()
        self._text_painted = False
        self._headings: list[int] = []
        self._layout: Layout | None = None
        self._layout_width = -1
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._strips_revision = -1  # the layout revision the cached strips were drawn at
        self._base_style: Style | None = None  # rich_style, cached like the role styles
        self._role_styles: dict[str, Style] = {}
        self._link_index = 0  # the selected link of the cursor passage (``l`` moves it)
        # What to do once the widget has a size: ("top", index) or ("row", index, row).
        self._pending: tuple[str, int, int] | None = None
        self._like: Layout | None = None  # the layout of the texts a script switch replaced
        self._following = False  # True while the cursor follows a free scroll

    # ------------------------------------------------------------------ public API

    @property
    def passages(self) -> Sequence[DisplayPassage]:
        """The passages shown."""
        return self._passages

    @property
    def layout_model(self) -> Layout | None:
        """The current `Layout` (None before the first show at a known size)."""
        return self._layout

    @property
    def measure(self) -> int:
        """Width of the text column in cells at the current size."""
        return max(1, min(self.MAX_MEASURE, self._content_width() - GUTTER))

    @property
    def left_margin(self) -> int:
        """Blank cells left of the gutter (centres the column on wide terminals)."""
        return max(0, (self._content_width() - GUTTER - self.measure) // 2)

    def show(
        self,
        passages: Sequence[DisplayPassage],
        *,
        cursor: int = 0,
        keep_cursor_row: bool = False,
    ) -> None:
        """Display ``passages`` with the cursor on passage ``cursor``.

        With ``keep_cursor_row`` (for new texts of the same passages, e.g. a script switch) the
        cursor passage stays on the screen row it was on; otherwise it is scrolled to the top.
        """
        row: int | None = None
        if keep_cursor_row and self._layout is not None and len(self._layout):
            old = min(self.cursor, len(self._layout) - 1)
            row = self._layout.text_top(old) - round(self.scroll_y)
        # new texts of the same passages (another script): the old heights are good guesses
        self._like = self._layout if keep_cursor_row else None
        self._passages = passages
        self._headings = [
            k for k, passage in enumerate(passages) if passage.kind == PassageKind.HEADING
        ]
        self._layout = None
        self._layout_width = -1
        cursor = max(0, min(cursor, len(passages) - 1)) if passages else 0
        self._pending = ("row", cursor, row) if row is not None else ("top", cursor, 0)
        self._set_cursor(cursor)
        self._relayout()

    def scroll_to_passage(self, index: int, *, top: bool = False) -> None:
        """Move the cursor to passage ``index`` and scroll it into view.

        With ``top`` its first line goes to the top of the view; otherwise the pane scrolls
        only as far as needed to show as much of it as fits.
        """
        if not self._passages:
            return
        index = max(0, min(index, len(self._passages) - 1))
        self._set_cursor(index)
        if self._layout is None:
            self._pending = ("top" if top else "visible", index, 0)
            return
        self._reveal(index, top=top)

    # ------------------------------------------------------------------ actions

    def action_cursor_down(self) -> None:
        """Move the cursor to the next passage."""
        if self._passages:
            self.scroll_to_passage(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Move the cursor to the previous passage."""
        if self._passages:
            self.scroll_to_passage(self.cursor - 1)

    def action_page_down(self) -> None:
        """Scroll one page down; the cursor goes to the first passage that starts in view."""
        layout = self._layout
        if layout is None or not len(layout):
            return
        height = self._view_height()
        y = round(self.scroll_y)
        layout.realize_lines(y + height, y + 3 * height)
        self._sync_virtual_size()
        target = min(y + height, self._max_y())
        if target <= y:
            self.scroll_to_passage(len(layout) - 1)
            return
        self._page_to(target)

    def action_page_up(self) -> None:
        """Scroll one page up; the cursor goes to the first passage that starts in view."""
        layout = self._layout
        if layout is None or not len(layout):
            return
        height = self._view_height()
        y = round(self.scroll_y)
        if y <= 0:
            self.scroll_to_passage(0, top=True)
            return
        self._page_to(max(0, y - height))

    def action_home(self) -> None:
        """Go to the first passage."""
        self.scroll_to_passage(0, top=True)

    def action_end(self) -> None:
        """Go to the last passage and the end of the report."""
        layout = self._layout
        if not self._passages:
            return
        last = len(self._passages) - 1
        self._set_cursor(last)
        if layout is None:
            self._pending = ("visible", last, 0)
            return
        layout.realize_around(last, before=self._view_height(), after=0)
        self._sync_virtual_size()
        self._scroll_y(self._max_y())

    def action_next_section(self) -> None:
        """Go to the next heading."""
        at = bisect_right(self._headings, self.cursor)
        if at < len(self._headings):
            self.scroll_to_passage(self._headings[at], top=True)

    def action_previous_section(self) -> None:
        """Go to the previous heading."""
        at = bisect_left(self._headings, self.cursor)
        if at > 0:
            self.scroll_to_passage(self._headings[at - 1], top=True)

    # ------------------------------------------------------------------ geometry

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _max_y(self) -> int:
        layout = self._layout
        if layout is None:
            return 0
        return max(0, layout.height - self._view_height())

    def _sync_virtual_size(self) -> None:
        layout = self._layout
        size = Size(self._content_width(), layout.height if layout is not None else 0)
        if size != self.virtual_size:
            self.virtual_size = size

    def _scroll_y(self, y: int) -> None:
        self._sync_virtual_size()
        y = max(0, min(y, self._max_y()))
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self._realize_view(y)
        self.refresh()  # the kept strips are by line: only lines new to the view are drawn

    def _realize_view(self, y: int) -> None:
        layout = self._layout
        if layout is not None and len(layout) and layout.realize_lines(y, y + self._view_height()):
            self._sync_virtual_size()

    def _relayout(self) -> None:
        """(Re)build the layout for the current width, then apply any pending scroll."""
        width = self._content_width()
        if width <= 0:
            return  # not sized yet: on_resize will come back here
        if self._layout is None or width != self._layout_width:
            if self._layout is not None and self._pending is None and len(self._layout):
                # Resize: keep the cursor passage on its row.
                old = min(self.cursor, len(self._layout) - 1)
                self._pending = ("row", old, self._layout.text_top(old) - round(self.scroll_y))
            # Only what is on screen is wrapped now; a report short enough to wrap whole is
            # finished right after this frame (exact scrollbar), a long one as it is read.
            like, self._like = self._like, None
            self._layout = Layout(
                self._passages,
                self.measure,
                paragraph_indent=self.PARAGRAPH_INDENT,
                eager_chars=0,
                like=like,
            )
            self._layout_width = width
            if sum(len(p.text) for p in self._passages) <= EAGER_CHARS:
                self.call_after_refresh(self._complete_layout, self._layout)
        self._sync_virtual_size()
        pending, self._pending = self._pending, None
        if pending is not None and len(self._layout):
            mode, index, row = pending
            if mode == "row":
                layout = self._layout
                layout.realize_around(index, before=max(0, row), after=self._view_height())
                self._scroll_y(layout.text_top(index) - row)
            else:
                self._reveal(index, top=mode == "top")
        self._clear()

    def _complete_layout(self, layout: Layout) -> None:
        """Wrap the rest of ``layout``, keeping the line at the top of the view in place."""
        if layout is not self._layout or layout.exact or not len(layout):
            return
        y = round(self.scroll_y)
        top = layout.passage_at(y)
        offset = y - layout.block_top(top)
        revision = layout.revision
        layout.realize_all()
        self._sync_virtual_size()
        if layout.revision != revision:  # some estimate was off: lines moved
            self._scroll_y(layout.block_top(top) + offset)
        # else every line is where it was drawn: only the scrollbar learns the exact height

    def _reveal(self, index: int, *, top: bool) -> None:
        layout = self._layout
        assert layout is not None
        height = self._view_height()
        layout.realize_around(index, before=height, after=height)
        self._sync_virtual_size()
        first, last = layout.text_top(index), layout.text_bottom(index)
        y = round(self.scroll_y)
        if top or first < y:
            self._scroll_y(first)
        elif last >= y + height:
            self._scroll_y(min(first, last - height + 1))
        # else: in view already; the cursor's move repainted what changed

    def _page_to(self, target: int) -> None:
        layout = self._layout
        assert layout is not None
        height = self._view_height()
        layout.realize_lines(target, target + height)
        self._sync_virtual_size()
        target = max(0, min(target, self._max_y()))
        index = layout.first_starting_in(target, target + height)
        if index is None:
            index = layout.passage_at(target)
        self._set_cursor(index)
        self._scroll_y(target)

    def _set_cursor(self, index: int) -> None:
        if index != self.cursor:
            self.cursor = index  # watch_cursor repaints the two passages

    def _clear(self) -> None:
        """Forget every drawn line and repaint the view (new text, width or link)."""
        self._strips.clear()
        self.refresh()

    def _repaint_passage(self, index: int) -> None:
        """Draw passage ``index``'s lines again (its gutter or selected link changed), if it
        is laid out; a cursor move repaints two passages, not the whole view."""
        layout = self._layout
        if layout is None or not 0 <= index < len(layout):
            return
        top, bottom = layout.text_top(index), layout.text_bottom(index)
        for y in range(top, bottom + 1):
            self._strips.discard(y)
        self.refresh_lines(top, bottom - top + 1)

    # ------------------------------------------------------------------ events & watchers

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._passages) - 1)) if self._passages else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._link_index = 0
        self._repaint_passage(old)
        self._repaint_passage(new)
        self.post_message(self.CursorMoved(self, new))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        self._realize_view(round(new_value))
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._follow_scroll()  # the strips are kept by line: a scroll draws only new lines

    def _follow_scroll(self) -> None:
        """After a free scroll (wheel, scrollbar) keep the cursor on a visible passage."""
        layout = self._layout
        if layout is None or not len(layout) or self._following:
            return
        y = round(self.scroll_y)
        height = self._view_height()
        cursor = min(self.cursor, len(layout) - 1)
        if layout.text_bottom(cursor) < y:
            index = layout.first_starting_in(y, y + height)
            index = layout.passage_at(y) if index is None else index
        elif layout.text_top(cursor) >= y + height:
            index = layout.passage_at(y + height - 1)
        else:
            return
        self._following = True
        try:
            self._set_cursor(index)
        finally:
            self._following = False

    def on_resize(self, event: Resize) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._role_styles.clear()
        self._base_style = None
        self._strips.clear()

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self._content_width()
        if width > 0 and self._layout is None and self._passages:
            # Sized before the Resize event arrives: lay out now, so the very first frame
            # shows the text instead of a blank pane and one more frame.
            self._relayout()
        layout = self._layout
        if layout is None or width <= 0:
            return Strip.blank(max(0, width), self.rich_style)
        if not self._text_painted:
            self._text_painted = True
            # From the pane's own queue (a message made while the screen renders would carry
            # the wrong sender and stop short of the app); it arrives once the frame is out.
            self.call_later(self._announce_text_painted)
        if layout.revision != self._strips_revision:
            self._strips.clear()  # lines moved since they were drawn
            self._strips_revision = layout.revision
        line_y = round(self.scroll_y) + y
        strip = self._strips.get(line_y)
        if strip is None:
            height = layout.height
            strip = self._render_layout_line(layout, line_y, width)
            if layout.height != height:
                self.call_later(self._sync_virtual_size)
            if layout.revision != self._strips_revision:  # this line wrapped a passage
                self._strips.clear()
                self._strips_revision = layout.revision
            self._strips[line_y] = strip
        return strip

    @property
    def base_style(self) -> Style:
        """The pane's own style (``rich_style``: walking the ancestors costs ~0.3 ms, once
        per line it was half the cost of drawing one); cleared when the styles change."""
        style = self._base_style
        if style is None:
            style = self._base_style = self.rich_style
        return style

    def _announce_text_painted(self) -> None:
        self.post_message(self.TextPainted())
