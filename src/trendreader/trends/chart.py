"""The year chart of a trend as plain data → lines (no Textual, no colours): one column per
year of the library, zeros included, counts or shares, sized for a width in cells.

Each line is a list of ``(text, role)`` segments; the widget maps a role (``axis``, ``bar``,
``zero``, ``label``, ``value``) to a style of the theme. Without colour (NO_COLOR) the chart
still reads: bars are block glyphs, a year with no mention has ``·`` on the baseline and
``0`` below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

__all__ = ["BLOCKS", "ChartColumn", "Segment", "chart_lines"]

BLOCKS = " ▁▂▃▄▅▆▇█"
UNDATED = "—"
Segment = tuple[str, str]  # (text, role)


@dataclass(frozen=True, slots=True)
class ChartColumn:
    year: int | None
    value: float  # passages, or a share in [0, 1]


def _label(year: int | None, cells: int) -> str:
    if year is None:
        return UNDATED
    return str(year) if cells >= 5 else f"{year % 100:02d}"


def _value(value: float, share: bool) -> str:
    if share:
        return f"{value * 100:.0f}%" if value else "0"
    return str(int(value))


def chart_lines(
    columns: Sequence[ChartColumn], width: int, height: int = 4, *, share: bool = False
) -> list[list[Segment]]:
    """The chart in at most ``width`` cells (years that do not fit are the oldest dropped,
    with ``…`` at the left); ``share`` labels values as percentages."""
    if not columns:
        return [[("(no reports)", "label")]]
    peak = max(c.value for c in columns)
    axis = max(len(_value(peak, share)), 1) + 2  # "12 ┤"
    room = max(4, width - axis)
    cells = max(3, min(6, room // len(columns)))
    shown = list(columns)
    clipped = False
    while len(shown) * cells > room and len(shown) > 1:
        shown.pop(0)
        clipped = True
    lines: list[list[Segment]] = []
    levels = height * 8
    for row in range(height, 0, -1):
        tick = _value(peak, share) if row == height else ""
        line: list[Segment] = [(f"{tick:>{axis - 2}} " + ("┤" if row == height else "│"), "axis")]
        for column in shown:
            filled = round(column.value / peak * levels) if peak else 0
            if column.value and filled == 0:
                filled = 1
            part = min(8, max(0, filled - (row - 1) * 8))
            glyph = BLOCKS[part]
            if row == 1 and not column.value:
                line.append(("·".center(cells - 1) + " ", "zero"))
            else:
                line.append((glyph * (cells - 1) + " ", "bar" if part else "axis"))
        lines.append(line)
    base = "…" if clipped else " "
    lines.append([(" " * (axis - 2) + base + "└" + "─" * (cells * len(shown)), "axis")])
    labels: list[Segment] = [(" " * axis, "axis")]
    values: list[Segment] = [(" " * axis, "axis")]
    for column in shown:
        label = _label(column.year, cells)[: cells - 1]
        labels.append((label + " " * (cells - cell_len(label)), "label"))
        value = _value(column.value, share)[: cells - 1]
        values.append((value + " " * (cells - len(value)), "value" if column.value else "zero"))
    lines.append(labels)
    lines.append(values)
    return lines
