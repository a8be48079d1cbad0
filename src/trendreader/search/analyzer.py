"""The CJK analyzer of the search index: normalized text to bigram tokens with positions.

Like Lucene's CJKAnalyzer: a run of Han characters becomes overlapping bigrams, one position
per character, and the last character of a run also becomes a one-character token (so that
every character starts some token: a one-character query is a prefix query, and phrases
across a 中文/English boundary line up). Latin words and digit runs are whole tokens,
lower-cased, one position each. Whitespace and punctuation produce nothing.

Text is normalized first with :func:`normalize`: a per-character table (traditional →
simplified, full-width ASCII → ASCII, A–Z → a–z), so offsets in the normalized text equal
offsets in the original and highlights map straight back.

Whoosh pickles the analyzer into the index schema, so this module's path is part of the index
format: keep :class:`CJKAnalyzer` here, holding no state but plain values (no converters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from whoosh.analysis import Analyzer, Token

from trendreader.script.fold import fold_to_simplified

#: Han characters: CJK unified ideographs (basic, extension A, B–H), compatibility
#: ideographs and 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN_RE = re.compile(rf"(?P<han>[{HAN}]+)|(?P<word>(?:(?![{HAN}])[^\W_])+)")
#: Han runs (group ``han``) and runs of other letters and digits (group ``word``); shared
#: with the highlighter (compiling a class this large costs ~6 ms a pattern at start-up)
RUNS = _TOKEN_RE
# the code point ranges of HAN
_HAN_RANGES = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


@cache
def width_case_table() -> dict[int, str]:
    """What :func:`normalize` does after folding: ASCII and full-width letters to lower-case
    half-width, full-width digits to half-width. Built once; do not modify it."""
    table = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for offset in range(26):
        table[0xFF21 + offset] = chr(ord("a") + offset)  # Ａ..Ｚ
        table[0xFF41 + offset] = chr(ord("a") + offset)  # ａ..ｚ
    for offset in range(10):
        table[0xFF10 + offset] = chr(ord("0") + offset)  # ０..９
    return table


@cache
def _width_case_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern finding the characters :func:`width_case_table` changes, and the table by
    character."""
    by_char = {chr(code): to for code, to in width_case_table().items()}
    return re.compile("[" + "".join(map(re.escape, sorted(by_char))) + "]"), by_char


def normalize(text: str) -> str:
    """The index form of ``text``: simplified, ASCII letters and digits lower-case half-width.

    Always the same length as ``text``, character for character. (The width and case step
    replaces what one regex finds: ``str.translate`` looks every character up in the table,
    ~5× slower on the weekly issues' passages, and text without a capital is returned as is.)
    """
    pattern, by_char = _width_case_pattern()
    return pattern.sub(lambda found: by_char[found.group()], fold_to_simplified(text))


def is_han(char: str) -> bool:
    """``char`` is one character of :data:`HAN`."""
    if len(char) != 1:
        return False
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def tokens(text: str, *, query: bool = False) -> list[tuple[str, int, int, int]]:
    """``(token, position, startchar, endchar)`` for ``text`` (normalized here).

    With ``query=True`` the one-character token at the end of a Han run is left out when the
    run is the last thing in the text and longer than one character: a document run may go on
    where the query stops (自动驾驶 inside 自动驾驶员), and there it has no such token.
    """
    norm = normalize(text)
    out: list[tuple[str, int, int, int]] = []
    pos = 0
    matches = list(_TOKEN_RE.finditer(norm))
    for index, match in enumerate(matches):
        start, end = match.span()
        run = match.group()
        if match.lastgroup == "word":
            out.append((run.lower(), pos, start, end))
            pos += 1
            continue
        for i in range(len(run) - 1):
            out.append((run[i : i + 2], pos + i, start + i, start + i + 2))
        last_of_query = query and index == len(matches) - 1 and len(run) > 1
        if not last_of_query:
            out.append((run[-1], pos + len(run) - 1, end - 1, end))
        pos += len(run)
    return out


_HAN_PAIR_RE = re.compile(rf"(?=([{HAN}][{HAN}]))")
_HAN_LAST_RE = re.compile(rf"[{HAN}](?![{HAN}])")
_WORD_RE = re.compile(rf"(?:(?![{HAN}])[^\W_])+")


def index_terms(text: str) -> list[str]:
    """The texts of :func:`tokens` (index mode) for ``text``, in another order: what the index
    counts per passage. Three regex passes in C instead of a loop over tokens (the writer's
    hot path); ``tests/search/test_analyzer.py`` checks it against :func:`tokens`."""
    norm = normalize(text)
    terms = _HAN_PAIR_RE.findall(norm)
    terms += _HAN_LAST_RE.findall(norm)
    terms += [word.lower() for word in _WORD_RE.findall(norm)]
    return terms


class CJKAnalyzer(Analyzer):
    """Whoosh analyzer over :func:`tokens`; ``mode="query"`` gives query tokens."""

    def __eq__(self, other: object) -> bool:
        return other is not None and other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__.__name__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for text, pos, startchar, endchar in tokens(value, query=mode == "query"):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + startchar
                token.endchar = start_char + endchar
            yield token
