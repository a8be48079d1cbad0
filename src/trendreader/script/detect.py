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

:func:`source_region` tells whose wording traditional text uses (mainland, Taiwan or Hong
Kong): :mod:`trendreader.script.region`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from trendreader.script.convert import convert
from trendreader.script.kinds import Region, Script

__all__ = ["Region", "ScriptCounts", "detect_script", "script_counts", "source_region"]

_NEUTRAL, _TRADITIONAL, _SIMPLIFIED = 0, 1, 2
_classes: dict[str, int] = {}
# The evidence characters classified so far, by side: a text's characters are counted in C
# (collections.Counter) and intersected with these, instead of a Python loop over the text.
_traditional_chars: set[str] = set()
_simplified_chars: set[str] = set()

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


def _both_scripts() -> frozenset[str]:
    """Simplified characters that traditional text writes too (游, 后, 台, 只, 面, 里):
    ``both_scripts.txt``, generated from OpenCC's STCharacters by tools/gen_both_scripts.py."""
    from importlib import resources

    text = resources.files("trendreader.script").joinpath("both_scripts.txt").read_text("utf-8")
    return frozenset("".join(line for line in text.splitlines() if not line.startswith("#")))


BOTH_SCRIPTS: frozenset[str] = _both_scripts()


def _classify(chars: AbstractSet[str]) -> None:
    new = sorted(c for c in chars - _classes.keys() if _is_han(c))
    if not new:
        return
    simplified = _convert_each(new, "t2s")
    taiwan = _convert_each(new, "s2tw")
    hongkong = _convert_each(new, "s2hk")
    for char, simp, tw, hk in zip(new, simplified, taiwan, hongkong, strict=True):
        if simp != char:
            _classes[char] = _TRADITIONAL
            _traditional_chars.add(char)
        elif tw != char and hk != char and char not in BOTH_SCRIPTS:
            _classes[char] = _SIMPLIFIED
            _simplified_chars.add(char)
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
    counts = Counter(text)
    chars = counts.keys()
    _classify(chars)
    traditional = sum(counts[c] for c in chars & _traditional_chars)
    simplified = sum(counts[c] for c in chars & _simplified_chars)
    return ScriptCounts(traditional, simplified)


def detect_script(text: str) -> Script:
    """The script ``text`` is written in: simplified, traditional, mixed or unknown."""
    return script_counts(text).script


def source_region(text: str) -> Region | None:
    """``"cn"``, ``"tw"`` or ``"hk"``: the regional wording of traditional ``text``.

    See :func:`trendreader.script.region.detect_region` (kept here for existing callers).
    Meant for a whole edition, not a short passage.
    """
    from trendreader.script.region import detect_region

    return detect_region(text)
