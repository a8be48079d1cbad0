"""The bookmarks list: report headings and bookmark rows on Textual's Line API
(a `ScrollView` that renders only the visible lines; no widget per bookmark)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.events import Click, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from trendreader import keys_help
from trendreader.bookmarks.filtering import RowMatches
from trendreader.i18n import _
from trendreader.library.sanitize import clean_line
from trendreader.tui.bindings import binding_list
from trendreader.tui.bookmark_rows import (
    EMPTY_MESSAGE,
    BookmarkRow,
    Listed,
    ReportGroup,
    filter_terms,
    row_haystack,
)
from trendreader.tui.widgets.bookmark_list_render import (
    LIST_COMPONENTS,
    LIST_CSS,
    BookmarkListRendering,
    Entry,
    Heading,
)


class BookmarkList(BookmarkListRendering, ScrollView, can_focus=True):
    """Report headings and bookmark rows on the Line API; a cursor on one bookmark.

    Public API: :meth:`set_groups`, :meth:`set_filter`, :attr:`current`, :meth:`move_to`,
    :attr:`visible_count`, :attr:`total_count`; posts :class:`BookmarkList.Chosen` when a
    highlighted row is clicked.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*binding_list(keys_help.BOOKMARKS, "bookmark_list.")]

    COMPONENT_CLASSES: ClassVar[set[str]] = set(LIST_COMPONENTS)
    DEFAULT_CSS = LIST_CSS

    class Chosen(Message):
        """A highlighted bookmark was clicked (the screen treats it like enter)."""

        def __init__(self, row: BookmarkRow) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        *,
        excerpts: Callable[[Sequence[Listed]], list[str]] | None = None,
        candidate_text: Callable[[BookmarkRow], str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``excerpts`` gives the shown excerpts of a page of bookmarks (called only for
        rows about to be shown); by default the stored excerpt is shown. ``candidate_text``
        gives the shown text of a changed bookmark's candidate passage."""
        super().__init__(id=id, classes=classes)
        self._excerpts = excerpts or (lambda bookmarks: [clean_line(b.excerpt) for b in bookmarks])
        self._candidate_text = candidate_text or (
            lambda row: clean_line(row.candidate.candidate.excerpt) if row.candidate else ""
        )
        self._groups: list[ReportGroup] = []
        self._terms: list[tuple[str, ...]] = []
        # the filter's side: every row's folded text and its report's title, in group order
        # (made at the first keystroke), and the rows the last filter let through
        self._haystacks: list[str] | None = None
        self._matched: tuple[list[tuple[str, ...]], list[int]] | None = None
        self._entries: list[Entry] = []
        self._tops: list[int] = []  # first line of each entry
        self._lines: list[int] = []  # line → entry index
        self._cursor: int | None = None  # entry index of the highlighted row
        self.total_count = 0
        self.empty_message = EMPTY_MESSAGE
        self.now = datetime.now(UTC)
        """Ages are measured from this (set by :meth:`set_groups`)."""

    # ------------------------------------------------------------------ public API

    @property
    def current(self) -> BookmarkRow | None:
        """The highlighted bookmark row, if any."""
        if self._cursor is None:
            return None
        entry = self._entries[self._cursor]
        return entry if isinstance(entry, BookmarkRow) else None

    @property
    def visible_count(self) -> int:
        """How many bookmarks the filter lets through."""
        return sum(1 for entry in self._entries if isinstance(entry, BookmarkRow))

    @property
    def visible_groups(self) -> int:
        """How many reports have bookmarks the filter lets through."""
        return sum(1 for entry in self._entries if isinstance(entry, Heading))

    @property
    def rows(self) -> list[BookmarkRow]:
        """The visible bookmark rows, top to bottom."""
        return [entry for entry in self._entries if isinstance(entry, BookmarkRow)]

    def set_groups(
        self,
        groups: list[ReportGroup],
        *,
        keep_id: int | None = None,
        now: datetime | None = None,
    ) -> None:
        """Show these groups (filtered by the current filter), cursor on ``keep_id``; ages
        are measured from ``now`` (default: the current time)."""
        self.now = now or datetime.now(UTC)
        self._groups = groups
        self._haystacks = None
        self._matched = None
        self.total_count = sum(len(group.rows) for group in groups)
        self._rebuild(keep_id)

    def set_filter(self, query: str) -> None:
        """Show only bookmarks holding every word of ``query`` (excerpt, note, tags, title;
        traditional and simplified match each other)."""
        terms = filter_terms(query)
        if terms == self._terms:
            return
        current = self.current
        self._terms = terms
        self._rebuild(current.bookmark.id if current else None)

    def excerpt_of(self, row: BookmarkRow) -> str:
        """The row's excerpt as shown (converted now if it has not been on screen)."""
        if row.excerpt is None:
            row.excerpt = self._excerpts([row.bookmark])[0]
        return row.excerpt

    def move_to(self, bookmark_id: int) -> bool:
        """Highlight a bookmark by id; False when it is not shown."""
        for index, entry in enumerate(self._entries):
            if isinstance(entry, BookmarkRow) and entry.bookmark.id == bookmark_id:
                self._set_cursor(index)
                return True
        return False

    # ------------------------------------------------------------------ model

    def _filtered(self, terms: list[tuple[str, ...]]) -> RowMatches:
        """The rows (indices in group order) holding every term, each in the row's text or
        its report's title. One pass per term over the candidates, in C
        (`~trendreader.bookmarks.filtering.filter_matches`); when the query only grew (each
        earlier term is in a term of the new one), among the last keystroke's matches."""
        from trendreader.bookmarks.filtering import filter_matches, narrows

        if self._haystacks is None:
            self._haystacks = [
                row_haystack(row) + "\n" + group.haystack
                for group in self._groups
                for row in group.rows
            ]
        among = None
        if self._matched is not None and narrows(terms, self._matched[0]):
            among = self._matched[1]
        found = filter_matches(self._haystacks, terms, among)
        self._matched = (terms, found)
        return RowMatches(found)

    def _rebuild(self, keep_id: int | None) -> None:
        terms = self._terms
        entries: list[Entry] = []
        matched = self._filtered(terms) if terms else None
        first = 0  # the index of the group's first row among all rows
        for group in self._groups:
            if matched is None:
                rows = group.rows
            else:
                end = first + len(group.rows)
                rows = [group.rows[i - first] for i in matched.range(first, end)]
                first = end
            if rows:
                entries.append(Heading(group, len(rows), spacer=bool(entries)))
                entries.extend(rows)
        tops: list[int] = []
        lines: list[int] = []
        for index, entry in enumerate(entries):
            tops.append(len(lines))
            lines.extend([index] * entry.height)
        self._entries, self._tops, self._lines = entries, tops, lines
        cursor = None
        if keep_id is not None:
            cursor = next(
                (
                    i
                    for i, e in enumerate(entries)
                    if isinstance(e, BookmarkRow) and e.bookmark.id == keep_id
                ),
                None,
            )
        if cursor is None:
            cursor = self._nearest_row(min(self._cursor or 0, max(0, len(entries) - 1)))
        self._cursor = cursor
        self._sync_virtual_size()
        if cursor is not None:
            self._reveal(cursor)
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _nearest_row(self, index: int) -> int | None:
        """The row at or after ``index``, else the last row before it."""
        entries = self._entries
        for i in range(index, len(entries)):
            if isinstance(entries[i], BookmarkRow):
                return i
        for i in range(min(index, len(entries)) - 1, -1, -1):
            if isinstance(entries[i], BookmarkRow):
                return i
        return None

    # ------------------------------------------------------------------ geometry

    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _sync_virtual_size(self) -> None:
        size = Size(self.scrollable_content_region.width, len(self._lines))
        if size != self.virtual_size:
            self.virtual_size = size

    def _reveal(self, index: int) -> None:
        """Scroll just enough to show the entry (and its heading, for a group's first row)."""
        top = self._tops[index]
        if index > 0 and isinstance(self._entries[index - 1], Heading):
            top = self._tops[index - 1]
        bottom = self._tops[index] + self._entries[index].height
        y = round(self.scroll_y)
        height = self._view_height()
        if top < y:
            y = top
        elif bottom > y + height:
            y = max(top if bottom - top > height else bottom - height, 0)
        else:
            return
        self.scroll_to(y=y, animate=False, immediate=True)

    def _set_cursor(self, index: int | None) -> None:
        self._cursor = index
        if index is not None:
            self._reveal(index)
        self.refresh()

    def _step(self, index: int, direction: int) -> int | None:
        entries = self._entries
        index += direction
        while 0 <= index < len(entries):
            if isinstance(entries[index], BookmarkRow):
                return index
            index += direction
        return None

    # ------------------------------------------------------------------ actions

    def action_cursor_down(self) -> None:
        if self._cursor is not None and (nxt := self._step(self._cursor, 1)) is not None:
            self._set_cursor(nxt)

    def action_cursor_up(self) -> None:
        if self._cursor is None:
            return
        prev = self._step(self._cursor, -1)
        if prev is not None:
            self._set_cursor(prev)
        else:
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_first(self) -> None:
        if (first := self._nearest_row(0)) is not None:
            self._set_cursor(first)
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        if (last := self._nearest_row(len(self._entries))) is not None:
            self._set_cursor(last)

    def _page(self, direction: int) -> None:
        if self._cursor is None:
            return
        height = self._view_height()
        target_line = self._tops[self._cursor] + direction * height
        target_line = max(0, min(target_line, len(self._lines) - 1))
        index = self._nearest_row(self._lines[target_line])
        if direction < 0 and index is not None and index > self._cursor:
            index = self._step(index, -1) or self._cursor
        if index is None:
            return
        y = max(0, min(round(self.scroll_y) + direction * height, len(self._lines) - height))
        self.scroll_to(y=y, animate=False, immediate=True)
        self._set_cursor(index)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    # ------------------------------------------------------------------ events

    def on_unmount(self) -> None:
        # A closed screen lingers in reference cycles until the next full collection of
        # the garbage collector; let its rows go now, so that they are not traversed then
        # (at 10,000 bookmarks that collection took 100 ms, in the next screen's load).
        self._groups, self._entries, self._tops, self._lines = [], [], [], []
        self._cursor = None

    def on_resize(self, event: Resize) -> None:
        self._sync_virtual_size()
        if self._cursor is not None:
            self._reveal(self._cursor)

    async def _on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = round(self.scroll_y) + offset.y
        if not 0 <= line < len(self._lines):
            return
        index = self._lines[line]
        entry = self._entries[index]
        if not isinstance(entry, BookmarkRow):
            return
        if index == self._cursor:
            self.post_message(self.Chosen(entry))
        else:
            self._set_cursor(index)

    # ------------------------------------------------------------------ rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        self._fill_excerpts(round(self.scroll_y) + crop.y, crop.height)
        return super().render_lines(crop)

    def _fill_excerpts(self, first_line: int, count: int) -> None:
        """Convert, in one batch, the excerpts of the rows on these lines (and a page
        below, for scrolling) that have not been shown yet."""
        lines = self._lines
        if not lines:
            return
        start = lines[max(0, min(first_line, len(lines) - 1))]
        end = lines[max(0, min(first_line + 2 * count, len(lines) - 1))]
        todo = [
            entry
            for entry in self._entries[start : end + 1]
            if isinstance(entry, BookmarkRow) and entry.excerpt is None
        ]
        if todo:
            for row, text in zip(todo, self._excerpts([row.bookmark for row in todo]), strict=True):
                row.excerpt = text

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0, base)
        if not self._lines:
            if y == 1:
                style = base + self.get_component_rich_style("bookmark-list--empty")
                return self._strip(Text("  " + _(self.empty_message), style=style), width, base)
            return Strip.blank(width, base)
        line = round(self.scroll_y) + y
        if not 0 <= line < len(self._lines):
            return Strip.blank(width, base)
        index = self._lines[line]
        entry = self._entries[index]
        line_no = line - self._tops[index]
        if isinstance(entry, Heading):
            if entry.spacer and line_no == 0:
                return Strip.blank(width, base)
            return self._strip(self._heading_text(entry, base), width, base)
        is_cursor = index == self._cursor
        if is_cursor:
            base = base + self.get_component_rich_style("bookmark-list--cursor")
        return self._strip(self._row_text(entry, line_no, width, base, is_cursor), width, base)


# --------------------------------------------------------------------------- the screen
