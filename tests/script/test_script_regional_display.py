"""Reading 002 and 003 in every variant by region (issue 16, item 1): the words a reader of each
region expects, the header that says what is shown, and 原文 always the file's own words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from trendreader.script.detect import detect_script, source_region
from trendreader.script.display import (
    DisplayCache,
    config_for,
    convert_passages,
    display_label,
    display_plan,
    to_variant,
)
from trendreader.script.kinds import Script
from trendreader.script.variants import Variant

V = Variant
S, T = Script.SIMPLIFIED, Script.TRADITIONAL

# (prefix, variant) → words that must be there, and words that must not
EXPECTED: dict[tuple[str, Variant], tuple[list[str], list[str]]] = {
    ("002", V.ORIGINAL): (
        ["芯片", "操作系統", "屏幕", "納米"],
        ["晶片", "作業系統", "螢幕", "奈米"],
    ),
    ("002", V.SIMPLIFIED): (["芯片", "操作系统", "屏幕", "纳米"], ["晶片", "芯片战在线"]),
    ("002", V.TRADITIONAL): (["芯片", "操作系統", "屏幕", "納米"], ["晶片"]),
    ("002", V.TAIWAN): (["晶片", "作業系統", "螢幕", "奈米"], ["芯片", "操作系統", "屏幕", "納米"]),
    ("002", V.HONGKONG): (["芯片", "操作系統", "屏幕"], ["晶片"]),
    ("003", V.ORIGINAL): (["晶片", "網際網路", "資訊"], ["芯片", "互联网", "信息"]),
    ("003", V.SIMPLIFIED): (["芯片", "互联网", "信息", "核心力量"], ["晶片", "网际网路", "资讯"]),
    ("003", V.TRADITIONAL): (["晶片", "網際網路", "資訊"], ["芯片"]),
    ("003", V.TAIWAN): (["晶片", "網際網路", "資訊"], ["芯片"]),
    ("003", V.HONGKONG): (["晶片", "網際網路", "資訊"], ["芯片"]),
}


def _shown(seed_text: dict[str, str], prefix: str, variant: Variant) -> str:
    text = seed_text[prefix]
    source = detect_script(text)
    return to_variant(text, source, variant, region=source_region(text))


@pytest.mark.parametrize(("prefix", "variant"), list(EXPECTED))
def test_regional_words_in_every_variant(
    seed_text: dict[str, str], prefix: str, variant: Variant
) -> None:
    shown = _shown(seed_text, prefix, variant)
    present, absent = EXPECTED[(prefix, variant)]
    assert [w for w in present if w not in shown] == []
    assert [w for w in absent if w in shown] == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_original_is_the_files_own_words(seed_text: dict[str, str], prefix: str) -> None:
    assert _shown(seed_text, prefix, V.ORIGINAL) is seed_text[prefix]
    assert display_label(detect_script(seed_text[prefix]), V.ORIGINAL, "tw") == "原文"


def test_003_in_simplified_never_runs_tw2sp_over_simplified_text() -> None:
    assert config_for(S, V.SIMPLIFIED, "tw") is None  # simplified text is shown as written
    assert to_variant("这个程序", S, V.SIMPLIFIED, region="tw") == "这个程序"
    assert config_for(Script.MIXED, V.SIMPLIFIED, "tw") == "t2s"


@pytest.mark.parametrize(
    ("source", "region", "variant", "chain", "label"),
    [
        (T, "cn", V.TAIWAN, ("t2s", "s2twp"), "臺灣正體（由大陸用語轉換）"),
        (T, "cn", V.HONGKONG, ("t2s", "s2hk"), "香港繁體"),
        (T, "cn", V.SIMPLIFIED, ("t2s",), "简体"),
        (T, "cn", V.TRADITIONAL, (), "繁體"),
        (T, "tw", V.SIMPLIFIED, ("tw2sp",), "简体（由台湾用语转换）"),
        (T, "tw", V.TAIWAN, ("t2tw",), "臺灣正體"),
        (T, "tw", V.HONGKONG, ("t2hk",), "香港繁體（臺灣用語）"),
        (T, "hk", V.TAIWAN, ("hk2s", "s2twp"), "臺灣正體（由香港用語轉換）"),
        (T, "hk", V.SIMPLIFIED, ("hk2s",), "简体"),
        (T, None, V.TAIWAN, ("t2tw",), "臺灣正體"),
        (S, None, V.TAIWAN, ("s2twp",), "臺灣正體（由大陸用語轉換）"),
        (S, None, V.TRADITIONAL, ("s2tw",), "繁體"),
        (S, None, V.ORIGINAL, (), "原文"),
    ],
)
def test_plan_chain_and_label(
    source: Script, region: str | None, variant: Variant, chain: tuple[str, ...], label: str
) -> None:
    plan = display_plan(source, variant, region)  # type: ignore[arg-type]
    assert plan.chain == chain
    assert plan.label == label
    assert plan.key == (">".join(chain) or None) == config_for(source, variant, region)  # type: ignore[arg-type]
    assert plan.converts_wording == ("由" in label)


def test_hong_kong_text_to_taiwan_converts_the_wording() -> None:
    text = "這款芯片採用5納米工藝。他説，互聯網公司紛紛推出軟件。"
    shown = to_variant(text, T, V.TAIWAN, region="hk")
    assert "晶片" in shown and "網際網路" in shown and "軟體" in shown and "説" not in shown


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize("prefix", ["002", "003"])
def test_passages_and_cache_match_one_by_one(
    seed_lines: Callable[[str], list[str]], prefix: str, variant: Variant
) -> None:
    lines = seed_lines(prefix)
    region = source_region("\n".join(lines))
    one_by_one = [to_variant(line, T, variant, region=region) for line in lines]
    assert convert_passages(lines, T, variant, region=region) == one_by_one
    cache = DisplayCache()
    assert cache.convert_passages(lines, T, variant, region=region) == one_by_one
    assert cache.convert_passages(lines, T, variant, region=region) == one_by_one  # from cache


def test_002_in_taiwan_keeps_its_partners(seed_text: dict[str, str]) -> None:
    assert "合作夥伴" in seed_text["002"]
    shown = to_variant(seed_text["002"], T, V.TAIWAN, region="cn")
    assert "合作夥伴" in shown and "合作伙伴" not in shown  # t2s gives 伙伴; corrected
