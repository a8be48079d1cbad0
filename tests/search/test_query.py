from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from trendreader.search.matching import HanPrefix, VerifiedPhrase
from trendreader.search.query import (
    MAX_QUERY_CHARS,
    And,
    Field,
    Not,
    Or,
    QuerySyntaxError,
    Word,
    expand,
    form_query,
    parse,
    parse_query,
)


def test_words_or_not_phrases_and_fields() -> None:
    assert parse("芯片 电池") == And((Word("芯片"), Word("电池")))
    assert parse("芯片 OR 电池") == Or((Word("芯片"), Word("电池")))
    assert parse("芯片 -电池") == And((Word("芯片"), Not(Word("电池"))))
    assert parse("芯片 NOT 电池") == And((Word("芯片"), Not(Word("电池"))))
    assert parse('"固态 电池"') == Word("固态 电池", quoted=True)
    assert parse("「固态电池」") == Word("固态电池", quoted=True)
    assert parse("report:004 year:2024") == And((Field("report", "004"), Field("year", "2024")))
    assert parse("(芯片 OR 晶片) 美国") == And((Or((Word("芯片"), Word("晶片"))), Word("美国")))
    assert parse("芯片 AND 美国") == And((Word("芯片"), Word("美国")))
    assert parse("http://x.y") == Word("http://x.y")  # unknown fields are words


@pytest.mark.parametrize(
    "text", ['"芯片', "(芯片", "芯片)", "OR", "芯片 OR", "NOT", "-", "report:", "year:", "AND 芯片"]
)
def test_broken_syntax_raises_for_the_parser(text: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse(text)


@pytest.mark.parametrize(
    ("text", "searchable"),
    [
        ('"芯片', True),
        ("(芯片 OR 晶片", True),
        ("芯片)", True),
        ("OR", False),
        ("NOT", False),
        ("-", False),
        ("report:", False),
        ("year:", False),
        ("year:abc 芯片", True),
        ("芯片\x00\x07\u200b电池", True),
        ("芯" * 10_000, True),
        ("((((((((((((((((((((((((((((((芯片", True),
        ("。，、！", False),
    ],
)
def test_broken_queries_fall_back_with_a_one_line_message(text: str, searchable: bool) -> None:
    parsed = parse_query(text)
    assert (parsed.query is not None) is searchable
    if parsed.message is not None:
        assert "\n" not in parsed.message
    if searchable and text.count("(") > 1:
        assert parsed.plain


def test_long_queries_are_cut_with_a_note() -> None:
    parsed = parse_query("芯片 " * 5000)
    assert parsed.message is not None and str(MAX_QUERY_CHARS) in parsed.message


def test_expansion_covers_both_regional_wordings() -> None:
    assert set(expand("芯片")) == {"芯片", "晶片"}
    assert set(expand("晶片")) == {"晶片", "芯片"}
    assert "互联网" in expand("網際網路")
    assert "网际网路" in expand("互联网")
    assert expand("機器人") == ["机器人"]


def test_tw2sp_is_never_run_over_simplified_words() -> None:
    # tw2sp reads 程序员 as Taiwan wording and turns it into 进程员; a word written in
    # simplified characters gets no tw2sp form (only t2s and t2s(s2twp)).
    assert "进程员" not in expand("程序员")
    assert expand("程序员") == ["程序员", "程式设计师"]
    assert expand("數據") == ["数据", "资料"]


def test_form_queries() -> None:
    assert form_query("芯") == HanPrefix("text", "芯")
    assert form_query("ai") == wq.Term("text", "ai")
    assert form_query("自动驾驶") == VerifiedPhrase("text", ["自动", "动驾", "驾驶"], "自动驾驶")
    assert form_query("，。") is None


def test_negated_words_are_not_highlighted() -> None:
    parsed = parse_query("机器人 -芯片")
    assert "机器人" in parsed.forms
    assert "芯片" not in parsed.forms


def test_report_resolver_is_used() -> None:
    parsed = parse_query("report:00", resolve_report=lambda value: ["000_a", "001_b"])
    assert isinstance(parsed.query, wq.And | wq.Or)
    nothing = parse_query("report:zzz 芯片", resolve_report=lambda value: [])
    assert nothing.message is not None and "zzz" in nothing.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_query_never_raises(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.message is None or "\n" not in parsed.message
