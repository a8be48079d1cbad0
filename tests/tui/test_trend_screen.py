"""Pilot and snapshot tests of the trend view (issue 6), and of the sidebar's Trends section
fed by the trends layer. A tiny host app pushes the screen over the real seed index (built
once per module in tmp). No timed asserts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from trendreader.library.catalog import Library
from trendreader.resources import seeds_dir, styles_dir
from trendreader.script.variants import Variant
from trendreader.search.service import SearchService
from trendreader.trends.catalog import TrendCatalog
from trendreader.trends.mentions import MentionFinder
from trendreader.trends.store import TrendStore
from trendreader.tui.screens.trend import (
    ConfirmDelete,
    TrendChart,
    TrendChoice,
    TrendInput,
    TrendsChanged,
    TrendScreen,
)
from trendreader.tui.trend_rows import Bar, passage_text, render_chart
from trendreader.tui.widgets.sidebar import LibrarySidebar, SidebarEntry

SIZE = (120, 40)
STYLES = [styles_dir() / "trends.tcss", styles_dir() / "app.tcss"]
R2025 = "000_933e302ea0e991db"


@pytest.fixture
def service(seed_service: SearchService) -> SearchService:
    return seed_service


@pytest.fixture
def catalog(service: SearchService, seed_library: Library, tmp_path: Path) -> TrendCatalog:
    store = TrendStore(tmp_path / "trends.toml", [seeds_dir() / "trends.toml"])
    return TrendCatalog(store, MentionFinder(service, seed_library), seed_library)


class Host(App[None]):
    """Pushes one screen and keeps what it was dismissed with."""

    CSS_PATH = STYLES

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self._make_screen = make_screen
        self.results: list[Any] = []
        self.changed: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self._make_screen(), self.results.append)

    def on_trends_changed(self, message: TrendsChanged) -> None:
        self.changed.append(message.removed)


def trend_host(catalog: TrendCatalog, name: str, variant: Variant = Variant.SIMPLIFIED) -> Host:
    def make() -> TrendScreen:
        trend = catalog.find(name)
        assert trend is not None
        mentions = catalog.mentions(trend, variant)
        years = catalog.years(trend, variant)
        return TrendScreen(mentions, catalog.library, variant, store=catalog.store, years=years)

    return Host(make)


async def test_enter_opens_the_highlighted_passage(catalog: TrendCatalog) -> None:
    app = trend_host(catalog, "自动驾驶")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        first = screen.current
        assert first is not None and first.report_key == R2025
        assert first.edition_key.startswith("001_")  # the 简体 edition in simplified
        await pilot.press("down", "enter")
        await pilot.pause()
    assert len(app.results) == 1
    choice = app.results[0]
    assert isinstance(choice, TrendChoice)
    assert choice.report_key == R2025 and choice.ordinal > first.ordinal
    assert "自动驾驶" in choice.query


async def test_passages_are_grouped_by_report(catalog: TrendCatalog) -> None:
    app = trend_host(catalog, "卡脖子")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#trend-passages", OptionList).options
        headings = [str(o.prompt) for o in options if o.disabled]
        assert len(headings) == 2 and headings[0].startswith("2025") and "2023" in headings[1]
        assert isinstance(app.screen.query_one(TrendChart), TrendChart)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


def footer(app: App[None]) -> list[str]:
    """The descriptions the footer shows."""
    from textual.widgets._footer import FooterKey

    return [key.description for key in app.screen.query(FooterKey)]


async def test_builtin_trend_does_not_offer_delete(catalog: TrendCatalog) -> None:
    app = trend_host(catalog, "自动驾驶")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        assert screen.check_action("delete", ()) is False
        shown = footer(app)
        assert "Close" in shown and "Delete trend" not in shown and "Rename" not in shown
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TrendScreen)  # no confirmation: nothing to delete
    assert catalog.find("自动驾驶") is not None


async def test_user_trend_offers_delete_rename_aliases(catalog: TrendCatalog) -> None:
    catalog.store.add("我的电池", ["固态电池"])
    app = trend_host(catalog, "我的电池")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        shown = footer(app)
        assert {"Delete trend", "Rename", "Aliases"} <= set(shown)
        assert "Accept trend" not in shown


async def test_accept_rename_and_edit_aliases_of_a_suggestion(catalog: TrendCatalog) -> None:
    suggestion = next(t for t in catalog.suggested() if t.name.isascii() is False)
    app = trend_host(catalog, suggestion.name)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen) and "Accept trend" in footer(app)
        await pilot.press("a")  # one key: the suggestion is the reader's own
        await pilot.pause()
        saved = catalog.store.find(suggestion.name)
        assert saved is not None and saved.user and saved.aliases == suggestion.aliases
        assert screen.trend.user and "Accept trend" not in footer(app)
        assert "Rename" in footer(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TrendInput)
        app.screen.query_one(Input).value = "我的话题"
        await pilot.press("enter")
        await pilot.pause()
        assert catalog.store.find(suggestion.name) is None
        renamed = catalog.store.find("我的话题")
        assert renamed is not None and renamed.aliases == suggestion.aliases
        assert "我的话题" in str(screen.query_one("#trend-title", Static).render())
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, TrendInput)
        app.screen.query_one(Input).value = f"{suggestion.name}、固态电池, 鈉電池"
        await pilot.press("enter")
        await pilot.pause()
        edited = catalog.store.find("我的话题")
        assert edited is not None
        assert edited.aliases == (suggestion.name, "固态电池", "鈉電池")
        await pilot.press("A", "escape")  # escape: nothing changes
        await pilot.pause()
        assert catalog.store.find("我的话题") == edited
    assert app.changed == [suggestion.name, "我的话题", "我的话题"]


async def test_view_wraps_by_the_cjk_rules_and_shows_every_year(catalog: TrendCatalog) -> None:
    from trendreader.typeset.wrap import NO_START

    app = trend_host(catalog, "人形机器人", Variant.TAIWAN)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        title = str(screen.query_one("#trend-title", Static).render())
        assert title.startswith("人形機器人")  # the header follows the reading script
        options = screen.query_one("#trend-passages", OptionList).options
        lines = [line for o in options for line in str(o.prompt).split("\n")]
        assert len(lines) > len(options)  # wrapped by us, at the width
        assert all(line[:1] not in NO_START for line in lines if line)
        assert all(cell_len(line) <= 76 for line in lines)
        chart = screen.query_one(TrendChart).render()
        assert isinstance(chart, Text)
        labels = chart.plain.splitlines()[-2].split()
        assert labels == ["2023", "2024", "2025", "—"]  # 2023: no mention, still on the axis
        assert chart.plain.splitlines()[-1].split()[0] == "0"
        await pilot.press("s")
        await pilot.pause()
        assert "%" in screen.query_one(TrendChart).render().plain


async def test_user_trend_is_deleted_after_confirming(catalog: TrendCatalog) -> None:
    catalog.store.add("我的电池", ["固态电池", "钠电池"])
    app = trend_host(catalog, "我的电池")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("n")
        await pilot.pause()
        assert catalog.store.find("我的电池") is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert catalog.store.find("我的电池") is None
    assert app.changed == ["我的电池"] and app.results == [None]


class SidebarHost(App[None]):
    """The sidebar with the Trends section as the app should fill it; TrendChosen pushes
    the trend view (the wiring asked of app.py)."""

    CSS_PATH = STYLES

    def __init__(self, catalog: TrendCatalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield LibrarySidebar(id="sidebar")

    def on_mount(self) -> None:
        sidebar = self.query_one(LibrarySidebar)
        rows = self.catalog.sidebar_rows(Variant.ORIGINAL)
        sidebar.populate(self.catalog.library, Variant.ORIGINAL, trends=rows)
        sidebar.focus()

    def on_library_sidebar_trend_chosen(self, message: LibrarySidebar.TrendChosen) -> None:
        trend = self.catalog.find(message.name)
        assert trend is not None
        mentions = self.catalog.mentions(trend, Variant.ORIGINAL)
        screen = TrendScreen(mentions, self.catalog.library, Variant.ORIGINAL)
        self.push_screen(screen, self.results.append)


async def test_sidebar_trends_section_opens_the_view(catalog: TrendCatalog) -> None:
    app = SidebarHost(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.query_one(LibrarySidebar)
        section = next(n for n in sidebar.root.children if str(n.label) == "Trends")
        labels = [str(n.label) for n in section.children]
        assert labels[0] == "太空经济 (1)" and "自动驾驶 (3)" in labels
        assert any(label.startswith("~ ") for label in labels)  # suggested, below
        node = next(n for n in section.children if str(n.label) == "卡脖子 (2)")
        assert node.data == SidebarEntry("trend", "卡脖子")
        sidebar.move_cursor(node)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TrendScreen)
        assert app.screen.trend.name == "卡脖子"


def test_chart_marks_absent_reports_and_scales() -> None:
    bars = [Bar(2023, "a", "a", 0), Bar(2024, "b", "b", 4), Bar(2025, "c", "c", 8)]
    lines = render_chart(bars, 60, height=2).plain.splitlines()
    assert lines[0].startswith("8 ┤") and "█" in lines[0]
    assert "2023" in lines[-1] and "2025" in lines[-1]
    many = [Bar(2000 + i % 5, str(i), "t", i) for i in range(200)]
    assert len(render_chart(many, 40).plain.splitlines()[-1].split()) == 5  # one per year


def test_passage_text_is_never_markup() -> None:
    from trendreader.search.service import SearchHit

    hit = SearchHit(
        "k", "k", "t", 2024, 3, "paragraph", 1.0, "", (), "[bold]x[/] 芯片", ((11, 13),)
    )
    text = passage_text(hit)
    assert isinstance(text, Text) and "[bold]x[/]" in text.plain
    assert any(s.start == len("¶3·") + 11 for s in text.spans)


def test_trend_view_snapshot(snap_compare: Callable[..., bool], catalog: TrendCatalog) -> None:
    async def loaded(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(trend_host(catalog, "自动驾驶"), terminal_size=SIZE, run_before=loaded)
