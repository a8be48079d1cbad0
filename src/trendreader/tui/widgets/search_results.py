"""The search screen's result list and its rows, grouped by report: a title row ("title ·
year · 3 hits") and then each hit's highlighted snippet wrapped for CJK in the reader's
script (`Text` with ranges stylized: document text is never read as markup), and the status
line's text. ``LoadMore`` is posted when the cursor nears the end of the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.events import Key
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trendreader.i18n import _, ngettext
from trendreader.library.sanitize import clean_line
from trendreader.reading.result_groups import ResultRow
from trendreader.search.service import SearchHit, SearchResults
from trendreader.search.snippets import Range
from trendreader.typeset.wrap import clip_ranges, wrap_passage

__all__ = ["SearchResultList", "hit_prompt", "status_text", "title_prompt"]

HIT_INDENT = "  "
"""A hit row under its report's title row."""


def _one_line(text: str) -> str:
    # same length, so the ranges stay where they are
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _wrapped(
    text: str,
    ranges: Sequence[Range],
    style: Style | str,
    width: int | None,
    max_lines: int,
) -> Text:
    """``text`` as `Text` with ``ranges`` in ``style``, broken into at most ``max_lines`` lines
    of ``width`` cells by the reader's CJK wrapper (Textual's own wrapping takes a run of
    Chinese for one long word). Without ``width``: one line, left to the widget to wrap."""
    spans = [(0, len(text))]
    cut = False
    if width is not None:
        lines = wrap_passage(text, width)
        spans = [(line.start, line.end) for line in lines[:max_lines]]
        cut = len(lines) > max_lines
        if cut:
            start, end = spans[-1]
            while end > start and cell_len(text[start:end]) + 1 > width:
                end -= 1
            spans[-1] = (start, end)
    out = Text()
    for number, (start, end) in enumerate(spans):
        if number:
            out.append("\n")
        offset = len(out.plain) - start
        out.append(text[start:end])
        for a, b in clip_ranges(ranges, start, end):
            out.stylize(style, a + offset, b + offset)
    if cut:
        out.append("…")
    return out


def hit_prompt(
    hit: SearchHit,
    hit_style: Style | str,
    meta_style: Style | str,
    *,
    width: int | None = None,
    max_lines: int = 3,
) -> Text:
    """A result row: the snippet with its hit ranges in ``hit_style``, then "title · year".

    Built as `Text` with ranges stylized: document text is never read as markup. With
    ``width`` (cells) the snippet is wrapped for CJK and cut to ``max_lines`` lines.
    """
    prompt = _wrapped(_one_line(hit.snippet), hit.snippet_highlights, hit_style, width, max_lines)
    meta = f"{hit.title} · {hit.year}" if hit.year is not None else hit.title
    prompt.append("\n")
    prompt.append(_one_line(meta), style=meta_style)
    return prompt


def grouped_hit_prompt(
    hit: SearchHit, hit_style: Style | str, *, width: int | None = None, max_lines: int = 3
) -> Text:
    """A hit row under its report's title row: the snippet only, indented."""
    room = width - len(HIT_INDENT) if width is not None else None
    snippet = _wrapped(_one_line(hit.snippet), hit.snippet_highlights, hit_style, room, max_lines)
    out = Text()
    for number, line in enumerate(snippet.split("\n")):
        if number:
            out.append("\n")
        out.append(HIT_INDENT)
        out.append_text(line)
    return out


def title_prompt(
    hit: SearchHit,
    count: int,
    title_style: Style | str,
    meta_style: Style | str,
    *,
    title_hit: bool = False,
    hit_style: Style | str = "",
    partial: bool = False,
) -> Text:
    """A report's title row: "title · year · 3 hits" (with ``title_hit`` the title's own
    matches highlighted: the hit on the title is shown here only; ``partial``: more results
    are still to load, so the report may have more: "3+ hits")."""
    title = _one_line(clean_line(hit.title))
    prompt = Text(title, style=title_style, no_wrap=True, overflow="ellipsis")
    if title_hit and _one_line(hit.text) == title:
        for a, b in hit.highlights:
            prompt.stylize(hit_style, a, b)
    meta = [str(hit.year)] if hit.year is not None else []
    if partial:
        meta.append(ngettext("{n}+ hit", "{n}+ hits", count).format(n=count))
    else:
        meta.append(ngettext("{n} hit", "{n} hits", count).format(n=count))
    prompt.append(" · " + " · ".join(meta), style=meta_style)
    return prompt


def status_text(results: SearchResults, *, elapsed: bool = True) -> str:
    """The status line for ``results``: "26 hits · 3 ms", "1 hit (showing 50 of 407)", the
    service's message, or both (a fallback search still finds things)."""
    parts: list[str] = []
    if results.message:
        parts.append(results.message)
    if results.searchable:
        count = ngettext("{n} hit", "{n} hits", results.total).format(n=results.total)
        if results.total > len(results.hits):
            count += _(" (showing {shown})").format(shown=len(results.hits))
        parts.append(count)
        if elapsed:
            parts.append(_("{ms} ms").format(ms=f"{results.elapsed_ms:.0f}"))
    return " · ".join(parts)


class SearchResultList(OptionList):
    """The results. ``up`` on the first result goes back to the input; typing goes there too."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-results--hit",
        "search-results--meta",
        "search-results--title",
    }

    NEAR_END: ClassVar[int] = 5
    """Rows from the end at which more results are asked for."""

    DEFAULT_CSS = """
    SearchResultList {
        & > .search-results--hit {
            color: $text-accent;
            text-style: bold reverse;
        }
        & > .search-results--meta {
            color: $text-muted;
        }
        & > .search-results--title {
            color: $text;
            text-style: bold;
        }
    }
    """

    class LoadMore(Message):
        """The cursor is near the end of the list: show more results if there are."""

    class LeaveTop(Message):
        """Up was pressed on the first result."""

    class TypedAhead(Message):
        """A printable key was pressed in the list; it belongs in the input."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._width: int | None = None

    def show_rows(
        self,
        hits: Sequence[SearchHit],
        rows: Sequence[ResultRow],
        *,
        highlight: str | None,
        partial: bool = False,
    ) -> None:
        """Show ``rows`` of ``hits``: a title row ``report-KEY``, a hit row ``hit-N`` (N: the
        hit's index), the row ``highlight`` names highlighted (else the first); ``partial``:
        more results are still to load."""
        self.clear_options()
        self._width = self.row_width()
        if not rows:
            return
        hit_style = self.foreground("search-results--hit")
        meta_style = self.foreground("search-results--meta")
        title_style = self.foreground("search-results--title")
        options = []
        for row in rows:
            hit = hits[row.hit]
            if row.is_title:
                prompt = title_prompt(
                    hit,
                    row.count,
                    title_style,
                    meta_style,
                    title_hit=row.title_hit,
                    hit_style=hit_style,
                    partial=partial,
                )
                options.append(Option(prompt, id=f"report-{row.report_key}"))
            else:
                prompt = grouped_hit_prompt(hit, hit_style, width=self._width)
                options.append(Option(prompt, id=f"hit-{row.hit}"))
        self.add_options(options)
        found = next((n for n, o in enumerate(options) if o.id == highlight), None)
        self.highlighted = found if found is not None else 0

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted row (``report-KEY`` or ``hit-N``), if any."""
        index = self.highlighted
        if index is None or index >= self.option_count:
            return None
        return self.get_option_at_index(index).id

    def row_width(self) -> int | None:
        """Cells a row may use (the list minus its option padding), once laid out."""
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - padding.width
        return width if width > 4 else None

    def needs_rewrap(self) -> bool:
        """The list's width changed since its rows were wrapped."""
        return self.row_width() != self._width

    def foreground(self, component: str) -> Style:
        """A component class's colour (blended, as the theme shows it) and text style, without
        its background, so the highlighted row keeps its own."""
        full = self.get_component_rich_style(component)
        partial = self.get_component_rich_style(component, partial=True)
        return Style(color=full.color) + partial.without_color

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted == 0:
            self.post_message(self.LeaveTop())
            return
        super().action_cursor_up()

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= self.option_count - self.NEAR_END:
            self.post_message(self.LoadMore())

    def on_key(self, event: Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(event.character))
