"""``B`` and ``?`` keep their screen between opens (:mod:`trendreader.tui.kept_screens`):
the same screen comes back, caught up with what changed while it was away."""

from __future__ import annotations

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader import keys_help
from trendreader.tui.screens.bookmarks import BookmarksScreen
from trendreader.tui.screens.help import HelpScreen

KEY_000 = "000_933e302ea0e991db"
KEY_004 = "004_0a39d42c6e4d68c6"


def listed(screen: BookmarksScreen) -> set[int]:
    return {row.bookmark.id for group in screen.bookmark_list._groups for row in group.rows}


async def test_bookmarks_reopened_list_a_bookmark_added_meanwhile(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        first = app.store.add(KEY_004, "one", app.library.find_edition(KEY_004).passages[4])
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "open")
        screen = app.screen
        await until(pilot, lambda: screen.loaded, "read")
        assert listed(screen) == {first.id}
        await pilot.press("slash", *"one", "escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, BookmarksScreen), "closed")
        second = app.store.add(KEY_000, "two", app.library.find_edition(KEY_000).passages[2])
        await pilot.press("B")
        await until(pilot, lambda: app.screen is screen, "the same screen again")
        await until(pilot, lambda: screen.loaded, "read again")
        assert listed(screen) == {first.id, second.id}
        assert screen.filter_input.value == ""  # the filter starts empty, as on a first open
        assert screen.bookmark_list.visible_count == 2


async def test_a_script_change_makes_a_new_bookmarks_screen(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "open")
        screen = app.screen
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, BookmarksScreen), "closed")
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "open again")
        assert app.screen is not screen and app.screen.variant == app.variant
        assert not screen.is_attached  # the old one is gone


async def test_help_reopened_puts_the_keys_of_the_screen_on_top_first(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        help_screen = app.screen
        await pilot.press("escape")
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help again")
        assert app.screen is help_screen
        assert help_screen.first == keys_help.BOOKMARKS.name  # its keys first, rebuilt


async def test_the_footer_is_not_recomposed_for_the_same_keys(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        footer = app.screen.query_one("#footer-slot > Footer")
        await pilot.pause(0.2)
        keys = list(footer.children)
        app.screen.refresh_bindings()  # the same keys: nothing to do
        await pilot.pause(0.2)
        assert list(footer.children) == keys
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "open")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, BookmarksScreen), "closed")
        await pilot.pause(0.2)
        assert list(footer.children) == keys  # back on the main screen: the same widgets


async def open_trend_screen(app, pilot, name: str):  # type: ignore[no-untyped-def]
    """Once the trends are counted: ``name``'s screen, up."""
    from trendreader.tui import search_actions
    from trendreader.tui.screens.trend import TrendScreen

    await until(pilot, lambda: app.index_ready and bool(app.trend_rows), "trends", 30)
    search_actions.open_trend(app, name)
    await until(pilot, lambda: isinstance(app.screen, TrendScreen), f"{name}'s screen")
    await until(pilot, lambda: bool(app.screen.query("#trend-passages")), "composed")
    return app.screen


async def test_a_trend_screen_is_kept_and_shows_the_next_trend_from_its_top(make_app) -> None:
    """Enter on another trend pushes the same screen, showing that trend: its title, its
    passages from the first, its own keys (only the reader's own trends can be renamed)."""
    from trendreader.tui import search_actions
    from trendreader.tui.screens.trend import TrendScreen

    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_trend_screen(app, pilot, "固态电池")
        await pilot.press("down", "down")
        moved_to = screen.current
        assert moved_to is not None and moved_to != screen.hits[0]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TrendScreen), "closed")
        search_actions.open_trend(app, "固态电池")  # the same trend: where it was left
        await until(pilot, lambda: app.screen is screen, "the same screen")
        await pilot.pause()
        assert screen.current == moved_to
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TrendScreen), "closed again")
        search_actions.open_trend(app, "人形机器人")
        await until(pilot, lambda: app.screen is screen, "the same screen, another trend")
        await pilot.pause()
        assert screen.trend.name == "人形机器人"
        assert "人形机器人" in str(screen.query_one("#trend-title").render())
        assert screen.current == screen.hits[0]
        assert {h.report_key for h in screen.hits} == set(screen.mentions.by_report)
        assert not screen.check_action("rename", ())  # built-in: not the reader's to rename


async def test_a_trend_reopened_as_it_was_keeps_its_passages_a_new_width_wraps_again(
    make_app,
) -> None:
    """Reopened on the same trend, width and language, the passages are not made again (at
    2,000 reports that was most of a reopen); after a resize they are, at the new width."""
    from textual.widgets import OptionList

    from trendreader.tui import search_actions
    from trendreader.tui.screens.trend import TrendScreen

    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_trend_screen(app, pilot, "固态电池")
        passages = screen.query_one("#trend-passages", OptionList)
        await until(pilot, lambda: passages.option_count > 2, "its passages")
        made = list(passages.options)
        await pilot.press("down")
        moved_to = screen.current
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TrendScreen), "closed")
        search_actions.open_trend(app, "固态电池")
        await until(pilot, lambda: app.screen is screen, "the same screen")
        await pilot.pause()
        assert all(a is b for a, b in zip(passages.options, made, strict=True))
        assert screen.current == moved_to
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TrendScreen), "closed again")
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        search_actions.open_trend(app, "固态电池")
        await until(pilot, lambda: app.screen is screen, "the same screen, narrower")
        await pilot.pause()
        assert not any(a is b for a, b in zip(passages.options, made, strict=False))
        assert screen._width == 90 and screen.current == moved_to
        widest = max(line.cell_len for o in passages.options for line in o.prompt.split())
        assert widest <= 90 - 4


async def test_trend_screens_are_kept_per_script_and_those_of_another_library_forgotten(
    make_app,
) -> None:
    from trendreader.tui import search_actions
    from trendreader.tui.kept_screens import PREFIX

    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await open_trend_screen(app, pilot, "固态电池")
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "closed")
        await pilot.press("t")
        second = await open_trend_screen(app, pilot, "固态电池")
        assert second is not first and second.variant == app.variant
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "closed again")
        names = [PREFIX + search_actions.trend_screen_name(s.variant) for s in (first, second)]
        assert [app.get_screen(n) for n in names] == [first, second]  # both kept
        first.library = object()  # as if made before the library was read again
        search_actions.discard_stale_trend_screens(app)
        assert not app.is_screen_installed(names[0])
        assert app.get_screen(names[1]) is second
