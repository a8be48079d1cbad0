"""The parsers' common output: blocks of text with their kind and inline ranges.

The Markdown parser fills ``text`` with plain text and the ranges; the plain-text parser
leaves ``**`` bold markers in place (``marked=True``) and they are resolved into ranges when
the blocks become passages.
"""

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
    text: str  # with ``marked``: may still contain ``**`` bold markers
    level: int = 0
    marked: bool = False
    emphasis: tuple[tuple[int, int], ...] = ()
    spans: tuple[tuple[int, int, str], ...] = ()
    links: tuple[tuple[int, int, str], ...] = ()
    number: int | None = None
    depth: int = 0
    language: str = ""
    anchor: str = ""  # empty: the passage's anchor is the hash of its text

    @property
    def plain(self) -> str:
        """The text without bold markers, for the heuristics."""
        return self.text.replace("*", "").strip() if self.marked else self.text


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
