"""CJK-aware line wrapping in terminal cells (pure logic, no Textual).

`wrap_passage` splits one passage into lines that fit a width in terminal cells. Each
`WrappedLine` holds ``(start, end)`` character offsets into the passage text, so emphasis and
search highlights given as character ranges map onto the rendered cells exactly.

Rules, in order of priority:

1. Widths are terminal cells as Rich measures them (`rich.cells.cell_len`): CJK characters and
   full-width punctuation are 2 cells; ``“ ” … —`` are 1 cell. The unit of layout is a
   grapheme cluster as Rich splits it (`rich.cells.split_graphemes`), so combining marks,
   variation selectors and ZWJ emoji sequences are never split.
2. A break may fall at whitespace (the whitespace is dropped: it belongs to neither line), or
   between two adjacent clusters when at least one of them is wide (2+ cells: CJK, full-width
   punctuation, emoji). Runs of narrow characters (Latin words, numbers, ``3.5%``, URLs,
   ``……``, ``——``) are kept together.
3. Kinsoku: no line starts with a closing mark (`NO_START`: 。，、；：？！」』）》… and their
   half-width forms) and no line ends with an opening mark (`NO_END`: 「『（《“‘ …). When the
   natural break point is forbidden, the break moves back (the previous character is pulled down
   onto the next line), as far as the start of the line.
4. Fallbacks, used only when rule 2+3 leave no break point inside the line:
   a. break between two narrow clusters (hard-split a word longer than the line), still obeying
      kinsoku;
   b. break exactly at the overflow point, even if that starts a line with a closing mark or
      ends one with an opening mark ("unavoidable": e.g. a run of closing marks longer than the
      line, or a width of one character).
   A line is wider than ``width`` only when it holds a single cluster that is itself wider than
   ``width`` (e.g. a CJK character at width 1).
5. ``"\\n"`` inside a passage forces a line break (it is dropped like break whitespace).
6. The first line may be indented by ``indent`` cells (Chinese paragraphs: 2 characters = 4
   cells). The indent is reduced to ``max(0, width - 2)`` when it would leave less than one CJK
   character of room.

Whitespace at the start of the first line is kept (it is content), unless it alone overflows
the line. Trailing whitespace of every line is dropped. So the gaps between lines (and before
the first / after the last line) contain only whitespace and newlines: nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len, get_character_cell_size, split_graphemes

__all__ = [
    "NO_END",
    "NO_START",
    "WHITESPACE",
    "WrappedLine",
    "clip_ranges",
    "clusters",
    "wrap_passage",
]

# Characters that must not start a line: closing brackets and quotes, sentence and clause
# punctuation (full- and half-width), ellipsis, middle dots, percent/per-mille signs, iteration
# marks and small kana. "’" is included: as an apostrophe it sits inside a Latin word, which is
# never split at a narrow/narrow boundary anyway.
NO_START: frozenset[str] = frozenset(
    "。，、；：？！」』）》〉】〕〗〙〛］｝＞｠〞〟”’"
    "．｡､｣﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞"
    "…‥・·‧％‰‱℃"
    ",.;:?!)]}>%"
    "ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "〜～"
)

# Characters that must not end a line: opening brackets and quotes, and currency signs that
# belong to the number that follows.
NO_END: frozenset[str] = frozenset("「『（《〈【〔〖〘〚［｛＜｟〝“‘([{<＄￥￡$¥£€#＃")

# Whitespace where a line may break; it is dropped at the break.
WHITESPACE: frozenset[str] = frozenset(" \t\r\u3000\u2002\u2003\u2009\u200b")

_SPECIAL = ("\u200d", "\ufe0f")


class WrappedLine(NamedTuple):
    """One wrapped line of a passage.

    ``text[start:end]`` is what the line shows (``end`` exclusive); ``width`` is its width in
    cells (``cell_len(text[start:end])``); ``indent`` is the number of blank cells to draw
    before it (non-zero on the first line only); ``emphasis`` holds the emphasis ranges of the
    passage clipped to ``[start, end)``, in passage offsets.
    """

    start: int
    end: int
    width: int
    indent: int = 0
    emphasis: tuple[tuple[int, int], ...] = ()


def clip_ranges(
    ranges: Iterable[tuple[int, int]], start: int, end: int
) -> tuple[tuple[int, int], ...]:
    """The parts of ``ranges`` that fall in ``[start, end)``, sorted, empty ones dropped."""
    clipped = []
    for a, b in ranges:
        a = max(a, start)
        b = min(b, end)
        if a < b:
            clipped.append((a, b))
    clipped.sort()
    return tuple(clipped)


def wrap_passage(
    text: str,
    width: int,
    emphasis: Sequence[tuple[int, int]] = (),
    *,
    indent: int = 0,
) -> list[WrappedLine]:
    """Wrap ``text`` into lines of at most ``width`` cells (see the module docstring).

    Args:
        text: The passage text (plain text, no markup).
        width: Available width in cells; values below 1 are treated as 1.
        emphasis: ``(start, end)`` character ranges set in bold; they are clipped onto each line
            (``WrappedLine.emphasis``) and do not change the wrapping.
        indent: First-line indent in cells.

    Returns:
        At least one line (an empty text gives one empty line at offset 0).
    """
    lines = _wrap_cached(text, max(1, width), max(0, indent))
    if not emphasis:
        return list(lines)
    return [line._replace(emphasis=clip_ranges(emphasis, line.start, line.end)) for line in lines]


@lru_cache(maxsize=8192)
def _wrap_cached(text: str, width: int, indent: int) -> tuple[WrappedLine, ...]:
    if "\n" not in text:
        return tuple(_wrap_segment(text, 0, width, indent))
    lines: list[WrappedLine] = []
    offset = 0
    for number, segment in enumerate(text.split("\n")):
        lines.extend(_wrap_segment(segment, offset, width, indent if number == 0 else 0))
        offset += len(segment) + 1
    return tuple(lines)


def clusters(text: str) -> tuple[list[int], list[int]]:
    """Start offsets and cell widths of the grapheme clusters of ``text``.

    Whitespace characters are always clusters of their own. Widths are additive: the width of a
    run of clusters equals ``cell_len`` of its text.
    """
    starts: list[int] = []
    widths: list[int] = []
    if _SPECIAL[0] in text or _SPECIAL[1] in text:
        spans, _ = split_graphemes(text)
        for a, b, _w in spans:
            piece = text[a:b]
            # Keep whitespace separate from any zero-width tail Rich attached to it.
            if piece[0] in WHITESPACE and b - a > 1:
                starts.append(a)
                widths.append(cell_len(piece[0]))
                a += 1
                piece = piece[1:]
            starts.append(a)
            widths.append(cell_len(piece))
        return starts, widths
    size = get_character_cell_size
    append_start = starts.append
    append_width = widths.append
    for index, char in enumerate(text):
        w = size(char)
        if w or not starts or char in WHITESPACE or text[index - 1] in WHITESPACE:
            append_start(index)
            append_width(w)
        # else: a zero-width character joins the previous cluster (width unchanged)
    return starts, widths


def _wrap_segment(text: str, offset: int, width: int, indent: int) -> list[WrappedLine]:
    """Wrap one newline-free segment; offsets are shifted by ``offset``."""
    if not text:
        return [WrappedLine(offset, offset, 0, 0)]
    starts, widths = clusters(text)
    n = len(starts)
    starts.append(len(text))  # sentinel: end of the last cluster
    space = [text[s] in WHITESPACE and starts[k + 1] - s == 1 for k, s in enumerate(starts[:n])]
    indent = min(indent, max(0, width - 2))

    def first_char(k: int) -> str:
        return text[starts[k]]

    def last_char(k: int) -> str:
        # The character that "ends" cluster k visually: its base character.
        return text[starts[k]]

    def candidate(i: int, b: int, strict: bool) -> bool:
        """May the line that starts at cluster i break before cluster b (i < b <= n)?"""
        e = b - 1
        while e >= i and space[e]:
            e -= 1
        if e < i:
            return False  # the line would be empty
        s = b
        while s < n and space[s]:
            s += 1
        if s == n:
            return True
        if first_char(s) in NO_START or last_char(e) in NO_END:
            return False
        if not strict or s > e + 1:  # relaxed, or whitespace between
            return True
        return widths[e] >= 2 or widths[s] >= 2

    lines: list[WrappedLine] = []
    i = 0
    first = True
    while i < n:
        avail = width - indent if first else width
        if not first:
            while i < n and space[i]:
                i += 1
            if i == n:
                break
        # Greedy fill.
        j = i
        used = 0
        while j < n and used + widths[j] <= avail:
            used += widths[j]
            j += 1
        if j == n:
            b = n
        elif j == i:
            b = i + 1  # a single cluster wider than the line: it gets a line of its own
        elif first and all(space[i:j]):
            # Leading whitespace alone overflows the first line: drop it like break space.
            i = j
            first = False
            continue
        else:
            b = _find_break(i, j, candidate)
        e = b
        while e > i and space[e - 1]:
            e -= 1
        line_width = sum(widths[i:e])
        lines.append(
            WrappedLine(offset + starts[i], offset + starts[e], line_width, indent if first else 0)
        )
        first = False
        i = b
    if not lines:  # only whitespace
        return [WrappedLine(offset, offset, 0, 0)]
    return lines


def _find_break(i: int, j: int, candidate: Callable[[int, int, bool], bool]) -> int:
    """The break point for a line from cluster i that overflows at cluster j (i < j < n)."""
    for strict in (True, False):
        for b in range(j, i, -1):
            if candidate(i, b, strict):
                return b
    return j
