"""The fast exact path: phrases as bigram ANDs checked on the text, one-character prefixes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as windex
from whoosh import query as wq
from whoosh import scoring
from whoosh.query.qcore import QueryError
from whoosh.searching import Searcher

from trendreader.library.catalog import Library, load_library
from trendreader.script.variants import Variant
from trendreader.search.analyzer import normalize
from trendreader.search.index import _documents, signature
from trendreader.search.matching import (
    HanPrefix,
    PassageTexts,
    TabledBM25F,
    VerifiedPhrase,
    bind_texts,
    raw_form_pattern,
)
from trendreader.search.query import expand, form_query
from trendreader.search.schema import build_schema
from trendreader.search.service import SearchService
from trendreader.search.snippets import form_pattern

from .conftest import write_report

# bigrams of 自动驾驶 all present (自动, 动驾, 驾驶), never the four characters in a row
SCATTERED = "自动化来了，反动驾者少，驾驶舱空了。"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("fast")
    write_report(folder, "scattered", "散", "2021-03-04", [SCATTERED, "别的话。"])
    write_report(folder, "once", "一次", "2022-05-06", ["今年自动驾驶汽车来了，路上很多车。"])
    write_report(folder, "thrice", "三次", "2023-01-02", ["自動駕駛，自動駕駛，還是自動駕駛員。"])
    write_report(folder, "person", "人", "2024-01-02", ["人", "机器人来了", "人工智能"])
    return load_library([Path(folder)])


@pytest.fixture(scope="module")
def service(library: Library, tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    service = SearchService(tmp_path_factory.mktemp("fidx") / "index")
    service.ensure_index(library)
    return service


def test_scattered_bigrams_are_not_a_phrase_hit(service: SearchService) -> None:
    results = service.search("自动驾驶", limit=100)
    assert {h.report_key for h in results.hits} == {"once", "thrice"}
    assert results.total == 2
    # the candidates were checked on the text (the fast path ran), not by positions
    assert service._texts is not None


def test_the_and_of_bigrams_alone_would_match_the_scattered_passage(
    service: SearchService,
) -> None:
    searcher = service.index.searcher()
    terms = wq.And([wq.Term("text", t) for t in ("自动", "动驾", "驾驶")])
    keys = {searcher.stored_fields(d)["key"] for d in searcher.docs_for_query(terms)}
    assert "scattered" in keys  # so the test above can fail


def test_exact_phrase_hits_rank_by_how_often_they_occur(service: SearchService) -> None:
    hits = service.search("自动驾驶", variant=Variant.SIMPLIFIED).hits
    assert [h.report_key for h in hits] == ["thrice", "once"]
    assert hits[0].score > hits[1].score


def test_fast_and_positional_phrases_agree_on_documents_and_scores(
    service: SearchService, tmp_path: Path
) -> None:
    """On an index of the same passages that keeps positions (the service's keeps none)."""
    library = service._require_library()
    ix = windex.create_in(tmp_path, build_schema(positions=True))
    with ix.writer() as writer:
        for report in library.reports:
            for edition in report.editions:
                for doc in _documents(signature(report, edition), report, edition):
                    writer.add_document(**doc)
    searcher = ix.searcher(weighting=TabledBM25F())
    texts = PassageTexts(searcher, {e.key: e for e in library.editions()})
    for word in ("自动驾驶", "自動駕駛", "机器人", "人工智能", "自动 驾驶", "驾驶舱"):
        for form in expand(word):
            fast = form_query(form)
            assert isinstance(fast, VerifiedPhrase)
            slow = wq.Phrase("text", fast.words)
            bind_texts(fast, texts)
            got = {(h.docnum, round(h.score, 6)) for h in searcher.search(fast, limit=None)}
            want = {(h.docnum, round(h.score, 6)) for h in searcher.search(slow, limit=None)}
            assert got == want, form
    searcher.close()


def test_the_service_index_keeps_no_positions(service: SearchService) -> None:
    searcher = service.index.searcher()
    assert not searcher.schema["text"].format.supports("positions")
    with pytest.raises(QueryError):  # so a phrase is never left to Whoosh's positional path
        searcher.search(wq.Phrase("text", ["自动", "动驾"]))


def test_one_character_queries_find_every_position(service: SearchService) -> None:
    assert form_query("人") == HanPrefix("text", "人")
    hits = service.search("人", limit=100).hits
    # alone, at the end of a run, at the start of one
    assert {h.text for h in hits if h.report_key == "person"} == {"人", "机器人来了", "人工智能"}
    searcher = service.index.searcher()
    assert set(searcher.docs_for_query(HanPrefix("text", "人"))) == set(
        searcher.docs_for_query(wq.Prefix("text", "人"))
    )


def test_tabled_lengths_score_like_bm25f(service: SearchService) -> None:
    searcher = service.index.searcher()
    assert isinstance(searcher.weighting, TabledBM25F)
    plain = Searcher(searcher.reader(), weighting=scoring.BM25F(), closereader=False)
    query = wq.Or([wq.Term("text", "驾驶"), wq.Term("text", "人工"), HanPrefix("text", "人")])
    tabled = {h.docnum: h.score for h in searcher.search(query, limit=None)}
    expected = {h.docnum: h.score for h in plain.search(query, limit=None)}
    assert len(tabled) > 3
    assert tabled == pytest.approx(expected)


LETTERS = "自动驾驶動駕駛机機器人AIａｉ 芯片晶，。-_x1２"


@settings(max_examples=300, deadline=None)
@given(
    form=st.text(alphabet=LETTERS, min_size=1, max_size=6),
    text=st.text(alphabet=LETTERS, max_size=30),
)
def test_the_raw_pattern_matches_where_the_normalized_one_does(form: str, text: str) -> None:
    form = normalize(form)
    pattern = form_pattern(form)
    raw = raw_form_pattern(form)
    assert (pattern is None) == (raw is None)
    if pattern is None or raw is None:
        return
    on_normal = re.search(pattern, normalize(text), re.IGNORECASE) is not None
    assert (raw.search(text) is not None) == on_normal
