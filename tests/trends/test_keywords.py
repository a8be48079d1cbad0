"""Keywords (rjieba over folded text, IDF, boilerplate) on the seeds and on a generated
library with a planted term, a repeated footer and the library's furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.trends.keywords import build_term_index, passage_terms, segment
from trendreader.trends.stopwords import STOP_WORDS

from .planted import FADING, FOOTER, RISING, TOPICS, write_planted

#: The fragments and furniture of the issue: never a keyword.
NOT_TOPICS = {"自动", "机器", "欢迎", "封面图", "订阅", "本周", "驾驶", "人形"}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library([write_planted(tmp_path_factory.mktemp("planted"))])


def test_compounds_are_one_term_and_fragments_give_way(seed_library: Library) -> None:
    index = build_term_index(seed_library)
    assert {"人形机器人", "自动驾驶"} <= set(index.where)  # 固态电池: one report only
    assert not NOT_TOPICS & set(index.where)
    terms = [k.term for k in index.keywords(limit=40)]
    assert not NOT_TOPICS & set(terms) and not STOP_WORDS & set(terms)


def test_segment_joins_cohesive_words_not_verbs() -> None:
    found = {"".join(t) for t in segment("人形机器人和固态电池都会出现在展会上")}
    assert {"人形机器人", "固态电池"} <= found
    assert "会出现" not in found and "出现" not in found


def test_scripts_fold_to_one_term(planted: Library) -> None:
    index = build_term_index(planted)
    assert RISING in index.where and "鈣鈦礦電池" not in index.where
    # 4 of the 8 reports of 2024 write it in traditional characters: all 8 count
    assert index.years_of(RISING) == {2024: 8}
    assert passage_terms("鈣鈦礦電池的產線", index.where) == {RISING}


def test_repeated_lines_and_furniture_are_left_out(planted: Library) -> None:
    index = build_term_index(planted)
    assert FOOTER in index.boilerplate_lines
    assert not {"欢迎", "订阅", "编辑部", "商务合作"} & set(index.where)
    # the generated topics are in every report: furniture of this library, not topics
    assert set(TOPICS) - {"合成生物"} <= index.boilerplate_terms
    top = [k.term for k in index.keywords(limit=2)]
    assert set(top) == {RISING, FADING}


def test_idf_ranks_rarer_terms_higher(planted: Library) -> None:
    index = build_term_index(planted)
    common = max(index.where, key=lambda t: len(index.where[t]))
    assert len(index.where[common]) > 8
    assert index.idf("不在库里的词") > index.idf(RISING) > index.idf(common)
    assert index.idf(RISING) == pytest.approx(index.idf(FADING))  # both in 8 of 24


def test_excluded_terms_are_not_keywords(planted: Library) -> None:
    index = build_term_index(planted)
    assert RISING not in [k.term for k in index.keywords(exclude=["鈣鈦礦電池"])]


def test_an_empty_library_has_no_terms(tmp_path: Path) -> None:
    index = build_term_index(Library(reports=[]))
    assert index.size == 0 and index.keywords() == []


def test_passage_terms_are_remembered_by_folded_text(
    planted: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trendreader.trends import keywords

    index = build_term_index(planted)
    terms_in = keywords.PassageTerms(index)
    segmented: list[str] = []
    real = keywords.segment
    monkeypatch.setattr(keywords, "segment", lambda text: segmented.append(text) or real(text))
    simplified, traditional = "钙钛矿电池的产线", "鈣鈦礦電池的產線"
    assert terms_in(traditional) == passage_terms(traditional, index.where) == {RISING}
    segmented.clear()
    # the same passage in another script folds to the same text: not segmented again
    assert terms_in(simplified) == {RISING} and terms_in(traditional) == {RISING}
    assert segmented == []
    other = "另一段没有术语的文字"
    expected = passage_terms(other, index.where)
    segmented.clear()
    assert terms_in(other) == expected and terms_in(other) == expected
    assert segmented == [other]


def test_passage_terms_forget_everything_past_their_limit(
    planted: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trendreader.trends import keywords

    monkeypatch.setattr(keywords.PassageTerms, "LIMIT", 2)
    terms_in = keywords.PassageTerms(build_term_index(planted))
    for text in ("钙钛矿电池", "第二段", "第三段"):
        terms_in(text)
    assert list(terms_in._found) == ["第三段"]
    assert terms_in("钙钛矿电池") == {RISING}  # made again, the same
