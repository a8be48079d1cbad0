"""Tell which script a text is written in, from the characters OpenCC would change.

A Han character is *traditional-only* when OpenCC's t2s changes it on its own (為, 機), and
*simplified-only* when t2s leaves it alone but both s2tw and s2hk change it (为, 机): no
traditional standard writes it. Characters that both scripts share (中, 的), that OpenCC will
not decide without context (著), or that one traditional standard keeps are neutral and carry
no evidence. s2t alone would be wrong here: it also turns 床, 群, 吃 into OpenCC's own
standard forms 牀, 羣, 喫, so Taiwan text would look partly simplified; s2tw alone would count
着, which Hong Kong writes. Merged characters (里, 后, 干) still count as simplified; in
traditional text they are a handful among thousands, below :data:`MIXED_SHARE`.

Each distinct character is classified once per process, with one OpenCC call per direction for
all the new characters of a text.

:func:`source_region` guesses whether traditional text is written the Taiwan way (s2twp
vocabulary such as 網際網路, 晶片, 軟體) or the Hong Kong way (HK glyph standard: 説, 衞, 綫).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from trendreader.script.convert import convert
from trendreader.script.kinds import Script

Region = Literal["tw", "hk"]

_NEUTRAL, _TRADITIONAL, _SIMPLIFIED = 0, 1, 2
_classes: dict[str, int] = {}

#: The smaller script's share of the evidence above which a text counts as mixed.
MIXED_SHARE = 0.1


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x9FFF  # CJK Unified Ideographs and Extension A
        or 0xF900 <= code <= 0xFAFF  # CJK Compatibility Ideographs
        or 0x20000 <= code <= 0x3FFFF  # Extensions B and later
    )


def _convert_each(chars: list[str], config: str) -> list[str]:
    """Convert each character on its own, in one OpenCC call."""
    out = convert("\n".join(chars), config).split("\n")
    if len(out) != len(chars):  # never seen; be correct rather than fast
        out = [convert(c, config) for c in chars]
    return out


def _classify(chars: set[str]) -> None:
    new = sorted(c for c in chars if c not in _classes and _is_han(c))
    if not new:
        return
    simplified = _convert_each(new, "t2s")
    taiwan = _convert_each(new, "s2tw")
    hongkong = _convert_each(new, "s2hk")
    for char, simp, tw, hk in zip(new, simplified, taiwan, hongkong, strict=True):
        if simp != char:
            _classes[char] = _TRADITIONAL
        elif tw != char and hk != char:
            _classes[char] = _SIMPLIFIED
        else:
            _classes[char] = _NEUTRAL


@dataclass(frozen=True, slots=True)
class ScriptCounts:
    """How many characters of a text only one script would write."""

    traditional: int
    simplified: int

    @property
    def evidence(self) -> int:
        return self.traditional + self.simplified

    @property
    def script(self) -> Script:
        """UNKNOWN without evidence; MIXED when the smaller side exceeds ``MIXED_SHARE``."""
        if self.evidence == 0:
            return Script.UNKNOWN
        minority = min(self.traditional, self.simplified) / self.evidence
        if minority > MIXED_SHARE:
            return Script.MIXED
        return Script.TRADITIONAL if self.traditional > self.simplified else Script.SIMPLIFIED


def script_counts(text: str) -> ScriptCounts:
    """Count the traditional-only and simplified-only characters of ``text``."""
    _classify(set(text))
    traditional = simplified = 0
    for char in text:
        kind = _classes.get(char, _NEUTRAL)
        if kind == _TRADITIONAL:
            traditional += 1
        elif kind == _SIMPLIFIED:
            simplified += 1
    return ScriptCounts(traditional, simplified)


def detect_script(text: str) -> Script:
    """The script ``text`` is written in: simplified, traditional, mixed or unknown."""
    return script_counts(text).script


# Mainland words whose Taiwan form (s2twp) differs from the plain traditional one (s2tw); their
# Taiwan forms are the markers. Built through OpenCC, so only forms it produces are used.
_TW_SOURCE_WORDS: tuple[str, ...] = (
    "互联网",
    "芯片",
    "软件",
    "硬件",
    "程序员",
    "数据库",
    "服务器",
    "内存",
    "鼠标",
    "屏幕",
    "视频",
    "网络",
    "数字化",
    "人工智能",
    "算法",
    "固件",
    "分辨率",
    "博客",
    "打印机",
    "信息",
    "出租车",
    "激光",
    "智能手机",
    "移动互联网",
    "云计算",
    "操作系统",
    "光盘",
    "硬盘",
    "U盘",
    "短信",
    "质量",
    "项目",
    "源代码",
    "数据",
    "宽带",
    "笔记本电脑",
    "默认",
    "界面",
)
# Characters whose Hong Kong glyph (t2hk) differs from the Taiwan and OpenCC-standard one. Only
# HK glyphs that are themselves traditional-only count: 温, 户 or 税 are also simplified.
_HK_SOURCE_CHARS = "說衛線溫兌脫戶鉤稅閱銳悅"

#: Fewest marker hits that decide a region.
MIN_REGION_HITS = 2


@cache
def _tw_pattern() -> re.Pattern[str]:
    markers = {convert(w, "s2twp") for w in _TW_SOURCE_WORDS}
    markers -= {convert(w, "s2tw") for w in _TW_SOURCE_WORDS}
    markers -= {convert(w, "s2hk") for w in _TW_SOURCE_WORDS}
    return re.compile("|".join(sorted(map(re.escape, markers), key=len, reverse=True)))


@cache
def _hk_glyphs() -> frozenset[str]:
    hk = _convert_each(list(_HK_SOURCE_CHARS), "t2hk")
    glyphs = [h for c, h in zip(_HK_SOURCE_CHARS, hk, strict=True) if h != c]
    simplified = _convert_each(glyphs, "t2s")
    return frozenset(h for h, s in zip(glyphs, simplified, strict=True) if s != h)


def source_region(text: str) -> Region | None:
    """``"hk"`` if ``text`` uses Hong Kong glyphs, ``"tw"`` if it uses Taiwan vocabulary.

    Needs :data:`MIN_REGION_HITS` markers; meant for a whole edition, not a short passage.
    Hong Kong glyphs win over vocabulary, which the two regions partly share.
    """
    glyphs = _hk_glyphs()
    if sum(1 for c in text if c in glyphs) >= MIN_REGION_HITS:
        return "hk"
    if len(_tw_pattern().findall(text)) >= MIN_REGION_HITS:
        return "tw"
    return None
