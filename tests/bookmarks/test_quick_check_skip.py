"""Opening a store skips ``PRAGMA quick_check`` only while the store and its ``-wal`` are as
a clean check left them (issue 14, item 6); any write, damage or a store opened without a
``checked`` file is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.bookmarks import connection
from trendreader.bookmarks.errors import BookmarkDamagedError
from trendreader.bookmarks.store import BookmarkStore, checked_file
from trendreader.library.model import Passage, PassageKind


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The stores ``quick_check`` ran on, in order."""
    ran: list[Path] = []
    original = connection._quick_check

    def counting(con: object, path: Path) -> None:
        ran.append(path)
        original(con, path)  # type: ignore[arg-type]

    monkeypatch.setattr(connection, "_quick_check", counting)
    return ran


def passage(ordinal: int) -> Passage:
    return Passage(
        doc_key="k", ordinal=ordinal, kind=PassageKind.PARAGRAPH, text=f"第{ordinal}段。"
    )


def test_a_store_as_the_last_clean_check_left_it_is_not_checked_again(
    tmp_path: Path, checks: list[Path]
) -> None:
    db, checked = tmp_path / "bookmarks.db", checked_file(tmp_path / "cache")
    with BookmarkStore(db, checked=checked) as store:
        store.add("k", "标题", passage(1))
    assert len(checks) == 1  # a new store: checked, nothing to remember yet
    with BookmarkStore(db, checked=checked) as store:  # our own write since: checked
        assert len(store.list_bookmarks()) == 1
    assert len(checks) == 2 and checked.is_file()
    for _ in range(3):  # nothing written since the last clean check
        with BookmarkStore(db, checked=checked) as store:
            assert len(store.list_bookmarks()) == 1
    assert len(checks) == 2
    with BookmarkStore(db) as store:  # no `checked` file (as `repair` opens it): checked
        store.list_bookmarks()
    assert len(checks) == 3


def test_a_write_by_another_connection_is_checked(tmp_path: Path, checks: list[Path]) -> None:
    db, checked = tmp_path / "bookmarks.db", checked_file(tmp_path / "cache")
    BookmarkStore(db, checked=checked).close()
    BookmarkStore(db, checked=checked).close()
    before = len(checks)
    with BookmarkStore(db) as other:  # another process, say: no `checked` of ours
        other.add("k", "标题", passage(2))
    with BookmarkStore(db, checked=checked):
        pass
    assert len(checks) == before + 2


def test_damage_after_a_clean_check_is_found(tmp_path: Path, checks: list[Path]) -> None:
    db, checked = tmp_path / "bookmarks.db", checked_file(tmp_path / "cache")
    with BookmarkStore(db, checked=checked) as store:
        for n in range(200):
            store.add("k", "标题" * 50, passage(n), note="笔记" * 100)
    BookmarkStore(db, checked=checked).close()
    data = bytearray(db.read_bytes())
    page = 4096
    data[3 * page : 5 * page] = b"\x00" * (2 * page)  # zeroed pages
    db.write_bytes(bytes(data))
    with pytest.raises(BookmarkDamagedError):
        BookmarkStore(db, checked=checked)


def test_an_unreadable_or_foreign_checked_file_means_checking(
    tmp_path: Path, checks: list[Path]
) -> None:
    db, checked = tmp_path / "bookmarks.db", checked_file(tmp_path / "cache")
    BookmarkStore(db, checked=checked).close()  # created
    BookmarkStore(db, checked=checked).close()  # checked, remembered
    BookmarkStore(db, checked=checked).close()  # skipped
    assert len(checks) == 2 and checked.is_file()
    checked.write_bytes(b"\xff\xfe not ours")
    BookmarkStore(db, checked=checked).close()
    assert len(checks) == 3
    checked.unlink()
    checked.mkdir()  # cannot be written: still opens, checks every time
    BookmarkStore(db, checked=checked).close()
    BookmarkStore(db, checked=checked).close()
    assert len(checks) == 5
