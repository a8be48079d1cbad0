from __future__ import annotations

import json
from pathlib import Path

import pytest
from bm_helpers import make_passages

from trendreader.bookmarks.errors import BookmarkImportError
from trendreader.bookmarks.exchange import (
    JSON_FIELDS,
    bookmark_to_record,
    export_json,
    export_markdown,
    import_json,
    parse_json,
)
from trendreader.bookmarks.model import Bookmark
from trendreader.bookmarks.store import BookmarkStore

A = make_passages("a", ["甲報告第一段：芯片", "甲報告第二段\n第二行"])
B = make_passages("b", ["乙報告的段落"])


def _fill(store: BookmarkStore) -> list[Bookmark]:
    return [
        store.add("a", "甲報告", A[1], note="重要", tags=["芯片", "AI"]),
        store.add("a", "甲報告", A[0]),
        store.add("b", "乙報告", B[0], note="second"),
    ]


def test_export_json_fields(store: BookmarkStore) -> None:
    _fill(store)
    records = json.loads(export_json(store.list_bookmarks()))
    assert len(records) == 3
    assert all(tuple(r) == JSON_FIELDS for r in records)
    first = records[1]
    assert first["key"] == "a" and first["title"] == "甲報告" and first["ordinal"] == 1
    assert first["tags"] == ["芯片", "AI"] and first["note"] == "重要"
    assert first["orphaned"] is False


def test_export_markdown_sections_quotes_notes_tags(store: BookmarkStore) -> None:
    _fill(store)
    md = export_markdown(store.list_bookmarks())
    assert md.count("## ") == 2
    assert md.index("## 甲報告") < md.index("## 乙報告")
    assert "> 甲报告第一段：芯片" in md  # the excerpt is simplified
    assert "重要\n\n`#芯片` `#AI`" in md


def test_export_markdown_full_text_and_conversion(store: BookmarkStore) -> None:
    _fill(store)
    texts = {p.anchor: p.text for p in (*A, *B)}
    md = export_markdown(
        store.list_bookmarks(),
        passage_text=lambda b: texts.get(b.anchor),
        convert=lambda t: t.replace("報告", "REPORT"),
    )
    assert "## 甲REPORT" in md
    assert "> 甲REPORT第二段\n> 第二行" in md  # every line quoted


def test_export_markdown_marks_orphans(store: BookmarkStore) -> None:
    _fill(store)
    store.reanchor("b", None)
    assert "no longer found" in export_markdown(store.list_bookmarks("b"))


def _comparable(bookmarks: list[Bookmark]) -> list[tuple[object, ...]]:
    return sorted(tuple(bookmark_to_record(b).values())[1:] for b in bookmarks)  # no id


def test_import_round_trip_and_idempotent(tmp_path: Path, store: BookmarkStore) -> None:
    original = _fill(store)
    store.update(original[0].id, note="edited")
    path = tmp_path / "export.json"
    path.write_text(export_json(store.list_bookmarks()), "utf-8")
    with BookmarkStore(tmp_path / "other.db") as other:
        first = import_json(other, path)
        assert (first.added, first.skipped) == (3, 0)
        second = import_json(other, path)
        assert (second.added, second.skipped) == (0, 3)
        assert other.count() == 3
        assert _comparable(other.list_bookmarks()) == _comparable(store.list_bookmarks())
    # into the store it came from: all already there
    again = import_json(store, path)
    assert (again.added, again.skipped) == (0, 3)


def test_import_same_passage_with_other_creation_time_is_added(
    tmp_path: Path, store: BookmarkStore
) -> None:
    b = _fill(store)[0]
    records = json.loads(export_json([b]))
    records[0]["created"] = "2020-01-01T00:00:00+00:00"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(records), "utf-8")
    assert import_json(store, path).added == 1


BAD = {
    "not json": ("[{", "not valid JSON"),
    "object": ('{"a": 1}', "expected a JSON array"),
    "record not object": ("[1]", "record 1: not an object"),
    "missing key": ('[{"anchor": "x", "ordinal": 1, "created": "2024-01-01"}]', "'key'"),
    "bad tags": (
        '[{"key": "k", "anchor": "x", "ordinal": 1, "created": "2024-01-01", "tags": [1]}]',
        "tags",
    ),
    "bad date": ('[{"key": "k", "anchor": "x", "ordinal": 1, "created": "yesterday"}]', "ISO"),
    "bool ordinal": (
        '[{"key": "k", "anchor": "x", "ordinal": true, "created": "2024-01-01"}]',
        "ordinal",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_import_is_one_line_and_adds_nothing(
    tmp_path: Path, store: BookmarkStore, case: str
) -> None:
    text, expected = BAD[case]
    good = '{"key": "k", "anchor": "good", "ordinal": 1, "created": "2024-01-01"}'
    if text.startswith("[{") and text.endswith("}]"):
        text = f"[{good}, {text[1:]}"  # a good record first: still nothing is added
    path = tmp_path / "bad.json"
    path.write_text(text, "utf-8")
    with pytest.raises(BookmarkImportError, match=expected) as info:
        import_json(store, path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert store.count() == 0


def test_import_missing_file(tmp_path: Path, store: BookmarkStore) -> None:
    with pytest.raises(BookmarkImportError, match="cannot read"):
        import_json(store, tmp_path / "nope.json")


def test_parse_json_ignores_ids() -> None:
    [b] = parse_json(
        '[{"id": 77, "key": "k", "anchor": "x", "ordinal": 2, "created": "2024-01-01"}]'
    )
    assert b.id == 0 and b.updated == "2024-01-01" and b.tags == ()
