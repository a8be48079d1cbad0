"""Pilot tests of the search screen and the reader's hit helpers (issue 4, TUI part).

The screen runs over the real seed library and a real Whoosh index: one built per module for
speed, and one built by the screen itself in the test's TRENDREADER_HOME. Hosts: a tiny app
that pushes the screen and keeps what it was dismissed with, and the real `TrendReaderApp`.
No timed asserts: tests wait for the screen's workers, then look.

Expected reports (see tests/search/test_search_seeds.py): 001, 002 and 004 say 芯片, 000 and
003 say 晶片; 000 and 001 are two editions of one report (key 000). So 芯片 and 晶片 both find
the four reports 000, 002, 003, 004 — in the original script 000 is shown from its traditional
edition 000, in simplified from its simplified edition 001.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.tui.pilot_helpers import until
from trendreader.library.catalog import Library
from trendreader.library.model import PassageKind
from trendreader.paths import AppPaths
from trendreader.reading import passage_texts
from trendreader.resources import styles_dir
from trendreader.script.variants import Variant
from trendreader.search.service import SearchHit, SearchResults, SearchService
from trendreader.tui.app import TrendReaderApp
from trendreader.tui.screens.search import (
    SearchChoice,
    SearchResultList,
    SearchScreen,
    hit_prompt,
    status_text,
)
from trendreader.tui.search_highlights import (
    ReaderHits,
    hits_for_edition,
    next_hit,
    refresh_reader_hits,
    with_highlights,
)
from trendreader.typeset.layout import DisplayPassage

R000 = "000_933e302ea0e991db"  # 2025, traditional edition (晶片)
R001 = "001_e66a1ed0cdcaae93"  # 2025, simplified edition of the same report (芯片)
R002 = "002_6b54d0aafa120f4a"  # 2023, traditional text that says 芯片
R003 = "003_17c9e8caa8554f56"  # undated, traditional (晶片)
R004 = "004_0a39d42c6e4d68c6"  # 2024, simplified (芯片)
CHIP_REPORTS = {R000, R002, R003, R004}
SIZE = (120, 40)


class CountingService(SearchService):
    """A real service that records every query it was asked."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self.asked: list[str] = []

    def search(self, query: str, **kwargs: Any) -> SearchResults:
        self.asked.append(query)
        return super().search(query, **kwargs)


@pytest.fixture(scope="module")
def module_service(
    seed_library: Library, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CountingService]:
    service = CountingService(tmp_path_factory.mktemp("search") / "index")
    service.ensure_index(seed_library)
    yield service
    service.close()


@pytest.fixture
def service(module_service: CountingService) -> CountingService:
    module_service.asked.clear()
    return module_service


class Host(App[None]):
    """Pushes one screen and keeps what it was dismissed with."""

    CSS_PATH = [styles_dir() / "search.tcss"]

    def __init__(self, make_screen: Callable[[], SearchScreen]) -> None:
        super().__init__()
        self._make_screen = make_screen
        self.results: list[SearchChoice | None] = []

    def on_mount(self) -> None:
        self.push_screen(self._make_screen(), self.results.append)


def host(
    service: SearchService,
    library: Library,
    variant: Variant = Variant.ORIGINAL,
    **kwargs: Any,
) -> Host:
    return Host(lambda: SearchScreen(service, library, variant, show_elapsed=False, **kwargs))


async def settle(pilot: Pilot[Any]) -> None:
    """Let every timer-free thing finish: workers, then the messages they posted."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def search_for(pilot: Pilot[Any], query: str) -> SearchScreen:
    """Type ``query`` and wait for its results (bounded; the debounce timer must fire)."""
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query)

    def arrived() -> bool:
        return screen.results is not None and screen.results.query == query

    await until(pilot, arrived, f"results for {query}", 5)
    return screen


def shown(screen: SearchScreen) -> list[SearchHit]:
    assert screen.results is not None
    return screen.results.hits


def rendered_rows(screen: SearchScreen) -> list[str]:
    results = screen.query_one(SearchResultList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


# --------------------------------------------------------------------------- the screen


async def test_typing_finds_every_script_and_counts(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "晶片")
        hits = shown(screen)
        assert {h.report_key for h in hits} == CHIP_REPORTS
        assert {h.edition_key for h in hits if h.report_key == R000} == {R000}
        by_report: dict[str, set[str]] = {}
        for h in hits:
            by_report.setdefault(h.report_key, set()).update(
                h.snippet[a:b] for a, b in h.snippet_highlights
            )
        # 004 (simplified) is found through 芯片, 000 and 003 (traditional) through 晶片
        assert by_report[R004] == {"芯片"}
        assert by_report[R000] == {"晶片"} and by_report[R003] == {"晶片"}
        assert screen.results is not None
        assert screen.status == f"{screen.results.total} hits · by relevance"
        assert screen.results.total == len(hits) > 0
        rows = rendered_rows(screen)
        assert len(rows) == len(screen.rows)
        titles = [row for row in screen.rows if row.is_title]
        assert [row.report_key for row in titles] == list(dict.fromkeys(h.report_key for h in hits))
        assert screen.rows[0].is_title
        assert any(row.startswith("2024，7大机会 · 2024 · ") for row in rows)


async def test_enter_on_a_result_opens_that_passage(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        second = shown(screen)[screen.rows[1].hit]  # the first report's first hit row
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.results == [
        SearchChoice(second.report_key, second.edition_key, second.ordinal, "芯片")
    ]
    found = seed_library.find(second.edition_key)
    assert found is not None
    text = passage_texts(found[1], Variant.ORIGINAL)[second.ordinal]
    assert text == second.text
    assert [text[a:b] for a, b in second.highlights] and all(
        text[a:b] in {"芯片", "晶片"} for a, b in second.highlights
    )


async def test_enter_in_the_input_before_results_opens_the_first_for_the_final_query(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"机器人", "enter")  # before the debounce fires
        await until(pilot, lambda: bool(app.results), "the screen dismissed", 5)
    assert service.asked == ["机器人"]
    [choice] = app.results
    assert choice is not None and choice.query == "机器人"
    best = service.search("机器人", variant=Variant.ORIGINAL, limit=1).hits[0]
    assert (choice.edition_key, choice.ordinal) == (best.edition_key, best.ordinal)


async def test_taiwan_snippets_are_traditional(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library, Variant.TAIWAN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        simplified_source = [h for h in shown(screen) if h.report_key == R004]
        assert simplified_source
        for hit in simplified_source:
            assert {hit.snippet[a:b] for a, b in hit.snippet_highlights} == {"晶片"}
        rows = "\n".join(rendered_rows(screen))
        assert "2024，7大機會 · 2024" in rows  # the title too
        assert "资本" not in rows and "資本，晶片" in rows


async def test_a_broken_query_shows_one_line_and_no_exception(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, '"自动')
        assert screen.status.startswith("searched the plain words (unbalanced quote) · ")
        assert "\n" not in screen.status
        await pilot.press(*["backspace"] * 3)
        screen = await search_for(pilot, "(((")
        assert screen.status == "nothing to search for in that query"
        assert rendered_rows(screen) == []


async def test_fast_typing_runs_one_search_for_the_final_query(
    service: CountingService, seed_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a generous debounce, so the keystrokes surely fall inside it on a slow machine
    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 0.5)
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "自动驾驶")
        assert service.asked == ["自动驾驶"]
        assert screen.searches == 1


async def test_stale_results_are_dropped(service: CountingService, seed_library: Library) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        before = rendered_rows(screen)
        old = service.search("电池", variant=Variant.ORIGINAL, limit=50)
        screen._show_results(old, ("电池", "", ""))  # a late answer to an earlier query
        assert screen.results is not None and screen.results.query == "芯片"
        assert rendered_rows(screen) == before


async def test_filters_narrow_the_results(service: CountingService, seed_library: Library) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        everything = screen.results
        assert everything is not None
        screen.query_one("#search-report", Select).value = R004
        await settle(pilot)
        assert {h.report_key for h in shown(screen)} == {R004}
        assert screen.results is not None and 0 < screen.results.total < everything.total
        assert screen.status == f"{screen.results.total} hits · by relevance"
        screen.query_one("#search-report", Select).value = ""
        screen.query_one("#search-year", Select).value = "2023"
        await settle(pilot)
        assert {h.report_key for h in shown(screen)} == {R002}


async def test_find_in_page_shows_only_that_report(
    service: CountingService, seed_library: Library
) -> None:
    # given an edition key (what the reader has open), it searches the whole report
    app = host(service, seed_library, Variant.SIMPLIFIED, report=R001, initial_query="芯片")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        hits = shown(screen)
        assert hits and {(h.report_key, h.edition_key) for h in hits} == {(R000, R001)}
        assert screen.query_one("#search-report", Select).value == R000
        assert screen.query_one(Input).value == "芯片"
        assert service.asked == ["芯片"]


async def test_escape_returns_none(service: CountingService, seed_library: Library) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "芯片")
        await pilot.press("down", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_arrows_move_between_input_and_results(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        results = screen.query_one(SearchResultList)
        await pilot.press("down")
        assert results.has_focus and results.highlighted == 0
        await pilot.press("down", "up", "up")
        assert screen.query_one(Input).has_focus
        await pilot.press("up")
        assert results.has_focus and results.highlighted == results.option_count - 1
        await pilot.press("x")  # typing in the list goes to the query
        assert screen.query_one(Input).has_focus and screen.query_one(Input).value == "芯片x"


async def test_unindexed_service_builds_with_progress_first(
    seed_library: Library, app_paths: AppPaths
) -> None:
    service = CountingService(app_paths.index_dir)
    statuses: list[str] = []

    class Recording(SearchScreen):
        def _set_status(self, text: str) -> None:
            statuses.append(text)
            super()._set_status(text)

    app = Host(lambda: Recording(service, seed_library, Variant.ORIGINAL, initial_query="芯片"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            assert screen.index_ready and service.library is seed_library
            assert {h.report_key for h in shown(screen)} == CHIP_REPORTS
    finally:
        service.close()
    assert statuses[0] == "Indexing…"
    assert re.fullmatch(rf"{len(shown(screen))} hits · \d+ ms · by relevance", statuses[-1])
    assert (app_paths.index_dir).is_dir()


class GatedService(CountingService):
    """A real service whose background build waits for ``release`` before it starts."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        import threading

        self.release = threading.Event()

    def _build_in_background(self, *args: Any) -> None:
        assert self.release.wait(30)
        super()._build_in_background(*args)


async def test_search_during_the_build_scans_and_says_so_then_completes(
    seed_library: Library, app_paths: AppPaths
) -> None:
    """Issue 14: no screen waits for a full build. The query is answered while nothing is
    indexed yet (a scan of every report), the status line says the results may be
    incomplete, and once the build is done the same query is searched again from the index."""
    service = GatedService(app_paths.index_dir)
    app = Host(lambda: SearchScreen(service, seed_library, Variant.ORIGINAL, initial_query="芯片"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            await until(pilot, lambda: screen.results is not None, "results while building")
            assert service.building
            scanned = screen.results
            assert scanned is not None and scanned.partial == (
                0,
                len(list(seed_library.editions())),
            )
            assert {h.report_key for h in scanned.hits} == CHIP_REPORTS
            assert "indexing 0 / 5 — results may be incomplete" in screen.status
            service.release.set()
            await until(
                pilot,
                lambda: screen.results is not None and screen.results.partial is None,
                "the query searched again once the index is built",
                seconds=30,
            )
            assert {h.report_key for h in shown(screen)} == CHIP_REPORTS
            assert screen.results.total == scanned.total
            assert "incomplete" not in screen.status
            assert service.asked == ["芯片", "芯片"]
    finally:
        service.release.set()
        service.close()


# --------------------------------------------------------------------------- in the real app


class WiredApp(TrendReaderApp):
    """The real app with a search service that is already indexed (faster tests)."""

    def __init__(self, service: SearchService, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.search_service = service


def lit(app: TrendReaderApp) -> list[int]:
    return [k for k, p in enumerate(app.reader.passages) if p.highlights]


async def test_in_the_app_enter_opens_the_reader_at_the_hit_and_n_moves(
    service: CountingService, seed_library: Library, app_paths: AppPaths
) -> None:
    app = WiredApp(service, paths=app_paths, library=seed_library, open_key=R002)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await settle(pilot)
        screen = await search_for(pilot, "晶片")
        target = next(h for h in shown(screen) if h.report_key == R004 and h.kind != "heading")
        row_id = f"hit-{shown(screen).index(target)}"
        await pilot.press("down")
        while screen.query_one(SearchResultList).highlighted_id != row_id:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen
        assert app.edition is not None and app.edition.key == R004
        assert app.reader.cursor == target.ordinal
        drawn = app.reader.passages[target.ordinal]
        assert {drawn.text[a:b] for a, b in drawn.highlights} == {"芯片"}
        assert app.hits is not None
        ordinals = app.hits.ordinals
        assert target.ordinal in ordinals and len(ordinals) > 1
        assert lit(app) == ordinals
        here = ordinals.index(target.ordinal)
        await pilot.press("n")
        assert app.reader.cursor == ordinals[(here + 1) % len(ordinals)]
        await pilot.press("N", "N")
        assert app.reader.cursor == ordinals[(here - 1) % len(ordinals)]
        # a script switch keeps the hits, now on the traditional wording
        app.set_variant(Variant.TAIWAN)
        await pilot.pause()
        assert lit(app) == ordinals
        drawn = app.reader.passages[ordinals[0]]
        assert {drawn.text[a:b] for a, b in drawn.highlights} == {"晶片"}
        await pilot.press("escape")
        assert app.hits is None and lit(app) == []
        before = app.reader.cursor
        await pilot.press("n")  # no hits: nothing moves
        assert app.reader.cursor == before
        await pilot.press("alt+left")  # back from the search hit to where the reader was
        await until(pilot, lambda: app.session.edition_key == R002, "back in 002")
        await pilot.press("alt+right")
        await until(pilot, lambda: app.session.edition_key == R004, "forward in 004")
        assert app.reader.cursor == before


async def test_in_the_app_ctrl_f_is_a_find_bar_with_n_of_m(
    service: CountingService, seed_library: Library, app_paths: AppPaths
) -> None:
    from trendreader.tui.widgets.find_bar import FindBar

    app = WiredApp(service, paths=app_paths, library=seed_library, open_key=R001)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await until(pilot, lambda: app.index.opened, "the index", 5)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: bool(app.screen.query(FindBar)), "the find bar")
        assert not isinstance(app.screen, SearchScreen)
        assert not app.screen.query(Select)  # no report or year selector
        bar = app.screen.query_one(FindBar)
        await pilot.press(*"芯片")
        await until(pilot, lambda: app.hits is not None, "hits lit", 5)
        ordinals = app.hits.ordinals
        total = len(ordinals)
        assert total > 2 and lit(app) == ordinals
        assert app.reader.cursor == ordinals[0]
        assert bar.count == f"1 / {total}"
        await pilot.press("enter")
        assert app.reader.cursor == ordinals[1] and bar.count == f"2 / {total}"
        await pilot.press("up")
        assert app.reader.cursor == ordinals[0] and bar.count == f"1 / {total}"
        app.reader.focus()
        await pilot.press("N")  # n / N in the reader keep the count
        assert app.reader.cursor == ordinals[-1] and bar.count == f"{total} / {total}"
        await pilot.press("ctrl+f", "escape")
        await until(pilot, lambda: not app.screen.query(FindBar), "the bar closed")
        assert app.hits is None and lit(app) == []


async def test_find_bar_says_no_match(
    service: CountingService, seed_library: Library, app_paths: AppPaths
) -> None:
    from trendreader.tui.widgets.find_bar import FindBar

    app = WiredApp(service, paths=app_paths, library=seed_library, open_key=R001)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.index.opened, "the index", 5)
        await pilot.press("ctrl+f", *"火星殖民", "enter")
        bar = app.screen.query_one(FindBar)
        await until(pilot, lambda: bar.count == "No match", "no match")
        assert app.hits is None


async def test_in_the_app_search_reopens_with_its_query_and_selection(
    service: CountingService, seed_library: Library, app_paths: AppPaths
) -> None:
    app = WiredApp(service, paths=app_paths, library=seed_library, open_key=R002)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        await pilot.press("down", "down", "down")
        chosen = screen.query_one(SearchResultList).highlighted_id
        assert chosen is not None
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, SearchScreen), "closed")
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "open again")
        again = app.screen
        # kept between opens: the same screen, its query selected (typing replaces it)
        assert again is screen and again.query_one(Input).value == "芯片"
        await settle(pilot)
        field = again.query_one(Input)
        assert field.has_focus and field.selected_text == "芯片"
        await until(pilot, lambda: again.results is not None, "results", 5)
        assert again.query_one(SearchResultList).highlighted_id == chosen


async def test_more_results_load_near_the_end(
    service: CountingService, seed_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SearchScreen, "LIMIT", 4)
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        assert screen.results is not None
        total = screen.results.total
        assert total > 8
        assert len(shown(screen)) in (4, 8)  # the first rows are near the end already
        await pilot.press("down", "end")
        await until(pilot, lambda: len(shown(screen)) >= 12, "more loaded", 5)
        await pilot.press("end")
        await settle(pilot)
        await until(pilot, lambda: len(shown(screen)) == total or screen.rows, "loading")
        for _ in range(total):  # keep going down: everything arrives, then it stops
            if len(shown(screen)) == total:
                break
            await pilot.press("end")
            await settle(pilot)
        assert len(shown(screen)) == total
        assert screen.status == f"{total} hits · by relevance"
        assert not any("+ hits" in row or "+ hit" in row for row in rendered_rows(screen))
        assert len({h.ordinal for h in shown(screen)}) > 0


async def test_ctrl_o_orders_reports_by_date(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        await pilot.press("ctrl+o")
        assert screen.status.endswith(" · newest first")
        years = [
            seed_library.find(row.report_key)[0].year or 0 for row in screen.rows if row.is_title
        ]
        assert years == sorted(years, reverse=True) and len(set(years)) > 1
        await pilot.press("ctrl+o")
        assert screen.status.endswith(" · by relevance")


async def test_a_hit_on_the_title_is_shown_once(
    service: CountingService, seed_library: Library
) -> None:
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "7大机会")
        rows = rendered_rows(screen)
        title_rows = [r for r in rows if r.startswith("2024，7大机会 · 2024 · ")]
        assert len(title_rows) == 1
        assert not any(r.strip() == "2024，7大机会" for r in rows)  # no second, identical line
        row = next(r for r in screen.rows if r.report_key == R004 and r.is_title)
        assert row.title_hit and shown(screen)[row.hit].kind == "heading"


# --------------------------------------------------------------------------- pure helpers


def test_next_hit_wraps_both_ways() -> None:
    assert next_hit([3, 8, 20], 8, 1) == 20
    assert next_hit([3, 8, 20], 8, -1) == 3
    assert next_hit([3, 8, 20], 5, 1) == 8
    assert next_hit([3, 8, 20], 5, -1) == 3
    assert next_hit([3, 8, 20], 20, 1) == 3
    assert next_hit([3, 8, 20], 3, -1) == 20
    assert next_hit([3, 8, 20], 99, 1) == 3
    assert next_hit([7], 7, 1) == 7
    assert next_hit([], 0, 1) is None


def _hit(edition: str, ordinal: int, ranges: tuple[tuple[int, int], ...]) -> SearchHit:
    return SearchHit(
        report_key=edition,
        edition_key=edition,
        title="t",
        year=None,
        ordinal=ordinal,
        kind="paragraph",
        score=1.0,
        text="芯片芯片",
        highlights=ranges,
        snippet="芯片芯片",
        snippet_highlights=ranges,
    )


def test_hits_for_edition_and_with_highlights() -> None:
    results = SearchResults(
        "芯片",
        [_hit("a", 5, ((0, 2),)), _hit("b", 1, ((0, 2),)), _hit("a", 2, ((2, 4), (0, 2)))],
        3,
        1.0,
    )
    ranges = hits_for_edition(results, "a")
    assert ranges == {2: ((0, 2), (2, 4)), 5: ((0, 2),)}
    assert list(ranges) == [2, 5]
    passages = [DisplayPassage(kind=PassageKind.PARAGRAPH, text="芯片芯片") for _ in range(4)]
    hits = ReaderHits("芯片", "a", "a", Variant.ORIGINAL, {1: ((0, 2), (3, 9)), 7: ((0, 1),)})
    drawn = with_highlights(passages, hits, "a", Variant.ORIGINAL)
    assert [p.highlights for p in drawn] == [(), ((0, 2), (3, 4)), (), ()]
    assert with_highlights(passages, hits, "a", Variant.TAIWAN) == passages
    assert with_highlights(passages, hits, "b", Variant.ORIGINAL) == passages
    assert with_highlights(passages, None) == passages
    assert refresh_reader_hits(hits, None, "a", "a", Variant.ORIGINAL) is hits
    assert refresh_reader_hits(hits, None, "a", "a", Variant.TAIWAN) is None
    assert refresh_reader_hits(None, None, "a", "a", Variant.ORIGINAL) is None


def test_hit_prompt_never_reads_markup_and_marks_exact_ranges() -> None:
    text = "[bold]芯片[/bold] 与 [link=x]晶片[/link]"
    ranges = (
        (text.index("芯片"), text.index("芯片") + 2),
        (text.index("晶片"), text.index("晶片") + 2),
    )
    hit = SearchHit("k", "k", "[red]标题[/red]", 2024, 0, "paragraph", 1.0, text, (), text, ranges)
    prompt = hit_prompt(hit, Style(reverse=True), Style(dim=True))
    assert prompt.plain == text + "\n[red]标题[/red] · 2024"
    marked = [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == Style(reverse=True)]
    assert marked == ["芯片", "晶片"]
    wrapped = hit_prompt(hit, Style(reverse=True), Style(dim=True), width=12, max_lines=2)
    lines = wrapped.plain.split("\n")
    assert len(lines) == 3 and lines[1].endswith("…")
    marked = [
        wrapped.plain[s.start : s.end] for s in wrapped.spans if s.style == Style(reverse=True)
    ]
    assert marked == ["芯片"]


def test_group_hits_puts_the_title_row_first_and_folds_the_title_hit() -> None:
    from trendreader.reading.result_groups import group_hits

    hits = [_hit("a", 5, ()), _hit("b", 1, ()), _hit("a", 0, ())]
    hits[2] = SearchHit("a", "a", "标题", None, 0, "heading", 1.0, "标题", (), "标题", ())
    rows = group_hits(hits)
    assert [(r.report_key, r.is_title, r.hit) for r in rows] == [
        ("a", True, 2),  # the title row opens the title hit …
        ("a", False, 0),  # … which has no row of its own
        ("b", True, 1),
        ("b", False, 1),
    ]
    assert rows[0].count == 2 and rows[0].title_hit
    by_date = group_hits(hits, "date", {"a": (2020, ""), "b": (2024, "2024-01-01")})
    assert [r.report_key for r in by_date if r.is_title] == ["b", "a"]


def test_title_prompt_counts_and_marks_a_partial_count() -> None:
    from trendreader.tui.widgets.search_results import title_prompt

    hit = SearchHit(
        "k", "k", "[b]标题[/b]", 2024, 0, "heading", 1.0, "[b]标题[/b]", ((3, 5),), "", ()
    )
    row = title_prompt(hit, 3, "bold", "dim", title_hit=True, hit_style="reverse")
    assert row.plain == "[b]标题[/b] · 2024 · 3 hits"
    assert [row.plain[s.start : s.end] for s in row.spans if s.style == "reverse"] == ["标题"]
    assert title_prompt(hit, 1, "", "", partial=True).plain.endswith(" · 1+ hit")


def test_status_text() -> None:
    results = SearchResults("q", [_hit("a", 0, ())], 1, 12.4)
    assert status_text(results) == "1 hit · 12 ms"
    assert status_text(results, elapsed=False) == "1 hit"
    many = SearchResults("q", [_hit("a", 0, ())], 407, 3.0, message="searched the plain words")
    assert status_text(many) == "searched the plain words · 407 hits (showing 1) · 3 ms"
    empty = SearchResults("q", [], 0, 0.1, "nothing to search for", searchable=False)
    assert status_text(empty) == "nothing to search for"


# --------------------------------------------------------------------------- snapshot


def test_search_screen_snapshot_120x40(
    snap_compare: Callable[..., bool], module_service: CountingService, seed_library: Library
) -> None:
    async def typed(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await search_for(pilot, "芯片")
        await settle(pilot)

    assert snap_compare(host(module_service, seed_library), terminal_size=SIZE, run_before=typed)


def test_grouped_search_results_snapshot_80x24(
    snap_compare: Callable[..., bool], module_service: CountingService, seed_library: Library
) -> None:
    async def typed(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await search_for(pilot, "机会")
        await settle(pilot)

    assert snap_compare(
        host(module_service, seed_library), terminal_size=(80, 24), run_before=typed
    )


async def test_title_rows_count_every_hit_and_date_order_spans_all(
    service: CountingService, seed_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SearchScreen, "LIMIT", 2)
    app = host(service, seed_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        results = screen.results
        assert results is not None and results.total > len(results.hits)
        full = service.search("芯片", limit=10_000)
        exact = dict(Counter(h.report_key for h in full.hits))
        for row in screen.rows:
            if row.is_title:
                assert row.count == exact[row.report_key]
        newest = max(seed_library.find(key)[0].year or 0 for key in exact)
        before = screen.searches
        await pilot.press("ctrl+o")
        await until(pilot, lambda: screen.searches > before and screen.rows, "date order")
        await settle(pilot)
        first = next(row for row in screen.rows if row.is_title)
        assert seed_library.find(first.report_key)[0].year == newest
        assert screen.results is not None and screen.results.hits[0].report_key == first.report_key


async def test_in_the_app_search_reopened_after_a_script_change_searches_in_it(
    service: CountingService, seed_library: Library, app_paths: AppPaths
) -> None:
    app = WiredApp(service, paths=app_paths, library=seed_library, open_key=R002)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        screen = await search_for(pilot, "芯片")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SearchScreen), "closed")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "open again")
        again = app.screen
        assert again is not screen and again.variant == app.variant != screen.variant
        assert again.query_one(Input).value == "芯片"
        await until(pilot, lambda: again.results is not None, "results", 5)
        assert again.results is not None and again.results.query == "芯片"
