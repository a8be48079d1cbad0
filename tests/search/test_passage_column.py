"""The index's ``passage`` column: phrases are checked on it instead of the library's
editions, with the same answers (deleted documents, several segments, editions changed since
they were indexed, indexes without the column)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex

from trendreader.library.catalog import Library, load_library
from trendreader.search import matching as matching_module
from trendreader.search.index import INDEX_NAME, signature
from trendreader.search.matching import PassageTexts
from trendreader.search.paging import DocKeys
from trendreader.search.passage_column import (
    column_of,
    column_texts,
    decode_text,
    encode_text,
    read_spans,
)
from trendreader.search.schema import PASSAGE_COLUMN, build_schema
from trendreader.search.service import SearchService

from .conftest import write_report

WORDS = [
    "机器人",
    "機器人",
    "芯片",
    "晶片",
    "自动驾驶",
    "很多",
    "人形",
    "器人",
    "机器",
    "AI",
    "电池",
]


def _paragraph(rng: random.Random) -> str:
    return "，".join("".join(rng.choices(WORDS, k=rng.randint(1, 4))) for _ in range(3)) + "。"


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, SearchService]:
    """Three segments and deleted documents: built, then six reports rewritten twice."""
    folder = tmp_path_factory.mktemp("lib")
    rng = random.Random(3)
    for n in range(30):
        paragraphs = [_paragraph(rng) for _ in range(rng.randint(2, 6))]
        write_report(folder, f"r{n:02d}", f"报告{n}", f"20{10 + n % 12}-01-02", paragraphs)
    service = SearchService(tmp_path_factory.mktemp("index") / "index")
    service.ensure_index(load_library([folder]))
    for round_ in range(2):
        for n in range(0, 30, 5):
            paragraphs = [_paragraph(rng) for _ in range(3)] + ["人形机器人来了。"] * round_
            write_report(folder, f"r{n:02d}", f"报告{n}", "2024-05-06", paragraphs)
        service.ensure_index(load_library([folder]))
    searcher = service.index.searcher()
    assert len(list(searcher.leaf_searchers())) > 1
    assert any(leaf.reader().has_deletions() for leaf, _o in searcher.leaf_searchers())
    return service._require_library(), service


def _current(library: Library, service: SearchService) -> set[str]:
    indexed = service.index.indexed
    return {
        e.key for r in library.reports for e in r.editions if indexed.get(e.key) == signature(r, e)
    }


def test_whoosh_reads_the_column_as_each_passage_was_indexed(
    changed: tuple[Library, SearchService],
) -> None:
    library, service = changed
    editions = {e.key: e for e in library.editions()}
    for leaf, _offset in service.index.searcher().leaf_searchers():
        reader = leaf.reader()
        column = reader.column_reader(PASSAGE_COLUMN)  # Whoosh's own API
        for docnum in range(reader.doc_count_all()):
            if reader.is_deleted(docnum):
                continue
            fields = reader.stored_fields(docnum)
            text = editions[fields["key"]].passages[fields["ordinal"]].text
            assert column[docnum] == encode_text(text)


def _tables(changed: tuple[Library, SearchService]) -> tuple[Any, dict[str, Any], list[int], Any]:
    """The searcher, the library's editions by key, every document number, their keys."""
    library, service = changed
    searcher = service.index.searcher()
    editions = {e.key: e for e in library.editions()}
    everything = list(range(searcher.doc_count_all()))
    return searcher, editions, everything, DocKeys(searcher).edition_keys()


def test_texts_from_the_column_equal_the_librarys(changed: tuple[Library, SearchService]) -> None:
    library, service = changed
    searcher, editions, everything, keys = _tables(changed)
    from_library = PassageTexts(searcher, editions)
    from_index = PassageTexts(searcher, editions, doc_keys=keys, current=_current(library, service))
    want = list(from_library.texts_of(everything))
    assert list(from_index.texts_of(everything)) == want
    deleted = sum(
        leaf.reader().doc_count_all() - leaf.reader().doc_count()
        for leaf, _o in searcher.leaf_searchers()
    )
    assert deleted and from_index.from_column == len(everything) - deleted
    assert want.count("") >= deleted
    # one by one (the path of Whoosh's own matchers), and the editions read when asked for
    single = PassageTexts(searcher, editions, doc_keys=keys, current=_current(library, service))
    assert [single.texts[d] or "" for d in everything] == want
    assert [single.editions[d] for d in everything] == [
        from_library.editions[d] for d in everything
    ]


def test_an_edition_changed_since_it_was_indexed_is_read_from_the_library(
    changed: tuple[Library, SearchService],
) -> None:
    library, service = changed
    searcher = service.index.searcher()
    editions = {e.key: e for e in library.editions()}
    keys = DocKeys(searcher).edition_keys()
    current = _current(library, service) - {"r05"}
    texts = PassageTexts(searcher, editions, doc_keys=keys, current=current)
    everything = list(range(searcher.doc_count_all()))
    assert list(texts.texts_of(everything)) == list(
        PassageTexts(searcher, editions).texts_of(everything)
    )
    live = [d for d in everything if keys[d] == "r05" and not searcher.reader().is_deleted(d)]
    assert live and texts.from_column == len(everything) - len(live) - (
        searcher.doc_count_all() - searcher.doc_count()
    )


def test_a_phrase_under_a_read_only_index_is_checked_on_the_changed_text(
    folder: Path, tmp_path: Path
) -> None:
    """Over the listing: the index (locked by another writer) still holds 人形機器人來了 for r2,
    the library now says otherwise, so r2's candidate is checked on the library's new text (as
    before the column); the unchanged editions' candidates on the index's texts."""
    from trendreader.library.listing import load_cached_edition, load_cached_listing
    from trendreader.library.store import load_cached_library
    from trendreader.paths import AppPaths

    paths = AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    index_dir = tmp_path / "cache" / "index"
    SearchService(index_dir).ensure_index(load_cached_library(paths, [folder]))
    other = windex.open_dir(index_dir, INDEX_NAME).writer()
    try:
        write_report(
            folder, "r2", "機器人報告", "2022-05-06", ["人形玩具：機器，人。", "晶片戰線。"]
        )
        found = load_cached_listing(paths, [folder], update=True)
        assert found is not None
        service = SearchService(index_dir)
        service.whole = lambda edition: load_cached_edition(paths, edition) or edition
        status = service.ensure_index(found[0])
        assert status.read_only
        results = service.search("人形机器人", limit=10)
        assert results.total == 0 and results.hits == []
        assert service._texts is not None and service._texts.from_column == 0
        assert service.search("人形", limit=10).total == 1  # a word: the index answers
        assert [h.report_key for h in service.search("推理芯片", limit=10).hits] == ["r1"]
        assert service._texts.from_column == 1  # r1 is as indexed
    finally:
        other.cancel()


def test_an_index_without_the_column_reads_the_library(tmp_path: Path, folder: Path) -> None:
    library = load_library([folder])
    schema = build_schema()
    schema.remove(PASSAGE_COLUMN)
    ix = windex.create_in(tmp_path, schema, INDEX_NAME)
    writer = ix.writer()
    for report in library.reports:
        for edition in report.editions:
            for passage in edition.passages:
                writer.add_document(key=edition.key, ordinal=passage.ordinal, text=passage.text)
    writer.commit()
    searcher = ix.searcher()
    assert all(column_of(leaf.reader()) is None for leaf, _o in searcher.leaf_searchers())
    editions = {e.key: e for e in library.editions()}
    everything = list(range(searcher.doc_count_all()))
    keys = DocKeys(searcher).edition_keys()
    texts = PassageTexts(searcher, editions, doc_keys=keys, current=set(editions))
    want = [
        editions[k].passages[searcher.stored_fields(d)["ordinal"]].text for d, k in enumerate(keys)
    ]
    assert list(texts.texts_of(everything)) == want and texts.from_column == 0
    searcher.close()


def test_column_values_in_any_order_and_in_small_windows(
    changed: tuple[Library, SearchService],
) -> None:
    _library, service = changed
    for leaf, _offset in service.index.searcher().leaf_searchers():
        column = column_of(leaf.reader())
        assert column is not None
        docnums = list(range(leaf.reader().doc_count_all()))
        want = [decode_text(column[d]) for d in docnums]
        assert column_texts(column, docnums) == want
        assert column_texts(column, docnums[::-3]) == want[::-3]
        assert column_texts(column, docnums[4:5]) == want[4:5]
        starts = [column._basepos + column._offsets[d] for d in docnums]
        lengths = [column._lengths[d] for d in docnums]
        direct = [column._dbfile.get(s, n) for s, n in zip(starts, lengths, strict=True)]
        for window in (0, 1, 37, 1 << 20):
            assert read_spans(column._dbfile.get, starts, lengths, window) == direct


@pytest.mark.parametrize("text", ["", "机器人", "a\udcff b", "😀 emoji 機器人"])
def test_any_text_round_trips_through_the_column(text: str) -> None:
    assert decode_text(encode_text(text)) == text


def test_segments_merged_by_whoosh_keep_the_column(folder: Path, tmp_path: Path) -> None:
    """Whoosh copies the column when it merges segments (its merge policy, ``optimize``)."""
    from trendreader.search.index import open_index

    index_dir = tmp_path / "cache" / "index"
    service = SearchService(index_dir)
    for n in range(4):  # small segments, some merged by Whoosh's policy
        write_report(folder, f"n{n}", f"新{n}", "2024-01-01", [f"人形机器人第{n}号。"])
        service.ensure_index(load_library([folder]))
    service.close()
    open_index(index_dir).optimize()  # one segment, written by Whoosh's own writer
    library = load_library([folder])
    editions = {e.key: e for e in library.editions()}
    searcher = open_index(index_dir).searcher()
    [(leaf, _offset)] = list(searcher.leaf_searchers())
    reader = leaf.reader()
    column = column_of(reader)
    assert column is not None
    for docnum in range(reader.doc_count_all()):
        fields = reader.stored_fields(docnum)
        text = editions[fields["key"]].passages[fields["ordinal"]].text
        assert decode_text(column[docnum]) == text
    searcher.close()


def test_texts_copied_from_the_column_are_kept_within_their_limit(
    changed: tuple[Library, SearchService], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past KEEP_TEXTS copies the table starts again empty; what it forgot it reads again,
    the same. Texts that are the library's own strings do not count."""
    library, service = changed
    searcher, editions, everything, keys = _tables(changed)
    current = _current(library, service)
    want = list(PassageTexts(searcher, editions).texts_of(everything))
    limit = 5
    monkeypatch.setattr(matching_module, "KEEP_TEXTS", limit)

    def held(table: PassageTexts) -> int:
        return sum(text is not matching_module._UNREAD for text in table._texts)

    table = PassageTexts(searcher, editions, doc_keys=keys, current=current)
    assert len(everything) > 3 * limit
    for start in range(0, len(everything), 2):  # two at a time: past the limit, again
        assert list(table.texts_of(everything[start : start + 2])) == want[start : start + 2]
        assert table.from_column - table._copies_since <= limit + 2  # copies held
    assert table._copies_since > limit  # emptied, more than once
    assert held(table) < len(everything) // 2
    single = PassageTexts(searcher, editions, doc_keys=keys, current=current)
    assert [single.texts[d] or "" for d in everything] == want  # one by one, forgetting
    assert held(single) < len(everything) // 2
    assert list(single.texts_of(everything)) == want  # more than the limit at once: all read
    assert held(single) == len(everything)
    own = PassageTexts(searcher, editions)  # the library's own strings: all kept
    for start in range(0, len(everything), 2):
        own.texts_of(everything[start : start + 2])
    assert held(own) == len(everything) and own.from_column == 0
