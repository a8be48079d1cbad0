from __future__ import annotations

from collections.abc import Callable

import pytest

from trendreader.library.model import Script
from trendreader.script import convert as convert_module
from trendreader.script.convert import convert
from trendreader.script.corrections import correct
from trendreader.script.detect import detect_script, source_region
from trendreader.script.display import (
    DisplayCache,
    config_for,
    convert_passages,
    display_text,
    to_variant,
)
from trendreader.script.variants import Variant

S, T, M, U = Script.SIMPLIFIED, Script.TRADITIONAL, Script.MIXED, Script.UNKNOWN
V = Variant


@pytest.mark.parametrize(
    ("source", "variant", "region", "config"),
    [
        (S, V.ORIGINAL, None, None),
        (S, V.SIMPLIFIED, None, None),
        (S, V.TRADITIONAL, None, "s2tw"),
        (S, V.TAIWAN, None, "s2twp"),
        (S, V.HONGKONG, None, "s2hk"),
        (T, V.ORIGINAL, "tw", None),
        (T, V.SIMPLIFIED, None, "t2s"),
        (T, V.SIMPLIFIED, "tw", "tw2sp"),
        (T, V.SIMPLIFIED, "hk", "hk2s"),
        (T, V.SIMPLIFIED, "cn", "t2s"),
        (T, V.TRADITIONAL, "tw", None),
        (T, V.TRADITIONAL, "cn", None),
        (T, V.TAIWAN, None, "t2tw"),
        (T, V.TAIWAN, "tw", "t2tw"),
        (T, V.TAIWAN, "cn", "t2s>s2twp"),
        (T, V.TAIWAN, "hk", "hk2s>s2twp"),
        (T, V.HONGKONG, "tw", "t2hk"),
        (T, V.HONGKONG, "cn", "t2s>s2hk"),
        (T, V.HONGKONG, "hk", "t2hk"),
        (M, V.ORIGINAL, None, None),
        (M, V.SIMPLIFIED, "tw", "t2s"),
        (M, V.TRADITIONAL, None, "s2tw"),
        (M, V.TAIWAN, None, "s2twp"),
        (M, V.HONGKONG, None, "s2hk"),
        (U, V.SIMPLIFIED, None, "t2s"),
        (U, V.TRADITIONAL, None, "s2tw"),
    ],
)
def test_decision_table(
    source: Script, variant: Variant, region: str | None, config: str | None
) -> None:
    assert config_for(source, variant, region) == config  # type: ignore[arg-type]


def test_traditional_is_s2tw_not_s2t() -> None:
    shown = to_variant("为了着里", S, V.TRADITIONAL)
    assert "爲" not in shown and "着" not in shown
    assert shown.startswith("為了")


def test_original_is_untouched(seed_text: dict[str, str]) -> None:
    for text in seed_text.values():
        assert to_variant(text, detect_script(text), V.ORIGINAL) is text


def test_taiwan_of_001_has_taiwan_vocabulary(seed_text: dict[str, str]) -> None:
    shown = to_variant(seed_text["001"], S, V.TAIWAN)
    assert "網際網路" in shown
    assert "晶片" in shown


def test_simplified_of_000(seed_text: dict[str, str]) -> None:
    text = seed_text["000"]
    shown = to_variant(text, detect_script(text), V.SIMPLIFIED, region=source_region(text))
    assert "每一个十年都存在它的机会" in shown
    assert detect_script(shown) == S


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_traditional_of_a_traditional_seed_is_as_written(
    seed_text: dict[str, str], prefix: str
) -> None:
    text = seed_text[prefix]
    assert to_variant(text, detect_script(text), V.TRADITIONAL) == text


def test_s2tw_would_rewrite_traditional_text(seed_text: dict[str, str]) -> None:
    text = seed_text["002"]  # writes 平台, which s2tw turns into 平臺
    assert "平台" in to_variant(text, T, V.TRADITIONAL)
    assert "平台" not in convert(text, "s2tw")


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
@pytest.mark.parametrize(("variant", "back"), [(V.TAIWAN, "tw2s"), (V.HONGKONG, "hk2s")])
def test_glyph_configs_on_traditional_seeds_change_no_words(
    seed_text: dict[str, str], prefix: str, variant: Variant, back: str
) -> None:
    text = seed_text[prefix]
    shown = to_variant(text, T, variant)
    assert len(shown) == len(text)  # character for character
    # the same words in simplified, but for the corrections (000's own 永珍更新 → 萬象更新)
    assert convert(shown, back) == correct(convert(text, back), S)


def test_hongkong_glyphs_from_traditional() -> None:
    assert to_variant("他說：臺灣的衛星", T, V.HONGKONG) == "他説：台灣的衞星"


def test_region_decides_simplified() -> None:
    assert to_variant("穿著", T, V.SIMPLIFIED, region="tw") == "穿着"
    assert to_variant("晶片", T, V.SIMPLIFIED, region="tw") == "芯片"
    assert to_variant("保衞", T, V.SIMPLIFIED, region="hk") == "保卫"


def test_mixed_to_simplified_leaves_simplified_alone() -> None:
    text = "老么和機會"
    assert to_variant(text, M, V.SIMPLIFIED, region="tw") == "老么和机会"


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_convert_passages_matches_one_by_one(
    seed_lines: Callable[[str], list[str]], prefix: str, variant: Variant
) -> None:
    lines = seed_lines(prefix)
    source = detect_script("\n".join(lines))
    shown = convert_passages(lines, source, variant)
    assert len(shown) == len(lines)
    assert shown == [to_variant(line, source, variant) for line in lines]


def test_convert_passages_uses_one_opencc_call(
    seed_lines: Callable[[str], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = convert_module.convert

    def counting(text: str, config: str) -> str:
        calls.append(config)
        return real(text, config)

    monkeypatch.setattr(convert_module, "convert", counting)
    lines = seed_lines("001")
    shown = convert_passages(lines, S, V.TAIWAN)
    assert calls == ["s2twp"]
    assert len(shown) == len(lines)


def test_convert_passages_with_newlines_and_empties() -> None:
    texts = ["为了", "", "第一行\n第二行", "\n", "机会", "a\x00为"]
    assert convert_passages(texts, S, V.TRADITIONAL) == [
        "為了",
        "",
        "第一行\n第二行",
        "\n",
        "機會",
        "a\x00為",
    ]


def test_convert_passages_falls_back_when_the_count_differs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = convert_module.convert

    def eats_newlines(text: str, config: str) -> str:
        return real(text.replace("\n", ""), config)

    monkeypatch.setattr(convert_module, "convert", eats_newlines)
    assert convert_passages(["为了", "机会", "网络"], S, V.TRADITIONAL) == ["為了", "機會", "網絡"]


def test_display_cache_converts_once(
    seed_lines: Callable[[str], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = DisplayCache(maxsize=1000)
    lines = seed_lines("001")
    first = cache.convert_passages(lines, S, V.TAIWAN)

    def fail(text: str, config: str) -> str:
        raise AssertionError("converted again")

    monkeypatch.setattr(convert_module, "convert", fail)
    assert cache.convert_passages(lines, S, V.TAIWAN) == first
    assert cache.to_variant(lines[0], S, V.TAIWAN) == first[0]
    assert cache.hits == len(lines) + 1


def test_display_cache_converts_only_the_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = DisplayCache()
    cache.to_variant("为了", S, V.TRADITIONAL)
    seen: list[str] = []
    real = convert_module.convert

    def spy(text: str, config: str) -> str:
        seen.append(text)
        return real(text, config)

    monkeypatch.setattr(convert_module, "convert", spy)
    assert cache.convert_passages(["为了", "机会"], S, V.TRADITIONAL) == ["為了", "機會"]
    assert seen == ["机会"]


def test_display_cache_is_bounded() -> None:
    cache = DisplayCache(maxsize=3)
    texts = [f"第{i}个机会" for i in range(10)]
    cache.convert_passages(texts, S, V.TRADITIONAL)
    assert len(cache) == 3
    for text in texts:
        cache.to_variant(text, S, V.TAIWAN)
        assert len(cache) <= 3


def test_display_cache_keys_by_config_and_text() -> None:
    cache = DisplayCache()
    assert cache.to_variant("机会", S, V.TRADITIONAL) == "機會"
    assert cache.to_variant("机会", M, V.TRADITIONAL) == "機會"  # same config, same entry
    assert len(cache) == 1
    assert cache.to_variant("机会", S, V.SIMPLIFIED) == "机会"  # as written: not cached
    assert len(cache) == 1


def test_display_text() -> None:
    assert display_text("2025年，6大机会", S, V.HONGKONG) == "2025年，6大機會"
    assert display_text("2025年，6大機會", None, V.SIMPLIFIED) == "2025年，6大机会"
    assert display_text("2025年，6大機會", None, V.ORIGINAL) == "2025年，6大機會"
    assert display_text("機會", T, V.TRADITIONAL) == "機會"


def test_warm_conversions_builds_every_converter_a_switch_uses() -> None:
    from trendreader.script import convert
    from trendreader.script.display import config_for, warm_conversions

    convert.get_converter.cache_clear()
    assert warm_conversions(lambda: False) == 0  # told to stop: nothing built
    assert convert.get_converter.cache_info().currsize == 0
    asked: list[bool] = []
    steps = warm_conversions(lambda: asked.append(True) or True)
    assert steps == len(asked) == 1 + 7 * 4  # detection, then seven texts in four variants
    built = convert.get_converter.cache_info().currsize
    chains = {
        config_for(source, variant, region)
        for source in Script
        for region in (None, "cn", "tw", "hk")
        for variant in Variant
    } - {None}
    wanted = {config for chain in chains for config in str(chain).split(">")}  # hk2s>s2twp
    assert built == len(wanted) >= 6
    hits_before = convert.get_converter.cache_info().hits
    display_text("芯片与机器人的时代", Script.SIMPLIFIED, Variant.TAIWAN)
    info = convert.get_converter.cache_info()
    assert info.currsize == built and info.hits > hits_before  # the switch built nothing
