"""Tell the regional wording of traditional text: mainland, Taiwan or Hong Kong.

Glyphs say whether a text is traditional (:mod:`~trendreader.script.detect`); they do not say
whose words it uses. Seed 002 is mainland wording in traditional glyphs (芯片, 操作系統, 屏幕,
納米); 003 is Taiwan wording (晶片, 網際網路, 資訊). To show either to a reader of the other
region the *words* must be converted (tw2sp, or t2s then s2twp), so the reader needs to know.

How: OpenCC's own phrase pairs, ``tw_phrases.txt`` (a copy of its ``TWPhrases.txt``: a
mainland phrase and its Taiwan forms), are counted in both directions. Each mainland form in
the text is one vote for ``cn``, each Taiwan form one for ``tw``; text and phrases are compared
folded to simplified characters (:func:`~trendreader.script.fold.fold_to_simplified`), so
glyph standards (裏/裡, 綫/線) do not matter. Dropped: a pair whose Taiwan forms include the
mainland one (代碼 → 程式碼 代碼), any form that is both a mainland and a Taiwan form, forms
shorter than two characters, and :data:`STOP_FORMS` (common mainland words that are also
OpenCC's Taiwan form of something else, measured on the fixtures below). Matching is longest
first, one pass (網際網路 is not also counted as 網路). Hong Kong is told by its glyph standard
(説, 衞, 閲, 鋭, 鈎: :func:`hk_glyph_count`), which no mainland or Taiwan text writes; HK wording is
close to the mainland's, so the phrase vote does not tell it.

A text's region is ``hk`` with at least :data:`MIN_HK_GLYPHS` Hong Kong glyphs; else ``tw`` or
``cn`` when that side has at least :data:`MIN_HITS` votes and at least :data:`MIN_SHARE` of
them; else unknown (``None``).

Measured (official opencc 1.4.2; the reimplementation gives the same regions): phrase votes
mainland:Taiwan and Hong Kong glyphs, whole texts:

=================================================  =====  ========  ======
text                                               votes  HK glyph  region
=================================================  =====  ========  ======
seed 000 (繁體 edition of 001, made by s2twp)      1:60   0         tw
seed 002 (虎嗅, mainland wording, 繁體 glyphs)     43:1   0         cn
seed 003 (米磊, Taiwan wording)                    0:53   0         tw
s2tw(001) / s2tw(004): mainland wording            74:0   0         cn
                                                   93:0   0         cn
s2twp(001) / s2twp(004): Taiwan wording            2:69   0         tw
                                                   2:64   0         tw
s2hk(001) / s2hk(004): Hong Kong glyphs            74:0   47        hk
                                                   93:0   27        hk
fixture, mainland wording in 繁體 (hand-written)   11:0   0         cn
fixture, Taiwan (hand-written)                     0:11   0         tw
fixture, Hong Kong (hand-written, 説 衞 綫)        6:1    2         hk
=================================================  =====  ========  ======

All 12 texts are told apart (tests/script/test_script_region.py); the wrong side never gets
more than 3% of the votes (the strays: 002 writes 資訊 once, 000 keeps 出租車). Per line it is
weaker, as a count must be: of the 962 non-empty lines of the seven mainland and Taiwan texts
above, 261 (27%) have any vote, and 255 of those (97.7%) vote for the right side. So a region
is decided once per edition (the reading layer does), never per passage; short strings (titles,
notes, tags) use :func:`short_region`, which needs a one-sided vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from trendreader.script.convert import convert
from trendreader.script.fold import fold_to_simplified
from trendreader.script.kinds import Region

_PHRASES_PATH = Path(__file__).with_name("tw_phrases.txt")

#: Fewest phrase votes that decide ``cn`` or ``tw``.
MIN_HITS = 3
#: Fewest Hong Kong glyphs that decide ``hk``.
MIN_HK_GLYPHS = 2
#: The winning side's least share of the votes.
MIN_SHARE = 0.8

#: Folded forms never counted: everyday mainland words that OpenCC also lists as the Taiwan form
#: of another phrase (e.g. 核心 for 内核, 智慧 for 智能, 支援 for 支持).
STOP_FORMS: frozenset[str] = frozenset(
    {
        # in 003's tw2sp round trip: Taiwan forms a mainland author writes as well
        "核心", "智慧", "支援", "资料", "建立", "开启", "联络", "连线", "物件", "效能",
        "取样", "储存",
        # counted as Taiwan in s2tw(001), s2tw(004) and 002, all mainland wording
        "文字", "新增", "执行", "序列", "互动", "设定", "整合", "模拟", "宣告", "线上",
    }
)  # fmt: skip

# Characters whose Hong Kong glyph (t2hk) differs from the Taiwan and OpenCC-standard one. Only
# HK glyphs that no simplified text writes count: 温, 户 or 税 are also simplified.
_HK_SOURCE_CHARS = "說衛線溫兌脫戶鉤稅閱銳悅"


@dataclass(frozen=True, slots=True)
class RegionCounts:
    """The regional evidence found in a text."""

    mainland: int
    taiwan: int
    hk_glyphs: int

    @property
    def region(self) -> Region | None:
        if self.hk_glyphs >= MIN_HK_GLYPHS:
            return "hk"
        votes = self.mainland + self.taiwan
        for side, count in (("tw", self.taiwan), ("cn", self.mainland)):
            if count >= MIN_HITS and count / votes >= MIN_SHARE:
                return side  # type: ignore[return-value]
        return None


@cache
def phrase_sides() -> dict[str, Region]:
    """Folded phrase → ``"cn"`` or ``"tw"``, from OpenCC's TWPhrases (see the module doc)."""
    sides: dict[str, set[str]] = {}
    for line in _PHRASES_PATH.read_text("utf-8").splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        mainland, _, rest = line.partition("\t")
        taiwan = rest.split()
        if mainland in taiwan:
            taiwan = [t for t in taiwan if t != mainland]
        else:
            sides.setdefault(fold_to_simplified(mainland), set()).add("cn")
        for form in taiwan:
            sides.setdefault(fold_to_simplified(form), set()).add("tw")
    return {
        form: next(iter(side))  # type: ignore[misc]
        for form, side in sides.items()
        if len(side) == 1 and len(form) >= 2 and form not in STOP_FORMS
    }


@cache
def _forms_by_start() -> dict[str, tuple[str, ...]]:
    """The phrase forms by their first two characters, longest first (every form has two
    or more)."""
    by_start: dict[str, list[str]] = {}
    for form in sorted(phrase_sides(), key=len, reverse=True):
        by_start.setdefault(form[:2], []).append(form)
    return {start: tuple(forms) for start, forms in by_start.items()}


#: The Hong Kong glyphs of :data:`_HK_SOURCE_CHARS` that no other standard writes: OpenCC's
#: t2hk of each, less those that s2tw changes (温, 户, 税 are simplified characters as well).
#: Written out here: building the two converters cost ~150 ms of a first search's titles;
#: ``tests/test_script_classes.py`` checks it against OpenCC (:func:`hk_glyphs_from_opencc`).
HK_GLYPHS = frozenset("衞説鈎鋭閲")


def hk_glyphs_from_opencc() -> frozenset[str]:
    """:data:`HK_GLYPHS` as the installed OpenCC gives them."""
    chars = list(_HK_SOURCE_CHARS)
    hk = convert("\n".join(chars), "t2hk").split("\n")
    glyphs = [h for c, h in zip(chars, hk, strict=True) if h != c]
    as_taiwan = convert("\n".join(glyphs), "s2tw").split("\n")
    return frozenset(h for h, t in zip(glyphs, as_taiwan, strict=True) if t == h)


def hk_glyph_count(text: str) -> int:
    """How many characters of ``text`` are written in the Hong Kong glyph standard (説, 衞)."""
    return sum(map(text.count, HK_GLYPHS))


def phrase_votes(text: str) -> tuple[int, int]:
    """``(mainland, taiwan)``: the regional phrases of ``text`` on each side, matched
    left to right, the longest form at each place, none overlapping. (A regular expression
    of the ~9,000 forms did the same, but compiling it took ~0.4 s of the first title a
    search showed.)"""
    sides = phrase_sides()
    starts = _forms_by_start().get
    folded = fold_to_simplified(text)
    mainland = taiwan = 0
    position, last = 0, len(folded) - 1
    while position < last:
        forms = starts(folded[position : position + 2])
        if forms is not None:
            for form in forms:
                if folded.startswith(form, position):
                    if sides[form] == "cn":
                        mainland += 1
                    else:
                        taiwan += 1
                    position += len(form)
                    break
            else:
                position += 1
        else:
            position += 1
    return mainland, taiwan


def region_counts(text: str) -> RegionCounts:
    """The mainland and Taiwan phrase votes and the Hong Kong glyphs of ``text``."""
    mainland, taiwan = phrase_votes(text)
    return RegionCounts(mainland, taiwan, hk_glyph_count(text))


def detect_region(text: str) -> Region | None:
    """``"cn"``, ``"tw"`` or ``"hk"``: whose wording traditional ``text`` uses (None: unknown).

    Meant for a whole edition (the first 50,000 characters are plenty), not a short passage.
    """
    return region_counts(text).region


def short_region(text: str) -> Region | None:
    """The wording of a short traditional string (a title, note, tag or trend name).

    One Hong Kong glyph, or phrase votes on one side only, decide; nothing else does. Looser
    than :func:`detect_region`, because a short string has a vote or two at most.
    """
    if hk_glyph_count(text):
        return "hk"
    mainland, taiwan = phrase_votes(text)
    if taiwan and not mainland:
        return "tw"
    if mainland and not taiwan:
        return "cn"
    return None
