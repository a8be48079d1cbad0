"""``?``, ``/`` and ``B`` are made ready at idle once the index is ready (tui/prewarm.py): off
screen, without taking the focus or keys, and their first open shows the screen made then."""

from __future__ import annotations

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader.tui import search_actions
from trendreader.tui.kept_screens import PREFIX
from trendreader.tui.prewarm import kept_name, prewarm
from trendreader.tui.screens.bookmarks import BookmarksScreen
from trendreader.tui.screens.help import HelpScreen
from trendreader.tui.screens.search import SearchScreen
from trendreader.tui.screens.trend import TrendChart

KEY_004 = "004_0a39d42c6e4d68c6"
NAMES = ("help", "search", "bookmarks", "trend")


async def test_kept_screens_are_ready_before_their_first_open(make_app) -> None:
    app = make_app(open_key=KEY_004)
    app.PREWARM_DELAY = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)

        def ready() -> bool:
            return all(
                app.is_screen_installed(PREFIX + kept_name(app, name))
                and app.get_screen(PREFIX + kept_name(app, name)).is_mounted
                for name in NAMES
            )

        await until(pilot, ready, "the kept screens made", seconds=60)
        await pilot.pause(0.3)
        made = {name: app.get_screen(PREFIX + kept_name(app, name)) for name in NAMES}
        assert len(app.screen_stack) == 1  # nothing shown
        assert app.focused is app.reader  # nor the focus taken
        cursor = app.reader.cursor
        await pilot.press("j")
        await until(pilot, lambda: app.reader.cursor == cursor + 1, "j moves the reader")

        for key, kind, name in (
            ("slash", SearchScreen, "search"),
            ("question_mark", HelpScreen, "help"),
            ("B", BookmarksScreen, "bookmarks"),
        ):
            await pilot.press(key)
            await until(pilot, lambda kind=kind: isinstance(app.screen, kind), f"{key} opens")
            assert app.screen is made[name]  # the screen made at idle
            if name == "search":
                assert app.focused is made[name].input  # typing goes to the query
            if name == "bookmarks":
                await until(pilot, lambda: made["bookmarks"].loaded, "bookmarks read")
            await pilot.press("escape")
            await until(pilot, lambda: len(app.screen_stack) == 1, f"{key} closed")
            assert app.focused is app.reader

        # the sidebar's first trend, made with the year table the trends worker made
        first = app.trend_rows[0][0]
        catalog = app.trends.catalog
        years = catalog.cached_years(catalog.find(first), app.variant)
        assert made["trend"].trend.name == first and years and made["trend"].years == years
        search_actions.open_trend(app, first)
        await until(pilot, lambda: app.screen is made["trend"], "the trend made at idle")
        await pilot.pause()
        chart = made["trend"].query_one(TrendChart)
        assert chart.rows and chart.rows == made["trend"].years
        assert any(row.mentions for row in chart.rows)


async def test_a_screen_made_already_is_left_alone(make_app) -> None:
    app = make_app(open_key=KEY_004)
    app.PREWARM_DELAY = None  # only the call below
    app.INDEX_DELAY = 3600.0  # no index: the search screen is not made behind the reader
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        shown = app.screen
        await pilot.press("escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "closed")
        made = await prewarm(app)
        assert made == ["bookmarks"]
        assert app.get_screen(PREFIX + "help") is shown
        assert not app.is_screen_installed(PREFIX + "search")
        assert app.focused is app.reader


async def test_nothing_is_made_while_keys_are_pressed(make_app, monkeypatch) -> None:
    from trendreader.tui import prewarm as module

    monkeypatch.setattr(module, "QUIET", 3600.0)  # a key holds it off for an hour
    app = make_app(open_key=KEY_004)
    app.PREWARM_DELAY = 0.05
    app.keys_quiet.note_key()  # a key at the start (whenever the index is ready)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        await pilot.press("j")
        assert app.keys_quiet.last_key_at > float("-inf")
        await until(pilot, lambda: app.index_state.ready, "the index ready", seconds=60)
        await pilot.pause(0.5)
        assert not any(app.is_screen_installed(PREFIX + kept_name(app, name)) for name in NAMES)
        app.keys_quiet.last_key_at = float("-inf")  # as if the last key were long ago
        monkeypatch.setattr(module, "QUIET", 0.0)

        def made() -> bool:
            return all(app.is_screen_installed(PREFIX + kept_name(app, name)) for name in NAMES)

        await until(pilot, made, "the kept screens made once the keys are quiet", seconds=60)


async def test_the_converters_of_a_script_switch_are_built_before_the_first_t(make_app) -> None:
    """From the first paint on (the index need not be ready), while the keys rest."""
    from trendreader.script import convert

    convert.get_converter.cache_clear()
    app = make_app(open_key=KEY_004)
    app.PREWARM_DELAY = 0.05
    app.INDEX_DELAY = 3600.0  # no index: the warm-up does not wait for it
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        await until(
            pilot, lambda: convert.get_converter.cache_info().currsize >= 6, "converters built"
        )
        assert app.index_state.phase == "waiting"
        built = convert.get_converter.cache_info().currsize
        for _ in range(4):
            await pilot.press("t")
        await pilot.pause()
        assert convert.get_converter.cache_info().currsize == built  # the switches built none


async def test_after_a_t_the_trend_screen_is_made_again_in_the_new_script(
    make_app, monkeypatch
) -> None:
    """A trend screen is kept per script; after a ``t``, once the keys rest, the first
    trend's screen is made ready in the new one (its mentions and years made in a thread),
    and the one of the script before is still kept for a ``t`` back."""
    app = make_app(open_key=KEY_004)
    app.PREWARM_DELAY = 0.05
    monkeypatch.setattr(app, "TRENDS_PREPARE_QUIET", 0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        first_key = PREFIX + kept_name(app, "trend")
        await until(pilot, lambda: app.is_screen_installed(first_key), "the trend screen", 60)
        before = app.get_screen(first_key)
        shown_in = before.variant
        await pilot.press("t")
        assert app.variant != shown_in
        key = PREFIX + kept_name(app, "trend")

        def remade() -> bool:
            return app.is_screen_installed(key) and app.get_screen(key).is_mounted

        await until(pilot, remade, "the trend screen in the new script", 30)
        kept = app.get_screen(key)
        assert kept.variant == app.variant and kept is not before
        assert app.get_screen(first_key) is before  # kept for a t back
        assert len(app.screen_stack) == 1 and app.focused is app.reader
        catalog = app.trends.catalog
        first = catalog.find(app.trend_rows[0][0])
        assert kept.mentions is catalog.finder.cached(first, app.variant)
        assert kept.years == catalog.cached_years(first, app.variant)
        search_actions.open_trend(app, first.name)
        await until(pilot, lambda: app.screen is kept, "opened: the screen made at idle")
