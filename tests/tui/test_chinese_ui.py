"""The interface in Chinese, in the reader's script (issue 16): every screen opened in 臺灣正體
shows no simplified-only character, and in 简体 no traditional-only one; the catalog follows
``t`` and the open report's own script in 原文; the palette matches across scripts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input

from tests.tui.pilot_helpers import chrome_ready, rendered_screen, until
from trendreader import i18n
from trendreader.library.catalog import Library
from trendreader.paths import AppPaths
from trendreader.script.detect import script_counts
from trendreader.script.variants import Variant
from trendreader.tui.app import TrendReaderApp

KEY_000 = "000_933e302ea0e991db"  # traditional (Taiwan)
KEY_001 = "001_e66a1ed0cdcaae93"
KEY_004 = "004_0a39d42c6e4d68c6"  # simplified
SIZE = (120, 40)


@pytest.fixture
def zh_app(seed_library: Library, app_paths: AppPaths) -> Callable[..., TrendReaderApp]:
    def make(variant: Variant, open_key: str = KEY_001) -> TrendReaderApp:
        return TrendReaderApp(
            paths=app_paths, library=seed_library, variant=variant, open_key=open_key, ui="zh"
        )

    return make


def wrong_characters(text: str, variant: Variant) -> int:
    """Characters of the other script: simplified-only in a traditional variant, and the
    reverse in 简体."""
    counts = script_counts(text)
    return counts.traditional if variant == Variant.SIMPLIFIED else counts.simplified


def offending(text: str, variant: Variant) -> list[str]:
    """The lines that hold a character of the wrong script (for the failure message)."""
    return [line.strip() for line in text.splitlines() if wrong_characters(line, variant)]


async def every_screen(pilot, app: TrendReaderApp) -> dict[str, str]:
    """Open each screen in turn; what each shows."""
    shown: dict[str, str] = {}
    await chrome_ready(pilot)
    shown["main"] = rendered_screen(app)
    await pilot.press("question_mark")
    await pilot.pause(0.2)
    shown["help"] = rendered_screen(app)
    await pilot.press("escape")
    await pilot.press("b")  # the bookmark dialog
    await until(pilot, lambda: type(app.screen).__name__ == "BookmarkDialog", "the dialog")
    shown["bookmark dialog"] = rendered_screen(app)
    app.screen.query_one("#bookmark-note", Input).value = "值得关注"
    app.screen.query_one("#bookmark-tags", Input).value = "芯片"
    await pilot.press("enter")
    await pilot.pause(0.2)
    await pilot.press("B")
    await until(pilot, lambda: getattr(app.screen, "loaded", False), "the bookmarks")
    await pilot.pause(0.2)
    shown["bookmarks"] = rendered_screen(app)
    await pilot.press("escape")
    await pilot.pause(0.2)
    app.action_add()
    await until(pilot, lambda: type(app.screen).__name__ == "AddDialog", "the add dialog")
    shown["add dialog"] = rendered_screen(app)
    await pilot.press("escape")
    await pilot.press("ctrl+p")
    await pilot.pause(0.5)
    shown["palette"] = rendered_screen(app)
    await pilot.press("escape")
    await pilot.pause(0.2)
    app.index.start(app.library)
    await until(pilot, lambda: app.index_ready and bool(app.trend_rows), "the trends", 60)
    await pilot.press("slash")
    await until(pilot, lambda: bool(app.screen.query(Input)), "the search screen")
    shown["search"] = rendered_screen(app)
    typed = "機會" if app.variant == Variant.TAIWAN else "机会"  # a reader types their script
    app.screen.query_one(Input).value = typed
    await pilot.pause(0.8)
    shown["search results"] = rendered_screen(app)
    await pilot.press("escape")
    await pilot.pause(0.2)
    from trendreader.tui.search_actions import open_trend

    open_trend(app, app.trend_rows[0][0])
    await until(pilot, lambda: type(app.screen).__name__ == "TrendScreen", "the trend view")
    await pilot.pause(0.3)
    shown["trend"] = rendered_screen(app)
    await pilot.press("escape")
    return shown


@pytest.mark.parametrize("variant", [Variant.TAIWAN, Variant.SIMPLIFIED])
async def test_every_screen_is_in_the_readers_script(zh_app, variant: Variant) -> None:
    app = zh_app(variant)
    async with app.run_test(size=SIZE) as pilot:
        shown = await every_screen(pilot, app)
    expected = "zh_TW" if variant == Variant.TAIWAN else "zh_Hans"
    assert i18n.current_locale() == expected
    assert ("書籤" if variant == Variant.TAIWAN else "书签") in shown["main"]  # the footer
    assert ("值得關注" if variant == Variant.TAIWAN else "值得关注") in shown["bookmarks"]
    for name, text in shown.items():
        assert not offending(text, variant), (name, offending(text, variant))


async def test_the_catalog_follows_t_and_the_open_report(zh_app) -> None:
    app = zh_app(Variant.ORIGINAL, open_key=KEY_004)  # a simplified report
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        assert i18n.current_locale() == "zh_Hans"
        await until(pilot, lambda: "书签" in rendered_screen(app), "the footer in 简体")
        assert "書籤" not in rendered_screen(app)
        app.open_report(KEY_000)  # traditional, Taiwan wording
        await pilot.pause(0.2)
        assert i18n.current_locale() == "zh_TW"
        await until(pilot, lambda: "書籤" in rendered_screen(app), "the footer in 臺灣正體")
        assert "书签" not in rendered_screen(app)
        from textual.widgets._footer import FooterKey

        keys_before = list(app.screen_stack[0].query(FooterKey))
        await pilot.press("t")  # 原文 → 简体
        await pilot.pause(0.2)
        assert app.variant == Variant.SIMPLIFIED
        assert i18n.current_locale() == "zh_Hans"
        await until(pilot, lambda: "书签" in rendered_screen(app), "the footer in 简体")
        assert "書籤" not in rendered_screen(app)
        # relabelled in place (the same keys): composing the footer again cost ~40 ms a `t`
        assert list(app.screen_stack[0].query(FooterKey)) == keys_before


async def test_english_unless_asked(make_app) -> None:
    app = make_app(open_key=KEY_001, variant=Variant.TAIWAN)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        assert app.language == "en" and i18n.current_locale() == "en"
        assert "Bookmarks" in rendered_screen(app)


@pytest.mark.parametrize(
    ("variant", "query"), [(Variant.TAIWAN, "机会"), (Variant.SIMPLIFIED, "機會")]
)
async def test_the_palette_matches_across_scripts(zh_app, variant: Variant, query: str) -> None:
    app = zh_app(variant)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*query)
        await pilot.pause(0.6)
        shown = rendered_screen(app)
        title = "2025年，6大機會" if variant == Variant.TAIWAN else "2025年，6大机会"
        assert title in shown
