"""Regional wording of traditional text (issue 16, item 1): the seeds, texts made from them,
and hand-written fixtures; the figures are in the docstring of ``trendreader.script.region``."""

from __future__ import annotations

import pytest

from trendreader.script.convert import convert
from trendreader.script.detect import source_region
from trendreader.script.region import (
    STOP_FORMS,
    detect_region,
    phrase_sides,
    phrase_votes,
    region_counts,
    short_region,
)

# Hand-written (not made by OpenCC).
MAINLAND_TRADITIONAL = (
    "這款芯片採用5納米工藝，搭配全新的操作系統和高分辨率屏幕。互聯網公司紛紛推出自己的軟件"
    "和雲計算服務，用戶可以通過移動互聯網隨時獲取信息。"
)
TAIWAN = (
    "這款晶片採用5奈米製程，搭配全新的作業系統與高解析度螢幕。網際網路公司紛紛推出自家的軟體"
    "與雲端運算服務，使用者可以透過行動網路隨時取得資訊。"
)
HONGKONG = (
    "這款芯片採用5納米工藝，搭配全新的操作系統。互聯網公司紛紛推出軟件，用戶可以隨時獲取資訊。"
    "他説，政府會加強衞生措施，並在網上提供服務，綫上申請。"
)


@pytest.mark.parametrize(("prefix", "region"), [("000", "tw"), ("002", "cn"), ("003", "tw")])
def test_traditional_seeds(seed_text: dict[str, str], prefix: str, region: str) -> None:
    assert detect_region(seed_text[prefix]) == region
    assert source_region(seed_text[prefix]) == region  # the reading layer's entry point


def test_seed_votes_are_one_sided(seed_text: dict[str, str]) -> None:
    mainland, taiwan = phrase_votes(seed_text["002"])
    assert mainland >= 30 and taiwan <= 1  # 002 also writes 資訊 once
    mainland, taiwan = phrase_votes(seed_text["003"])
    assert taiwan >= 30 and mainland == 0
    assert region_counts(seed_text["002"]).hk_glyphs == 0


@pytest.mark.parametrize("prefix", ["001", "004"])
@pytest.mark.parametrize(("config", "region"), [("s2tw", "cn"), ("s2twp", "tw"), ("s2hk", "hk")])
def test_texts_made_from_the_simplified_seeds(
    seed_text: dict[str, str], prefix: str, config: str, region: str
) -> None:
    assert detect_region(convert(seed_text[prefix], config)) == region


@pytest.mark.parametrize(
    ("text", "region"), [(MAINLAND_TRADITIONAL, "cn"), (TAIWAN, "tw"), (HONGKONG, "hk")]
)
def test_hand_written_fixtures(text: str, region: str) -> None:
    assert detect_region(text) == region


def test_too_little_evidence_is_unknown() -> None:
    assert detect_region("只有一個晶片") is None
    assert detect_region("今天天氣很好。") is None
    assert detect_region("晶片、芯片、晶片、芯片") is None  # no side has MIN_SHARE


def test_short_region_for_titles_notes_and_tags() -> None:
    assert short_region("推理晶片") == "tw"
    assert short_region("互聯網") == "cn"
    assert short_region("他説") == "hk"
    assert short_region("機會") is None
    assert short_region("晶片與芯片") is None


def test_phrase_table_is_clean() -> None:
    sides = phrase_sides()
    assert len(sides) > 300
    assert sides["芯片"] == "cn" and sides["晶片"] == "tw"
    assert sides["互联网"] == "cn" and sides["网际网路"] == "tw"
    assert not STOP_FORMS & set(sides)
    assert all(len(form) >= 2 for form in sides)
    assert "代码" not in sides  # Taiwan writes 代碼 too: no evidence
