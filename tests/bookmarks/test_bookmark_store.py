from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from bm_helpers import make_passages

from trendreader.bookmarks.errors import BookmarkNotFoundError
from trendreader.bookmarks.model import EXCERPT_LENGTH, group_by_report, make_excerpt
from trendreader.bookmarks.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    BookmarkStore,
)
from trendreader.library.model import Passage, PassageKind

P = make_passages("k1", ["第一段：芯片產業", "第二段：人工智慧", "第三段" + "很長" * 200])


def test_add_stores_every_field(store: BookmarkStore) -> None:
    b = store.add("k1", "報告", P[0], note="看這裏", tags=["芯片", " 芯片 ", "", "AI"])
    assert b.id > 0
    assert (b.report_key, b.report_title, b.anchor, b.ordinal) == ("k1", "報告", P[0].anchor, 0)
    assert b.excerpt == "第一段：芯片产业"  # folded to simplified
    assert b.tags == ("芯片", "AI")
    assert b.created == b.updated and b.created.endswith("+00:00")
    assert not b.orphaned
    assert store.get(b.id) == b


def test_excerpt_is_folded_and_at_most_200_chars(store: BookmarkStore) -> None:
    b = store.add("k1", "t", P[2])
    assert len(b.excerpt) == EXCERPT_LENGTH
    assert b.excerpt.startswith("第三段很长")
    assert make_excerpt("  a \n\t b  ") == "a b"


def test_adding_the_same_passage_twice_returns_the_existing_bookmark(
    store: BookmarkStore,
) -> None:
    first = store.add("k1", "t", P[0], note="one")
    again = store.add("k1", "t", P[0], note="two")
    assert again == first
    assert store.count() == 1
    other_edition = store.add("k2", "t", P[0])
    assert other_edition.id != first.id
    assert store.count() == 2


def test_find_by_anchor(store: BookmarkStore) -> None:
    b = store.add("k1", "t", P[1])
    assert store.find_by_anchor("k1", P[1].anchor) == b
    assert store.find_by_anchor("k1", P[0].anchor) is None
    assert store.find_by_anchor("k2", P[1].anchor) is None


def test_update_note_and_tags(store: BookmarkStore) -> None:
    b = store.add("k1", "t", P[0], note="old", tags=["a"])
    same = store.update(b.id, note="old")
    assert same == b  # nothing changed: updated stays
    new = store.update(b.id, note="new")
    assert new.note == "new" and new.tags == ("a",) and new.updated > b.updated
    new = store.update(b.id, tags=["x", "y", "x"])
    assert new.note == "new" and new.tags == ("x", "y")
    assert store.get(b.id) == new
    with pytest.raises(BookmarkNotFoundError, match="no bookmark with id 999"):
        store.update(999, note="z")


def test_remove_and_restore_keeps_id_and_times(store: BookmarkStore) -> None:
    a = store.add("k1", "t", P[0], note="keep me")
    b = store.add("k1", "t", P[1])
    removed = store.remove(a.id)
    assert removed == a
    assert store.get(a.id) is None and store.count() == 1
    restored = store.restore(removed)
    assert restored == a
    assert store.restore(removed) == a  # restoring twice does not duplicate
    assert store.count() == 2
    assert store.get(b.id) == b
    with pytest.raises(BookmarkNotFoundError):
        store.remove(12345)


def test_ids_are_not_reused_after_remove(store: BookmarkStore) -> None:
    a = store.add("k1", "t", P[0])
    store.remove(a.id)
    b = store.add("k1", "t", P[1])
    assert b.id > a.id


def test_list_all_or_by_report_ordered_by_ordinal(store: BookmarkStore) -> None:
    other = make_passages("k0", ["別的"])
    b2 = store.add("k1", "t", P[2])
    b0 = store.add("k1", "t", P[0])
    c = store.add("k0", "t0", other[0])
    assert store.list_bookmarks("k1") == [b0, b2]
    assert store.list_bookmarks() == [c, b0, b2]
    assert store.count("k1") == 2 and store.count("k0") == 1 and store.count("none") == 0
    assert list(group_by_report(store.list_bookmarks())) == ["k0", "k1"]
    assert store.report_keys() == ["k0", "k1"]


def test_list_records_are_the_bookmarks_as_tuples_in_id_order(store: BookmarkStore) -> None:
    other = make_passages("k0", ["別的"])
    b2 = store.add("k1", "t", P[2], note="n", tags=["x", "標籤"])
    b0 = store.add("k1", "t", P[0])
    c = store.add("k0", "t0", other[0])
    records = store.list_records()
    assert [r.id for r in records] == [b2.id, b0.id, c.id]
    assert [r.to_bookmark() for r in records] == [b2, b0, c]
    assert records[0].tags == ("x", "標籤") and records[1].tags == ()
    assert records[0].orphaned is False
    store.reanchor("k0", None)  # the report is gone: its bookmark is orphaned
    assert store.list_records()[2].orphaned is True


def test_data_survives_reopen(db_path: Path) -> None:
    with BookmarkStore(db_path) as s:
        b = s.add("k1", "t", P[0], note="n", tags=["a"])
    with BookmarkStore(db_path) as s:
        assert s.list_bookmarks() == [b]


def test_file_is_wal_with_schema_version_and_application_id(db_path: Path) -> None:
    BookmarkStore(db_path).close()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        con.close()
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_an_older_schema_is_migrated_and_keeps_its_bookmarks(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    con = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute(
        "INSERT INTO bookmarks (report_key, anchor, ordinal, created, updated) "
        "VALUES ('k', 'a', 1, '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"
    )
    con.execute("PRAGMA user_version = 1")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.commit()
    con.close()
    with BookmarkStore(db_path) as s:
        assert [(b.report_key, b.anchor) for b in s.list_bookmarks()] == [("k", "a")]
        assert s.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert s.query("SELECT count(*) FROM reading_state")[0][0] == 0


def test_a_failed_change_is_rolled_back(store: BookmarkStore) -> None:
    store.add("k1", "t", P[0])
    with pytest.raises(RuntimeError), store.transaction() as con:
        con.execute("DELETE FROM bookmarks")
        raise RuntimeError("boom")
    assert store.count() == 1


def test_threads_share_one_store(store: BookmarkStore) -> None:
    def work(n: int) -> None:
        for i in range(25):
            p = Passage(f"t{n}", i, PassageKind.PARAGRAPH, f"線程 {n} 段 {i}")
            store.add(f"t{n}", "t", p)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count() == 100


def test_bookmark_is_immutable(store: BookmarkStore) -> None:
    b = store.add("k1", "t", P[0])
    with pytest.raises(AttributeError):
        b.note = "x"  # type: ignore[misc]
    assert replace(b, note="x").note == "x"
