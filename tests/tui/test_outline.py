"""The outline popup at 80x24, and its palette entries (pilot tests)."""

from __future__ import annotations

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader.tui.app import TrendReaderApp
from trendreader.tui.palette_navigation import NavigationCommands, OutlineScreen

KEY_000 = "000_933e302ea0e991db"
KEY_004 = "004_0a39d42c6e4d68c6"


def test_outline_snapshot_80x24(snap_compare, make_app) -> None:
    app = make_app(open_key=KEY_004)
    app.INDEX_DELAY = 3600.0  # no index, no trends: nothing arrives mid-snapshot

    async def outline_open(pilot) -> None:
        await chrome_ready(pilot)
        app.reader.scroll_to_passage(75)  # under 自动驾驶
        await pilot.pause()
        await pilot.press("O")
        await until(pilot, lambda: isinstance(app.screen, OutlineScreen), "the outline")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=outline_open)


async def test_a_report_without_headings_says_so(make_app) -> None:
    from tests.tui.pilot_helpers import Notes

    notes = Notes()
    app = make_app(open_key=KEY_000)
    async with app.run_test(size=(100, 30), message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        await pilot.press("O")
        await until(pilot, lambda: "This report has no headings." in notes.messages, "a note")
        assert not isinstance(app.screen, OutlineScreen)


async def test_escape_closes_the_outline_where_it_was(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        app.reader.scroll_to_passage(20)
        await pilot.pause()
        await pilot.press("O")
        await until(pilot, lambda: isinstance(app.screen, OutlineScreen), "the outline")
        await pilot.press("down", "escape")
        await until(pilot, lambda: not isinstance(app.screen, OutlineScreen), "closed")
        assert app.reader.cursor == 20


class PaletteApp(TrendReaderApp):
    """The app with the navigation provider registered (as the lead registers it)."""

    COMMANDS = TrendReaderApp.COMMANDS | {NavigationCommands}


async def test_palette_go_to_section_and_a_section_by_name(app_paths, seed_library) -> None:
    app = PaletteApp(paths=app_paths, library=seed_library, open_key=KEY_004)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"基因编辑")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.reader.cursor == 62, "at 基因编辑")
        await pilot.press("ctrl+p", *"Go to section")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, OutlineScreen), "the outline")
        options = app.screen.query_one("#outline-list")
        assert "基因编辑" in str(options.get_option_at_index(options.highlighted).prompt)
        await pilot.press("escape", "alt+left")
        await until(pilot, lambda: app.reader.cursor == 0, "back from the section")
