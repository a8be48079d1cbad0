from __future__ import annotations

import pytest

from trendreader.library.model import Script
from trendreader.script.detect import (
    MIXED_SHARE,
    ScriptCounts,
    detect_script,
    script_counts,
    source_region,
)


@pytest.mark.parametrize(
    ("prefix", "script"),
    [
        ("000", Script.TRADITIONAL),
        ("001", Script.SIMPLIFIED),
        ("002", Script.TRADITIONAL),
        ("003", Script.TRADITIONAL),
        ("004", Script.SIMPLIFIED),
    ],
)
def test_seed_scripts(seed_text: dict[str, str], prefix: str, script: Script) -> None:
    assert detect_script(seed_text[prefix]) == script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("为了回答这些问题", Script.SIMPLIFIED),
        ("為了回答這些問題", Script.TRADITIONAL),
        ("为了回答這些問題", Script.MIXED),
        ("", Script.UNKNOWN),
        ("AI 2025", Script.UNKNOWN),
        ("中的人大", Script.UNKNOWN),  # characters both scripts write
        ("著", Script.UNKNOWN),  # OpenCC will not decide 著/着 alone
        ("机", Script.SIMPLIFIED),
        ("機", Script.TRADITIONAL),
    ],
)
def test_short_texts(text: str, script: Script) -> None:
    assert detect_script(text) == script


def test_taiwan_glyphs_are_traditional_evidence() -> None:
    # s2tw writes 著 and 為; OpenCC's own traditional standard writes 着 and 爲.
    assert detect_script("穿著為此") == Script.TRADITIONAL
    assert detect_script("穿着爲此") == Script.TRADITIONAL


def test_regional_standard_forms_are_not_simplified_evidence() -> None:
    # s2t would turn these into 牀, 羣, 喫 (OpenCC's standard), but Taiwan writes them as is;
    # Hong Kong writes 着.
    assert detect_script("床群吃着") == Script.UNKNOWN
    assert detect_script("起床後，一群人去吃飯") == Script.TRADITIONAL


def test_counts() -> None:
    assert script_counts("机會 and 机") == ScriptCounts(traditional=1, simplified=2)


def test_thresholds() -> None:
    assert ScriptCounts(0, 0).script == Script.UNKNOWN
    assert ScriptCounts(95, 5).script == Script.TRADITIONAL
    assert ScriptCounts(5, 95).script == Script.SIMPLIFIED
    assert ScriptCounts(80, 20).script == Script.MIXED
    at_limit = int(100 * MIXED_SHARE)
    assert ScriptCounts(100 - at_limit, at_limit).script == Script.TRADITIONAL


def test_a_few_stray_characters_do_not_make_a_long_text_mixed(seed_text: dict[str, str]) -> None:
    text = seed_text["000"] + "这里有几个简体字"
    assert detect_script(text) == Script.TRADITIONAL


def test_source_region_of_seeds(seed_text: dict[str, str]) -> None:
    assert source_region(seed_text["000"]) == "tw"  # an s2twp edition of 001
    assert source_region(seed_text["002"]) == "cn"  # mainland wording, traditional glyphs
    assert source_region(seed_text["003"]) == "tw"
    # simplified seeds are mainland wording too (the reading layer asks for traditional only)
    assert source_region(seed_text["001"]) == "cn"
    assert source_region(seed_text["004"]) == "cn"


def test_source_region_markers() -> None:
    assert source_region("網際網路上的晶片與軟體") == "tw"
    assert source_region("互聯網上的芯片與軟件") == "cn"
    assert source_region("他説：閲讀") == "hk"
    assert source_region("他說：閱讀") is None
    assert source_region("只有一個晶片") is None  # one marker is not enough
    assert source_region("温度、用户、税收") is None


@pytest.mark.parametrize("patterns", [False, True], ids=["counter", "patterns"])
def test_counts_are_those_of_every_character_counted_one_by_one(
    patterns: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``script_counts`` counts with a Counter, and long texts by the runs a regular
    expression drops (the characters beyond the BMP apart) once the process has counted
    enough: either way the counts are those of every character looked up one by one."""
    import random

    from trendreader.script import detect
    from trendreader.script.detect import character_classes

    monkeypatch.setattr(detect, "_long_counted", detect.PATTERNS_AFTER if patterns else 0)
    monkeypatch.setattr(detect, "PATTERNS_AFTER", detect.PATTERNS_AFTER if patterns else 10**12)
    traditional, simplified = character_classes()
    rng = random.Random(11)
    beyond = [
        sorted(c for c in chars if ord(c) > 0xFFFF)[:40] for chars in (traditional, simplified)
    ]
    assert all(beyond)  # both classes have characters beyond the BMP
    pool = [*sorted(traditional)[:300], *sorted(simplified)[:300], *beyond[0], *beyond[1]]
    pool += [*"中的人大 AI，2025著\n\u3000", "\U00020000", "\U0001f600"]
    for size in (0, 1, 2, 7, 40, 2000, 4095, 4096, 30_000):  # short and long texts
        text = "".join(rng.choice(pool) for _ in range(size))
        want = ScriptCounts(
            sum(char in traditional for char in text), sum(char in simplified for char in text)
        )
        assert script_counts(text) == want
    assert (detect._other_runs.cache_info().currsize > 0) or not patterns


def test_the_patterns_are_built_only_once_enough_long_text_was_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader that parses the one report it opens builds no pattern (~18 ms)."""
    from trendreader.script import detect

    monkeypatch.setattr(detect, "_long_counted", 0)
    built: list[int] = []
    monkeypatch.setattr(detect, "_counted_by_patterns", lambda text: built.append(1))
    report = "機會與挑戰，人工智能。" * 2_000  # 22,000 characters
    for _ in range(detect.PATTERNS_AFTER // len(report)):
        assert detect.script_counts(report).script is Script.TRADITIONAL
    assert not built
    detect.script_counts(report)
    detect.script_counts(report)
    assert built == [1]


@pytest.mark.parametrize("patterns", [False, True], ids=["counter", "search first"])
def test_the_script_of_a_long_text_is_that_of_its_counts(
    patterns: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the patterns' threshold a long text is first searched for one character of
    each class; a text of one class (or none) is told by the searches, one of both (or
    with characters beyond the BMP) is counted: the script is always its counts' script."""
    import random

    from trendreader.script import detect
    from trendreader.script.detect import character_classes

    monkeypatch.setattr(detect, "_long_counted", detect.PATTERNS_AFTER if patterns else 0)
    monkeypatch.setattr(detect, "PATTERNS_AFTER", detect.PATTERNS_AFTER if patterns else 10**12)
    traditional, simplified = character_classes()
    neutral = list("中的人大 AI，2025著\n\u3000")
    rng = random.Random(12)
    few_t, few_s = sorted(traditional)[:200], sorted(simplified)[:200]
    beyond = sorted(c for c in simplified if ord(c) > 0xFFFF)[:5]
    mixes = {
        "neutral": neutral,
        "traditional": few_t + neutral,
        "simplified": few_s + neutral,
        "a few traditional": few_s + neutral * 40 + few_t[:1],
        "mixed": few_t + few_s + neutral,
        "beyond the BMP": neutral * 5 + beyond + few_t,
    }
    seen = set()
    for name, pool in mixes.items():
        for size in (4096, 9_000):
            text = "".join(rng.choice(pool) for _ in range(size))
            want = ScriptCounts(
                sum(char in traditional for char in text), sum(char in simplified for char in text)
            )
            assert detect_script(text) is want.script, name
            seen.add(want.script)
    assert seen == set(Script)  # every verdict was reached
