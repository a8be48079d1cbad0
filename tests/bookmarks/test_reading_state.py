from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trendreader.bookmarks.reading_state import (
    ReadingState,
    load_last_report,
    load_reading_state,
    save_last_report,
    save_position,
    save_reading_state,
)
from trendreader.bookmarks.state_store import StateStore
from trendreader.bookmarks.store import BookmarkStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateStore]:
    """The reading state's own store (``reading-state.db`` in the state folder)."""
    with StateStore(tmp_path / "state" / "reading-state.db") as opened:
        yield opened


def test_reading_state_round_trip_per_report(db_path: Path) -> None:
    with StateStore(db_path) as s:
        assert load_reading_state(s, "r1") is None
        saved = save_reading_state(s, ReadingState("r1", "r1-tw", 12, "abcd", 340.5, "taiwan"))
        save_reading_state(s, ReadingState("r2", ordinal=3))
        assert saved.updated
    with StateStore(db_path) as s:
        assert load_reading_state(s, "r1") == saved
        r2 = load_reading_state(s, "r2")
        assert r2 is not None and r2.ordinal == 3 and r2.variant == ""


def test_saving_again_replaces(store: StateStore) -> None:
    save_reading_state(store, ReadingState("r1", ordinal=1))
    later = save_reading_state(store, ReadingState("r1", ordinal=9, variant="simplified"))
    assert load_reading_state(store, "r1") == later
    assert store.query("SELECT count(*) FROM reading_state")[0][0] == 1


def test_last_opened_report(db_path: Path) -> None:
    with StateStore(db_path) as s:
        assert load_last_report(s) is None
        save_last_report(s, "r1")
        save_last_report(s, "r2")
    with StateStore(db_path) as s:
        assert load_last_report(s) == "r2"


def test_reading_state_does_not_touch_bookmarks(tmp_path: Path, store: StateStore) -> None:
    bookmarks = BookmarkStore(tmp_path / "bookmarks.db")
    before = bookmarks.query("SELECT count(*) FROM reading_state")[0][0]
    save_reading_state(store, ReadingState("r1"))
    save_last_report(store, "r1")
    assert bookmarks.count() == 0
    assert bookmarks.query("SELECT count(*) FROM reading_state")[0][0] == before == 0
    bookmarks.close()


def test_the_position_is_saved_in_one_transaction(
    store: StateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """State and last report together: one write transaction, and both or neither."""
    opened = []
    real = store.transaction

    def counting() -> object:
        opened.append(1)
        return real()

    monkeypatch.setattr(store, "transaction", counting)
    saved = save_position(store, ReadingState("r1", "r1-tw", 7, "abcd", 12.0, "taiwan"))
    assert len(opened) == 1
    assert load_reading_state(store, "r1") == saved
    assert load_last_report(store) == "r1"
    # a failure half-way leaves the previous position whole
    import trendreader.bookmarks.reading_state as module

    def broken(con: object, key: str) -> None:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(module, "_write_last_report", broken)
    with pytest.raises(RuntimeError):
        save_position(store, ReadingState("r2", ordinal=3))
    assert load_reading_state(store, "r2") is None
    assert load_last_report(store) == "r1"
