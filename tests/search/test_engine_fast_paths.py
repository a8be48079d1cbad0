"""The engine's fast paths give exactly what the plain ones give: postings read in one go
(lists of many blocks), BM25 from tables, phrases checked with ``in`` on their spellings, the
look-behind of a leading Latin word moved after its first character."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from trendreader.library.catalog import load_library
from trendreader.search.engine import Engine, _read_postings, _Scorer, top
from trendreader.search.matching import (
    MAX_SPELLINGS,
    char_class,
    han_spellings,
    raw_form_pattern,
    texts_matching,
)
from trendreader.search.paging import _top
from trendreader.search.service import SearchService
from trendreader.search.snippets import form_pattern

from .conftest import whoosh_postings, write_report


@pytest.fixture(scope="module")
def long_lists(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    """400 passages saying 芯片 (four posting blocks of 128), some of them deleted."""
    folder = tmp_path_factory.mktemp("long")
    rng = random.Random(3)
    for n in range(40):
        paragraphs = [
            "芯片" * rng.randint(1, 4) + f"第{i}段" + "电池" * rng.randint(0, 2) for i in range(10)
        ]
        write_report(folder, f"l{n:02d}", f"报告{n}", "2024-01-02", paragraphs)
    service = SearchService(tmp_path_factory.mktemp("lidx") / "index")
    service.ensure_index(load_library([folder]))
    for n in range(0, 40, 7):  # rewritten: their old passages become deleted documents
        write_report(folder, f"l{n:02d}", f"报告{n}", "2024-01-02", ["芯片芯片电池"] * 3)
    service.ensure_index(load_library([folder]))
    return service


def test_lists_of_many_blocks_are_read_like_whoosh_reads_them(long_lists: SearchService) -> None:
    searcher = long_lists.index.searcher()
    longest = 0
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        deleted = frozenset(range(reader.doc_count_all())) - set(reader.all_doc_ids())
        for term in reader.lexicon("text"):
            ids, weights = _read_postings(reader, "text", term, deleted)
            assert (ids, weights) == whoosh_postings(reader, term)
            longest = max(longest, len(ids))
    assert longest > 2 * 128  # three blocks or more
    assert searcher.reader().has_deletions()


def test_long_lists_score_like_whoosh(long_lists: SearchService) -> None:
    """Long lists take the table path of the scorer; the scores are Whoosh's, bit for bit."""
    searcher = long_lists.index.searcher()
    engine = Engine(searcher)
    for text in ("芯片", "电池", "片第"):
        query = wq.Term("text", text)
        want = {h.docnum: h.score for h in searcher.search(query, limit=None)}
        assert engine.matches(query) == want
        assert top(engine.matches(query), 9) == [
            (h.docnum, h.score) for h in searcher.search(query, limit=9)
        ]


class _Idf:
    def idf(self, field: str, term: str) -> float:
        return 1.7 if term == "a" else 0.3


@pytest.mark.parametrize("weights", [[1.0], [1.0, 2.0, 3.0], [0.5, 1.0, 2.5], [2.0]])
def test_the_scorers_tables_equal_the_formula(weights: list[float]) -> None:
    rng = random.Random(5)
    classes = bytes(rng.randrange(7) for _ in range(5000))
    norms = [0.6 + 0.37 * i for i in range(7)]
    scorer = _Scorer(_Idf(), "text", 1.2, classes, norms)  # type: ignore[arg-type]
    for size in (1, 5, 40, 3000):  # short lists per posting, long ones from tables
        ids = sorted(rng.sample(range(5000), size))
        ws = [rng.choice(weights) for _ in ids]
        for term in ("a", "b"):
            idf = _Idf().idf("text", term)
            want = [
                idf * ((w * 2.2) / (w + norms[classes[d]])) for d, w in zip(ids, ws, strict=True)
            ]
            assert list(scorer.scores(term, ids, ws)) == want


def test_a_segments_scorers_share_their_tables_across_terms() -> None:
    """The part of a table after ``idf`` is kept per weight for the segment (``bases``) and
    reused by every term and every scorer of it: still the formula, bit for bit."""
    rng = random.Random(9)
    classes = bytes(rng.randrange(9) for _ in range(4000))
    norms = [0.5 + 0.29 * i for i in range(9)]
    bases: dict[float, list[float]] = {}
    for _round in range(2):  # the second round finds every table kept
        scorer = _Scorer(_Idf(), "text", 1.2, classes, norms, bases)  # type: ignore[arg-type]
        for term in ("a", "b", "a"):
            ids = sorted(rng.sample(range(4000), 2500))
            ws = [rng.choice([1.0, 2.0, 3.0, 7.0]) for _ in ids]
            idf = _Idf().idf("text", term)
            want = [
                idf * ((w * 2.2) / (w + norms[classes[d]])) for d, w in zip(ids, ws, strict=True)
            ]
            assert list(scorer.scores(term, ids, ws)) == want
            assert list(scorer.scores(term, ids, [2.0] * len(ids))) == [
                idf * ((2.0 * 2.2) / (2.0 + norms[classes[d]])) for d in ids
            ]
    assert set(bases) == {1.0, 2.0, 3.0, 7.0}


def test_the_tops_equal_a_full_sort_with_many_ties() -> None:
    rng = random.Random(4)
    for size in (1, 30, 500):
        scored = {d: float(rng.randrange(6)) for d in rng.sample(range(10_000), size)}
        ranked = sorted(scored.items(), key=lambda i: (-i[1], i[0]))
        for limit in (1, 2, 20, size - 1, size, size + 3):
            assert top(scored, limit) == ranked[:limit]
            assert _top(scored, limit) == ranked[:limit]


def test_the_page_top_keeps_ties_in_document_order() -> None:
    scored = {9: 1.0, 3: 2.0, 7: 1.0, 5: 1.0, 1: 0.5, 8: 2.0}
    for limit in range(8):
        assert _top(scored, limit) == sorted(scored.items(), key=lambda i: (-i[1], i[0]))[:limit]
        assert _top(scored, limit) == top(scored, limit)


# --- phrase checks -------------------------------------------------------------------------

FORMS = ["机器人", "自动驾驶", "固态电池", "网际网路", "人工智能", "卫星互联网", "器", "ai芯片"]


def _variants(form: str) -> list[str]:
    """Characters that normalize to some character of ``form``, and a few that do not."""
    chars = set("的了，。 \n人器机AI")
    for char in form:
        cls = char_class(char)
        chars |= set(cls.strip("[]").replace("\\", "")) if cls.startswith("[") else {char}
    return sorted(chars)


@pytest.mark.parametrize("form", FORMS)
def test_spellings_are_exactly_where_the_pattern_matches(form: str) -> None:
    pattern = raw_form_pattern(form)
    assert pattern is not None
    spellings = han_spellings(form)
    rng = random.Random(form)
    pool = _variants(form)
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    spelled = ["".join(rng.choice(_variants(c)) for c in form) for _ in range(300)]
    texts += [f"x{s}y" for s in spelled]
    want = [pattern.search(t) is not None for t in texts]
    assert list(map(bool, texts_matching(pattern, texts, spellings=spellings))) == want
    assert list(map(bool, texts_matching(pattern, texts))) == want
    assert any(want)


@pytest.mark.parametrize("form", ["机器人", "网际网路", "卫星互联网"])
def test_texts_each_holding_some_spelling_all_match(form: str) -> None:
    """The ways the check ends early: every text holds the first spelling; the texts left
    all hold the next one tried, or one after a spelling none of them holds."""
    pattern = raw_form_pattern(form)
    spellings = han_spellings(form)
    assert pattern is not None and spellings is not None
    needles = spellings[0]
    rng = random.Random(form)
    cases = [
        [f"甲{needles[0]}乙"] * 50,
        [f"甲{rng.choice(needles[:2])}乙" for _ in range(80)],
        [f"{needles[0]}"] * 10 + [f"x{needles[-1]}"] * 10,
        [f"甲{rng.choice(needles)}" for _ in range(80)] + ["无关", ""],
    ]
    for texts in cases:
        want = [pattern.search(t) is not None for t in texts]
        assert list(map(bool, texts_matching(pattern, texts, spellings=spellings))) == want


def test_spellings_of_han_runs_only() -> None:
    assert han_spellings("ai芯片") is None
    assert han_spellings("机器 人") is None
    found = han_spellings("机器人")
    assert found is not None and found[0][0] == "机器人" and found[1] is True
    assert {re.fullmatch(raw_form_pattern("机器人").pattern, s) is not None for s in found[0]} == {
        True
    }  # type: ignore[union-attr]
    many = han_spellings("卫星互联网")  # more spellings than are listed: the pattern decides
    assert many is not None and many[1] is False and len(many[0]) <= MAX_SPELLINGS


_TEXT = st.text(alphabet="aAｉＡIi芯片機机器 ，_-1２x中gGpPuU", max_size=24)


@settings(max_examples=400, deadline=None)
@given(form=st.sampled_from(["ai芯片", "ai", "a1", "gpu芯片", "ai 机器"]), text=_TEXT)
def test_a_leading_words_edge_is_the_same_after_its_first_character(form: str, text: str) -> None:
    plain = re.compile(form_pattern(form, char=char_class) or "", re.IGNORECASE)
    scanning = re.compile(form_pattern(form, char=char_class, scan_first=True) or "", re.IGNORECASE)
    assert [m.span() for m in scanning.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_check_pattern_is_the_scanning_one() -> None:
    assert raw_form_pattern("ai芯片").pattern.startswith("[")  # type: ignore[union-attr]


def test_a_small_index_finds_a_phrase_in_both_scripts(tmp_path: Path) -> None:
    """Lists of one block; the traditional spelling found by its second needle."""
    write_report(tmp_path / "lib", "t1", "题", "2024-01-01", ["机器人芯片", "機器人"])
    service = SearchService(tmp_path / "index")
    service.ensure_index(load_library([tmp_path / "lib"]))
    assert service.search("机器人").total == 2
