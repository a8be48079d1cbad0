"""The parsers' common output: blocks of text with inline bold markers still in place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trendreader.library.model import PassageKind

# Punctuation that ends a sentence: a line ending in one of these is prose, not a heading.
SENTENCE_END = "。！？!?；;…"
# Characters that may not begin a line in Chinese typesetting: a line of the source that
# starts with one of them continues the previous line.
CLOSING_PUNCT = "，。、；：？！」』）》〉】”’,.;:?!)"

_YEAR_OR_NUMBER_ONLY = re.compile(r"^[\d\s:：/.\-年月日]+$")


@dataclass(slots=True)
class Block:
    kind: PassageKind
    text: str  # may still contain ``**`` bold markers
    level: int = 0


def is_heading_like(text: str, *, max_chars: int = 30) -> bool:
    """Short, not a sentence, not just a number: reads as a section heading."""
    plain = text.replace("*", "").strip()
    if not plain or len(plain) > max_chars:
        return False
    if plain[-1] in SENTENCE_END or plain[-1] in "：:，,、":
        return False
    if _YEAR_OR_NUMBER_ONLY.match(plain):
        return False
    return not plain.startswith(("http://", "https://"))
