"""The name ctrl+s proposes for a search: its first term, in the shown script."""

from __future__ import annotations

from trendreader.script.variants import Variant
from trendreader.trends.naming import propose_trend_name


def test_first_term_names_the_trend_the_rest_are_aliases() -> None:
    assert propose_trend_name("量子计算 OR 量子電腦") == ("量子计算", ["量子计算", "量子電腦"])


def test_the_name_follows_the_shown_script() -> None:
    name, aliases = propose_trend_name("量子计算 OR 量子電腦", Variant.TRADITIONAL)
    assert name == "量子計算" and aliases == ["量子计算", "量子電腦"]
    assert propose_trend_name("芯片", Variant.TAIWAN)[0] == "晶片"


def test_phrases_and_excluded_words() -> None:
    assert propose_trend_name('"固态 电池" OR 钠电池')[0] == "固态 电池"
    name, aliases = propose_trend_name("芯片 美国 -手机")
    assert name == "芯片" and "手机" not in aliases


def test_hostile_and_empty_queries() -> None:
    assert propose_trend_name("   ") == ("", [])
    name, _aliases = propose_trend_name("\x1b[31m量子\u202e计算")
    assert "\x1b" not in name and "\u202e" not in name
