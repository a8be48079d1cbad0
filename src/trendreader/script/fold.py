"""Fold text to one comparable form: simplified characters, offsets kept 1:1.

This is the cheap, character-level normalization used for passage anchors, edition
matching and the search index. Phrase-level regional wording (晶片/芯片) is handled at
query time by the search layer, not here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# The table ships beside this module (a plain file in the package, also in the wheel).
_TABLE_PATH = Path(__file__).with_name("t2s_chars.json")


@cache
def t2s_table() -> dict[int, str]:
    """The character table (code point → simplified text) :func:`fold_to_simplified` uses:
    every character it changes is a key. Built once; do not modify it."""
    import json  # here, not at the top: the reader's start-up does not need it

    raw = _TABLE_PATH.read_text("utf-8")
    return {ord(k): v for k, v in json.loads(raw).items()}


@cache
def _changed_characters() -> re.Pattern[str]:
    """Any character the table changes: the BMP keys as one class, anything astral (a class
    that mixes astral and BMP characters searches ~180x slower, so astral text is simply
    translated)."""
    keys = "".join(re.escape(chr(k)) for k in sorted(t2s_table()) if k < 0x10000)
    return re.compile(f"[{keys}\U00010000-\U0010ffff]")


def fold_to_simplified(text: str) -> str:
    """Map every traditional character to its simplified form; the length never changes.

    Text with nothing to change (most simplified text) is returned as it is: the search
    runs in C ~10x faster than ``str.translate`` builds a copy (passage anchors of a
    simplified library: -16% of its parsing time). Text with a few such characters (a
    simplified report quoting a traditional name) has just those replaced: 0.03 s for
    the 418 weekly files, where ``translate`` of each whole text took 0.24 s. Text dense
    with them (a traditional report) is translated whole, which is faster there."""
    changed = _changed_characters()
    first = changed.search(text)
    if first is None:
        return text
    start = first.start()
    if len(changed.findall(text, start, start + _DENSE_SPAN)) >= _DENSE_COUNT:
        return text.translate(t2s_table())
    return changed.sub(_simplified_match, text)


#: Past this many characters to change in the span from the first one, a text is
#: translated whole (``translate`` costs the same for every character; a replacement
#: per match costs ~25% more than it on traditional text, ~7x less on simplified text).
_DENSE_SPAN = 1_000
_DENSE_COUNT = 50


def _simplified_match(match: re.Match[str]) -> str:
    return match.group().translate(t2s_table())


def fold_for_matching(text: str) -> str:
    """``text`` folded for matching typed queries: simplified characters, lower-case ASCII.

    Han text keeps its length (offsets map back 1:1), so a match found here can be highlighted
    in the text as shown. Feed both sides to a fuzzy matcher (Textual's ``Matcher``) for a
    palette that matches across scripts.
    """
    return fold_to_simplified(text).lower()


def palette_matches(query: str, candidate: str) -> bool:
    """A query in any script finds a title in any script: 机会, 機會 and 机會 all find
    ``2025年，6大機會``. Every space-separated word of ``query`` must occur in ``candidate``;
    both are folded (:func:`fold_for_matching`). An empty query matches everything.

    Characters only, no regional wording: 芯片 does not find 晶片 (search does that).
    """
    folded = fold_for_matching(candidate)
    return all(word in folded for word in fold_for_matching(query).split())
