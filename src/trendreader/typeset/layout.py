"""Page layout of a report as lines (pure logic, no Textual).

The reading pane shows a report as a column of lines: each passage is wrapped once (see
`trendreader.typeset.wrap`) and preceded by blank separator lines. `Layout` maps between
passages and line numbers (``y``) without building a list of all lines:

* heights live in a Fenwick tree, so "where does passage k start" and "which passage is at
  line y" are O(log n) and a passage can change height cheaply;
* small reports are wrapped completely up front; large ones (more than ``eager_chars``
  characters) start with *estimated* heights, and a passage is wrapped exactly the first time it
  is looked at (`realize`, `line_at`). Because realizing passage k changes only the positions of
  the passages after it, a view whose top line lies in or before k keeps its place.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from trendreader.library.model import Passage, PassageKind, SpanStyle
from trendreader.typeset.blocks import (
    IMAGE_LABEL,
    DisplayLine,
    code_lines,
    image_lines,
    list_lines,
    quote_lines,
    rule_lines,
    table_lines,
)
from trendreader.typeset.wrap import WrappedLine, wrap_passage

__all__ = [
    "EAGER_CHARS",
    "PARAGRAPH_INDENT",
    "DisplayLine",
    "DisplayPassage",
    "Layout",
    "LineRef",
    "inline_layers",
    "typeset_passage",
]

EAGER_CHARS = 200_000
"""Reports up to this many characters are wrapped completely when the layout is built."""

PARAGRAPH_INDENT = 4
"""First-line indent of paragraphs, in cells (two CJK characters)."""

QUOTE_PREFIX = 2  # "│ " (per level); list markers and the other kinds: see typeset.blocks


@dataclass(frozen=True, slots=True)
class DisplayPassage:
    """A passage as the reading pane shows it.

    ``text`` is already in the reader's script; ``emphasis`` (bold) and ``highlights`` (search
    hits) are ``(start, end)`` character ranges of ``text``; ``marked`` puts a bookmark mark in
    the gutter. The kind-specific fields are those of `Passage`: ``number`` and ``depth`` of a
    list item (``depth`` of a quote too), ``language`` of a code block, ``spans``
    (``(start, end, SpanStyle)``: italic, code, strike) and ``links`` (``(start, end, url)``)
    as ranges of ``text``. A table's rows are in ``text`` (see `table_rows`).
    """

    kind: PassageKind
    text: str
    level: int = 0
    emphasis: tuple[tuple[int, int], ...] = ()
    highlights: tuple[tuple[int, int], ...] = ()
    marked: bool = False
    number: int | None = None
    depth: int = 0
    language: str = ""
    spans: tuple[tuple[int, int, str], ...] = ()
    links: tuple[tuple[int, int, str], ...] = ()
    label: str = ""
    """An image's marker word in the reader's script (图 or 圖; "" = 图)."""

    @classmethod
    def from_passage(
        cls,
        passage: Passage,
        text: str | None = None,
        *,
        emphasis: tuple[tuple[int, int], ...] | None = None,
        highlights: tuple[tuple[int, int], ...] = (),
        marked: bool = False,
    ) -> DisplayPassage:
        """Build from a domain `Passage`, optionally with converted ``text``.

        When ``text`` is given without ``emphasis``, the passage's emphasis, spans and links
        are kept only if the length did not change (character conversion keeps offsets;
        phrase conversion may not).
        """
        if text is None:
            text = passage.text
        same = len(text) == len(passage.text)
        if emphasis is None:
            emphasis = passage.emphasis if same else ()
        return cls(
            passage.kind,
            text,
            passage.level,
            emphasis,
            highlights,
            marked,
            passage.number,
            passage.depth,
            passage.language,
            passage.spans if same else (),
            passage.links if same else (),
        )


_SPAN_ROLES = {SpanStyle.ITALIC: "italic", SpanStyle.CODE: "code-span", SpanStyle.STRIKE: "strike"}


def inline_layers(
    passage: DisplayPassage, selected: tuple[int, int] | None = None
) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """The inline style layers of a passage for `trendreader.typeset.blocks.inline_runs`:
    bold, italic, code span, strike, link, the ``selected`` link, search hits (in the order
    they are applied). Roles: ``emphasis italic code-span strike link link-selected
    highlight``."""
    layers: list[tuple[str, tuple[tuple[int, int], ...]]] = []
    if passage.emphasis:
        layers.append(("emphasis", passage.emphasis))
    if passage.spans:
        for style, role in _SPAN_ROLES.items():
            ranges = tuple((a, b) for a, b, s in passage.spans if s == style)
            if ranges:
                layers.append((role, ranges))
    if passage.links:
        layers.append(("link", tuple((a, b) for a, b, _ in passage.links)))
    if selected is not None:
        layers.append(("link-selected", (selected,)))
    if passage.highlights:
        layers.append(("highlight", passage.highlights))
    return layers


def typeset_passage(
    passage: DisplayPassage, measure: int, paragraph_indent: int = PARAGRAPH_INDENT
) -> tuple[WrappedLine | DisplayLine, ...]:
    """The lines of one passage at ``measure`` cells: `WrappedLine`s for paragraphs and
    headings, `DisplayLine`s for the other kinds (see `trendreader.typeset.blocks`)."""
    kind = passage.kind
    text = passage.text
    if kind == PassageKind.PARAGRAPH:
        return tuple(wrap_passage(text, measure, passage.emphasis, indent=paragraph_indent))
    if kind == PassageKind.QUOTE:
        return quote_lines(text, measure, passage.emphasis, depth=passage.depth)
    if kind == PassageKind.LIST:
        return list_lines(
            text, measure, passage.emphasis, number=passage.number, depth=passage.depth
        )
    if kind == PassageKind.CODE:
        return code_lines(text, measure, language=passage.language)
    if kind == PassageKind.TABLE:
        return table_lines(text, measure)
    if kind == PassageKind.IMAGE:
        return image_lines(text, measure, label=passage.label or IMAGE_LABEL)
    if kind == PassageKind.RULE:
        return rule_lines(measure)
    return tuple(wrap_passage(text, measure, passage.emphasis))


def blank_lines_before(passages: Sequence[DisplayPassage], index: int) -> int:
    """Separator lines above passage ``index``: none for the first passage or between list
    items, two before a heading, one otherwise."""
    if index == 0:
        return 0
    kind = passages[index].kind
    if kind == PassageKind.HEADING:
        return 2
    if kind == PassageKind.LIST and passages[index - 1].kind == PassageKind.LIST:
        return 0
    return 1


def estimate_lines(text: str, width: int, indent: int) -> int:
    """A cheap guess of ``len(wrap_passage(text, width, indent=indent))``.

    Cells are estimated from the UTF-8 length (3-byte characters are mostly 2 cells wide).
    """
    cells = len(text) + (len(text.encode("utf-8")) - len(text)) // 2 + indent
    return max(1, math.ceil(cells / max(1, width))) + text.count("\n")


def _estimate(passage: DisplayPassage, measure: int, paragraph_indent: int) -> int:
    kind = passage.kind
    if kind == PassageKind.PARAGRAPH:
        return estimate_lines(passage.text, measure, paragraph_indent)
    if kind == PassageKind.TABLE:
        return passage.text.count("\n") + 2  # rows and the header rule
    if kind == PassageKind.RULE:
        return 1
    if kind == PassageKind.CODE:
        return passage.text.count("\n") + 1 + bool(passage.language)
    return estimate_lines(passage.text, max(1, measure - QUOTE_PREFIX), 0)


class LineRef(NamedTuple):
    """What is on one line of the layout.

    ``row`` is the index of the wrapped line within passage ``index``, or -1 for a blank
    separator line before it; ``line`` is that wrapped line (None for a blank line).
    """

    index: int
    row: int
    line: WrappedLine | DisplayLine | None


class _Fenwick:
    """Prefix sums over a list of ints with point updates (all O(log n))."""

    __slots__ = ("_n", "_tree")

    def __init__(self, values: Sequence[int]) -> None:
        n = len(values)
        tree = [0, *values]
        for i in range(1, n + 1):
            parent = i + (i & -i)
            if parent <= n:
                tree[parent] += tree[i]
        self._n = n
        self._tree = tree

    def add(self, index: int, delta: int) -> None:
        i = index + 1
        tree, n = self._tree, self._n
        while i <= n:
            tree[i] += delta
            i += i & -i

    def prefix(self, count: int) -> int:
        """Sum of the first ``count`` values."""
        total = 0
        i = count
        tree = self._tree
        while i > 0:
            total += tree[i]
            i -= i & -i
        return total

    def find(self, y: int) -> int:
        """The index k such that prefix(k) <= y < prefix(k + 1) (values must be positive)."""
        pos = 0
        remaining = y
        tree, n = self._tree, self._n
        step = 1 << n.bit_length()
        while step:
            nxt = pos + step
            if nxt <= n and tree[nxt] <= remaining:
                pos = nxt
                remaining -= tree[nxt]
            step >>= 1
        return pos


class Layout:
    """Line geometry of a list of passages at one text measure (see the module docstring)."""

    def __init__(
        self,
        passages: Sequence[DisplayPassage],
        measure: int,
        *,
        paragraph_indent: int = PARAGRAPH_INDENT,
        eager_chars: int = EAGER_CHARS,
        like: Layout | None = None,
    ) -> None:
        """``like``: a layout of the same passages in another script (a script switch) at
        the same measure; its known heights are taken as the estimates, which are then
        nearly always exact: no line moves when the passages are wrapped."""
        self.passages: Sequence[DisplayPassage] = passages
        self.measure = max(1, measure)
        self.paragraph_indent = paragraph_indent
        n = len(passages)
        self._blanks = [blank_lines_before(passages, k) for k in range(n)]
        self._lines: list[tuple[WrappedLine | DisplayLine, ...] | None] = [None] * n
        eager = sum(len(p.text) for p in passages) <= eager_chars
        hints = (
            like._heights
            if like is not None and len(like) == n and like.measure == self.measure
            else None
        )
        heights = []
        for k, passage in enumerate(passages):
            if eager:
                lines = typeset_passage(passage, self.measure, paragraph_indent)
                self._lines[k] = lines
                heights.append(self._blanks[k] + len(lines))
            elif hints is not None:
                heights.append(hints[k])
            else:
                heights.append(self._blanks[k] + _estimate(passage, self.measure, paragraph_indent))
        self._heights = heights
        self._tree = _Fenwick(heights)
        self._height = sum(heights)
        self._exact = n if eager else 0
        self.revision = 0
        """Counts the wraps that changed a passage's height (every line below it moved):
        a line drawn at an earlier revision may no longer be the line at its ``y``."""

    def __len__(self) -> int:
        return len(self.passages)

    @property
    def height(self) -> int:
        """Total number of lines (estimated while some passages are not wrapped yet)."""
        return self._height

    @property
    def exact(self) -> bool:
        """True once every passage is wrapped (the height is then exact)."""
        return self._exact == len(self.passages)

    def is_realized(self, index: int) -> bool:
        return self._lines[index] is not None

    def lines_of(self, index: int) -> tuple[WrappedLine | DisplayLine, ...]:
        """The wrapped lines of passage ``index`` (wrapping it now if needed)."""
        lines = self._lines[index]
        if lines is None:
            self.realize(index)
            lines = self._lines[index]
            assert lines is not None
        return lines

    def realize(self, index: int) -> int:
        """Wrap passage ``index`` exactly; returns the change of its height (0 if known)."""
        if self._lines[index] is not None:
            return 0
        lines = typeset_passage(self.passages[index], self.measure, self.paragraph_indent)
        self._lines[index] = lines
        self._exact += 1
        height = self._blanks[index] + len(lines)
        delta = height - self._heights[index]
        if delta:
            self._heights[index] = height
            self._tree.add(index, delta)
            self._height += delta
            self.revision += 1
        return delta

    def realize_all(self) -> int:
        """Wrap every passage (the height becomes exact); returns the total change of height."""
        return sum(self.realize(k) for k in range(len(self.passages)))

    def realize_lines(self, y0: int, y1: int) -> int:
        """Wrap every passage that (after wrapping) overlaps lines ``[y0, y1)``.

        Passages before the one at ``y0`` are untouched, so the passage at ``y0`` keeps its top
        line. Returns the total change of height.
        """
        if not self.passages:
            return 0
        total = 0
        k = self.passage_at(y0)
        n = len(self.passages)
        while k < n and self.block_top(k) < y1:
            total += self.realize(k)
            k += 1
        return total

    def realize_around(self, index: int, before: int, after: int) -> None:
        """Wrap passage ``index``, then neighbours until ``before`` lines above its first text
        line and ``after`` lines below it are exact."""
        n = len(self.passages)
        if not n:
            return
        self.realize(index)
        covered = 0
        k = index - 1
        while k >= 0 and covered < before:
            self.realize(k)
            covered += self._heights[k]
            k -= 1
        covered = self._heights[index]
        k = index + 1
        while k < n and covered < after:
            self.realize(k)
            covered += self._heights[k]
            k += 1

    def block_top(self, index: int) -> int:
        """First line of passage ``index``'s block (its separator lines included)."""
        return self._tree.prefix(index)

    def text_top(self, index: int) -> int:
        """First text line of passage ``index``."""
        return self._tree.prefix(index) + self._blanks[index]

    def text_bottom(self, index: int) -> int:
        """Last text line of passage ``index`` (inclusive)."""
        return self._tree.prefix(index + 1) - 1

    def passage_at(self, y: int) -> int:
        """The passage whose block holds line ``y`` (clamped to the layout)."""
        n = len(self.passages)
        if not n:
            raise IndexError("empty layout")
        if y <= 0:
            return 0
        if y >= self._height:
            return n - 1
        return min(self._tree.find(y), n - 1)

    def line_at(self, y: int) -> LineRef | None:
        """What is on line ``y`` (wrapping its passage if needed), or None past the end."""
        if y < 0 or y >= self._height:
            return None
        k = self.passage_at(y)
        lines = self.lines_of(k)  # may change heights after k only, not block_top(k)
        row = y - self.text_top(k)
        if row < 0:
            return LineRef(k, -1, None)
        if row >= len(lines):  # cannot happen once realized; defensive
            return None
        return LineRef(k, row, lines[row])

    def first_starting_in(self, y0: int, y1: int) -> int | None:
        """The first passage whose first text line lies in ``[y0, y1)``."""
        if not self.passages:
            return None
        k = self.passage_at(y0)
        n = len(self.passages)
        while k < n:
            top = self.text_top(k)
            if top >= y1:
                return None
            if top >= y0:
                return k
            k += 1
        return None

    def iter_lines(self) -> Iterator[LineRef]:
        """Every line in order (wraps everything; for tests and small reports)."""
        y = 0
        while y < self._height:
            ref = self.line_at(y)
            if ref is None:
                break
            yield ref
            y += 1
