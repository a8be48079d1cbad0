"""The shipped table of script classes is the detection rule asked of the installed OpenCC.

Outside ``tests/script`` on purpose: CI runs that folder again with opencc-python-
reimplemented, whose dictionaries differ on ~1,000 rare and compatibility characters; the
table is generated with the official binding, the project's dependency.
"""

from __future__ import annotations

from trendreader.script.detect import (
    HAN_RANGES,
    character_classes,
    classify_with_opencc,
    detect_script,
    script_counts,
)
from trendreader.script.kinds import Script


def test_the_table_is_the_rule_over_every_han_character() -> None:
    every_han = [chr(code) for low, high in HAN_RANGES for code in range(low, high + 1)]
    traditional, simplified = classify_with_opencc(every_han)
    assert character_classes() == (frozenset(traditional), frozenset(simplified))
    assert len(traditional) > 4000 and len(simplified) > 3000


def test_the_classes_tell_the_scripts() -> None:
    traditional, simplified = character_classes()
    assert {"為", "機", "網", "際"} <= traditional and not {"为", "机"} & traditional
    assert {"为", "机", "网", "际"} <= simplified
    for neutral in "中的游后台只面里著":  # both scripts write them, or OpenCC won't decide
        assert neutral not in traditional and neutral not in simplified
    counts = script_counts("為機器人网络，中文")  # 為 機 | 网 络; 器 人 中 文 either
    assert (counts.traditional, counts.simplified) == (2, 2)
    assert detect_script("機器人與網際網路的時代") is Script.TRADITIONAL
    assert detect_script("机器人与互联网的时代") is Script.SIMPLIFIED
    assert detect_script("ABC 123") is Script.UNKNOWN


def test_the_hong_kong_glyphs_are_opencc_s() -> None:
    from trendreader.script.region import HK_GLYPHS, hk_glyph_count, hk_glyphs_from_opencc

    assert hk_glyphs_from_opencc() == HK_GLYPHS
    assert hk_glyph_count("説話的衞生，説明") == 3 and hk_glyph_count("說話的衛生") == 0
