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
        await until(pilot, lambda: bool(pilot.app.trend_rows), "the trends", 30)
        await pilot.press("tab")  # focus the sidebar, as a reader browsing trends would
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=wait_for_trends)


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
