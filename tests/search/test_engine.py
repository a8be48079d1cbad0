"""The set-at-a-time engine finds, scores, orders and counts exactly what Whoosh would."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from whoosh import query as wq

from trendreader.library.catalog import Library, load_library
from trendreader.reading import choose_edition
from trendreader.script.variants import Variant
from trendreader.search import engine as engine_module
from trendreader.search.analyzer import normalize
from trendreader.search.engine import Engine, Unsupported, _read_postings, top
from trendreader.search.index import open_index
from trendreader.search.matching import (
    BULK_READ,
    PassageTexts,
    TabledBM25F,
    _bulk_lengths,
    _sources,
    bind_texts,
    length_bytes,
    stored_many,
)
from trendreader.search.query import parse_query
from trendreader.search.service import SearchService
from trendreader.search.snippets import form_pattern

from .conftest import whoosh_postings, write_report

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

PIECES = [
    "芯片",
    "晶片",
    "电池",
    "固态电池",
    "机器人",
    "機器人",
    "人形机器人",
    "人工智能",
    "人工智慧",
    "特斯拉",
    "中国",
    "美国",
    "AI",
    "GPU",
    "自动驾驶",
    "自动化",
    "驾驶舱",
    "互联网",
    "網際網路",
    "2024",
    "大模型",
    "，",
    "。",
    "的",
    "了",
    "很多",
]

QUERIES = [
    "芯片",
    "晶片",
    "人",
    "芯",
    "机器人",
    "機器人",
    "人形机器人",
    "自动驾驶",
    "AI",
    "ai芯片",
    "互联网",
    "芯片 美国",
    "芯片 OR 电池",
    "机器人 -特斯拉",
    "(机器人 OR 芯片) 中国",
    '"固态电池"',
    "-芯片",
    "人 OR 芯",
    "芯片 OR -电池",
    "芯片 year:2022",
    "year:2021-2022",
    "芯片 report:r001",
    "人 report:r00",
    "不存在的词语",
    # phrases evaluated only on the documents an AND still holds, NOT of a phrase
    "机器人 中国",
    "中国 -人形机器人",
    "人形机器人 -中国",
    "自动驾驶 (ai OR 芯片)",
    "ai芯片 美国",
    "(自动驾驶 OR 人工智能) 芯片",
    "-机器人 -芯片",
    "人 机器人",
    "固态电池 year:2021-2023",
    "機器人 網際網路",
    "很多 的 了",
]


def _paragraph(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(3, 25)))


def _write_corpus(folder: Path, seed: int, reports: int = 40) -> None:
    rng = random.Random(seed)
    for n in range(reports):
        paragraphs = [_paragraph(rng) for _ in range(rng.randint(1, 6))]
        write_report(folder, f"r{n:03d}", f"报告{n}", f"202{n % 5}-01-02", paragraphs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SearchService]:
    """Two segments and deleted documents: built, then five reports rewritten and refreshed."""
    folder = tmp_path_factory.mktemp("corpus")
    _write_corpus(folder, seed=7)
    service = SearchService(tmp_path_factory.mktemp("cidx") / "index")
    service.ensure_index(load_library([folder]))
    rng = random.Random(8)
    for n in range(0, 40, 8):
        write_report(folder, f"r{n:03d}", f"报告{n}", "2022-01-02", [_paragraph(rng), "唯一旧词"])
    service.ensure_index(load_library([folder]))
    for n in range(0, 40, 8):  # rewritten again: the 唯一旧词 passages are deleted documents
        write_report(folder, f"r{n:03d}", f"报告{n}", "2023-01-02", [_paragraph(rng)])
    status = service.ensure_index(load_library([folder]))
    assert status.added == 5
    return folder, service


def _whoosh(service: SearchService, text: str) -> tuple[list[tuple[int, float]], Engine]:
    """Every hit Whoosh's own matchers find, in its collector's order, and our engine."""
    library = service._require_library()
    searcher = service.index.searcher()
    parsed = parse_query(text, resolve_report=service.resolve_report)
    assert parsed.query is not None
    texts = service._passage_texts(library, searcher, parsed.query)
    bind_texts(parsed.query, texts)
    hits = [(h.docnum, h.score or 0.0) for h in searcher.search(parsed.query, limit=None)]
    return hits, service._engine_for(searcher, texts)


@pytest.mark.parametrize("text", QUERIES)
def test_engine_agrees_with_whoosh(corpus: tuple[Path, SearchService], text: str) -> None:
    _folder, service = corpus
    want, engine = _whoosh(service, text)
    parsed = parse_query(text, resolve_report=service.resolve_report)
    assert parsed.query is not None
    top, total = engine.run(parsed.query, limit=15)
    assert total == len(want)
    assert [d for d, _s in top] == [d for d, _s in want[:15]]
    assert [s for _d, s in top] == pytest.approx([s for _d, s in want[:15]], rel=1e-12)
    everything, _ = engine.run(parsed.query, limit=10_000)
    assert dict(everything) == pytest.approx(dict(want), rel=1e-12)


@pytest.mark.parametrize("text", ["芯片", "机器人 -特斯拉", "人", "-芯片"])
def test_filters_and_masks_agree_with_whoosh(corpus: tuple[Path, SearchService], text: str) -> None:
    _folder, service = corpus
    searcher = service.index.searcher()
    _want, engine = _whoosh(service, text)
    parsed = parse_query(text)
    assert parsed.query is not None
    bind_texts(parsed.query, engine.texts)
    filters = wq.Or([wq.Term("report", "r003"), wq.NumericRange("year", 2022, 2022)])
    mask = set(range(0, searcher.doc_count_all(), 3))
    want = searcher.search(parsed.query, limit=None, filter=filters, mask=mask)
    top, total = engine.run(parsed.query, limit=7, filter=filters, mask=mask)
    assert total == len(want) > 0
    assert [d for d, _s in top] == [h.docnum for h in want[:7]]


def test_the_limit_keeps_the_lowest_document_numbers_of_a_tie() -> None:
    scored = {9: 1.0, 3: 2.0, 7: 1.0, 5: 1.0, 1: 0.5, 8: 2.0}
    assert top(scored, 3) == [(3, 2.0), (8, 2.0), (5, 1.0)]
    assert top(scored, 10) == [(3, 2.0), (8, 2.0), (5, 1.0), (7, 1.0), (9, 1.0), (1, 0.5)]
    assert top(scored, 0) == []


def test_the_corpus_has_deleted_documents(corpus: tuple[Path, SearchService]) -> None:
    _folder, service = corpus
    reader = service.index.searcher().reader()
    assert reader.has_deletions()
    assert len(list(service.index.searcher().leaf_searchers())) > 1
    assert service.search("唯一旧词").total == 0


def test_or_of_phrases_counts_every_match(corpus: tuple[Path, SearchService]) -> None:
    """Whoosh's collector with a limit dropped matches of nested ORs (芯片 OR 电池 counted
    2,049 of 3,655 at 1k reports); the count is the size of the union."""
    _folder, service = corpus

    def docs(text: str) -> set[tuple[str, int]]:
        hits = service.search(text, limit=10_000).hits
        return {(h.edition_key, h.ordinal) for h in hits}

    both = docs("芯片") | docs("电池")
    results = service.search("芯片 OR 电池", limit=3)
    assert results.total == len(both) > 3
    assert len(results.hits) == 3


def _brute_count(library: Library, forms: tuple[str, ...], variant: Variant) -> int:
    """Passages (of the edition each report shows in ``variant``) holding any form."""
    patterns = [re.compile(p, re.IGNORECASE) for f in forms if (p := form_pattern(f))]
    count = 0
    for report in library.reports:
        for passage in choose_edition(report, variant).passages:
            text = normalize(passage.text)
            count += any(p.search(text) for p in patterns)
    return count


@pytest.mark.parametrize("variant", [Variant.ORIGINAL, Variant.SIMPLIFIED, Variant.TAIWAN])
@pytest.mark.parametrize(
    "text", ["芯片", "晶片", "互联网", "機器人", "人工智能", "人", "AI", "固态电池", "自动驾驶"]
)
def test_counts_match_a_brute_force_count_on_the_seeds(
    seed_engine_service: SearchService, text: str, variant: Variant
) -> None:
    library = seed_engine_service._require_library()
    results = seed_engine_service.search(text, variant=variant, limit=5)
    expected = _brute_count(library, results.forms, variant)
    assert results.total == expected > 0


@pytest.fixture(scope="module")
def seed_engine_service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    service = SearchService(tmp_path_factory.mktemp("sidx") / "index")
    service.ensure_index(load_library([SEEDS]))
    return service


def test_leaf_cache_is_bounded_and_changes_nothing(corpus: tuple[Path, SearchService]) -> None:
    _folder, service = corpus
    searcher = service.index.searcher()
    library = service._require_library()
    texts = service._passage_texts(library, searcher, parse_query("机器人").query)
    small = Engine(searcher, texts, cache_postings=40)
    none = Engine(searcher, texts, cache_postings=0)
    for _round in range(2):
        for text in QUERIES:
            query = parse_query(text).query
            assert query is not None
            bind_texts(query, texts)
            assert small.run(query, limit=10) == none.run(query, limit=10)
            assert small._cached <= 40
            assert none._cached == 0


def test_other_queries_are_left_to_whoosh(corpus: tuple[Path, SearchService]) -> None:
    _folder, service = corpus
    engine = Engine(service.index.searcher())
    with pytest.raises(Unsupported):
        engine.run(wq.Wildcard("text", "芯*"), limit=5)
    with pytest.raises(Unsupported):  # a phrase needs the passage texts to be checked
        engine.run(parse_query("机器人").query or wq.NullQuery, limit=5)


def test_bulk_lengths_equal_the_per_document_lengths(corpus: tuple[Path, SearchService]) -> None:
    _folder, service = corpus
    searcher = service.index.searcher()
    assert isinstance(searcher.weighting, TabledBM25F)
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        table = _bulk_lengths(reader, "text")
        assert table is not None
        size = reader.doc_count_all()
        assert list(table) == [reader.doc_field_length(d, "text", 1) for d in range(size)]


def test_whoosh_answers_what_the_engine_declines(
    corpus: tuple[Path, SearchService], monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder, service = corpus
    wanted = {}
    for text in ("芯片 OR 电池", "机器人 -特斯拉", "人"):
        results = service.search(text, limit=7)
        wanted[text] = (results.total, [(h.edition_key, h.ordinal) for h in results.hits])

    def decline(*_args: object, **_kwargs: object) -> None:
        raise Unsupported("test")

    monkeypatch.setattr(Engine, "run", decline)
    for text, want in wanted.items():
        results = service.search(text, limit=7)
        assert (results.total, [(h.edition_key, h.ordinal) for h in results.hits]) == want


def test_the_index_is_read_without_mmap(corpus: tuple[Path, SearchService]) -> None:
    """Whoosh copies a memory-mapped segment's postings into a BytesIO: 350 MB at 10k."""
    _folder, service = corpus
    assert open_index(service.index.directory).storage.supports_mmap is False


def test_postings_read_in_one_go_equal_whoosh_matchers(corpus: tuple[Path, SearchService]) -> None:
    """Every term of every segment: the ids and weights of the one-read decoder are the
    ones Whoosh's matcher walks to (deleted documents left out); lists of many blocks:
    tests/search/test_engine_fast_paths.py."""
    _folder, service = corpus
    for leaf, _offset in service.index.searcher().leaf_searchers():
        reader = leaf.reader()
        deleted = frozenset(range(reader.doc_count_all())) - set(reader.all_doc_ids())
        for term in reader.lexicon("text"):
            want = whoosh_postings(reader, term)
            assert _read_postings(reader, "text", term, deleted) == want, term


def test_scores_equal_whoosh_scorers_bit_for_bit(corpus: tuple[Path, SearchService]) -> None:
    """A term's scores from the engine are exactly those of Whoosh's BM25F scorer."""
    _folder, service = corpus
    searcher = service.index.searcher()
    engine = Engine(searcher)
    for text in ("的", "了", "芯片", "ai", "很多", "中国"):
        query = wq.Term("text", text)
        want = {h.docnum: h.score for h in searcher.search(query, limit=None)}
        got = engine.matches(query)
        assert got == want


def _texts_checked(service, library, searcher, query):  # type: ignore[no-untyped-def]
    """The passage texts of ``query`` bound to it, and the documents whose texts are read
    from now on (until ``del texts.texts_of``)."""
    texts = service._passage_texts(library, searcher, query)
    assert texts is not None
    bind_texts(query, texts)
    checked: list[int] = []
    reading = texts.texts_of

    def spy(docnums: list[int]) -> object:
        checked.extend(docnums)
        return reading(docnums)

    texts.texts_of = spy  # type: ignore[method-assign]
    return texts, checked


def test_a_phrase_inside_an_and_is_checked_only_where_needed(
    corpus: tuple[Path, SearchService],
) -> None:
    """The AND's rarer part goes first; the phrase is then checked only on the documents
    that part left, and the matches and scores are Whoosh's."""
    _folder, service = corpus
    library = service._require_library()
    searcher = service.index.searcher()
    query = parse_query("机器人 很多").query
    assert query is not None
    texts, checked = _texts_checked(service, library, searcher, query)
    try:
        engine = Engine(searcher, texts, cache_postings=0)
        found = engine.matches(query)
        alone = set(engine.matches(wq.Term("text", "很多")))
        assert checked and set(checked) <= alone  # 很多 is rarer than 机器 and 器人
        want = {h.docnum: h.score for h in searcher.search(query, limit=None)}
        assert found == pytest.approx(want, rel=1e-12) and found
    finally:
        del texts.texts_of


AND_QUERIES = [
    "机器人 中国",
    "人形机器人 中国",
    "自动驾驶 (ai OR 芯片)",
    "(机器人 OR 芯片) 中国",
    "(机器人 OR 芯片) 中国 美国",
    "人形机器人 中国 很多",
    "机器人 自动驾驶 的",
    "固态电池 year:2021-2023",
    "机器人 中国 -特斯拉",
    "机器人 -中国 芯片",
]


@pytest.mark.parametrize("text", AND_QUERIES + QUERIES)
def test_phrases_after_terms_give_the_one_pass_results_to_the_bit(
    corpus: tuple[Path, SearchService], text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An AND evaluates the parts holding a phrase after the others; the documents, the
    scores (summed in the same order) and so the order of ties are those of evaluating
    every part in the order of its estimate, as before."""
    _folder, service = corpus
    _want, engine = _whoosh(service, text)
    query = parse_query(text, resolve_report=service.resolve_report).query
    assert query is not None
    bind_texts(query, engine.texts)
    fresh = Engine(engine.searcher, engine.texts, cache_postings=0)
    reordered = fresh.matches(query)
    monkeypatch.setattr(engine_module, "_checks_texts", lambda _query: False)
    one_pass = Engine(engine.searcher, engine.texts, cache_postings=0).matches(query)
    assert reordered == one_pass  # the same floats, not approximately
    assert top(reordered, 9) == top(one_pass, 9)


def test_a_rarer_phrase_is_checked_only_where_the_terms_are(
    corpus: tuple[Path, SearchService], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phrase rarer than the term beside it (its estimate comes first) is checked only
    among the term's documents; the matches and scores are Whoosh's."""
    _folder, service = corpus
    library = service._require_library()
    searcher = service.index.searcher()
    engine = Engine(searcher, cache_postings=0)
    pairs = [(p, t) for p in ("人形机器人", "固态电池", "自动驾驶") for t in ("的", "了", "中国")]
    rarer = [
        (p, t)
        for p, t in pairs
        if engine._estimate(_only(parse_query(p).query))
        < engine._estimate(_only(parse_query(t).query))
    ]
    assert rarer
    phrase, term = rarer[0]
    query = parse_query(f"{phrase} {term}").query
    assert query is not None
    texts, checked = _texts_checked(service, library, searcher, query)
    engine.texts = texts
    try:
        found = engine.matches(query)
        alone = set(engine.matches(_only(parse_query(term).query)))
        assert checked and set(checked) <= alone
        want = {h.docnum: h.score for h in searcher.search(query, limit=None)}
        assert found == pytest.approx(want, rel=1e-12) and found
        checked.clear()  # in the order of the estimates, the phrase checked more
        monkeypatch.setattr(engine_module, "_checks_texts", lambda _query: False)
        assert engine.matches(query) == found
        assert not set(checked) <= alone
    finally:
        del texts.texts_of


def _only(query: wq.Query | None) -> wq.Query:
    assert query is not None
    return query


def test_stored_fields_read_in_bulk_equal_whooshs(corpus: tuple[Path, SearchService]) -> None:
    _folder, service = corpus
    for leaf, _offset in service.index.searcher().leaf_searchers():
        reader = leaf.reader()
        docnums = list(range(reader.doc_count_all()))
        want = [reader.stored_fields(d) or None for d in docnums]
        assert stored_many(reader, docnums) == want
        assert stored_many(reader, docnums[::-3]) == want[::-3]  # any order


def test_passage_texts_in_bulk_equal_one_by_one(corpus: tuple[Path, SearchService]) -> None:
    """Deleted documents and documents of every segment: the same texts either way."""
    _folder, service = corpus
    library = service._require_library()
    searcher = service.index.searcher()
    editions = {e.key: e for e in library.editions()}
    everything = list(range(searcher.doc_count_all()))
    assert len(everything) >= BULK_READ
    bulk = PassageTexts(searcher, editions)
    single = PassageTexts(searcher, editions)
    assert list(bulk.texts_of(everything)) == [single.texts[d] or "" for d in everything]
    assert [bulk.editions[d] for d in everything] == [single.editions[d] for d in everything]
    assert "" in bulk.texts_of(everything)  # the deleted ones


def test_length_classes_score_like_the_length_table(
    corpus: tuple[Path, SearchService], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Norms by stored length byte, or (a segment laid out otherwise) by distinct length."""
    _folder, service = corpus
    searcher = service.index.searcher()
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        raw, decode = length_bytes(reader, "text") or (b"", [])
        assert [decode[b] for b in raw] == [
            reader.doc_field_length(d, "text", 1) for d in range(reader.doc_count_all())
        ]
    query = parse_query("芯片 OR 人 OR 机器人").query
    assert query is not None
    library = service._require_library()
    texts = service._passage_texts(library, searcher, query)
    bind_texts(query, texts)
    by_byte = Engine(searcher, texts, cache_postings=0).matches(query)
    monkeypatch.setattr(engine_module, "length_bytes", lambda *_a: None)
    by_length = Engine(searcher, texts, cache_postings=0).matches(query)
    assert by_byte == by_length and by_byte


def test_character_classes_are_those_of_one_normalize_call_per_character() -> None:
    from trendreader.script.fold import t2s_table
    from trendreader.search.analyzer import width_case_table

    chars = sorted(chr(c) for c in set(t2s_table()) | set(width_case_table()))
    table: dict[str, list[str]] = {}
    for char in chars[::7]:
        table.setdefault(normalize(char), []).append(char)
    sources = _sources()
    for target, members in table.items():
        assert set(members) <= set(sources[target])
        assert (sources[target][0] == target) == (normalize(target) == target)
