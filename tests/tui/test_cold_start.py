"""A cold start on a large library (issue 14 item 2): the reader paints the report it opens
from the few files read before it started; the rest is read in a worker and comes in
batches that fill the sidebar without moving the page; ``/`` and ``B`` pressed meanwhile
show how far the reading is and open once the library is whole; at the end the whole
library takes the partial one's place, the cache is written, refused files are reported."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from tests.conftest import SEEDS
from tests.tui.pilot_helpers import Notes, chrome_ready, until
from trendreader.library.catalog import Library
from trendreader.library.listing import load_cached_listing
from trendreader.library.model import Report
from trendreader.library.start import Batch, load_start_library
from trendreader.tui.app import TrendReaderApp
from trendreader.tui.screens.library_wait import LibraryWaitScreen

KEY_002 = "002_6b54d0aafa120f4a"
KEY_004 = "004_0a39d42c6e4d68c6"
SIZE = (120, 40)


class HeldRest:
    """The files left to read, handed over in batches, each one held until released: a
    `LibraryRest` whose reading the test controls."""

    def __init__(self, batches: list[list[Report]], whole: Library, done: int) -> None:
        self.batches = batches
        self.whole = whole
        self.total = len(list(whole.editions()))
        self.done = done
        self.steps = [threading.Event() for _ in range(len(batches) + 1)]
        self.threads: list[bool] = []  # read() in the main thread?

    def read(self, on_batch, *, cancelled, every) -> Library | None:
        self.threads.append(threading.current_thread() is threading.main_thread())
        done = self.done
        for step, reports in zip(self.steps, self.batches, strict=False):
            while not step.wait(0.05):
                if cancelled():
                    return None
            done += sum(len(r.editions) for r in reports)
            on_batch(Batch(reports, [], done, self.total))
        while not self.steps[-1].wait(0.05):
            if cancelled():
                return None
        return self.whole


def page_text(app: TrendReaderApp) -> str:
    pane = app.reader
    return "\n".join(pane.render_line(y).text for y in range(pane.size.height))


def report_keys(app: TrendReaderApp) -> list[str]:
    """The reports in the sidebar's tree, in order."""
    keys: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if child.data is not None and child.data.kind == "report":
                keys.append(child.data.key)
            walk(child)

    walk(app.sidebar.root)
    return keys


def cold_app(seed_library: Library, app_paths, **kw) -> tuple[TrendReaderApp, HeldRest]:
    """The reader started from report 004 alone; 002 and 003 come in a first batch, the
    whole library (000 and 001 too) at the end."""
    report = seed_library.find(KEY_004)[0]
    batch = [seed_library.find(k)[0] for k in (KEY_002, "003_17c9e8caa8554f56")]
    rest = HeldRest([batch], seed_library, done=1)
    app = TrendReaderApp(
        paths=app_paths, library=Library([report]), open_key=KEY_004, library_rest=rest, **kw
    )
    app.INDEX_DELAY = 0.05
    return app, rest


async def settled_page(pilot, app: TrendReaderApp) -> str:
    """The page once two looks 0.1 s apart agree (the pane wraps the lines below the view
    right after a frame: a look in between can see them still blank)."""
    await pilot.pause()
    page = page_text(app)
    for _ in range(50):
        await pilot.pause(0.1)
        again = page_text(app)
        if again == page:
            return page
        page = again
    raise AssertionError("the page never settled")


async def test_the_opened_report_paints_before_the_rest_is_read(
    seed_library: Library, app_paths
) -> None:
    app, rest = cold_app(seed_library, app_paths)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        assert app.edition is not None and app.edition.key == KEY_004 and app.edition.passages
        first = next(p.text for p in app.edition.passages if len(p.text) > 12)[:6]
        assert first in page_text(app)  # the page is painted
        assert report_keys(app) == [seed_library.find(KEY_004)[0].key]
        assert app.completion.partial and app.completion.done == 1
        await pilot.pause(0.3)
        assert app.index_state.phase == "waiting"  # the index waits for every report
        for _ in range(3):
            await pilot.press("j")
        page = await settled_page(pilot, app)
        edition, cursor, top = app.edition, app.reader.cursor, app.reader.scroll_y
        row = app.sidebar.cursor_line - app.sidebar.scroll_y  # the open report's row
        assert cursor == 3

        rest.steps[0].set()  # the first batch: the sidebar fills, the page stays
        await until(pilot, lambda: len(report_keys(app)) == 3, "the batch is in the sidebar")
        assert set(report_keys(app)) == {
            seed_library.find(k)[0].key for k in (KEY_004, KEY_002, "003_17c9e8caa8554f56")
        }
        assert app.completion.partial and app.completion.done == 3
        assert app.edition is edition
        assert (app.reader.cursor, app.reader.scroll_y) == (cursor, top)
        assert await settled_page(pilot, app) == page
        assert app.sidebar.cursor_node.data.key == seed_library.find(KEY_004)[0].key
        assert app.sidebar.cursor_line - app.sidebar.scroll_y == row
        assert app.index_state.phase == "waiting"

        rest.steps[1].set()  # the end: the whole library in place of the partial one
        await until(pilot, lambda: not app.completion.partial, "the whole library is in")
        assert app.library is seed_library
        assert sorted(report_keys(app)) == sorted(r.key for r in seed_library.reports)
        assert app.edition is seed_library.find(KEY_004)[1]
        assert (app.reader.cursor, app.reader.scroll_y) == (cursor, top)
        # the same lines; the index, started 50 ms after the library is in, may have shown
        # its progress line under the pane already (one row fewer, none other changed)
        lines, before = (await settled_page(pilot, app)).split("\n"), page.split("\n")
        assert len(lines) >= len(before) - 1 and lines == before[: len(lines)]
        await until(pilot, lambda: app.index_state.phase != "waiting", "the index started")
        assert rest.threads == [False]  # read in the worker's thread


async def test_search_and_bookmarks_pressed_early_wait_with_a_status_line(
    seed_library: Library, app_paths
) -> None:
    from trendreader.tui.screens.bookmarks import BookmarksScreen
    from trendreader.tui.screens.search import SearchScreen

    app, rest = cold_app(seed_library, app_paths)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, LibraryWaitScreen)
        assert app.screen.status == "Reading the library… 1 / 5"
        rest.steps[0].set()
        await until(pilot, lambda: app.screen.status.endswith("3 / 5"), "the status follows")
        await pilot.press("escape")  # closed before the end: nothing opens then
        await pilot.pause()
        assert not isinstance(app.screen, LibraryWaitScreen)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, LibraryWaitScreen) and app.completion.partial
        rest.steps[1].set()
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks open")
        await pilot.pause()
        assert app.screen.library is seed_library
        assert len(app.screen_stack) == 2  # the search asked for and given up never opened
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")  # whole now: the search opens at once
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.pause()


def cold_library(tmp_path: Path) -> Path:
    """The seeds copied (a library no cache knows), and one file that cannot be read."""
    folder = tmp_path / "library"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy2(seed, folder / seed.name)
    (folder / "999_empty.md").write_text("\n\n", encoding="utf-8")
    return folder


async def test_a_cold_start_ends_whole_with_the_cache_written(
    seed_library: Library, app_paths, tmp_path: Path, monkeypatch
) -> None:
    from trendreader.library import background

    in_main: list[bool] = []  # for each chunk parsed: in the reader's thread?
    parse_chunk = background.parse_chunk

    def parse_and_tell(jobs):
        in_main.append(threading.current_thread() is threading.main_thread())
        return parse_chunk(jobs)

    monkeypatch.setattr(background, "parse_chunk", parse_and_tell)
    folder = cold_library(tmp_path)
    started = load_start_library(app_paths, [folder], open_key=KEY_004, budget=0)
    assert started is not None
    library, _counts, rest = started
    assert [r.key for r in library.reports] == [KEY_004]  # the one report opened, parsed
    rest.workers = 0  # parsed in the worker's thread (no processes in the test)
    app = TrendReaderApp(paths=app_paths, library=library, open_key=KEY_004, library_rest=rest)
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        await until(pilot, lambda: not app.completion.partial, "the whole library is in", 10)
        # the refused file, read in the background, is told once (by its batch)
        told = [str(n.message) for n in notes.notifications if n.title == "Library"]
        assert len(told) == 1 and "999_empty.md" in told[0]
        assert app.edition is not None and app.edition.key == KEY_004
        assert sorted(r.key for r in app.library.reports) == sorted(
            r.key for r in seed_library.reports
        )
        assert len(report_keys(app)) == len(seed_library.reports)
        assert [p.path.name for p in app.library.problems] == ["999_empty.md"]
        assert in_main and not any(in_main)  # parsed in the worker's thread only
    # the next start is warm: the cache's listing describes the files as they are (but
    # for the refused one, which is parsed again at each start to say why: gone here)
    (folder / "999_empty.md").unlink()
    listing = load_cached_listing(app_paths, [folder])
    assert listing is not None
    assert sorted(r.key for r in listing[0].reports) == sorted(r.key for r in seed_library.reports)


def copies(report: Report, count: int, year: int) -> list[Report]:
    """``count`` reports like ``report`` (other keys and titles, dated ``year``)."""
    from dataclasses import replace

    made = []
    for n in range(count):
        edition = report.primary
        meta = replace(edition.meta, title=f"{edition.meta.title} {n:02d}", year=year)
        made.append(
            Report(f"copy{year}-{n:02d}", (replace(edition, key=f"copy{year}-{n:02d}", meta=meta),))
        )
    return made


async def test_reports_added_above_the_cursor_leave_its_row_in_place(
    seed_library: Library, app_paths
) -> None:
    report = seed_library.find(KEY_004)[0]
    before = copies(seed_library.find(KEY_002)[0], 12, 2001)  # older: listed below 004
    above = copies(seed_library.find(KEY_002)[0], 12, 2030)  # newer than 004: listed above it
    whole = Library([report, *before, *above])
    rest = HeldRest([above], whole, done=13)
    start = Library([report, *before])
    app = TrendReaderApp(paths=app_paths, library=start, open_key=KEY_004, library_rest=rest)
    async with app.run_test(size=(80, 16)) as pilot:
        await chrome_ready(pilot)
        await pilot.pause()
        sidebar = app.sidebar
        assert sidebar.cursor_node.data.key == report.key
        row = sidebar.cursor_line - sidebar.scroll_y
        rest.steps[0].set()
        await until(pilot, lambda: len(report_keys(app)) == 25, "the batch is in the sidebar")
        await pilot.pause()
        assert sidebar.cursor_node.data.key == report.key
        assert sidebar.cursor_line - sidebar.scroll_y == row  # the tree scrolled with it
        assert sidebar.cursor_line >= 12
        rest.steps[1].set()
        await until(pilot, lambda: not app.completion.partial, "the whole library is in")
        await pilot.pause()
        assert sidebar.cursor_line - sidebar.scroll_y == row


async def test_the_header_names_the_other_edition_once_the_whole_library_is_in(
    seed_library: Library, app_paths
) -> None:
    """A cold start reads the opened file alone: its report's other edition (000 and 001
    are one report) is only known once every file is read; the header then says so. Before,
    it kept the cold start's header (on the seeds: the file's key, not the report's title)."""
    from dataclasses import replace

    KEY_000 = "000_933e302ea0e991db"
    report, edition = seed_library.find(KEY_000)
    alone = replace(report, editions=(edition,))
    rest = HeldRest([], seed_library, done=1)
    app = TrendReaderApp(
        paths=app_paths, library=Library([alone]), open_key=KEY_000, library_rest=rest
    )
    app.INDEX_DELAY = 3600.0
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        assert "1/2" not in app.sub_title
        rest.steps[0].set()
        await until(pilot, lambda: not app.completion.partial, "the whole library is in")
        await pilot.pause()
        assert app.sub_title == app.session.header()
        assert "edition 1/2" in app.sub_title
