"""Search over the seeds: every script and regional wording finds every report.

Expected report sets were written by grepping the seed files for each concept in both scripts
and both wordings (000 and 001 are one report):

- 芯片/晶片: 001 and 002 and 004 say 芯片, 000 and 003 say 晶片 → all four reports
- 互联网: 001, 004 互联网; 002 互聯網; 000, 003 網際網路 → all four
- 機器人: 000, 003 機器人; 001, 004 机器人; 002 neither → 000, 003, 004
- 固態電池: 000 固態電池, 001 固态电池 → 000 only
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trendreader.library.catalog import Library, load_library
from trendreader.script.fold import fold_to_simplified
from trendreader.script.variants import Variant
from trendreader.search.service import SearchService

from .conftest import write_report

R000, R002, R003, R004 = (
    "000_933e302ea0e991db",
    "002_6b54d0aafa120f4a",
    "003_17c9e8caa8554f56",
    "004_0a39d42c6e4d68c6",
)
ALL = {R000, R002, R003, R004}
EXPECTED = {
    "芯片": ALL,
    "晶片": ALL,
    "互联网": ALL,
    "網際網路": ALL,
    "機器人": {R000, R003, R004},
    "机器人": {R000, R003, R004},
    "固態電池": {R000},
    "固态电池": {R000},
}


def reports(service: SearchService, query: str, variant: Variant = Variant.ORIGINAL) -> set[str]:
    return {h.report_key for h in service.search(query, variant=variant, limit=10_000).hits}


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize("query", list(EXPECTED))
def test_concepts_find_exactly_the_reports_that_hold_them(
    seed_service: SearchService, query: str, variant: Variant
) -> None:
    assert reports(seed_service, query, variant) == EXPECTED[query]


def test_highlights_sit_on_the_wording_the_reader_sees(seed_service: SearchService) -> None:
    taiwan = seed_service.search("芯片", variant=Variant.TAIWAN, limit=200).hits
    # 000 is written with 晶片 and 004 is shown through s2twp; 002 is traditional text in
    # mainland wording (芯片), shown to a Taiwan reader through t2s and s2twp (issue 16)
    marked = {h.text[a:b] for h in taiwan if h.report_key != R002 for a, b in h.highlights}
    assert marked == {"晶片"}
    assert {h.text[a:b] for h in taiwan if h.report_key == R002 for a, b in h.highlights} == {
        "晶片"
    }
    simplified = seed_service.search("晶片", variant=Variant.SIMPLIFIED, limit=200).hits
    by_report: dict[str, set[str]] = {}
    for h in simplified:
        by_report.setdefault(h.report_key, set()).update(h.text[a:b] for a, b in h.highlights)
    # 003 is traditional text in Taiwan wording (晶片); 简体 shows it through tw2sp (issue 16)
    assert by_report == {R000: {"芯片"}, R002: {"芯片"}, R003: {"芯片"}, R004: {"芯片"}}
    internet = seed_service.search("互联网", variant=Variant.TAIWAN, limit=200).hits
    marked = {h.text[a:b] for h in internet for a, b in h.highlights}
    assert marked == {"網際網路"}  # 002 writes 互聯網 itself, shown in Taiwan wording


def test_every_hit_is_highlighted_and_its_snippet_too(seed_service: SearchService) -> None:
    for variant in Variant:
        for query in ("机器人", "晶片", "互联网", "固态电池", "自动驾驶"):
            for hit in seed_service.search(query, variant=variant, limit=200).hits:
                assert hit.highlights, (query, variant, hit.text)
                assert hit.snippet_highlights
                for a, b in hit.snippet_highlights:
                    assert 0 <= a < b <= len(hit.snippet)


def test_a_two_edition_report_shows_each_passage_once(
    seed_service: SearchService, seed_library: Library
) -> None:
    for variant, edition in [
        (Variant.ORIGINAL, "000_933e302ea0e991db"),
        (Variant.SIMPLIFIED, "001_e66a1ed0cdcaae93"),
        (Variant.TRADITIONAL, "000_933e302ea0e991db"),
        (Variant.TAIWAN, "000_933e302ea0e991db"),
    ]:
        hits = seed_service.search("机器人", variant=variant, limit=500).hits
        editions = {h.edition_key for h in hits if h.report_key == R000}
        assert editions == {edition}
        keys = [(h.edition_key, h.ordinal) for h in hits]
        assert len(keys) == len(set(keys))


def test_one_character_queries_work(seed_service: SearchService) -> None:
    hits = seed_service.search("芯", variant=Variant.SIMPLIFIED, limit=500).hits
    assert hits
    assert all("芯" in h.text for h in hits)
    assert {h.text[a:b] for h in hits for a, b in h.highlights} == {"芯"}
    assert seed_service.search("晶", limit=5).hits


def test_latin_words_are_case_insensitive(seed_service: SearchService) -> None:
    lower = seed_service.search("deepseek", limit=100)
    upper = seed_service.search("DeepSeek", limit=100)
    assert lower.total == upper.total > 0


def test_syntax_on_the_seeds(seed_service: SearchService) -> None:
    both = reports(seed_service, "固态电池 OR 互联网")
    assert both == ALL
    assert reports(seed_service, "机器人 -芯片") <= {R000, R003, R004}
    without = seed_service.search("机器人 -芯片", limit=500).hits
    assert without and all("芯片" not in fold_to_simplified(h.text) for h in without)
    assert all("晶片" not in h.text for h in without)
    assert reports(seed_service, "芯片 report:002") == {R002}
    assert reports(seed_service, "芯片 report:004_0a39d42c6e4d68c6") == {R004}
    assert reports(seed_service, "机器人 report:001_e66a1ed0cdcaae93") == {R000}
    assert reports(seed_service, "芯片 year:2024") == {R004}
    assert reports(seed_service, "芯片 year:2023-2024") == {R002, R004}
    assert reports(seed_service, '"固态电池"') == {R000}
    assert reports(seed_service, "(芯片 OR 机器人) 美国") <= ALL


def test_filters_by_argument(seed_service: SearchService) -> None:
    assert reports_by(seed_service, "芯片", report="004") == {R004}
    assert reports_by(seed_service, "芯片", year=2023) == {R002}
    none = seed_service.search("芯片", report="nothing-like-this")
    assert none.hits == [] and none.message


def reports_by(service: SearchService, query: str, **filters: object) -> set[str]:
    return {h.report_key for h in service.search(query, limit=500, **filters).hits}  # type: ignore[arg-type]


def test_results_carry_counts_and_time(seed_service: SearchService) -> None:
    results = seed_service.search("机器人", limit=3)
    assert len(results.hits) == 3
    assert results.total > 3
    assert results.elapsed_ms >= 0
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)
    hit = results.hits[0]
    assert hit.title
    assert hit.year in (2023, 2024, 2025, None)


@pytest.mark.parametrize(
    "text",
    [
        '"芯片',
        "(芯片",
        "芯片)",
        "OR",
        "NOT",
        "-",
        "report:",
        "year:",
        "year:x",
        "\x00\x1b[31m",
        "芯" * 10_000,
        "a" * 10_000,
        "* ? ~ ^ : [ ] { }",
        "芯片 OR OR 电池",
        ")))(((",
    ],
)
def test_broken_queries_answer_without_raising(seed_service: SearchService, text: str) -> None:
    results = seed_service.search(text)
    assert results.message is None or "\n" not in results.message
    if text in ('"芯片', "(芯片", "芯片)"):
        assert results.hits  # fell back to the plain word 芯片


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list('"()-:OR NOT AND 芯片晶片机器人互联网年 report year 2024')),
            st.characters(),
        ),
        max_size=80,
    )
)
def test_any_query_text_gets_an_answer(seed_service: SearchService, text: str) -> None:
    results = seed_service.search(text, variant=Variant.TAIWAN, limit=5)
    assert len(results.hits) <= 5
    assert results.message is None or "\n" not in results.message


@pytest.fixture(scope="module")
def phrase_service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    folder = tmp_path_factory.mktemp("phrases")
    write_report(folder, "apart", "分开", "2021-03-04", ["我们需要自动化的驾驶舱。", "别的话。"])
    write_report(folder, "together", "连着", "2022-05-06", ["自动驾驶汽车来了。"])
    write_report(folder, "trad", "繁體", "2023-01-02", ["自動駕駛員說話。"])
    library = load_library([Path(folder)])
    service = SearchService(tmp_path_factory.mktemp("pidx") / "index")
    service.ensure_index(library)
    return service


def test_a_phrase_never_matches_its_words_apart(phrase_service: SearchService) -> None:
    assert reports(phrase_service, "自动驾驶") == {"together", "trad"}
    assert reports(phrase_service, "自動駕駛") == {"together", "trad"}
    assert reports(phrase_service, "自动 驾驶") == {"apart", "together", "trad"}
    hits = phrase_service.search("自动驾驶", variant=Variant.SIMPLIFIED).hits
    assert {h.text[a:b] for h in hits for a, b in h.highlights} == {"自动驾驶"}
