"""Titles and dates from where they really are; natural order; cut titles end in "…"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from trendreader.library.catalog import load_library
from trendreader.library.metadata import date_in_file_name, title_year
from trendreader.library.parse import read_edition
from trendreader.library.titles import fit_title, natural_key


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("2025年，6大机会", 2025),
        ("2024，7大机会", 2024),
        ("2024年度科技趋势", 2024),
        ("硬科技展望（2024）", 2024),
        ("科技爱好者周刊（第 154 期）：1982年的信息社会预言", None),
        ("1982年的信息社会预言", None),
        ("回顾 2023 年的芯片", None),
        ("第 300 期", None),
    ],
)
def test_year_in_a_title_only_as_publication_year(title: str, year: int | None) -> None:
    assert title_year(title) == year


def test_a_year_in_the_body_never_sets_the_year(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("# 科技周刊：1982年的预言\n\n2019年发生了很多事，2020年也是。\n", "utf-8")
    edition = read_edition(path)
    assert edition.meta.year is None and edition.meta.date is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-03-05-芯片报告", datetime(2024, 3, 5)),
        ("20240305_report", datetime(2024, 3, 5)),
        ("202403051230", datetime(2024, 3, 5)),
        ("weekly-2023_11_30", datetime(2023, 11, 30)),
        ("issue-300", None),
        ("000_933e302ea0e991db", None),
        ("2024-13-45-bad", None),
    ],
)
def test_date_in_file_name(name: str, expected: datetime | None) -> None:
    assert date_in_file_name(name) == expected


def test_date_precedence_front_matter_then_text_then_file_name(tmp_path: Path) -> None:
    dated = tmp_path / "2022-01-02-a.md"
    dated.write_text("# 标题\n\n正文。\n", "utf-8")
    assert read_edition(dated).meta.date == datetime(2022, 1, 2)
    line = tmp_path / "2022-01-02-b.md"
    line.write_text("# 标题\n\n2023年5月6日\n\n正文。\n", "utf-8")
    assert read_edition(line).meta.date == datetime(2023, 5, 6)
    front = tmp_path / "2022-01-02-c.md"
    front.write_text("---\ndate: 2021-07-08\n---\n\n# 标题\n\n2023年5月6日\n\n正文。\n", "utf-8")
    assert read_edition(front).meta.date == datetime(2021, 7, 8)


def test_title_from_first_h1_after_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("前言一句。\n\n## 小节\n\n# 科技爱好者周刊（第 9 期）：为什么？\n", "utf-8")
    assert read_edition(path).meta.title == "科技爱好者周刊（第 9 期）：为什么？"


def test_natural_key_orders_numbers_by_value() -> None:
    titles = ["第 10 期", "第 2 期", "第 1 期", "第 100 期", "附录"]
    assert sorted(titles, key=natural_key) == [
        "第 1 期",
        "第 2 期",
        "第 10 期",
        "第 100 期",
        "附录",
    ]


def test_reports_sort_naturally_within_a_year(tmp_path: Path) -> None:
    for number in (10, 2, 1):
        (tmp_path / f"issue-{number}.md").write_text(
            f"# 周刊（第 {number} 期）\n\n正文。\n", "utf-8"
        )
    library = load_library([tmp_path])
    assert [r.key for r in library.reports] == ["issue-1", "issue-2", "issue-10"]


@pytest.mark.parametrize(
    ("title", "cells", "expected"),
    [
        ("短标题", 10, "短标题"),
        ("科技爱好者周刊第一百期", 9, "科技爱好…"),
        ("abcdef", 4, "abc…"),
        ("中文abc", 5, "中文…"),
    ],
)
def test_fit_title_ends_in_ellipsis_when_cut(title: str, cells: int, expected: str) -> None:
    from rich.cells import cell_len

    fitted = fit_title(title, cells)
    assert fitted == expected and cell_len(fitted) <= cells
