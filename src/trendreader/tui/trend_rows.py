"""Pure helpers of the trend view (no Textual): the bar chart and the passage rows.

Document text only ever goes into :class:`rich.text.Text` as plain text (never markup).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from trendreader.i18n import _, ngettext
from trendreader.library.catalog import Library
from trendreader.reading import report_title
from trendreader.script.variants import Variant
from trendreader.search.service import SearchHit
from trendreader.trends.mentions import Mentions

__all__ = ["Bar", "chart_bars", "passage_text", "render_chart", "report_heading"]

BLOCKS = " ▁▂▃▄▅▆▇█"
UNDATED = "—"


@dataclass(frozen=True, slots=True)
class Bar:
    """One report (or, when there are too many, one year) in the chart."""

    year: int | None
    key: str
    title: str
    count: int


def chart_bars(mentions: Mentions, library: Library, variant: Variant) -> list[Bar]:
    """Every report of the library, oldest year first (undated last), with its mentions
    (0 for reports that do not mention the trend: the chart shows where it is absent too)."""
    counts = mentions.by_report
    groups = sorted(library.by_year(), key=lambda item: (item[0] is None, item[0] or 0))
    return [
        Bar(year, r.key, report_title(r, variant), counts.get(r.key, 0))
        for year, reports in groups
        for r in reversed(reports)  # oldest first within a year too
    ]


def _by_year(bars: list[Bar]) -> list[Bar]:
    totals: dict[int | None, int] = {}
    for bar in bars:
        totals[bar.year] = totals.get(bar.year, 0) + bar.count
    return [Bar(y, str(y), _year(y), n) for y, n in totals.items()]


def _year(year: int | None) -> str:
    return str(year) if year is not None else UNDATED


def render_chart(bars: list[Bar], width: int, height: int = 4) -> Text:
    """A column chart: one column per report, grouped by year (label below each group).
    Falls back to one column per year when the reports do not fit in ``width`` cells."""
    if not bars:
        return Text(_("(no reports)"), style="dim")
    groups = _groups(bars)
    axis = len(str(max(b.count for b in bars))) + 1
    if sum(max(len(g), 4) + 1 for g in groups) > max(4, width - axis - 1):
        bars = _by_year(bars)
        groups = _groups(bars)
    peak = max(b.count for b in bars)
    axis = len(str(peak)) + 1
    room = max(4, width - axis - 1)
    # each group: its columns (bar width × bars) padded to fit its year label
    bar_width = max(1, min(3, (room - len(groups)) // max(1, len(bars))))
    columns: list[tuple[Bar | None, int]] = []  # (bar or gap, cells)
    labels = Text()
    for group in groups:
        cells = max(bar_width * len(group), 4)
        per = max(1, cells // len(group))
        for i, bar in enumerate(group):
            columns.append((bar, per if i < len(group) - 1 else cells - per * (len(group) - 1)))
        columns.append((None, 1))
        label = _year(group[0].year)[:cells]
        labels.append(label + " " * (cells - cell_len(label) + 1), style="dim")
    levels = height * 8
    lines = Text()
    for row in range(height, 0, -1):
        tick = str(peak) if row == height else ""
        lines.append(f"{tick:>{axis - 1}} ┤" if row == height else " " * (axis - 1) + " │")
        for bar, cells in columns:
            if bar is None:
                lines.append(" " * cells)
                continue
            filled = round(bar.count / peak * levels) if peak else 0
            if bar.count and filled == 0:
                filled = 1
            part = min(8, max(0, filled - (row - 1) * 8))
            glyph = BLOCKS[part]
            style = "bold" if bar.count else "dim"
            body = glyph * max(1, cells - 1) + " " if cells > 1 else glyph
            lines.append(body, style=style)
        lines.append("\n")
    lines.append(" " * (axis - 1) + " └" + "─" * max(0, sum(c for _b, c in columns)) + "\n")
    lines.append(" " * (axis + 1))
    lines.append_text(labels)
    return lines


def _groups(bars: list[Bar]) -> list[list[Bar]]:
    groups: list[list[Bar]] = []
    for bar in bars:
        if groups and groups[-1][0].year == bar.year:
            groups[-1].append(bar)
        else:
            groups.append([bar])
    return groups


def report_heading(year: int | None, title: str, count: int) -> Text:
    """The line above a report's passages: year · title · N passages."""
    text = Text()
    text.append(_year(year), style="bold")
    text.append("  ")
    text.append(title, style="bold")
    text.append("  " + ngettext("{n} passage", "{n} passages", count).format(n=count), style="dim")
    return text


def passage_text(hit: SearchHit, highlight: str = "bold reverse") -> Text:
    """A passage's snippet on one paragraph, the trend's terms highlighted."""
    snippet = hit.snippet.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    text = Text(f"¶{hit.ordinal}·", style="dim")  # no space: Rich would wrap after it
    start = len(text)
    text.append(snippet)
    for a, b in hit.snippet_highlights:
        if 0 <= a < b <= len(snippet):
            text.stylize(highlight, start + a, start + b)
    return text
