"""Tell which script a text is written in, from the characters OpenCC would change.

A Han character is *traditional-only* when OpenCC's t2s changes it on its own (為, 機), and
*simplified-only* when t2s leaves it alone but both s2tw and s2hk change it (为, 机): no
traditional standard writes it. Characters that both scripts share (中, 的), that OpenCC will
not decide without context (著), or that one traditional standard keeps are neutral and carry
no evidence. s2t alone would be wrong here: it also turns 床, 群, 吃 into OpenCC's own
standard forms 牀, 羣, 喫, so Taiwan text would look partly simplified; s2tw alone would count
着, which Hong Kong writes. Merged characters (里, 后, 干) still count as simplified; in
traditional text they are a handful among thousands, below :data:`MIXED_SHARE`.

The classes of every Han character are worked out once, by ``tools/gen_script_classes.py``
with OpenCC, and shipped (``script_classes.txt``): detection itself builds no converter.

:func:`source_region` tells whose wording traditional text uses (mainland, Taiwan or Hong
Kong): :mod:`trendreader.script.region`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from trendreader.script.convert import convert
from trendreader.script.kinds import Region, Script

__all__ = ["Region", "ScriptCounts", "detect_script", "script_counts", "source_region"]

#: The smaller script's share of the evidence above which a text counts as mixed.
MIXED_SHARE = 0.1


#: The Han code points a text's script is told by (as the table was generated over).
HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in HAN_RANGES)


def _convert_each(chars: list[str], config: str) -> list[str]:
    """Convert each character on its own, in one OpenCC call."""
    out = convert("\n".join(chars), config).split("\n")
    if len(out) != len(chars):  # never seen; be correct rather than fast
        out = [convert(c, config) for c in chars]
    return out


def _both_scripts() -> frozenset[str]:
    """Simplified characters that traditional text writes too (游, 后, 台, 只, 面, 里):
    ``both_scripts.txt``, generated from OpenCC's STCharacters by tools/gen_both_scripts.py."""
    from importlib import resources

    text = resources.files("trendreader.script").joinpath("both_scripts.txt").read_text("utf-8")
    return frozenset("".join(line for line in text.splitlines() if not line.startswith("#")))


BOTH_SCRIPTS: frozenset[str] = _both_scripts()


def classify_with_opencc(chars: list[str]) -> tuple[list[str], list[str]]:
    """The rule of this module, asked of the installed OpenCC: (traditional-only,
    simplified-only) among ``chars``. ``tools/gen_script_classes.py`` runs it over every
    Han code point to write ``script_classes.txt``, which is what detection reads."""
    simplified = _convert_each(chars, "t2s")
    taiwan = _convert_each(chars, "s2tw")
    hongkong = _convert_each(chars, "s2hk")
    traditional_only, simplified_only = [], []
    for char, simp, tw, hk in zip(chars, simplified, taiwan, hongkong, strict=True):
        if simp != char:
            traditional_only.append(char)
        elif tw != char and hk != char and char not in BOTH_SCRIPTS:
            simplified_only.append(char)
    return traditional_only, simplified_only


@cache
def character_classes() -> tuple[frozenset[str], frozenset[str]]:
    """(traditional-only, simplified-only) characters, from ``script_classes.txt``: the
    rule above over every Han code point, with the official OpenCC 1.4 (building the three
    converters at run time took ~110–150 ms of a first search; the reimplementation's
    dictionaries also differ on ~1,000 rare and compatibility characters)."""
    from importlib import resources

    text = resources.files("trendreader.script").joinpath("script_classes.txt").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(lines[0]), frozenset(lines[1])


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
    """Count the traditional-only and simplified-only characters of ``text``, in C.

    Counted with ``collections.Counter``, then set intersections with the two classes (the
    class's ``intersection`` goes over the text's few characters; ``keys() & frozenset``
    would go over the class's ~5,000). Once a process has counted :data:`PATTERNS_AFTER`
    characters of long texts (it is parsing a library), long ones are counted by regular
    expressions instead (`_counted_by_patterns`): 2.6× faster, but their two patterns take
    ~18 ms to build, which a reader parsing the one report it opens (~6 ms) should not pay."""
    global _long_counted
    if len(text) >= _LONG_TEXT:
        if _long_counted >= PATTERNS_AFTER:
            return _counted_by_patterns(text)
        _long_counted += len(text)
    traditional_chars, simplified_chars = character_classes()
    counts = Counter(text)
    chars = counts.keys()
    traditional = sum(map(counts.__getitem__, traditional_chars.intersection(chars)))
    simplified = sum(map(counts.__getitem__, simplified_chars.intersection(chars)))
    return ScriptCounts(traditional, simplified)


def _counted_by_patterns(text: str) -> ScriptCounts:
    """`script_counts` of a long text: each class's characters in the BMP are what is left
    once a regular expression drops the runs of all others (the Counter makes a string
    object of every Chinese character); characters beyond the BMP, rare, one by one (a class
    that mixes them with BMP characters searches ~180× slower)."""
    not_traditional, not_simplified = _other_runs()
    traditional = len(not_traditional.sub("", text))
    simplified = len(not_simplified.sub("", text))
    if _BEYOND_BMP.search(text):
        traditional_chars, simplified_chars = character_classes()
        beyond = _BEYOND_BMP.findall(text)
        traditional += sum(map(traditional_chars.__contains__, beyond))
        simplified += sum(map(simplified_chars.__contains__, beyond))
    return ScriptCounts(traditional, simplified)


#: A text this long is a long one (an edition's first passages, not a title).
_LONG_TEXT = 4096
#: Characters of long texts counted by the Counter before the patterns are built: ~30 ms of
#: counting, past which building them (~18 ms) pays for itself.
PATTERNS_AFTER = 400_000
_long_counted = 0
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@cache
def _other_runs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of characters outside each class's BMP part: (traditional-only, simplified-only)."""

    def runs_outside(chars: frozenset[str]) -> re.Pattern[str]:
        inside = "".join(re.escape(char) for char in sorted(chars) if ord(char) < 0x10000)
        return re.compile(f"[^{inside}]+")

    traditional_chars, simplified_chars = character_classes()
    return runs_outside(traditional_chars), runs_outside(simplified_chars)


def detect_script(text: str) -> Script:
    """The script ``text`` is written in: simplified, traditional, mixed or unknown.

    Only a text with characters of both classes needs them counted (is the smaller side
    past :data:`MIXED_SHARE`?). So a long text, once patterns pay (see `script_counts`),
    is first searched for one character of each class, in C: nearly every report has
    characters of one class only, and is told by the two searches (the weekly files:
    0.10 → 0.03 s of CPU)."""
    if len(text) >= _LONG_TEXT and _long_counted >= PATTERNS_AFTER:
        traditional_char, simplified_char = _one_of_each()
        if not _BEYOND_BMP.search(text):
            traditional = traditional_char.search(text) is not None
            simplified = simplified_char.search(text) is not None
            if not (traditional and simplified):
                return ScriptCounts(int(traditional), int(simplified)).script
    return script_counts(text).script


@cache
def _one_of_each() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One character of each class's BMP part: (traditional-only, simplified-only)."""

    def one_of(chars: frozenset[str]) -> re.Pattern[str]:
        return re.compile(f"[{''.join(re.escape(c) for c in sorted(chars) if ord(c) < 0x10000)}]")

    traditional_chars, simplified_chars = character_classes()
    return one_of(traditional_chars), one_of(simplified_chars)


def source_region(text: str) -> Region | None:
    """``"cn"``, ``"tw"`` or ``"hk"``: the regional wording of traditional ``text``.

    See :func:`trendreader.script.region.detect_region` (kept here for existing callers).
    Meant for a whole edition, not a short passage.
    """
    from trendreader.script.region import detect_region

    return detect_region(text)
