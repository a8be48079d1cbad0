"""The reader starts, reads and says what is wrong when its state or cache is not usable
(issue 11): a bad settings file, a wrong-typed reading state, a cache it cannot write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.tui.pilot_helpers import Notes, chrome_ready, until
from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.catalog import Library
from trendreader.paths import AppPaths
from trendreader.tui.app import TrendReaderApp

KEY_004 = "004_0a39d42c6e4d68c6"
SIZE = (120, 40)


async def test_a_bad_config_is_a_notification_and_left_alone(make_app, app_paths) -> None:
    """Before: ``hidden = 5`` raised TypeError while loading the library, so the reader
    never started; and nothing in the reader ever said a setting was ignored."""
    app_paths.data_dir.mkdir(parents=True, exist_ok=True)
    app_paths.config_file.write_text('hidden = 5\nscript = "klingon"\n', "utf-8")
    app = make_app(open_key=KEY_004)
    notes = Notes()
    async with app.run_test(size=SIZE, notifications=True, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        await until(pilot, lambda: len(notes.messages) >= 2, "the settings notifications")
        found = notes.messages
        assert any("config.toml" in m and "`hidden`" in m for m in found)
        assert any("config.toml" in m and "`script`" in m for m in found)
        await pilot.press("t")  # saving the script must not overwrite the file
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("not overwritten" in m for m in notes.messages)
    assert app_paths.config_file.read_text("utf-8") == 'hidden = 5\nscript = "klingon"\n'


async def test_a_wrong_typed_reading_state_still_starts(make_app, app_paths) -> None:
    """Before: ``int("abc")`` in ``load_reading_state`` raised ValueError in ``on_mount``
    and the reader exited at every start."""
    BookmarkStore(app_paths.bookmarks_db).close()
    con = sqlite3.connect(app_paths.bookmarks_db)
    with con:
        con.execute(
            "INSERT INTO reading_state (report_key, edition_key, ordinal, anchor, "
            "scroll_offset, variant, updated) VALUES (?, ?, 'abc', '', 'far', '', '')",
            (KEY_004, KEY_004),
        )
        con.execute("INSERT INTO settings (key, value) VALUES ('last_report', ?)", (KEY_004,))
    con.close()
    app = make_app()
    notes = Notes()
    async with app.run_test(size=SIZE, notifications=True, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        assert app.edition is not None and app.edition.key == KEY_004
        assert app.reader.cursor == 0
        found = notes.messages
        # the row came over from bookmarks.db as it was (moved once, said in one line)
        assert any("Reading state of 1 report moved to" in m for m in found)
        assert any("`ordinal`" in m and "reading-state.db" in m for m in found)
        assert any("`scroll_offset`" in m for m in found)


async def test_an_unwritable_cache_still_reads_and_search_says_why(
    seed_library: Library, isolated_home: Path, tmp_path: Path
) -> None:
    """A cache folder that cannot be created (a file stands in its place: root ignores
    permissions, not that). Before: the reader started, but the search screen believed the
    index ready, searched, rebuilt on the error, and died of the NotADirectoryError."""
    from tests.tui.test_search_screen import search_for

    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    paths = AppPaths(data_dir=isolated_home, cache_dir=blocker / "cache")
    app = TrendReaderApp(paths=paths, library=seed_library, open_key=KEY_004)
    notes = Notes()
    async with app.run_test(size=SIZE, notifications=True, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        await pilot.pause(app.INDEX_DELAY + 0.1)
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.index_ready, "the index attempt to end")
        assert any("unavailable" in m and str(blocker) in m for m in notes.messages)
        await pilot.press("slash")
        screen = await search_for(pilot, "芯片")
        assert screen.results is not None and screen.results.hits == []
        assert "unavailable" in screen.status and str(blocker) in screen.status
        await pilot.press("escape")
        assert "2024，7大机会" in app.reader.render_line(0).text + "".join(
            app.reader.render_line(y).text for y in range(app.reader.size.height)
        )
    assert blocker.read_text() == "a file, not a folder"


async def test_a_home_that_is_a_file_still_reads(seed_library: Library, tmp_path: Path) -> None:
    """Before: nothing said the home was unusable (only "Bookmarks unavailable"), and the
    search screen died of the NotADirectoryError as above."""
    from tests.tui.test_search_screen import search_for

    home = tmp_path / "home"
    home.write_text("a file")
    paths = AppPaths(data_dir=home, cache_dir=home / "cache")
    app = TrendReaderApp(paths=paths, library=seed_library, open_key=KEY_004)
    notes = Notes()
    async with app.run_test(size=SIZE, notifications=True, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        assert app.edition is not None and app.edition.key == KEY_004
        await until(
            pilot,
            lambda: any("is a file, not a folder" in m for m in notes.messages),
            "the home notification",
        )
        await pilot.pause(app.INDEX_DELAY + 0.1)
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.index_ready, "the index attempt to end")
        await pilot.press("slash")
        screen = await search_for(pilot, "芯片")
        assert "unavailable" in screen.status
    assert home.read_text() == "a file"
