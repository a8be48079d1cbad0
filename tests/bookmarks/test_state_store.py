"""The reading state's own store in the state folder, and its one-time move out of
``bookmarks.db`` (issue 19, item 1): nothing lost, the old file unchanged, a second open a
no-op, rows already in the new store win, an unreadable old store tried again later."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from trendreader.bookmarks.errors import BookmarkStoreError
from trendreader.bookmarks.reading_state import (
    ReadingState,
    load_last_report,
    load_reading_state,
    save_position,
)
from trendreader.bookmarks.state_store import STATE_FILE, StateStore, moved_line, open_state_store
from trendreader.bookmarks.store import BookmarkStore


def old_store_with_state(path: Path, states: list[ReadingState], last: str | None) -> None:
    """A ``bookmarks.db`` as trendreader kept it before: reading state rows beside the
    bookmarks (written with the old layout: the same table and settings row)."""
    BookmarkStore(path).close()
    con = sqlite3.connect(path)
    with con:
        for s in states:
            con.execute(
                "INSERT INTO reading_state (report_key, edition_key, ordinal, anchor, "
                "scroll_offset, variant, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    s.report_key,
                    s.edition_key,
                    s.ordinal,
                    s.anchor,
                    s.scroll_offset,
                    s.variant,
                    s.updated,
                ),
            )
        if last is not None:
            con.execute("INSERT INTO settings (key, value) VALUES ('last_report', ?)", (last,))
    con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


STATES = [
    ReadingState("r1", "r1-tw", 12, "abcd", 340.5, "taiwan", "2026-01-02T03:04:05Z"),
    ReadingState("r2", "r2", 3, "", 0.0, "", "2026-01-03T00:00:00Z"),
]


def test_the_reading_state_moves_once_and_bookmarks_db_is_left_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "data" / "bookmarks.db"
    old.parent.mkdir()
    old_store_with_state(old, STATES, last="r2")
    before = digest(old)
    state_dir = tmp_path / "state"
    with open_state_store(state_dir, old) as store:
        assert store.path == state_dir / STATE_FILE
        assert store.moved == 2
        assert "2 reports moved to" in moved_line(store)
        assert load_reading_state(store, "r1") == STATES[0]
        assert load_reading_state(store, "r2") == STATES[1]
        assert load_last_report(store) == "r2"
    assert digest(old) == before  # read only: the old rows are still there
    with open_state_store(state_dir, old) as again:  # a second open moves nothing
        assert again.moved == 0
        assert again.query("SELECT count(*) FROM reading_state")[0][0] == 2


def test_positions_saved_after_the_move_are_not_overwritten_by_old_rows(tmp_path: Path) -> None:
    old = tmp_path / "bookmarks.db"
    old_store_with_state(old, STATES, last="r1")
    state_dir = tmp_path / "state"
    with open_state_store(state_dir, old) as store:
        newer = save_position(store, ReadingState("r1", "r1", 99))
    # an older trendreader (which still writes bookmarks.db) reads on; a newer one is back
    con = sqlite3.connect(old)
    with con:
        con.execute("UPDATE reading_state SET ordinal = 5 WHERE report_key = 'r1'")
    con.close()
    with open_state_store(state_dir, old) as store:
        assert store.moved == 0
        assert load_reading_state(store, "r1") == newer
        assert load_last_report(store) == "r1"


def test_rows_already_in_the_state_store_win_over_the_old_ones(tmp_path: Path) -> None:
    old = tmp_path / "bookmarks.db"
    old_store_with_state(old, STATES, last="r1")
    state_dir = tmp_path / "state"
    with StateStore(state_dir / STATE_FILE) as store:  # no move: written by a newer run
        kept = save_position(store, ReadingState("r2", "r2", 40))
    with open_state_store(state_dir, old) as store:
        assert store.moved == 1  # only r1 was missing
        assert load_reading_state(store, "r2") == kept
        assert load_reading_state(store, "r1") == STATES[0]
        assert load_last_report(store) == "r2"  # the newer last report stays


def test_no_old_store_is_a_fresh_start(tmp_path: Path) -> None:
    with open_state_store(tmp_path / "state", tmp_path / "missing.db") as store:
        assert store.moved == 0
        assert load_last_report(store) is None
    assert not (tmp_path / "missing.db").exists()  # nothing created where it was looked for


def test_an_unreadable_old_store_is_tried_again_at_the_next_open(tmp_path: Path) -> None:
    old = tmp_path / "bookmarks.db"
    old.write_bytes(b"this is not a database" * 100)
    state_dir = tmp_path / "state"
    with open_state_store(state_dir, old) as store:
        assert store.moved == 0
    assert old.read_bytes() == b"this is not a database" * 100
    old.unlink()
    old_store_with_state(old, STATES, last=None)  # readable now (repaired, say)
    with open_state_store(state_dir, old) as store:
        assert store.moved == 2


def test_a_state_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be", "utf-8")
    with pytest.raises(BookmarkStoreError) as caught:
        open_state_store(blocker, tmp_path / "bookmarks.db")
    assert "\n" not in str(caught.value) and str(blocker) in str(caught.value)


def test_open_at_moves_the_old_rows_and_says_so_on_stderr(
    tmp_path: Path, seed_library, capsys: pytest.CaptureFixture[str]
) -> None:
    """``open KEY --at N`` is the CLI's writer of reading state: it moves the old rows
    first (one line on stderr), then saves where the reader will resume."""
    from trendreader.commands.open_cmd import start_at
    from trendreader.paths import resolve_paths

    paths = resolve_paths(tmp_path / "home")
    paths.data_dir.mkdir(parents=True)
    old_store_with_state(paths.bookmarks_db, STATES, last="r1")
    edition = seed_library.find("001_e66a1ed0cdcaae93")[1]
    start_at(paths, edition, 2)
    assert capsys.readouterr().err.strip() == (
        f"Reading state of 2 reports moved to {paths.state_dir / STATE_FILE} "
        "(bookmarks.db is unchanged)"
    )
    with open_state_store(paths.state_dir, paths.bookmarks_db) as store:
        assert store.moved == 0
        state = load_reading_state(store, edition.key)
        assert state is not None and state.ordinal == 2
        assert load_reading_state(store, "r1") == STATES[0]
    start_at(paths, edition, 3)
    assert capsys.readouterr().err == ""  # moved once


def test_closing_waits_for_a_write_in_flight_and_later_writes_are_refused(tmp_path: Path) -> None:
    """The reader's save workers share the connection: closing it under a writing thread
    crashed SQLite (a segfault in CI). ``close`` now waits; a write after it is an error
    line (the reader ignores it: its last position was written before)."""
    import threading

    from trendreader.bookmarks.state_store import StateStoreClosed

    store = StateStore(tmp_path / STATE_FILE)
    started, release = threading.Event(), threading.Event()
    done: list[str] = []

    def slow_write() -> None:
        with store.transaction() as con:
            started.set()
            release.wait(5)
            con.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
        done.append("written")

    writer = threading.Thread(target=slow_write)
    writer.start()
    started.wait(5)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # waiting for the write
    release.set()
    writer.join(5)
    closer.join(5)
    assert done == ["written"] and not closer.is_alive()
    with pytest.raises(StateStoreClosed):
        save_position(store, ReadingState("r1"))
    with StateStore(tmp_path / STATE_FILE) as again:
        assert again.query("SELECT value FROM settings WHERE key = 'k'") == [("v",)]
