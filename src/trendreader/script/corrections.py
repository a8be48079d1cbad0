"""Phrase conversions OpenCC is known to get wrong, put right after it.

A small, project-owned table. Each entry is a wrong phrase as OpenCC writes it, the right one,
the script of the text it applies to (the *output* of a conversion) and where it was found:
an OpenCC issue or a seed. Most are MaxMatch errors: a shorter dictionary phrase wins inside a
longer one (头发 inside 转头发现, 算法 inside 演算法, 互联网 inside 互联网络, 战线 … 线上
inside 芯片战线上). Some are fixed in OpenCC's own dictionaries after 1.4.2 or in the official
binding but not in ``opencc-python-reimplemented``; applying them after either is harmless.

Every entry is checked by ``tests/script/test_script_corrections.py`` (the OpenCC output it
fixes, and the phrase after the fix). Keep them long enough never to be right as they are: 頭髮現
alone is right in 頭髮現在很長, so only 轉頭髮現, 抬頭髮現, 低頭髮現 are listed.

When the table changes, bump :data:`VERSION` (saved conversions made with the old table are
then converted again: :mod:`trendreader.script.saved`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from trendreader.script.kinds import Script

#: Bump when an entry changes.
VERSION = 2


@dataclass(frozen=True, slots=True)
class Correction:
    wrong: str
    right: str
    #: the script of the converted text it applies to
    target: Script
    #: where it was found: an OpenCC issue, a seed, this project's issue
    source: str
    #: the input and OpenCC config that produce ``wrong`` (for the tests)
    example: tuple[str, str] | None = None


_T, _S = Script.TRADITIONAL, Script.SIMPLIFIED
#: what follows 發 in 發揮, 發放, 發行 … (never 髮, hair), as written in each script
_FA_VERBS = "揮放行展生起票布表現明售掘電動達送言出射酵病燒力聲包給覺證"
_FA_VERBS_SIMPLIFIED = "挥放行展生起票布表现明售掘电动达送言出射酵病烧力声包给觉证"

CORRECTIONS: tuple[Correction, ...] = (
    # --- traditional output (s2tw, s2twp, s2hk, and the chains through them) ---------------
    Correction(
        "轉頭髮現", "轉頭發現", _T, "seed 004 in 臺灣; like OpenCC #586", ("转头发现", "s2tw")
    ),
    Correction("抬頭髮現", "抬頭發現", _T, "like OpenCC #586 (头发 wins)", ("抬头发现", "s2tw")),
    Correction("低頭髮現", "低頭發現", _T, "like OpenCC #586 (头发 wins)", ("低头发现", "s2tw")),
    Correction("前頭髮生", "前頭發生", _T, "OpenCC #586", ("前头发生", "s2tw")),
    Correction("是隻有", "是只有", _T, "OpenCC #1304, #581", ("这是只有一种可能", "s2tw")),
    Correction("是隻能", "是只能", _T, "OpenCC #1304, #581", ("则是只能", "s2tw")),
    Correction("是隻要", "是只要", _T, "OpenCC #1304", ("是只要", "s2tw")),
    Correction("中文采訪", "中文採訪", _T, "OpenCC #805", ("中文采访", "s2tw")),
    Correction(
        "位元組旗下", "字節旗下", _T, "trendreader #16 (字节 the company)", ("字节旗下", "s2twp")
    ),
    Correction("永珍更新", "萬象更新", _T, "seed 000 (made by s2twp)", ("万象更新", "s2twp")),
    Correction("演演算法", "演算法", _T, "OpenCC #950 (算法 inside 演算法)", None),
    Correction("網際網路絡", "網際網路", _T, "OpenCC #1467", None),
    Correction("快快閃記憶體儲器", "快閃記憶體", _T, "OpenCC #1467", None),
    Correction("寮國人民民主共和國", "寮人民民主共和國", _T, "OpenCC #1467", None),
    Correction("伙伴", "夥伴", _T, "seed 002: 夥伴 lost in the t2s→s2twp round trip", None),
    # --- simplified output (t2s, tw2s, tw2sp, hk2s) -----------------------------------------
    Correction(
        "芯片战在线", "芯片战线上", _S, "DESIGN.md: tw2sp on 晶片戰線上", ("晶片戰線上", "tw2sp")
    ),
    Correction("内核力量", "核心力量", _S, "seed 003 (tw2sp: 核心→内核)", ("核心力量", "tw2sp")),
    Correction("内核目标", "核心目标", _S, "seed 003 (tw2sp: 核心→内核)", ("核心目標", "tw2sp")),
    Correction(
        "中国智能和中国方案",
        "中国智慧和中国方案",
        _S,
        "seed 003 (tw2sp: 智慧→智能)",
        ("中國智慧和中國方案", "tw2sp"),
    ),
    Correction(
        "永珍更新", "万象更新", _S, "seed 000 (its own s2twp text, by t2s)", ("永珍更新", "t2s")
    ),
    Correction("位元组旗下", "字节旗下", _S, "s2twp text by t2s", ("位元組旗下", "t2s")),
    *(  # 金发 (blonde) wins inside 资金|发挥: 資金髮揮, 獎金髮放, 基金髮行 (OpenCC 1.4.2)
        Correction(
            f"{money}金髮{verb}",
            f"{money}金發{verb}",
            _T,
            "trendreader: 金发 (blonde) inside 资金发挥, 基金发行",
            (f"{money_simplified}金发{verb_simplified}", "s2tw"),
        )
        for money, money_simplified in zip("資基獎現薪租稅黃", "资基奖现薪租税黄", strict=True)
        for verb, verb_simplified in zip(_FA_VERBS, _FA_VERBS_SIMPLIFIED, strict=True)
    ),
)


@cache
def _table(target: Script) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    pairs = {c.wrong: c.right for c in CORRECTIONS if c.target == target}
    if not pairs:
        return None, pairs
    alternatives = sorted(pairs, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), pairs


def correct(text: str, target: Script) -> str:
    """``text``, converted to ``target`` by OpenCC, with the known wrong phrases put right."""
    if target not in (Script.SIMPLIFIED, Script.TRADITIONAL):
        return text
    pattern, pairs = _table(target)
    if pattern is None or not text:
        return text
    return pattern.sub(lambda m: pairs[m.group()], text)


def output_script(config: str) -> Script:
    """The script an OpenCC config writes: ``t2s``, ``tw2sp`` … simplified, the rest traditional."""
    return Script.SIMPLIFIED if config.split(".")[0].endswith(("2s", "2sp")) else Script.TRADITIONAL
