"""Two trend flows of ``search_actions``: a trend's screen counted in a thread worker (the UI
keeps answering, a "counting …" line meanwhile), and ``ctrl+s`` proposing a name to edit."""

from __future__ import annotations

import threading

from tests.tui.pilot_helpers import until
from trendreader.tui import search_actions
from trendreader.tui.screens.search import SearchScreen
from trendreader.tui.screens.trend import TrendInput, TrendScreen

KEY_004 = "004_0a39d42c6e4d68c6"


async def wait_for_index(app, pilot) -> None:
    await until(pilot, lambda: app.index_ready and app.trend_rows, "index and trends", 30)


async def test_a_trend_is_counted_off_the_ui_thread_then_shown_with_its_years(
    make_app, monkeypatch
) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        catalog = app.trends.catalog
        counted_on: list[threading.Thread] = []
        release = threading.Event()
        real = type(catalog).mentions

        def slow_mentions(self, trend, variant):
            counted_on.append(threading.current_thread())
            release.wait(10)
            return real(self, trend, variant)

        monkeypatch.setattr(type(catalog), "mentions", slow_mentions)
        search_actions.open_trend(app, "固态电池")
        await pilot.pause()
        # still counting: no screen yet, the UI answers, one line says what is going on
        assert not isinstance(app.screen, TrendScreen)
        assert any("Counting" in n.message for n in app._notifications)
        release.set()
        await until(pilot, lambda: isinstance(app.screen, TrendScreen), "trend screen", 10)
        assert counted_on and all(t is not threading.main_thread() for t in counted_on)
        screen = app.screen
        assert screen.trend.name == "固态电池"
        expected = catalog.years(catalog.find("固态电池"), app.variant)
        assert [(r.year, r.mentioning, r.new) for r in screen.years] == [
            (r.year, r.mentioning, r.new) for r in expected
        ]
        assert any(r.mentioning for r in screen.years)


async def test_ctrl_s_proposes_the_first_term_and_saves_the_edited_name(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.input.value = "量子计算 OR 量子電腦"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TrendInput), "name dialog", 5)
        field = app.screen.query_one("#trend-input-field")
        assert field.value == "量子计算"
        field.value = "量子技术"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = app.trends.store.find("量子技术")
        assert saved is not None
        assert app.trends.store.find("量子计算") is None


async def test_escape_in_the_name_dialog_saves_nothing(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        before = [t.name for t in app.trends.store.user_trends()] if app.trends.store else []
        search_actions.save_search(app, "量子计算 OR 量子電腦")
        await until(pilot, lambda: isinstance(app.screen, TrendInput), "name dialog", 5)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrendInput)
        assert app.trends.store.find("量子计算") is None
        assert [t.name for t in app.trends.store.user_trends()] == before


async def test_search_works_while_the_index_builds_and_trends_come_after(
    make_app, app_paths
) -> None:
    """Issue 14: `/` does not wait for the whole build. While the build is held back the
    search screen answers, saying the results may be incomplete, and searches again once the
    build is done. The sidebar's trends are counted once the index is ready (counting each
    trend by a scan would cost seconds at 2,000 reports and slow the keys)."""
    from trendreader.search.service import SearchService

    release, started = threading.Event(), threading.Event()

    class HeldBuild(SearchService):
        def _build_in_background(self, *args) -> None:  # type: ignore[no-untyped-def]
            started.set()
            assert release.wait(30)
            super()._build_in_background(*args)

    app = make_app(open_key=KEY_004)
    app.INDEX_DELAY = 600  # only the build started below
    service = HeldBuild(app_paths.index_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.index.service = service
        app.index.start(app.library)
        await until(pilot, started.is_set, "the build started")
        await until(pilot, lambda: app.index_state.searchable, "searchable while building")
        assert service.building and not app.index_ready and not app.trend_rows
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        screen = app.screen
        await pilot.press(*"固态电池")
        await until(pilot, lambda: screen.results is not None and screen.results.hits, "hits", 10)
        assert "results may be incomplete" in screen.status
        scanned = {h.report_key for h in screen.results.hits}
        release.set()
        await until(pilot, lambda: app.index_ready, "the index ready", 30)
        await until(
            pilot, lambda: screen.results.partial is None, "searched again from the index", 10
        )
        assert "incomplete" not in screen.status
        assert {h.report_key for h in screen.results.hits} == scanned
        await pilot.press("escape")
        await until(pilot, lambda: bool(app.trend_rows), "the trends once indexed", 30)
        assert dict((n, c) for n, _l, c in app.trend_rows).get("固态电池", 0) >= 1
    release.set()


async def test_every_script_is_counted_at_rest_and_a_t_counts_nothing_again(
    make_app, monkeypatch
) -> None:
    """Once the index is ready the trends are counted in each script while the keys rest,
    so a ``t`` finds its counts made (at 2,000 reports a first ``t`` to 繁體 started ~0.5 s of
    searches behind the next keys). The rows each ``t`` shows are the counts of its script."""
    from trendreader.script.variants import SCRIPT_VARIANTS, Variant

    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        catalog = app.trends.catalog
        finder = catalog.finder
        wanted = {(t.query, v.target_script) for t in catalog.trends() for v in SCRIPT_VARIANTS}
        await until(pilot, lambda: wanted <= finder._report_counts.keys(), "every script", 30)
        first = catalog.find(app.trend_rows[0][0])  # the start's worker ends with its mentions
        await until(pilot, lambda: finder.cached(first, app.variant), "first trend made", 30)
        searched: list[str] = []
        real = finder.service.search

        def spy(query, *args, **kwargs):
            searched.append(query)
            return real(query, *args, **kwargs)

        monkeypatch.setattr(finder.service, "search", spy)
        monkeypatch.setattr(app, "TRENDS_PREPARE_QUIET", 600)  # no first trend's mentions
        for _ in range(len(Variant)):
            await pilot.press("t")
            expected = tuple(catalog.sidebar_rows(app.variant) or ())
            await until(pilot, lambda e=expected: app.trend_rows == e, "the script's rows", 10)
            await pilot.pause(0.8)  # the keys rest: a worker would have counted by now
        assert searched == []


async def test_the_first_trends_mentions_wait_for_a_longer_rest(make_app, monkeypatch) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        catalog = app.trends.catalog
        first = catalog.find(app.trend_rows[0][0])
        monkeypatch.setattr(app, "TRENDS_PREPARE_QUIET", 600)
        await pilot.press("t")
        await pilot.pause(1.0)
        assert catalog.finder.cached(first, app.variant) is None  # the keys rest < 600 s
        monkeypatch.setattr(app, "TRENDS_PREPARE_QUIET", 0.2)
        await pilot.press("t", "t", "t", "t", "t")  # round to the same script, a new worker
        await until(pilot, lambda: catalog.finder.cached(first, app.variant), "prepared", 20)
