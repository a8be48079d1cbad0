"""Layout snapshots of the main screens (pytest-textual-snapshot).

Update after an intended change with: python -m pytest tests/tui --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader.script.variants import Variant

KEY_000 = "000_933e302ea0e991db"
KEY_001 = "001_e66a1ed0cdcaae93"


@pytest.fixture
def make_app(make_app):
    """Snapshots show the reader before the background index (and its trends) arrive."""

    def make(*args, **kwargs):
        app = make_app(*args, **kwargs)
        app.INDEX_DELAY = 3600.0
        return app

    return make


def test_main_screen_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(open_key=KEY_001), terminal_size=(80, 24), run_before=chrome_ready)


def test_main_screen_120x40(snap_compare, make_app) -> None:
    assert snap_compare(
        make_app(open_key=KEY_001), terminal_size=(120, 40), run_before=chrome_ready
    )


def test_000_in_simplified_120x40(snap_compare, make_app) -> None:
    app = make_app(open_key=KEY_000, variant=Variant.SIMPLIFIED)
    assert snap_compare(app, terminal_size=(120, 40), run_before=chrome_ready)


def test_001_in_taiwan_120x40(snap_compare, make_app) -> None:
    app = make_app(open_key=KEY_001, variant=Variant.TAIWAN)
    assert snap_compare(app, terminal_size=(120, 40), press=["j", "j"], run_before=chrome_ready)


def test_help_screen_120x40(snap_compare, make_app) -> None:
    assert snap_compare(
        make_app(open_key=KEY_001), terminal_size=(120, 40), press=["?"], run_before=chrome_ready
    )


def test_trends_section_120x40(snap_compare, make_app) -> None:
    """The sidebar's Trends section, once the index and the trend counts are in."""
    app = make_app(open_key=KEY_001)

    async def wait_for_trends(pilot) -> None:
        await chrome_ready(pilot)
        pilot.app.index.start(pilot.app.library)
        app = pilot.app
        await until(pilot, lambda: app.index_ready and bool(app.trend_rows), "the trends", 30)
        await pilot.app.workers.wait_for_complete()  # counted again from the whole index
        await pilot.pause()
        await pilot.press("tab")  # focus the sidebar, as a reader browsing trends would
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=wait_for_trends)


@pytest.fixture
def make_zh_app(seed_library, app_paths):
    """The main screen with the Chinese interface (``--ui zh``), the index held back."""
    from trendreader.tui.app import TrendReaderApp

    def make(variant: Variant, **kwargs):
        app = TrendReaderApp(
            paths=app_paths,
            library=seed_library,
            variant=variant,
            open_key=KEY_001,
            ui="zh",
            **kwargs,
        )
        app.INDEX_DELAY = 3600.0
        return app

    return make


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("variant", [Variant.SIMPLIFIED, Variant.TRADITIONAL], ids=["hans", "hant"])
def test_main_screen_in_chinese(snap_compare, make_zh_app, variant, size) -> None:
    assert snap_compare(make_zh_app(variant), terminal_size=size, run_before=chrome_ready)


def test_main_screen_light_theme_80x24(snap_compare, make_app) -> None:
    """textual-light: every colour the reader draws comes from the theme's variables."""
    app = make_app(open_key=KEY_001, theme="textual-light")
    assert snap_compare(app, terminal_size=(80, 24), press=["j"], run_before=chrome_ready)


def test_main_screen_no_color_80x24(snap_compare, make_app, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(open_key=KEY_001)
    assert snap_compare(app, terminal_size=(80, 24), press=["j"], run_before=chrome_ready)


def test_pane_code_table_nested_list_80x24(snap_compare) -> None:
    """The reading pane alone: a code block (soft-wrapped line), a CJK table, a nested list."""
    from tests.tui.kinds_fixture import code_table_list
    from tests.tui.test_reading_pane import PaneApp

    assert snap_compare(PaneApp(code_table_list()), terminal_size=(80, 24))


def test_pane_links_spans_quote_image_rule_80x24(snap_compare) -> None:
    """The reading pane alone: links (the first selected), inline styles, nested quote,
    image markers and a rule."""
    from tests.tui.kinds_fixture import inline_and_markers
    from tests.tui.test_reading_pane import PaneApp

    assert snap_compare(PaneApp(inline_and_markers()), terminal_size=(80, 24))
