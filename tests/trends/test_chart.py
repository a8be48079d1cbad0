"""The year chart as lines: every year, zeros, shares, 80 columns, readable without colour."""

from __future__ import annotations

from rich.cells import cell_len

from trendreader.trends.chart import ChartColumn, chart_lines


def plain(lines: list[list[tuple[str, str]]]) -> list[str]:
    return ["".join(text for text, _role in line) for line in lines]


def test_every_year_with_zeros() -> None:
    columns = [ChartColumn(2021, 3), ChartColumn(2022, 0), ChartColumn(2023, 8)]
    lines = plain(chart_lines(columns, 80, height=3))
    assert lines[0].lstrip().startswith("8 ┤")
    assert lines[-2].split() == ["2021", "2022", "2023"]
    assert lines[-1].split() == ["3", "0", "8"]
    assert "·" in lines[2]  # the zero year marked on the baseline: readable without colour
    assert "█" in lines[0] and lines[0].count("█") == lines[0].count("█████") * 5


def test_roles_tell_bars_from_zeros() -> None:
    lines = chart_lines([ChartColumn(2021, 0), ChartColumn(2022, 2)], 40, height=2)
    roles = {role for line in lines for _text, role in line}
    assert {"axis", "bar", "zero", "label", "value"} <= roles


def test_shares_are_percentages() -> None:
    lines = plain(chart_lines([ChartColumn(2024, 0.25), ChartColumn(2025, 0.0)], 80, share=True))
    assert lines[-1].split() == ["25%", "0"]


def test_fits_80_columns_with_many_years() -> None:
    columns = [ChartColumn(1990 + i, i % 4) for i in range(36)]
    lines = plain(chart_lines(columns, 80))
    assert all(cell_len(line) <= 80 for line in lines)
    labels = lines[-2].split()
    assert labels[-1] == "25" and len(labels) >= 20  # two-digit years, the newest kept
    assert "…" in lines[-3]  # older years dropped, and said so


def test_no_reports() -> None:
    assert plain(chart_lines([], 80)) == ["(no reports)"]
