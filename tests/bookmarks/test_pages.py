"""Issue 15: a bookmark on a passage of a paged source (a PDF) keeps its page, and the
listings and exports carry it; issue 13: ``Bookmark.edition_key`` (``report_key`` kept as
a deprecated read-only alias) and the store's public API after its split."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from trendreader.bookmarks import store as store_api
from trendreader.bookmarks.errors import BookmarkImportError
from trendreader.bookmarks.exchange import export_json, export_markdown, parse_json
from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.bookmarks.pending import PendingChange, PendingWrites
from trendreader.bookmarks.repair import repair_store
from trendreader.bookmarks.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from trendreader.bookmarks.store import BookmarkStore
from trendreader.commands.bookmarks_cmd import register
from trendreader.library.catalog import Library
from trendreader.library.model import Edition, Metadata, Passage, PassageKind, Report, Script
from trendreader.paths import AppPaths

TEXTS = ["第一页的第一段：芯片产业", "第一页的第二段", "第三页：人工智能的下一步"]
PAGES = [1, 1, 3]


def _pdf_passages(key: str) -> tuple[Passage, ...]:
    return tuple(
        Passage(key, i, PassageKind.PARAGRAPH, text, page=page)
        for i, (text, page) in enumerate(zip(TEXTS, PAGES, strict=True))
    )


PDF = Edition(
    key="pdf-report",
    path=Path("/nowhere/pdf-report.pdf"),
    script=Script.SIMPLIFIED,
    encoding="utf-8",
    meta=Metadata(title="芯片报告"),
    passages=_pdf_passages("pdf-report"),
    content_hash="x",
)
LIB = Library([Report(PDF.key, (PDF,))])


def run(tmp_path: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="trendreader")
    register(parser.add_subparsers())
    args = parser.parse_args(["bookmarks", *argv])
    args.paths = AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    args.library_loader = lambda: LIB
    return args.handler(args)


def test_a_bookmark_on_a_pdf_passage_stores_its_page(store: BookmarkStore) -> None:
    added = store.add(PDF.key, PDF.title, PDF.passages[2], note="看这里")
    assert added.page == 3
    [listed] = store.list_bookmarks()
    assert listed.page == 3 and listed == added
    [record] = store.list_records()
    assert record.page == 3 and record.to_bookmark() == added
    plain = store.add("md", "t", Passage("md", 0, PassageKind.PARAGRAPH, "没有页码"))
    assert plain.page is None and store.get(plain.id).page is None  # type: ignore[union-attr]


def test_list_json_and_markdown_export_carry_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "add", PDF.key, "2", "--note", "第三页的笔记") == 0
    assert run(tmp_path, "add", PDF.key, "0") == 0
    capsys.readouterr()
    assert run(tmp_path, "list", "--json") == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["ordinal"], r["page"]) for r in records] == [(0, 1), (2, 3)]
    assert run(tmp_path, "export", "--format", "md") == 0
    out = capsys.readouterr().out
    third = out.index("> 第三页：人工智能的下一步")
    assert out.index("*p. 3*", third) < out.index("第三页的笔记", third)
    assert "*p. 1*" in out and out.count("p. ") == 2


def test_markdown_without_a_page_says_no_page() -> None:
    bookmark = Bookmark(1, "k", "标题", "a", 0, "摘录", created="2025-01-01T00:00:00+00:00")
    assert "p. " not in export_markdown([bookmark])


def test_the_page_survives_json_export_and_import_and_is_checked(store: BookmarkStore) -> None:
    store.add(PDF.key, PDF.title, PDF.passages[2])
    exported = export_json(store.list_bookmarks())
    [again] = parse_json(exported)
    assert again.page == 3
    record = json.loads(exported)[0]
    for bad in (0, -1, True, "3", 2**40):
        with pytest.raises(BookmarkImportError, match="'page'"):
            parse_json(json.dumps([{**record, "page": bad}]))
    old = {k: v for k, v in record.items() if k != "page"}  # an export of the last release
    assert parse_json(json.dumps([old]))[0].page is None


def test_a_store_of_schema_2_is_migrated_and_keeps_every_bookmark(tmp_path: Path) -> None:
    db = tmp_path / "bookmarks.db"
    con = sqlite3.connect(db)
    for statements in MIGRATIONS[:2]:
        for statement in statements:
            con.execute(statement)
    con.execute(
        "INSERT INTO bookmarks (report_key, report_title, anchor, ordinal, excerpt, note, "
        "tags, created, updated) VALUES ('old', '旧报告', 'abc', 4, '旧的摘录', '旧笔记', "
        "'[\"t\"]', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"
    )
    con.execute("PRAGMA user_version = 2")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.commit()
    con.close()
    with BookmarkStore(db) as store:
        [kept] = store.list_bookmarks()
        assert (kept.edition_key, kept.note, kept.tags, kept.page) == (
            "old",
            "旧笔记",
            ("t",),
            None,
        )
        version = store.query("PRAGMA user_version")[0][0]
    assert version == SCHEMA_VERSION == 3


def test_reanchoring_and_accepting_give_the_passage_its_page(store: BookmarkStore) -> None:
    """A bookmark made before pages were known gets the page when its report is read."""
    old = Bookmark(
        0,
        PDF.key,
        PDF.title,
        PDF.passages[2].anchor,
        2,
        make_excerpt(TEXTS[2]),
        created="2024-01-01T00:00:00+00:00",
        updated="2024-01-01T00:00:00+00:00",
    )
    store.insert_records([old])
    [found] = store.reanchor(PDF.key, PDF.passages)
    assert found.page == 3 and store.list_bookmarks()[0].page == 3
    accepted = store.accept(found.id, PDF.passages[0])
    assert (accepted.ordinal, accepted.page) == (0, 1)
    assert store.list_bookmarks()[0].page == 1


def test_a_change_kept_while_locked_keeps_the_page(tmp_path: Path, store: BookmarkStore) -> None:
    pending = PendingWrites(tmp_path / "bookmarks.pending.json")
    pending.keep(PendingChange.add(PDF.key, PDF.title, PDF.passages[2], "笔记", ("t",)))
    record = json.loads((tmp_path / "bookmarks.pending.json").read_text("utf-8"))[0]
    assert record["report_key"] == PDF.key and record["page"] == 3  # the file's field names
    again = PendingWrites(tmp_path / "bookmarks.pending.json")
    assert again.items == pending.items
    [(_, saved)] = again.flush(store).saved
    assert saved.page == 3 and saved.edition_key == PDF.key


def _zero_two_leaf_pages(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    assert len(data) > 12 * 4096
    for page in (10, 11):
        data[(page - 1) * 4096 : page * 4096] = bytes(4096)
    db.write_bytes(bytes(data))


def _many(count: int) -> list[Passage]:
    return [
        Passage("pdf", i, PassageKind.PARAGRAPH, f"段落{i} " + "文字" * 30, page=i // 10 + 1)
        for i in range(count)
    ]


def test_repair_saves_the_pages_it_can_read(db_path: Path) -> None:
    with BookmarkStore(db_path) as store:
        for passage in _many(300):
            store.add("pdf", "报告", passage, note="x" * 300)
    _zero_two_leaf_pages(db_path)
    report = repair_store(db_path)
    with BookmarkStore(db_path) as store:
        saved = store.list_bookmarks()
    assert report.saved == len(saved) and 200 < len(saved) < 300
    assert all(b.page == b.ordinal // 10 + 1 for b in saved)


def test_repair_of_a_store_older_than_pages_saves_its_bookmarks(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    con = sqlite3.connect(db_path)
    for statements in MIGRATIONS[:2]:
        for statement in statements:
            con.execute(statement)
    con.executemany(
        "INSERT INTO bookmarks (report_key, anchor, ordinal, note, created, updated) "
        "VALUES ('old', ?, ?, ?, '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')",
        [(f"a{i}", i, "旧" * 400) for i in range(300)],
    )
    con.execute("PRAGMA user_version = 2")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.commit()
    con.close()
    _zero_two_leaf_pages(db_path)
    report = repair_store(db_path)
    with BookmarkStore(db_path) as store:
        saved = store.list_bookmarks()
    assert report.saved == len(saved) and 200 < len(saved) < 300
    assert {b.page for b in saved} == {None} and {b.edition_key for b in saved} == {"old"}


def test_edition_key_is_the_name_and_report_key_a_read_only_alias() -> None:
    made = Bookmark(id=1, report_key="ed-1", report_title="t", anchor="a", ordinal=0, excerpt="e")
    assert made.edition_key == "ed-1" and made.report_key == "ed-1"
    assert made == Bookmark(1, "ed-1", "t", "a", 0, "e")
    alias = Bookmark.__dict__["report_key"]
    assert isinstance(alias, property) and alias.fset is None  # read-only
    assert "report_key" not in {f for f in Bookmark.__dataclass_fields__}


def test_the_store_module_still_offers_its_public_names() -> None:
    for name in store_api.__all__:
        assert getattr(store_api, name) is not None, name
    assert store_api.repair_store is repair_store
    assert len(store_api.MIGRATIONS) == store_api.SCHEMA_VERSION
