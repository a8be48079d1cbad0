from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trendreader.search.analyzer import CJKAnalyzer, normalize, tokens


def texts(text: str, *, query: bool = False) -> list[tuple[str, int]]:
    return [(t, pos) for t, pos, _s, _e in tokens(text, query=query)]


def test_han_runs_become_bigrams_with_a_final_single_character() -> None:
    assert texts("自动驾驶") == [("自动", 0), ("动驾", 1), ("驾驶", 2), ("驶", 3)]


def test_query_mode_drops_the_final_single_character_of_the_last_run() -> None:
    assert texts("自动驾驶", query=True) == [("自动", 0), ("动驾", 1), ("驾驶", 2)]
    assert texts("芯", query=True) == [("芯", 0)]
    # a run followed by more text keeps it, so phrases across 中文/English line up
    assert texts("芯片AI", query=True) == [("芯片", 0), ("片", 1), ("ai", 2)]


def test_latin_words_and_numbers_are_whole_and_lower_cased() -> None:
    assert texts("DeepSeek发布R1，GPU 2025年") == [
        ("deepseek", 0),
        ("发布", 1),
        ("布", 2),
        ("r1", 3),
        ("gpu", 4),
        ("2025", 5),
        ("年", 6),
    ]


def test_traditional_and_full_width_are_normalized_with_offsets_kept() -> None:
    assert texts("機器人") == texts("机器人")
    assert texts("ＡＩ晶片") == texts("ai晶片")
    spans = [(s, e) for _t, _p, s, e in tokens("高階AI晶片戰線")]
    assert spans[0] == (0, 2)
    assert "高階AI晶片戰線"[spans[-1][0] : spans[-1][1]] == "線"


@given(st.text())
def test_normalize_keeps_the_length(text: str) -> None:
    assert len(normalize(text)) == len(text)


_WIDE_AND_CASED = st.text(
    st.sampled_from("AZaz09ＡＺａｚ０９Éİß機器人机器\n -[]^\\") | st.characters(), max_size=60
)


@given(_WIDE_AND_CASED)
def test_normalize_is_fold_then_the_width_and_case_table(text: str) -> None:
    from trendreader.script.fold import fold_to_simplified
    from trendreader.search.analyzer import width_case_table

    assert normalize(text) == fold_to_simplified(text).translate(width_case_table())


@given(st.text())
def test_token_spans_lie_inside_the_text(text: str) -> None:
    for _tok, _pos, start, end in tokens(text):
        assert 0 <= start < end <= len(text)


def test_analyzer_is_a_whoosh_analyzer_with_positions() -> None:
    analyzer = CJKAnalyzer()
    got = [(t.text, t.pos) for t in analyzer("晶片戰", positions=True)]
    assert got == [("晶片", 0), ("片战", 1), ("战", 2)]
    assert CJKAnalyzer() == analyzer
    query = [t.text for t in analyzer("晶片戰", mode="query")]
    assert query == ["晶片", "片战"]
