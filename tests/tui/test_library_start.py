"""Start-up from the cache's listing (issue 14 item 2): the first page is the opened report
made whole; the whole library comes in after the first paint without moving anything; the
index waits for it; another report opened meanwhile is read whole from its shard; a search
asked for meanwhile waits for the worker (a status line), nothing read in the UI thread.
The cold start (no current listing) is tests/tui/test_cold_start.py."""

from __future__ import annotations

import threading
from dataclasses import replace

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader.library.catalog import Library
from trendreader.library.model import Edition
from trendreader.tui.app import TrendReaderApp
from trendreader.tui.library_start import is_partial, with_whole_report

KEY_001 = "001_e66a1ed0cdcaae93"
KEY_004 = "004_0a39d42c6e4d68c6"
SIZE = (120, 40)


def listing_of(library: Library) -> Library:
    """``library`` as the cache's listing gives it: every edition without its passages."""
    reports = [
        replace(r, editions=tuple(replace(e, passages=()) for e in r.editions))
        for r in library.reports
    ]
    return Library(reports, list(library.problems))


class Loaders:
    """The whole library (held until released) and one edition whole, counted."""

    def __init__(self, whole: Library) -> None:
        self.whole = whole
        self.release = threading.Event()
        self.library_reads = 0
        self.edition_reads: list[str] = []
        self.threads: list[bool] = []  # for each read: in the main thread?

    def load_library(self) -> Library:
        self.release.wait(10)
        self.library_reads += 1
        self.threads.append(threading.current_thread() is threading.main_thread())
        return self.whole

    def load_edition(self, edition: Edition) -> Edition:
        self.edition_reads.append(edition.key)
        found = self.whole.find(edition.key)
        assert found is not None
        return found[1]


def app_on_listing(seed_library: Library, app_paths, loaders: Loaders, **kw) -> TrendReaderApp:
    app = TrendReaderApp(
        paths=app_paths,
        library=listing_of(seed_library),
        open_key=KEY_001,
        whole_library=loaders.load_library,
        whole_edition=loaders.load_edition,
        **kw,
    )
    app.INDEX_DELAY = 0.05
    return app


def test_a_report_is_made_whole_in_a_listing() -> None:
    from tests.conftest import SEEDS
    from trendreader.library.catalog import load_library

    whole = load_library([SEEDS], builtin=[SEEDS])
    light = listing_of(whole)
    assert is_partial(light) and not is_partial(whole)
    report = light.find(KEY_004)[0]
    made = with_whole_report(light, report, lambda e: whole.find(e.key)[1])
    assert made.find(KEY_004)[1].passages == whole.find(KEY_004)[1].passages
    assert not made.find(KEY_001)[1].passages  # the others stay light
    assert [r.key for r in made.reports] == [r.key for r in light.reports]


async def test_the_first_page_comes_from_the_listing_and_the_rest_after(
    seed_library: Library, app_paths
) -> None:
    loaders = Loaders(seed_library)
    app = app_on_listing(seed_library, app_paths, loaders)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        # the page is the opened report, read whole from its shard; the library is partial
        assert app.edition is not None and app.edition.passages
        assert loaders.edition_reads and all(
            k.startswith("001") or k.startswith("000") for k in loaders.edition_reads
        )
        assert app.completion.partial
        await pilot.pause(0.3)
        assert app.index_state.phase == "waiting"  # the index waits for every passage
        rows_before = [str(n.label) for n in app.sidebar.root.children[0].children]
        cursor, top = app.reader.cursor, app.reader.scroll_y
        loaders.release.set()
        await until(pilot, lambda: not app.completion.partial, "the whole library is in")
        assert not is_partial(app.library)
        assert app.library is seed_library
        assert app.edition is seed_library.find(app.edition.key)[1]  # the whole one, same place
        assert (app.reader.cursor, app.reader.scroll_y) == (cursor, top)
        assert [str(n.label) for n in app.sidebar.root.children[0].children] == rows_before
        await until(pilot, lambda: app.index_state.phase != "waiting", "the index started")
        assert loaders.library_reads == 1


async def test_another_report_opened_early_is_read_from_its_shard(
    seed_library: Library, app_paths
) -> None:
    loaders = Loaders(seed_library)
    app = app_on_listing(seed_library, app_paths, loaders)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        app.open_report(KEY_004)
        await pilot.pause()
        assert app.edition is not None and app.edition.key == KEY_004
        assert app.edition.passages == seed_library.find(KEY_004)[1].passages
        assert KEY_004 in loaders.edition_reads
        assert app.completion.partial and loaders.library_reads == 0
        loaders.release.set()
        await until(pilot, lambda: not app.completion.partial, "the whole library is in")


async def test_a_search_asked_for_early_waits_for_the_worker(
    seed_library: Library, app_paths
) -> None:
    from trendreader.tui.screens.library_wait import LibraryWaitScreen
    from trendreader.tui.screens.search import SearchScreen

    loaders = Loaders(seed_library)
    app = app_on_listing(seed_library, app_paths, loaders)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        assert app.completion.partial
        await pilot.press("slash")
        await pilot.pause()
        # a status line, nothing read in the reader's thread: the worker is still held
        assert isinstance(app.screen, LibraryWaitScreen)
        assert app.screen.status == "Reading the library…"
        assert app.completion.partial and loaders.library_reads == 0
        loaders.release.set()
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search opened")
        await pilot.pause()
        assert not is_partial(app.library) and app.screen.library is app.library
        assert loaders.library_reads == 1
        assert loaders.threads == [False]  # read in the worker's thread


async def test_the_listing_is_let_go_once_the_whole_library_is_in(
    seed_library: Library, app_paths
) -> None:
    """Once the whole library took its place, the listing (at 10,000 reports ~9 MB of
    editions without passages) is no longer held by the reader."""
    import gc
    import sys

    loaders = Loaders(seed_library)
    app = app_on_listing(seed_library, app_paths, loaders)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        listing = app.library  # the listing, with the opened report made whole
        assert app.completion.partial and is_partial(listing)
        assert sys.getrefcount(listing) > 3  # the app's, the completion's
        loaders.release.set()
        await until(pilot, lambda: not app.completion.partial, "the whole library is in")
        await pilot.pause(0.1)
        gc.collect()
        assert sys.getrefcount(listing) == 2  # this test's, getrefcount's argument
