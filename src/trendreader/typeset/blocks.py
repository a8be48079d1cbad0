"""Typesetting of the passage kinds that are more than wrapped prose (pure logic, no Textual).

Paragraphs and headings are `WrappedLine`s straight from `trendreader.typeset.wrap`. Every
other kind is laid out here as `DisplayLine`s: a line is a row of `Piece`s, each either a slice
``text[start:end]`` of the passage (so bold, spans, links and search highlights given as
character ranges still land on the right cells) or a literal decoration (a quote bar, a list
number, a table rule). A piece has a *role*, a short name the widget maps to a style (the
reading pane uses the component class ``reading-pane--<role>``).

The kinds:

* QUOTE: one bar ``│ `` per nesting level (``depth`` 0 = one bar), CJK-wrapped.
* LIST: ``depth`` × 2 cells of nesting, then the marker — the item's own number (``3.``) or a
  bullet (``•`` ``◦`` ``▪`` by depth) — and a hanging indent: wrapped lines start under the text,
  not under the marker.
* CODE: lines verbatim — leading spaces, blank lines, ``*`` and ``#`` kept, no Chinese
  line-breaking; tabs expand to the next multiple of 4 cells. Lines longer than the measure are
  **soft-wrapped at the exact cell with a ``↪`` mark** at the start of each continuation line.
  Chosen over a horizontal window because the pane scrolls by passage with one vertical
  position for the whole report (Line API): a window would need a horizontal offset per block
  and keys to move it, and would hide the end of long lines from a reader paging through; the
  mark keeps it unambiguous that the break is not in the source. A language, when known, is a
  label line at the top of the block.
* TABLE: a cell-exact grid — columns as wide as their widest cell in terminal cells (CJK = 2),
  `` │ `` between columns, a ``─┼─`` rule under the header row (role ``table-header``).
  A table wider than the measure has its widest columns narrowed until it fits (never below
  `TABLE_MIN_COLUMN` cells) and cells cut with ``…``; if even that does not fit, the columns
  that do not fit are left out and each row ends with ``…``. Nothing wraps inside a cell, so a
  row stays one line. (The full text stays in the passage: `read` prints it, search finds it.)
* IMAGE: ``[图：alt]`` (``[图]`` without alt text), alt text CJK-wrapped with a hanging indent.
* RULE: a short line centred in the measure.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len

from trendreader.typeset.wrap import WrappedLine, clip_ranges, clusters, wrap_passage

__all__ = [
    "BULLETS",
    "CODE_CONTINUATION",
    "CODE_PAD",
    "IMAGE_LABEL",
    "LIST_NEST",
    "QUOTE_BAR",
    "TABLE_MIN_COLUMN",
    "TABLE_SEPARATOR",
    "DisplayLine",
    "Piece",
    "code_lines",
    "fit_columns",
    "image_lines",
    "inline_runs",
    "list_lines",
    "list_marker",
    "quote_lines",
    "rule_lines",
    "table_cells",
    "table_lines",
]

QUOTE_BAR = "│ "
LIST_NEST = 2
"""Cells of indent per list nesting level."""
BULLETS = ("•", "◦", "▪")
"""Bullets of unnumbered items by depth (then repeating)."""
CODE_PAD = 2
"""Cells left of a code line: blank, or `CODE_CONTINUATION` and a space on a continuation."""
CODE_CONTINUATION = "↪"
CODE_TAB = 4
TABLE_SEPARATOR = " │ "
TABLE_RULE_CROSS = "─┼─"
TABLE_MIN_COLUMN = 3
"""Narrowest a column is made to fit a wide table (room for one CJK character and ``…``)."""
TABLE_MORE = " …"
IMAGE_LABEL = "图"
RULE_WIDTH = 16


class Piece(NamedTuple):
    """One run of a `DisplayLine`: ``text[start:end]`` of the passage, or ``literal``.

    ``role`` names the style ("" = the passage's own); ``width`` is the run's width in cells.
    """

    role: str
    start: int
    end: int
    width: int
    literal: str | None = None


class DisplayLine(NamedTuple):
    """One line of a block kind (see the module docstring).

    The first fields mirror `WrappedLine`: ``start``/``end`` span the passage text the line
    shows (``start == end`` for a line of decorations only), ``width`` is the cells of all its
    pieces, ``indent`` is always 0 (indents are pieces), ``emphasis`` the bold ranges clipped
    to the line. ``fill`` is the role of the cells after the pieces up to the measure ("" =
    none; code blocks fill with their background).
    """

    start: int
    end: int
    width: int
    indent: int = 0
    emphasis: tuple[tuple[int, int], ...] = ()
    pieces: tuple[Piece, ...] = ()
    fill: str = ""


def _literal(role: str, text: str) -> Piece:
    return Piece(role, 0, 0, cell_len(text), text)


def _decorated(
    lines: Sequence[WrappedLine],
    first: Piece | None,
    rest: Piece | None,
    role: str,
    last: Piece | None = None,
) -> tuple[DisplayLine, ...]:
    """Wrapped lines with a decoration before them (``first`` on line 0, ``rest`` after)."""
    out = []
    for row, line in enumerate(lines):
        pieces: list[Piece] = []
        prefix = first if row == 0 else rest
        if prefix is not None:
            pieces.append(prefix)
        if line.indent:
            pieces.append(_literal("", " " * line.indent))
        pieces.append(Piece(role, line.start, line.end, line.width))
        if last is not None and row == len(lines) - 1:
            pieces.append(last)
        width = sum(p.width for p in pieces)
        out.append(DisplayLine(line.start, line.end, width, 0, line.emphasis, tuple(pieces)))
    return tuple(out)


# ---------------------------------------------------------------- quotes, lists, images, rules


def quote_lines(
    text: str, measure: int, emphasis: Sequence[tuple[int, int]] = (), *, depth: int = 0
) -> tuple[DisplayLine, ...]:
    """A quote: one bar per level (``depth`` 0 = one), the text CJK-wrapped beside them."""
    bars = _literal("quote-bar", QUOTE_BAR * (max(0, depth) + 1))
    width = max(1, measure - bars.width)
    return _decorated(wrap_passage(text, width, emphasis), bars, bars, "quote")


def list_marker(number: int | None, depth: int = 0) -> str:
    """The marker of a list item: ``"3."`` for item 3, a bullet by depth for an unnumbered one."""
    if number is not None:
        return f"{number}."
    return BULLETS[max(0, depth) % len(BULLETS)]


def list_lines(
    text: str,
    measure: int,
    emphasis: Sequence[tuple[int, int]] = (),
    *,
    number: int | None = None,
    depth: int = 0,
) -> tuple[DisplayLine, ...]:
    """A list item: nesting indent, marker, and a hanging indent for the wrapped lines."""
    nest = " " * (LIST_NEST * max(0, depth))
    marker = list_marker(number, depth) + " "
    hang = len(nest) + cell_len(marker)
    if hang > measure // 2:  # very deep nesting in a narrow pane: stop indenting
        nest, hang = "", cell_len(marker)
    width = max(1, measure - hang)
    first = _literal("bullet", nest + marker)
    rest = _literal("", " " * hang)
    return _decorated(wrap_passage(text, width, emphasis), first, rest, "")


def image_lines(text: str, measure: int, *, label: str = IMAGE_LABEL) -> tuple[DisplayLine, ...]:
    """An image marker: ``[图：alt]``, or ``[图]`` when there is no alt text."""
    if not text.strip():
        piece = _literal("image", f"[{label}]")
        return (DisplayLine(0, 0, piece.width, 0, (), (piece,)),)
    first = _literal("image", f"[{label}：")
    rest = _literal("image", " " * first.width)
    close = _literal("image", "]")
    width = max(1, measure - first.width - close.width)
    return _decorated(wrap_passage(text, width), first, rest, "image", close)


def rule_lines(measure: int) -> tuple[DisplayLine, ...]:
    """A thematic break: a short line centred in the measure."""
    width = max(1, min(RULE_WIDTH, measure // 3 or 1))
    pad = (measure - width) // 2
    pieces = (_literal("", " " * pad), _literal("rule", "─" * width))
    return (DisplayLine(0, 0, pad + width, 0, (), pieces),)


# ---------------------------------------------------------------- code


def code_lines(text: str, measure: int, *, language: str = "") -> tuple[DisplayLine, ...]:
    """A code block: every source line verbatim, soft-wrapped at the cell with ``↪``.

    Every line (and the label line of ``language``) fills the measure with the ``code`` role,
    so the block reads as one shaded box.
    """
    width = max(1, measure - CODE_PAD)
    out: list[DisplayLine] = []
    if language:
        label = _literal("code-language", " " * CODE_PAD + language[: max(1, width)])
        out.append(DisplayLine(0, 0, label.width, 0, (), (label,), "code"))
    pad = _literal("code", " " * CODE_PAD)
    mark = _literal("code-mark", CODE_CONTINUATION + " " * (CODE_PAD - 1))
    offset = 0
    for source in text.split("\n"):
        first = True
        for start, end, pieces, used in _code_chunks(source, offset, width):
            prefix = pad if first else mark
            out.append(
                DisplayLine(start, end, prefix.width + used, 0, (), (prefix, *pieces), "code")
            )
            first = False
        offset += len(source) + 1
    return tuple(out)


def _code_chunks(
    line: str, offset: int, width: int
) -> list[tuple[int, int, tuple[Piece, ...], int]]:
    """Cut one code line into chunks of at most ``width`` cells: (start, end, pieces, cells)."""
    if not line:
        return [(offset, offset, (), 0)]
    starts, widths = clusters(line)
    n = len(starts)
    starts.append(len(line))
    chunks: list[tuple[int, int, tuple[Piece, ...], int]] = []
    pieces: list[Piece] = []
    run_start = 0  # start of the current slice piece (line offset)
    chunk_start = 0
    used = 0
    column = 0  # column in the source line, for tab stops

    def close_run(upto: int) -> None:
        if upto > run_start:
            a, b = offset + run_start, offset + upto
            pieces.append(Piece("code", a, b, cell_len(line[run_start:upto])))

    for k in range(n):
        a = starts[k]
        is_tab = line[a] == "\t"
        w = 1 if is_tab else widths[k]  # a tab needs at least one cell
        if used + w > width and used > 0:
            close_run(a)
            chunks.append((offset + chunk_start, offset + a, tuple(pieces), used))
            pieces = []
            run_start = chunk_start = a
            used = 0
        if is_tab:  # to the next stop, but not past the end of the line
            w = min(CODE_TAB - column % CODE_TAB, max(1, width - used))
            close_run(a)
            pieces.append(Piece("code", 0, 0, w, " " * w))
            run_start = starts[k + 1]
        used += w
        column += w
    close_run(len(line))
    chunks.append((offset + chunk_start, offset + len(line), tuple(pieces), used))
    return chunks


# ---------------------------------------------------------------- tables


def table_cells(text: str) -> list[list[tuple[int, int]]]:
    """The ``(start, end)`` offsets of every cell of a TABLE text, row by row."""
    rows: list[list[tuple[int, int]]] = []
    offset = 0
    for row_text in text.split("\n"):
        cells = []
        at = offset
        for cell in row_text.split("\t"):
            cells.append((at, at + len(cell)))
            at += len(cell) + 1
        rows.append(cells)
        offset += len(row_text) + 1
    return rows


def fit_columns(
    natural: Sequence[int], available: int, minimum: int = TABLE_MIN_COLUMN
) -> list[int]:
    """Column widths for a table whose columns want ``natural`` cells, in ``available`` cells.

    Columns that fit keep their width. Otherwise the widest columns are narrowed to a common
    cap (never below ``minimum``, nor below their natural width when that is smaller) until
    the sum fits; left-over cells go back to the capped columns, left to right. When even the
    minimums do not fit, the sum stays above ``available`` (the caller leaves columns out).
    """
    if sum(natural) <= available:
        return list(natural)
    floor = [min(n, minimum) for n in natural]
    if sum(floor) >= available:
        return floor
    low, high = minimum, max(natural)
    while low < high:  # the largest cap whose total fits
        cap = (low + high + 1) // 2
        if sum(min(n, cap) for n in natural) <= available:
            low = cap
        else:
            high = cap - 1
    widths = [min(n, low) for n in natural]
    spare = available - sum(widths)
    for k, n in enumerate(natural):
        if spare <= 0:
            break
        if n > widths[k]:
            widths[k] += 1
            spare -= 1
    return widths


def table_lines(text: str, measure: int) -> tuple[DisplayLine, ...]:
    """A table as a cell-exact grid (see the module docstring)."""
    rows = table_cells(text)
    columns = max(len(row) for row in rows)
    natural = [1] * columns
    for row in rows:
        for c, (a, b) in enumerate(row):
            natural[c] = max(natural[c], cell_len(text[a:b]))
    sep = cell_len(TABLE_SEPARATOR)
    widths = fit_columns(natural, measure - sep * (columns - 1))
    shown = columns
    if sum(widths) + sep * (columns - 1) > measure:  # even the narrowest columns are too wide
        more = cell_len(TABLE_MORE)
        while shown > 1 and sum(widths[:shown]) + sep * (shown - 1) + more > measure:
            shown -= 1
    clipped = shown < columns
    widths = widths[:shown]
    out = []
    for r, row in enumerate(rows):
        role = "table-header" if r == 0 else ""
        pieces: list[Piece] = []
        for c in range(shown):
            if c:
                pieces.append(_literal("table-rule", TABLE_SEPARATOR))
            a, b = row[c] if c < len(row) else (row[-1][1], row[-1][1])
            pieces.extend(_cell(text, a, b, widths[c], role))
        if clipped:
            pieces.append(_literal("table-rule", TABLE_MORE))
        start, end = row[0][0], row[-1][1]
        width = sum(p.width for p in pieces)
        out.append(DisplayLine(start, end, width, 0, (), tuple(pieces)))
        if r == 0:
            rule = TABLE_RULE_CROSS.join("─" * w for w in widths)
            piece = _literal("table-rule", rule)
            out.append(DisplayLine(end, end, piece.width, 0, (), (piece,)))
    return tuple(out)


def _cell(text: str, a: int, b: int, width: int, role: str) -> list[Piece]:
    """One cell padded to ``width`` cells, cut with ``…`` when wider."""
    cells = cell_len(text[a:b])
    if cells <= width:
        pieces = [Piece(role, a, b, cells)] if b > a else []
        if cells < width:
            pieces.append(_literal(role, " " * (width - cells)))
        return pieces
    starts, widths = clusters(text[a:b])
    room = width - 1  # for "…"
    used = 0
    k = 0
    while k < len(starts) and used + widths[k] <= room:
        used += widths[k]
        k += 1
    cut = a + (starts[k] if k < len(starts) else b - a)
    pieces = [Piece(role, a, cut, used)] if cut > a else []
    pieces.append(_literal("table-mark", "…"))
    if used + 1 < width:  # a wide character did not fit in the last cell
        pieces.append(_literal(role, " " * (width - used - 1)))
    return pieces


# ---------------------------------------------------------------- inline styles


def inline_runs(
    start: int, end: int, layers: Sequence[tuple[str, Sequence[tuple[int, int]]]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Cut ``[start, end)`` into runs, each with the roles of the layers that cover it.

    ``layers`` are ``(role, ranges)`` in the order their styles are applied (later wins);
    ranges may extend past the line. Runs cover the interval exactly, in order.
    """
    clipped = [(role, clip_ranges(ranges, start, end)) for role, ranges in layers]
    clipped = [(role, ranges) for role, ranges in clipped if ranges]
    if not clipped:
        return [(start, end, ())] if end > start else []
    cuts = {start, end}
    for _, ranges in clipped:
        for a, b in ranges:
            cuts.add(a)
            cuts.add(b)
    points = sorted(cuts)
    runs = []
    for a, b in itertools.pairwise(points):
        roles = tuple(role for role, ranges in clipped if any(x <= a and b <= y for x, y in ranges))
        runs.append((a, b, roles))
    return runs
