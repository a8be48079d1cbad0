"""The sidebar at a series: natural order, the distinct part of each title first, the filter
(pilot tests on a library written in the test)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader.library.catalog import load_library
from trendreader.script.variants import Variant
from trendreader.tui.app import TrendReaderApp
from trendreader.tui.widgets.sidebar import SidebarFilter

TITLES = [
    "科技爱好者周刊（第 10 期）：芯片",
    "科技爱好者周刊（第 2 期）：电池",
    "科技爱好者周刊：第 100 期",
    "科技爱好者周刊（第 1 期）：机器人",
    "科技爱好者周刊第11期",
    "另一篇文章",
]


def series_app(tmp_path: Path, app_paths) -> TrendReaderApp:
    folder = tmp_path / "weekly"
    folder.mkdir()
    for n, title in enumerate(TITLES):
        (folder / f"doc-{n}.md").write_text(f"# {title}\n\n正文 {n}。\n", encoding="utf-8")
    library = load_library([folder])
    app = TrendReaderApp(paths=app_paths, library=library)
    app.INDEX_DELAY = 3600.0
    return app


def leaves(app: TrendReaderApp) -> list[str]:
    """The report rows as drawn (a title is converted to the script shown when drawn)."""
    reports = app.sidebar.root.children[0]
    shown = app.sidebar.shown_label
    return [shown(leaf) for year in reports.children for leaf in year.children]


async def test_a_series_reads_by_number_in_natural_order(tmp_path, app_paths) -> None:
    app = series_app(tmp_path, app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        assert leaves(app) == [
            "另一篇文章",
            "第 1 期：机器人 · 科技爱好者周刊",
            "第 2 期：电池 · 科技爱好者周刊",
            "第 10 期：芯片 · 科技爱好者周刊",
            "第11期 · 科技爱好者周刊",
            "第 100 期 · 科技爱好者周刊",
        ]


async def test_the_filter_says_when_nothing_matches(tmp_path, app_paths) -> None:
    app = series_app(tmp_path, app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        app.sidebar.focus()
        await pilot.press("f", *"电池")
        await until(pilot, lambda: leaves(app) == ["第 2 期：电池 · 科技爱好者周刊"], "one left")
        await pilot.press("enter", "enter")  # back to the tree, then open the match
        await until(pilot, lambda: app.session.report is not None, "opened")
        assert app.session.report.title == "科技爱好者周刊（第 2 期）：电池"
        app.sidebar.focus()
        await pilot.press("f", *"火星")  # the filter input again: its text selected, replaced
        field = app.screen.query_one(SidebarFilter)
        await until(pilot, lambda: field.value == "火星", "typed")
        reports = app.sidebar.root.children[0]
        await until(pilot, lambda: str(reports.children[0].label) == "No report matches", "none")


async def test_a_script_switch_relabels_the_tree_in_place(tmp_path, app_paths) -> None:
    """``t`` converts every title without rebuilding the tree: the same nodes, the cursor
    where the reader left it; a new filter (other rows) still rebuilds it."""
    app = series_app(tmp_path, app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        reports = app.sidebar.root.children[0]
        nodes = [leaf for year in reports.children for leaf in year.children]
        app.sidebar.focus()
        await pilot.press("down", "down", "down")
        cursor = app.sidebar.cursor_node
        app.set_variant(Variant.TRADITIONAL)
        await until(pilot, lambda: "愛好者" in " ".join(leaves(app)), "titles converted")
        assert [leaf for year in reports.children for leaf in year.children] == nodes
        assert app.sidebar.root.children[0] is reports
        assert app.sidebar.cursor_node is cursor
        assert "第 2 期：電池 · 科技愛好者週刊" in leaves(app)
        await pilot.pause()
        drawn = [app.sidebar.render_line(y).text for y in range(len(TITLES) + 4)]
        assert any("第 2 期：電池 · 科技愛" in line for line in drawn), drawn  # on screen too
        assert not any("科技爱" in line for line in drawn), drawn
        app.sidebar.set_filter("電池")
        await until(pilot, lambda: len(leaves(app)) == 1, "filtered")
        assert app.sidebar.root.children[0] is not reports


async def test_new_trend_counts_refill_only_the_trends(tmp_path, app_paths) -> None:
    """Trend rows arriving (counted in a worker) replace the Trends section's rows; the
    report rows stay the same nodes (at 2,000 reports a rebuild took ~0.3 s)."""
    app = series_app(tmp_path, app_paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        reports = app.sidebar.root.children[0]
        nodes = [leaf for year in reports.children for leaf in year.children]
        app.trend_rows = (("电池", "电池", 1), ("芯片", "芯片", 1))
        trends = app.sidebar.root.children[1]
        await until(pilot, lambda: len(trends.children) == 2, "two trends listed")
        assert [str(n.label) for n in trends.children] == ["电池 (1)", "芯片 (1)"]
        assert app.sidebar.root.children[0] is reports
        assert [leaf for year in reports.children for leaf in year.children] == nodes
        app.trend_rows = (("电池", "电池", 2),)
        await until(pilot, lambda: len(trends.children) == 1, "one trend left")
        assert [str(n.label) for n in trends.children] == ["电池 (2)"]
        assert [leaf for year in reports.children for leaf in year.children] == nodes


async def test_a_script_switch_sorts_nothing_again(tmp_path, app_paths, monkeypatch) -> None:
    """In a Chinese interface ``t`` changes the section's words (报告 → 報告) but not the
    order of the reports: they are not sorted again (at 2,000 reports ~40 ms of each ``t``),
    and a new filter sorts only what it keeps."""
    from trendreader.library import titles

    folder = tmp_path / "weekly"
    folder.mkdir()
    for n, title in enumerate(TITLES):
        (folder / f"doc-{n}.md").write_text(f"# {title}\n\n正文 {n}。\n", encoding="utf-8")
    app = TrendReaderApp(paths=app_paths, library=load_library([folder]), ui="zh")
    app.INDEX_DELAY = 3600.0
    sorted_titles: list[str] = []
    real_key = titles.natural_key

    def counted_key(text: str) -> tuple[str | int, ...]:
        sorted_titles.append(text)
        return real_key(text)

    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        before = leaves(app)
        monkeypatch.setattr(titles, "natural_key", counted_key)
        app.set_variant(Variant.TRADITIONAL)
        section = app.sidebar.root.children[0]
        await until(pilot, lambda: "報告" in str(section.label), "the section's word converted")
        assert not sorted_titles
        assert [str(year.label) for year in section.children] == ["未註明年份"]  # 注 → 註
        assert len(leaves(app)) == len(before)
        assert leaves(app)[1] == "第 1 期：機器人 · 科技愛好者週刊"  # same order, new script
        app.sidebar.set_filter("期")
        await until(pilot, lambda: len(leaves(app)) == 5, "filtered")
        assert len(sorted_titles) >= 5 and all("期" in t for t in sorted_titles)
