"""The project's corrections on top of OpenCC (issue 16, item 2): each entry, with its source."""

from __future__ import annotations

import pytest

from trendreader.script.convert import convert, implementation
from trendreader.script.corrections import CORRECTIONS, Correction, correct, output_script
from trendreader.script.display import run, to_variant
from trendreader.script.kinds import Script
from trendreader.script.variants import Variant
from trendreader.search.query import expand

T, S = Script.TRADITIONAL, Script.SIMPLIFIED


@pytest.mark.parametrize("entry", CORRECTIONS, ids=lambda c: c.wrong)
def test_each_entry_puts_its_phrase_right(entry: Correction) -> None:
    assert entry.source and entry.wrong != entry.right
    assert correct(entry.wrong, entry.target) == entry.right
    assert correct(f"前文{entry.wrong}後文", entry.target) == f"前文{entry.right}後文"


@pytest.mark.parametrize("entry", [c for c in CORRECTIONS if c.example], ids=lambda c: c.wrong)
def test_opencc_really_writes_the_wrong_phrase_and_the_display_does_not(entry: Correction) -> None:
    assert entry.example is not None
    text, config = entry.example
    assert output_script(config) == entry.target
    assert entry.wrong in convert(text, config)  # else OpenCC was fixed: drop the entry
    shown = run(text, config)
    assert entry.wrong not in shown and entry.right in shown


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("转头发现", "s2tw", "轉頭發現"),  # seed 004 in 臺灣正體
        ("字节旗下", "s2twp", "字節旗下"),
        ("万象更新", "s2twp", "萬象更新"),
        ("算法", "s2twp", "演算法"),  # OpenCC #950: 演演算法
        ("演算法", "s2twp", "演算法"),
        ("互联网络", "s2twp", "網際網路"),  # OpenCC #1467
        ("快闪存储器", "s2twp", "快閃記憶體"),
        ("老挝人民民主共和国", "s2twp", "寮人民民主共和國"),
        ("晶片戰線上", "tw2sp", "芯片战线上"),
        ("刚过完年,永珍更新。", "t2s", "刚过完年,万象更新。"),
        # a generated report's s2twp text (資金髮揮); blonde hair stays hair
        ("国家大基金等资金发挥主动脉作用", "s2twp", "國家大基金等資金發揮主動脈作用"),
        ("奖金发放与基金发行", "s2hk", "獎金發放與基金發行"),
        ("一头金发的女孩", "s2tw", "一頭金髮的女孩"),
        ("她的金发飘飘，金发碧眼", "s2twp", "她的金髮飄飄，金髮碧眼"),
    ],
)
def test_the_reported_phrases(text: str, key: str, expected: str) -> None:
    assert run(text, key) == expected


def test_controls_stay_as_opencc_writes_them() -> None:
    assert run("头发现在很长", "s2tw") == "頭髮現在很長"  # hair, now: 頭髮現 is right here
    assert run("剪头发", "s2tw") == "剪頭髮"
    assert run("是只猫", "s2tw") == "是隻貓"


def test_corrections_are_idempotent() -> None:
    for entry in CORRECTIONS:
        once = correct(entry.wrong, entry.target)
        assert correct(once, entry.target) == once


def test_seed_004_in_taiwan_and_000_in_simplified(seed_text: dict[str, str]) -> None:
    shown = to_variant(seed_text["004"], S, Variant.TAIWAN)
    assert "轉頭髮現" not in shown and "轉頭發現" in shown
    assert "永珍更新" in seed_text["000"]  # 000's own words (made by s2twp) ...
    simplified = to_variant(seed_text["000"], T, Variant.SIMPLIFIED, region="tw")
    assert "万象更新" in simplified and "永珍" not in simplified  # ... are shown put right
    assert to_variant(seed_text["000"], T, Variant.ORIGINAL) == seed_text["000"]


def test_search_expansion_adds_the_right_form_and_keeps_the_wrong_one() -> None:
    assert "芯片战线上" in expand("晶片戰線上")
    assert "永珍更新" in expand("万象更新")  # 000 holds the wrong form: still found


def test_implementation_is_known() -> None:
    assert implementation() in ("official", "reimplemented")
