"""Highlights and snippets on the text the reader sees.

Whoosh's highlighter is not phrase-aware (it marks 機器人 alone for 人形机器人) and stops at
32k characters, so we do not use it. Instead each normalized query form is found literally in
the normalized displayed text: :func:`~trendreader.search.analyzer.normalize` keeps offsets
1:1, so a match in the normalized text is a range in the displayed text, whatever script it is
shown in. The query forms already include the mainland and Taiwan wordings, so a passage shown
as 網際網路 (s2twp) is found by the form 网际网路 of 互联网.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from trendreader.search.analyzer import HAN, RUNS, normalize

Range = tuple[int, int]

_RUN_RE = RUNS  # Han runs, and runs of letters and digits that are not Han
_SEP_ANY = r"[\W_]*"
_SEP_SOME = r"[\W_]+"
# The edges match case-sensitively inside the IGNORECASE patterns: a letter's other case is
# a letter too, so nothing changes, but compiling the large Han class with IGNORECASE cost
# ~20 ms for every Latin word of a query (each character of the class is case-folded).
_WORD_EDGE_BEFORE = rf"(?-i:(?<![^\W_{HAN}]))"
_WORD_EDGE_AFTER = rf"(?-i:(?![^\W_{HAN}]))"
# _WORD_EDGE_BEFORE, placed after the word's first character
_WORD_EDGE_BEFORE_FIRST = rf"(?-i:(?<![^\W_{HAN}](?s:.)))"
SENTENCE_END = "。！？!?；;\n"


def form_pattern(
    form: str, *, char: Callable[[str], str] | None = None, scan_first: bool = False
) -> str | None:
    """A regex that finds ``form`` (normalized) where the index would match it as a phrase:
    Han runs exact, Latin words whole, anything but letters and Han between runs.

    ``char`` turns each character into its regex (default: the character, escaped); the
    search layer passes one that matches every character normalizing to it. ``scan_first``:
    a leading Latin word's edge is checked after its first character (a look-behind over
    two characters, the same condition), so the pattern starts with a character class and
    the regex engine skips ahead to it instead of trying the look-behind everywhere (half
    the time of a search)."""
    runs = list(_RUN_RE.finditer(form))
    if not runs:
        return None
    parts: list[str] = []
    previous: str | None = None
    for run in runs:
        kind = run.lastgroup
        if previous is not None:
            parts.append(_SEP_SOME if previous == kind == "han" else _SEP_ANY)
        pieces = (
            [re.escape(c) for c in run.group()] if char is None else list(map(char, run.group()))
        )
        text = "".join(pieces)
        if kind != "word":
            parts.append(text)
        elif scan_first and previous is None:
            parts.append(
                f"{pieces[0]}{_WORD_EDGE_BEFORE_FIRST}{''.join(pieces[1:])}{_WORD_EDGE_AFTER}"
            )
        else:
            parts.append(f"{_WORD_EDGE_BEFORE}{text}{_WORD_EDGE_AFTER}")
        previous = kind
    return "".join(parts)


@lru_cache(maxsize=256)
def _compiled(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    patterns = [p for p in (form_pattern(f) for f in sorted(forms, key=len, reverse=True)) if p]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled pattern finding any of ``forms`` in normalized text (cached)."""
    return _compiled(forms)


def find_ranges(text: str, forms: Sequence[str]) -> list[Range]:
    """Non-overlapping ``(start, end)`` ranges of ``text`` where any of ``forms`` occurs."""
    pattern = _compiled(tuple(forms))
    if pattern is None or not text:
        return []
    return [m.span() for m in pattern.finditer(normalize(text)) if m.end() > m.start()]


def snippet(
    text: str, ranges: Sequence[Range], *, width: int = 96, before: int = 24
) -> tuple[str, list[Range]]:
    """A window of ``text`` around its first range, and the ranges that fall inside it.

    The window starts at the beginning of the sentence holding the first match when that is at
    most ``before`` characters back; cut ends are marked with "…" (ranges shifted to match).
    """
    if len(text) <= width:
        return text, list(ranges)
    first = ranges[0][0] if ranges else 0
    start = max(0, first - before)
    for i in range(first - 1, start - 1, -1):
        if text[i] in SENTENCE_END:
            start = i + 1
            break
    start = min(start, max(0, len(text) - width))
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [
        (max(a, start) + shift, min(b, end) + shift) for a, b in ranges if a < end and b > start
    ]
    return prefix + text[start:end] + suffix, inside


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Sorted ranges with overlapping ones joined."""
    out: list[Range] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
