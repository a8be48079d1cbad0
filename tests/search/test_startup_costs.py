"""What a fresh search process avoids: Whoosh's unused imports, converters for known words,
the whole document → text table for one phrase."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trendreader.library.catalog import load_library
from trendreader.search import expansions
from trendreader.search.analyzer import HAN
from trendreader.search.expansions import ExpansionStore
from trendreader.search.matching import PassageTexts
from trendreader.search.query import compute_forms, expand
from trendreader.search.service import SearchService
from trendreader.search.snippets import _WORD_EDGE_AFTER, _WORD_EDGE_BEFORE

from .conftest import write_report


def test_whoosh_is_imported_without_urllib_request_asyncio_or_cached_property() -> None:
    code = (
        "import sys\n"
        "import trendreader.search.service\n"
        "print(sorted(m for m in ('urllib.request', 'asyncio', 'cached_property',\n"
        "    'whoosh.lang.morph_en') if m in sys.modules))\n"
        "from whoosh.lang.morph_en import variations\n"
        "from whoosh.query import terms\n"
        "print(sorted(terms.variations('render')) == sorted(variations('render')))\n"
        "import urllib.request\n"
        "print(hasattr(urllib.request, 'urlopen'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "True", "True"]


def test_whoosh_reader_cached_property_still_caches(tmp_path: Path) -> None:
    write_report(tmp_path / "lib", "a", "题", "2021-01-01", ["芯片。"])
    service = SearchService(tmp_path / "cache" / "index")
    service.ensure_index(load_library([tmp_path / "lib"]))
    reader = service.index.searcher().reader()
    leaf = next(iter(reader.leaf_readers()))[0] if hasattr(reader, "leaf_readers") else reader
    assert leaf.deleted_docs_set is leaf.deleted_docs_set
    service.close()


def test_a_word_expanded_before_needs_no_converter_in_the_next_process(tmp_path: Path) -> None:
    path = tmp_path / "expansions.json"
    calls: list[str] = []

    def counting(word: str) -> list[str]:
        calls.append(word)
        return compute_forms(word)

    first = ExpansionStore(path)
    assert first.forms("芯片", counting) == compute_forms("芯片")
    assert first.forms("芯片", counting) == compute_forms("芯片")
    assert calls == ["芯片"]
    first.save()
    second = ExpansionStore(path)  # as a new process
    assert second.forms("芯片", counting) == ["芯片", "晶片"]
    assert second.forms("晶片", counting) == compute_forms("晶片")
    assert calls == ["芯片", "晶片"]


def test_a_store_of_another_opencc_or_code_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "expansions.json"
    path.write_text(
        json.dumps({"fingerprint": "another", "words": {"芯片": ["芯片", "错的"]}}), "utf-8"
    )
    assert ExpansionStore(path).forms("芯片", compute_forms) == compute_forms("芯片")


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not json", b"[]", b'{"fingerprint": 1}', None],
    ids=["bytes", "list", "no-words", "words-wrong"],
)
def test_a_damaged_store_is_ignored(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "expansions.json"
    if content is None:
        stamp = expansions.fingerprint()
        content = json.dumps({"fingerprint": stamp, "words": {"芯片": [1, 2]}}).encode()
    path.write_bytes(content)
    store = ExpansionStore(path)
    assert store.forms("芯片", compute_forms) == compute_forms("芯片")
    store.save()
    assert ExpansionStore(path).forms("芯片", lambda w: ["never"]) == compute_forms("芯片")


def test_expand_goes_through_the_store_and_a_service_names_its_file(tmp_path: Path) -> None:
    service = SearchService(tmp_path / "cache" / "index")
    assert expansions.store().path == tmp_path / "cache" / expansions.FILE_NAME
    for word in ("晶片戰線上", "程序员", "數據"):
        assert expand(word) == compute_forms(word)
    service.close()
    saved = json.loads((tmp_path / "cache" / expansions.FILE_NAME).read_text("utf-8"))
    assert saved["words"]["程序员"] == compute_forms("程序员")


@pytest.mark.parametrize("candidates", [1, 40])  # one, and many (read in windows)
def test_a_phrase_reads_only_its_candidates_texts_from_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, candidates: int
) -> None:
    """Over the listing (``trendreader search``), the candidates' texts come from the index's
    passage column: no stored fields, no edition loaded but the hit's own, to show it."""
    from trendreader.library.listing import load_cached_edition, load_cached_listing
    from trendreader.library.store import load_cached_library
    from trendreader.paths import AppPaths
    from trendreader.search import matching

    paragraphs = [f"第{i}段讲别的事情。" for i in range(200)]
    # candidates hold every bigram of the phrase (自动 动驾 驾驶), the last one the phrase
    paragraphs += [f"自动门，动驾，驾驶员第{i}号。" for i in range(candidates - 1)]
    paragraphs += ["今年自动驾驶汽车来了。"]
    lib = tmp_path / "lib"
    write_report(lib, "many", "多", "2021-03-04", paragraphs)
    write_report(lib, "other", "别的", "2022-03-04", ["自动门，动驾，驾驶员。", "别的。"])
    paths = AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    load_cached_library(paths, [lib])
    found = load_cached_listing(paths, [lib])
    assert found is not None
    loaded: list[str] = []

    def whole(edition: object) -> object:
        loaded.append(edition.key)  # type: ignore[attr-defined]
        return load_cached_edition(paths, edition)  # type: ignore[arg-type]

    service = SearchService(tmp_path / "cache" / "index")
    service.whole = whole  # type: ignore[assignment]
    service.ensure_index(found[0])
    read: list[int] = []
    original_column = matching.column_texts

    def counting_column(column: object, docnums: list[int]) -> list[str]:
        read.extend(docnums)
        return original_column(column, docnums)

    def never(*args: object) -> object:
        raise AssertionError("a phrase read the library")

    monkeypatch.setattr(matching, "column_texts", counting_column)
    monkeypatch.setattr(matching, "stored_many", never)
    monkeypatch.setattr(PassageTexts, "_read_stored", never)
    loaded.clear()
    results = service.search("自动驾驶", limit=10)
    assert [h.text for h in results.hits] == ["今年自动驾驶汽车来了。"]
    assert results.total == 1
    assert len(read) == len(set(read)) == candidates + 1  # one in another edition
    assert service._texts is not None and service._texts.from_column == candidates + 1
    assert loaded == ["many"]  # the hit's edition, to show it
    service.close()


def test_a_library_held_whole_is_read_in_place(tmp_path: Path) -> None:
    """The reader holds every passage: a phrase checks them there (no copy from the index)."""
    lib = tmp_path / "lib"
    write_report(lib, "r1", "报告", "2021-03-04", ["今年自动驾驶汽车来了。", "自动门，驾驶员。"])
    library = load_library([lib])
    service = SearchService(tmp_path / "cache" / "index")
    service.ensure_index(library)
    results = service.search("自动驾驶", limit=10)
    assert [h.text for h in results.hits] == ["今年自动驾驶汽车来了。"]
    texts = service._texts
    assert texts is not None and texts.from_column == 0
    passages = library.reports[0].editions[0].passages
    assert any(text is passages[1].text for text in texts.texts_of([0, 1, 2]))  # no copy
    service.close()


def test_a_service_over_the_listing_finds_what_it_finds_over_the_library(
    tmp_path: Path,
) -> None:
    from trendreader.library.listing import load_cached_edition, load_cached_listing
    from trendreader.library.store import load_cached_library
    from trendreader.paths import AppPaths

    lib = tmp_path / "lib"
    write_report(lib, "r1", "芯片报告", "2021-03-04", ["推理芯片很重要。", "自动驾驶芯片。"])
    write_report(lib, "r2", "機器人報告", "2022-05-06", ["人形機器人來了。", "晶片戰線。"])
    write_report(lib, "r3", "互联网", "2023-01-02", ["移动互联网的时代，自动驾驶。"])
    paths = AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    library = load_cached_library(paths, [lib])
    found = load_cached_listing(paths, [lib])
    assert found is not None
    listing = found[0]
    loaded: list[str] = []

    def whole(edition: object) -> object:
        loaded.append(edition.key)  # type: ignore[attr-defined]
        return load_cached_edition(paths, edition)  # type: ignore[arg-type]

    full = SearchService(tmp_path / "full" / "index")
    full.ensure_index(library)
    light = SearchService(tmp_path / "light" / "index")
    light.whole = whole  # type: ignore[assignment]
    light.ensure_index(listing)
    assert sorted(set(loaded)) == ["r1", "r2", "r3"]  # indexing needs every passage once
    for query in ("芯片", "自动驾驶", "机器人 OR 互联网", "year:2022 晶片"):
        loaded.clear()
        want = full.search(query, limit=10)
        got = light.search(query, limit=10)
        assert [(h.edition_key, h.ordinal, h.text, h.highlights) for h in got.hits] == [
            (h.edition_key, h.ordinal, h.text, h.highlights) for h in want.hits
        ]
        assert got.total == want.total
        # phrases are checked on the index's texts: only the editions shown are loaded
        assert set(loaded) <= {h.edition_key for h in got.hits}
    full.close()
    light.close()


_OLD_EDGES = (
    rf"(?<![^\W_{HAN}])",
    rf"(?![^\W_{HAN}])",
)


@settings(max_examples=200, deadline=None)
@given(
    word=st.text(alphabet="aAsSkKσΣςİiıéÉß1_", min_size=1, max_size=4),
    text=st.text(alphabet="aAsSkKσΣςİiıéÉß1_ 。芯片-", max_size=40),
)
def test_case_sensitive_word_edges_find_what_case_folded_edges_found(word: str, text: str) -> None:
    """The word edges are compiled without IGNORECASE (fast); they must find the same."""
    before, after = _OLD_EDGES
    old = re.compile(before + re.escape(word) + after, re.IGNORECASE)
    new = re.compile(_WORD_EDGE_BEFORE + re.escape(word) + _WORD_EDGE_AFTER, re.IGNORECASE)
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


def test_a_year_filter_is_read_once_per_searcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.searching import Searcher

    lib = tmp_path / "lib"
    write_report(lib, "r1", "芯片报告", "2021-03-04", ["推理芯片很重要。"])
    write_report(lib, "r2", "芯片", "2022-05-06", ["芯片战线。", "芯片电池。"])
    service = SearchService(tmp_path / "cache" / "index")
    service.ensure_index(load_library([lib]))
    ranges: list[object] = []
    original = Searcher.docs_for_query

    def counting(self: Searcher, q: object, *args: object, **kwargs: object) -> object:
        ranges.append(q)
        return original(self, q, *args, **kwargs)

    monkeypatch.setattr(Searcher, "docs_for_query", counting)
    first = service.search("芯片", year=2022)
    second = service.search("电池", year=2022)
    third = service.search("芯片 year:2022")
    assert {h.report_key for h in first.hits} == {"r2"} and first.total == 3  # title too
    assert [h.text for h in second.hits] == ["芯片电池。"]
    assert {h.report_key for h in third.hits} == {"r2"}
    assert len(ranges) == 1  # the three searches share one reading of year 2022
    assert service.search("芯片", year=2021).total == 2
    assert len(ranges) == 2
    service.close()
