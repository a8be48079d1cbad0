"""The app as a person uses it: pilot tests for each app-level key."""

from __future__ import annotations

import asyncio
import gc

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader.script.variants import CYCLE, Variant
from trendreader.settings import load_settings

KEY_000 = "000_933e302ea0e991db"
KEY_001 = "001_e66a1ed0cdcaae93"
KEY_004 = "004_0a39d42c6e4d68c6"


def screen_text(app) -> str:
    """What the reading pane shows, as plain text lines."""
    pane = app.reader
    return "\n".join(pane.render_line(y).text for y in range(pane.size.height))


def cursor_row(app) -> int:
    pane = app.reader
    return pane.layout_model.text_top(pane.cursor) - round(pane.scroll_y)


async def test_starts_on_the_newest_report(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.edition.key == KEY_000
        assert "幾乎每年" in screen_text(app)
        assert "原文" in app.sub_title


async def test_t_cycles_all_five_variants_and_keeps_the_cursor_row(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        row = cursor_row(app)
        cursor_text = app.edition.passages[app.reader.cursor].text[:4]
        seen = []
        for _ in CYCLE:
            await pilot.press("t")
            await pilot.pause()
            seen.append(app.variant)
            assert app.variant.label in app.sub_title
            assert cursor_row(app) == row
        assert seen == [*CYCLE[1:], CYCLE[0]]
        # back to the original: the same passage, and the choice was remembered
        assert app.edition.passages[app.reader.cursor].text[:4] == cursor_text
        await app.workers.wait_for_complete()
        assert load_settings(app.paths).variant == Variant.ORIGINAL


async def test_variant_converts_the_screen(make_app) -> None:
    app = make_app(open_key=KEY_004, variant=Variant.TAIWAN)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "2024，7大機會" in text and "机会" not in text
        assert "臺灣正體" in app.sub_title


async def test_simplified_of_a_report_with_two_editions_uses_the_simplified_one(make_app) -> None:
    app = make_app(open_key=KEY_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.variant == Variant.SIMPLIFIED
        assert app.edition.key == KEY_001


async def test_e_switches_edition_and_keeps_the_place(make_app) -> None:
    app = make_app(open_key=KEY_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("j")
        await pilot.press("e")
        await pilot.pause()
        assert app.edition.key == KEY_001
        assert app.edition.passages[app.reader.cursor].text.startswith("每一个十年")
        await pilot.press("e")
        await pilot.pause()
        assert app.edition.key == KEY_000


async def test_sidebar_enter_opens_a_report_and_tab_switches_focus(make_app) -> None:
    app = make_app()
    app.INDEX_DELAY = 600  # no trend counts arriving mid-test (they refill the tree)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        assert app.focused is app.reader
        await pilot.press("tab")
        assert app.focused is app.sidebar
        app.sidebar.select_report(KEY_004)  # the cursor moves after the next refresh
        await until(pilot, lambda: app.sidebar.cursor_node.data.key == KEY_004, "cursor on 004")
        await pilot.press("enter")
        await pilot.pause()
        assert app.edition.key == KEY_004
        assert app.focused is app.reader
        assert "2024，7大机会" in screen_text(app)


async def test_question_mark_lists_every_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        from trendreader.tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        from tests.tui.pilot_helpers import rendered_screen

        first_page = rendered_screen(app)
        assert all(w in first_page for w in ("Script", "Edition", "Next passage", "Quit"))
        body = app.screen.query_one("#help-body")
        shown = ""
        for _page in range(12):  # scroll through the whole help
            shown += rendered_screen(app)
            body.scroll_page_down(animate=False)
            await pilot.pause()
        for words in ("Next section", "tab shift+tab", "mouse wheel", "bookmark dialog", "ctrl+o"):
            assert words in shown, words
        for internal in ("Scroll Left", "Cursor to next ancestor", "Toggle node"):
            assert internal not in shown, internal  # Textual's own bindings are not ours
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_opens_a_report(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"7大机会")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.edition.key == KEY_004


async def test_resume_opens_the_last_report_at_the_last_passage(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(5):
            await pilot.press("j")
        await pilot.pause(0.6)
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.edition.key == KEY_004
        assert again.reader.cursor == 5


async def test_s_hides_the_sidebar_and_q_quits(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        assert not app.query_one("#sidebar-slot").display
        assert app.reader.region.width == 80  # the page takes the whole width
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_r_and_the_watcher_pick_up_new_reports(app_paths, tmp_path) -> None:
    from trendreader.library.catalog import load_library
    from trendreader.tui.app import TrendReaderApp

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "one.md").write_text("# 第一篇报告\n\n正文。\n", "utf-8")

    def load():
        return load_library([folder])

    app = TrendReaderApp(paths=app_paths, library=load(), reload_library=load, watch=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [r.key for r in app.library.reports] == ["one"]
        (folder / "two.md").write_text("# 第二篇报告\n\n另一段正文。\n", "utf-8")
        # the watcher (watchfiles, in a worker) notices without a key press
        await until(pilot, lambda: len(app.library.reports) == 2, "the watcher's reload", 10)
        assert sorted(r.key for r in app.library.reports) == ["one", "two"]
        assert app.edition.key == "one"  # the reader stays where it was
        app.watcher.stop()  # from here on only ctrl+r reloads
        await pilot.pause(0.6)
        (folder / "three.md").write_text("# 第三篇\n\n又一段。\n", "utf-8")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(app.library.reports) == 3, "ctrl+r's reload", 10)


async def test_the_watcher_picks_up_a_sidecar_written_beside_a_cached_report(
    app_paths, tmp_path
) -> None:
    from trendreader.library.store import load_cached_library
    from trendreader.tui.app import TrendReaderApp

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "one.md").write_text("# 旧标题\n\n正文。\n", "utf-8")

    def load():
        return load_cached_library(app_paths, [folder])

    def title() -> str:
        return app.library.reports[0].editions[0].meta.title

    load()  # the report is in the cache before the reader starts
    app = TrendReaderApp(paths=app_paths, library=load(), reload_library=load, watch=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert title() == "旧标题"
        (folder / "one.meta.toml").write_text('title = "新标题"\nyear = 2030\n', "utf-8")
        await until(pilot, lambda: title() == "新标题", "the watcher's reload", 10)
        assert app.library.reports[0].year == 2030
        app.watcher.stop()


async def test_b_bookmarks_the_cursor_passage_and_B_jumps_back(make_app) -> None:
    from trendreader.tui.screens.bookmark_dialog import BookmarkDialog
    from trendreader.tui.screens.bookmarks import BookmarksScreen

    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("j")
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkDialog)
        await pilot.press(*"重要", "enter")
        await pilot.pause()
        [saved] = app.store.list_bookmarks()
        assert (saved.report_key, saved.ordinal, saved.note) == (KEY_004, 4, "重要")
        assert app.reader.passages[4].marked
        # b again on the same passage removes it; u restores it
        await pilot.press("b")
        assert app.store.count() == 0 and not app.reader.passages[4].marked
        await pilot.press("u")
        assert app.store.count() == 1
        # B lists it; enter jumps there from another report
        app.open_report(KEY_001)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.edition.key == KEY_004 and app.reader.cursor == 4


async def test_bookmark_jump_opens_the_exact_edition(make_app) -> None:
    app = make_app(open_key=KEY_000, variant=Variant.SIMPLIFIED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        passage = app.library.find_edition(KEY_000).passages[45]
        app.store.add(KEY_000, "t", passage)
        app.open_report(KEY_000, cursor=45, exact=True)
        await pilot.pause()
        assert app.edition.key == KEY_000 and app.reader.cursor == 45
        assert app.reader.passages[45].marked


async def test_a_corrupt_bookmark_store_is_reported_and_left_alone(make_app, app_paths) -> None:
    app_paths.data_dir.mkdir(parents=True, exist_ok=True)
    app_paths.bookmarks_db.write_bytes(b"not a database at all" * 100)
    before = app_paths.bookmarks_db.read_bytes()
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.store is None and str(app_paths.bookmarks_db) in app.store_error
        await pilot.press("b")  # a clear notice, no crash
        assert "2024，7大机会" in screen_text(app)
    assert app_paths.bookmarks_db.read_bytes() == before


async def wait_for_index(app, pilot) -> None:
    await until(pilot, lambda: app.index_ready and app.trend_rows, "index and trends", 30)


async def test_trends_in_the_sidebar_open_a_view_and_a_passage(make_app) -> None:
    from trendreader.tui.screens.trend import TrendScreen

    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        names = [name for name, _label, _count in app.trend_rows]
        assert {"自动驾驶", "卡脖子", "固态电池"} <= set(names)
        count = dict((n, c) for n, _l, c in app.trend_rows)["自动驾驶"]
        assert count >= 2  # 2024 (004) and 2025 (000/001)
        app.sidebar.post_message(app.sidebar.TrendChosen("固态电池"))
        await until(pilot, lambda: isinstance(app.screen, TrendScreen), "trend screen", 10)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, TrendScreen)
        assert app.hits is not None and app.hits.ordinals
        cursor = app.reader.passages[app.reader.cursor]
        assert cursor.highlights  # the passage opened is lit where the trend is mentioned


async def test_ctrl_s_saves_the_search_as_a_trend(make_app) -> None:
    from trendreader.tui.screens.search import SearchScreen

    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"光刻机")
        await pilot.press("ctrl+s")
        from trendreader.tui.screens.trend import TrendInput

        await until(pilot, lambda: isinstance(app.screen, TrendInput), "name dialog", 5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.trend_store.find("光刻机") is not None
        assert "光刻机" in [name for name, _label, _count in app.trend_rows]


async def test_a_long_report_is_converted_off_the_ui_thread(app_paths, tmp_path) -> None:
    import threading

    from trendreader.library.catalog import load_library
    from trendreader.tui import page as app_module  # where the pane's texts are made
    from trendreader.tui.app import TrendReaderApp

    folder = tmp_path / "lib"
    folder.mkdir()
    paragraph = "机器人产业链正在快速发展，软件与芯片是关键。"
    (folder / "long.txt").write_text("长报告\n" + (paragraph + "\n") * 12000, "utf-8")
    app = TrendReaderApp(paths=app_paths, library=load_library([folder]), open_key="long")
    app.INDEX_DELAY = 3600.0
    threads: list[str] = []
    original = app_module.passage_texts

    def spy(edition, variant):
        threads.append(threading.current_thread().name)
        return original(edition, variant)

    app_module.passage_texts = spy
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("t", "t")  # 简体 (as written), then 繁體 (a conversion)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "機器人產業鏈" in screen_text(app)
    finally:
        app_module.passage_texts = original
    assert threads[-1] != threading.main_thread().name


async def test_an_empty_library_does_not_break_any_key(app_paths, tmp_path) -> None:
    from trendreader.library.catalog import load_library
    from trendreader.tui.app import TrendReaderApp

    empty = tmp_path / "empty"
    empty.mkdir()
    app = TrendReaderApp(paths=app_paths, library=load_library([empty]))
    app.INDEX_DELAY = 3600.0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ["j", "k", "g", "G", "space", "t", "e", "b", "B", "escape", "n", "N", "s"]:
            await pilot.press(key)
            await pilot.pause()
            if key == "B":
                await pilot.press("escape")
        assert app.report is None
        assert app.variant != Variant.ORIGINAL  # t still cycles the script


async def test_the_page_is_painted_before_header_tree_and_footer(make_app) -> None:
    """The first frame is the page; the chrome goes into its slots right after, in place."""
    from textual.widgets import Footer, Header

    app = make_app(open_key=KEY_000)
    seen: dict[str, object] = {}
    original = app.mount_chrome

    async def mount_chrome() -> None:
        if not seen:  # the first call mounts; later ones find it done
            seen["page"] = screen_text(app)
            seen["tree mounted"] = app.sidebar.is_mounted
            seen["reader x"] = app.reader.region.x
        await original()

    app.mount_chrome = mount_chrome
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "幾乎每年" in str(seen["page"])
        assert seen["tree mounted"] is False
        assert app.reader.region.x == seen["reader x"]  # the page did not move
        assert app.query_one("#header-slot").query_one(Header)
        assert app.query_one("#sidebar-slot").query_one("#sidebar") is app.sidebar
        footer = app.query_one("#footer-slot").query_one(Footer)
        assert footer.children  # its keys are shown
        assert app.sidebar.cursor_node is not None
        assert app.sidebar.cursor_node.data.key == KEY_000


async def test_the_sidebar_is_narrower_below_100_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        slot = app.query_one("#sidebar-slot")
        assert slot.has_class("-narrow") and slot.region.width == 22
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not slot.has_class("-narrow") and slot.region.width == 32
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert slot.has_class("-narrow") and slot.region.width == 22


async def test_a_start_with_the_collector_off_turns_it_back_on(make_app) -> None:
    """`trendreader open` starts with gc off; the app turns it on after the first paint."""
    app = make_app()
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def index_with(app, service, entered) -> None:  # type: ignore[no-untyped-def]
    """Start the app's index worker on ``service``; return once it set ``entered``."""
    app.index.service = service
    app.index.start(app.library)
    if not await asyncio.to_thread(entered.wait, 5):
        raise AssertionError("the index worker never started")


async def test_index_progress_never_waits_for_the_ui_thread(make_app, app_paths) -> None:
    """The builder reports progress while it holds the index lock: if that waited for the UI
    thread, quitting (which closes the index under the same lock) would hang for ever."""
    import threading

    from trendreader.search.service import SearchService

    entered, go, reported = threading.Event(), threading.Event(), threading.Event()

    class ReportingService(SearchService):
        def ensure_index(self, library, *, progress=None, rebuild=False, **how):  # type: ignore[no-untyped-def]
            with self._lock:
                assert progress is not None
                entered.set()
                go.wait(timeout=5)
                progress(0, 10)  # the UI thread is blocked now: this must not wait for it
                reported.set()
            return super().ensure_index(library, progress=progress, rebuild=rebuild, **how)

        def close(self) -> None:
            # On a regression the builder would hold the lock for ever: fail, do not hang.
            if self._lock.acquire(timeout=5):
                self._lock.release()
                super().close()

    app = make_app()
    app.INDEX_DELAY = 600  # only this test's indexing runs
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await index_with(app, ReportingService(app_paths.index_dir), entered)
        go.set()
        assert reported.wait(timeout=5)  # blocks the UI thread, as closing the index would
        await until(pilot, lambda: app.index_ready, "the index ready", 5)
        await pilot.pause()
        assert not app.screen_stack[0].query("#index-status")  # the progress bar is gone


async def test_quitting_stops_a_long_index_build(make_app, app_paths) -> None:
    """`q` during a first build that would take long: the build stops at its next progress
    report instead of keeping the app (and the index lock) until it ends."""
    import threading
    import time as clock

    from trendreader.search.service import SearchService

    started, steps = threading.Event(), []

    class SlowService(SearchService):
        def ensure_index(self, library, *, progress=None, rebuild=False, **how):  # type: ignore[no-untyped-def]
            assert progress is not None
            with self._lock:
                started.set()
                for step in range(1000):  # ten seconds if nobody stops it
                    steps.append(step)
                    progress(step, 1000)
                    clock.sleep(0.01)
            raise AssertionError("the build was not stopped")

        def close(self) -> None:
            if self._lock.acquire(timeout=1):  # a regression fails below instead of hanging
                self._lock.release()
                super().close()

    app = make_app()
    app.INDEX_DELAY = 600
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await index_with(app, SlowService(app_paths.index_dir), started)
        await pilot.press("q")
    assert app.return_code == 0
    stopped_at = len(steps)
    clock.sleep(0.3)
    assert 0 < len(steps) == stopped_at < 1000  # the build is not running on in the background


async def test_a_report_read_in_another_script_is_saved_for_the_next_start(
    make_app, app_paths, monkeypatch
) -> None:
    from trendreader import reading

    key = "002_6b54d0aafa120f4a"  # traditional only: shown in 简体 it is converted
    folder = app_paths.cache_dir / "conversions"
    app = make_app(open_key=key, variant=Variant.SIMPLIFIED)
    app.SAVE_CONVERSION_DELAY = 0.05
    app.INDEX_DELAY = 600  # no index progress line: both screens the same height
    async with app.run_test(size=(80, 24)) as pilot:
        saved = lambda: bool(list(folder.glob("*-simplified.pickle")))  # noqa: E731
        await until(pilot, saved, "the conversion saved", 5)
        shown = screen_text(app)
    assert [p.name for p in folder.glob("*.pickle")] == [
        f"{app.edition.content_hash}-simplified.pickle"
    ]
    restored: list[str] = []
    original = reading.restore_conversion
    monkeypatch.setattr(
        reading, "restore_conversion", lambda e, s: (restored.append(e.key), original(e, s))
    )
    again = make_app(open_key=key, variant=Variant.SIMPLIFIED)
    again.INDEX_DELAY = 600
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert restored == [key]
        assert screen_text(again) == shown


async def test_trend_counts_arriving_leave_the_sidebar_cursor_alone(make_app) -> None:
    """The tree is filled again when trend counts arrive; someone moving through it keeps
    their place (before, the cursor jumped back to the open report)."""
    app = make_app(open_key=KEY_000)
    app.INDEX_DELAY = 600
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        await pilot.press("tab")
        app.sidebar.select_report(KEY_004)
        await until(pilot, lambda: app.sidebar.cursor_node.data.key == KEY_004, "cursor on 004")
        app.trend_rows = (("固态电池", "固态电池", 1),)  # as the trends worker does
        await pilot.pause()
        await until(pilot, lambda: app.sidebar.cursor_node.data.key == KEY_004, "cursor kept")
        await pilot.pause(0.1)
        assert app.sidebar.cursor_node.data.key == KEY_004  # and it stays there
        assert "固态电池 (1)" in [str(n.label) for n in app.sidebar.root.children[1].children]
        await pilot.press("enter")
        await pilot.pause()
        assert app.edition.key == KEY_004


async def test_the_index_progress_line_is_above_the_footer_not_under_it(
    make_app, app_paths
) -> None:
    """While the index builds, "Indexing" and its bar take the line above the footer. Both
    were docked at the bottom, and the footer covered the bar: a long build showed nothing."""
    import threading

    from trendreader.search.service import SearchService

    entered, go = threading.Event(), threading.Event()

    class SlowService(SearchService):
        def ensure_index(self, library, *, progress=None, rebuild=False, **how):  # type: ignore[no-untyped-def]
            assert progress is not None
            progress(3, 10)
            entered.set()
            go.wait(timeout=5)
            return super().ensure_index(library, progress=progress, rebuild=rebuild, **how)

    app = make_app()
    app.INDEX_DELAY = 600  # only this test's indexing runs
    async with app.run_test(size=(80, 24)) as pilot:
        await chrome_ready(pilot)
        await index_with(app, SlowService(app_paths.index_dir), entered)
        screen = app.screen_stack[0]
        await until(pilot, lambda: bool(screen.query("#index-status")), "the progress line")
        await pilot.pause()
        status = screen.query_one("#index-status").region
        footer = screen.query_one("#footer-slot").region
        assert status.height == 1 and status.bottom == footer.y  # just above it
        assert not status.overlaps(footer)
        assert "Indexing" in screen.query_one("#index-label").render().plain
        go.set()
        await until(pilot, lambda: app.index_ready, "the index ready", 5)
