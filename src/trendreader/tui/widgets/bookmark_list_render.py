"""How the bookmarks list draws its lines: a report heading (title, count, a mark when the
report is gone from the library) and the lines of a bookmark row (excerpt and age; note and
tags; a changed passage's candidate), each part in its component class, with the list's
`DEFAULT_CSS`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from trendreader.i18n import _
from trendreader.tui.bookmark_rows import (
    AGE_WIDTH,
    CHANGED_MARK,
    CURSOR_GLYPH,
    GONE_MARK,
    MISSING_REPORT_MARK,
    BookmarkRow,
    ReportGroup,
    age_label,
    fit,
)

if TYPE_CHECKING:
    from textual.app import App

LIST_COMPONENTS: frozenset[str] = frozenset(
    {
        "bookmark-list--heading",
        "bookmark-list--count",
        "bookmark-list--missing",
        "bookmark-list--cursor",
        "bookmark-list--gone",
        "bookmark-list--note",
        "bookmark-list--tags",
        "bookmark-list--age",
        "bookmark-list--empty",
    }
)
"""The component classes of the list (one per part of a row or heading)."""

LIST_CSS = """
BookmarkList {
    height: 1fr;
    overflow-x: hidden;
    overflow-y: auto;

    & > .bookmark-list--heading {
        color: $text-accent;
        text-style: bold;
    }
    & > .bookmark-list--count {
        color: $text-muted;
    }
    & > .bookmark-list--missing {
        color: $text-warning;
    }
    & > .bookmark-list--cursor {
        background: $boost;
        color: $accent;
    }
    &:blur > .bookmark-list--cursor {
        color: $accent-muted;
    }
    & > .bookmark-list--gone {
        color: $text-warning;
        text-style: italic;
    }
    & > .bookmark-list--note {
        color: $text-muted;
    }
    & > .bookmark-list--tags {
        color: $text-success;
    }
    & > .bookmark-list--age {
        color: $text-muted;
    }
    & > .bookmark-list--empty {
        color: $text-muted;
    }
}
"""
"""The list's own styles: its box, then each part's colours from the active theme."""


@dataclass(frozen=True, slots=True)
class Heading:
    group: ReportGroup
    count: int
    spacer: bool  # a blank line above it

    @property
    def height(self) -> int:
        return 2 if self.spacer else 1


Entry = Heading | BookmarkRow


class BookmarkListRendering:
    """Line drawing of `BookmarkList` (a plain mixin, its first base: no Widget of its own,
    so nothing of ScrollView's is shadowed)."""

    now: datetime
    _candidate_text: Callable[[BookmarkRow], str]

    if TYPE_CHECKING:  # the list's own (see BookmarkList), and Widget's
        app: App[object]

        def excerpt_of(self, row: BookmarkRow) -> str: ...

        def get_component_rich_style(self, *names: str, partial: bool = False) -> Style: ...

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis")
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width, base)

    def _heading_text(self, heading: Heading, base: Style) -> Text:
        style = self.get_component_rich_style
        text = Text(style=base)
        text.append(heading.group.title, base + style("bookmark-list--heading"))
        text.append(f"  {heading.count}", base + style("bookmark-list--count"))
        if not heading.group.in_library:
            text.append("  " + _(MISSING_REPORT_MARK), base + style("bookmark-list--missing"))
        return text

    def _row_text(
        self, row: BookmarkRow, line_no: int, width: int, base: Style, is_cursor: bool
    ) -> Text:
        style = self.get_component_rich_style
        gutter = CURSOR_GLYPH + " " if is_cursor else "  "
        text = Text(style=base)
        text.append(gutter, base)
        if line_no == 0:
            if row.age is None:
                row.age = age_label(row.bookmark.created, self.now)
            age = row.age.rjust(AGE_WIDTH)
            room = max(1, width - len(gutter) - cell_len(age) - 2)
            mark = ""
            if row.bookmark.orphaned:
                mark = _(CHANGED_MARK if row.changed else GONE_MARK) + " "
            mark = fit(mark, room)
            excerpt = fit(self.excerpt_of(row), room - cell_len(mark))
            text.append(mark, base + style("bookmark-list--gone"))
            text.append(excerpt, base)
            text.append(" " * (room - cell_len(mark) - cell_len(excerpt)) + "  ", base)
            text.append(age, base + style("bookmark-list--age"))
        elif line_no == 1 and (row.note or row.tags):
            text.append("  ", base)
            if row.note:
                text.append(row.note, base + style("bookmark-list--note"))
            if row.tags:
                if row.note:
                    text.append("  ", base)
                text.append(row.tags, base + style("bookmark-list--tags"))
            text.truncate(width, overflow="ellipsis")
        elif (candidate := row.candidate) is not None:
            if row.candidate_text is None:
                row.candidate_text = self._candidate_text(row)
            share = round(candidate.ratio * 100)
            label = _("  ↳ a: accept #{ordinal} ({share}% alike): ").format(
                ordinal=candidate.passage.ordinal, share=share
            )
            text.append(label, base + style("bookmark-list--gone"))
            text.append(row.candidate_text, base)
            text.truncate(width, overflow="ellipsis")
        else:
            text.append(
                _("  ↳ no passage of the report is alike"), base + style("bookmark-list--gone")
            )
            text.truncate(width, overflow="ellipsis")
        return text
