"""The search screen's result list and its rows: each a highlighted snippet wrapped for
CJK in the reader's script and a dim "title · year" line (`Text` with ranges stylized:
document text is never read as markup), and the status line's text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.events import Key
from textual.message import Message
from textual.widgets import OptionList

from trendreader.search.service import SearchHit, SearchResults
from trendreader.search.snippets import Range
from trendreader.typeset.wrap import clip_ranges, wrap_passage

__all__ = ["SearchResultList", "hit_prompt", "status_text"]


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


def status_text(results: SearchResults, *, elapsed: bool = True) -> str:
    """The status line for ``results``: "26 hits · 3 ms", "1 hit (showing 50 of 407)", the
    service's message, or both (a fallback search still finds things)."""
    parts: list[str] = []
    if results.message:
        parts.append(results.message)
    if results.searchable:
        count = f"{results.total} hit" + ("" if results.total == 1 else "s")
        if results.total > len(results.hits):
            count += f" (showing {len(results.hits)})"
        parts.append(count)
        if elapsed:
            parts.append(f"{results.elapsed_ms:.0f} ms")
    return " · ".join(parts)


class SearchResultList(OptionList):
    """The results. ``up`` on the first result goes back to the input; typing goes there too."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-results--hit",
        "search-results--meta",
    }

    DEFAULT_CSS = """
    SearchResultList {
        & > .search-results--hit {
            color: $text-accent;
            text-style: bold reverse;
        }
        & > .search-results--meta {
            color: $text-muted;
        }
    }
    """

    class LeaveTop(Message):
        """Up was pressed on the first result."""

    class TypedAhead(Message):
        """A printable key was pressed in the list; it belongs in the input."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted == 0:
            self.post_message(self.LeaveTop())
            return
        super().action_cursor_up()

    def on_key(self, event: Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(event.character))
