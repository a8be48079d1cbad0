"""Answering without the index: a plain scan of the normalized passages of some editions.

Used for the editions the index does not hold yet (a build under way, in this process or
another), so that no search waits for a build. Each passage is folded exactly as the analyzer
folds it (:func:`~trendreader.search.analyzer.normalize`: simplified, lower-case half-width,
offsets 1:1), and each word of the query is looked for in it in every regional form the
index would search (:func:`~trendreader.search.query.expand`), with the same word edges as
the highlighter. Words are ANDed, or ORed when the query says ``OR``; ``-word`` excludes;
the field filters ``year:2024`` / ``year:2020-2024`` and ``report:KEY`` are kept in the
:class:`ScanQuery` for the caller to choose the editions it scans. It is not the index's
full query language (no ranking, no nesting): results found this way are marked partial.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from trendreader.library.model import Edition
from trendreader.library.packed import texts_of
from trendreader.search.analyzer import normalize
from trendreader.search.snippets import forms_pattern

_OPERATORS = {"AND", "OR", "NOT"}
_STRIP = "\"'()（）“”"


@dataclass(frozen=True, slots=True)
class ScanQuery:
    must: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    any_of: bool  # the words were ORed
    years: tuple[int, int] | None = None  # year:…, as the lowest and highest year
    reports: tuple[str, ...] = ()  # report:… values, each to hold

    def wants_year(self, year: int | None) -> bool:
        """Is a report of ``year`` (None: undated) within the query's ``year:``?"""
        if self.years is None:
            return True
        return year is not None and self.years[0] <= year <= self.years[1]

    def matches(self, normalized: str) -> bool:
        if any(p.search(normalized) for p in self.exclude):
            return False
        found = (p.search(normalized) is not None for p in self.must)
        return any(found) if self.any_of else all(found)


def scan_query(text: str) -> ScanQuery | None:
    """The words of ``text`` as patterns over normalized passages; None if it has none."""
    from trendreader.search.query import expand, year_range

    must: list[re.Pattern[str]] = []
    exclude: list[re.Pattern[str]] = []
    years: tuple[int, int] | None = None
    reports: list[str] = []
    words = text.split()
    any_of = "OR" in words
    for word in words:
        if ":" in word and not word.startswith(('"', "-")):
            name, _, value = word.partition(":")
            if name.lower() == "year":
                years = year_range(value) or years
            elif name.lower() == "report" and value:
                reports.append(value)
            continue
        if word.upper() in _OPERATORS or ":" in word:
            continue
        negative = word.startswith("-") and len(word) > 1
        word = word.lstrip("-").strip(_STRIP)
        if not word:
            continue
        pattern = forms_pattern(tuple(expand(word)))
        if pattern is not None:
            (exclude if negative else must).append(pattern)
    if not must:
        return None
    return ScanQuery(tuple(must), tuple(exclude), any_of, years, tuple(reports))


class NormalizedTexts:
    """Each edition's passages folded once (kept while the edition's content is the same).

    A passage its folding leaves as it is (simplified text, most of a mainland library) is
    kept as the passage's own string, not as a copy: at 10,000 reports scanned during a
    build, the copies were as large as the library's texts."""

    def __init__(self) -> None:
        self._folded: dict[str, tuple[str, list[str]]] = {}

    def of(self, edition: Edition) -> list[str]:
        cached = self._folded.get(edition.key)
        if cached is not None and cached[0] == edition.content_hash:
            return cached[1]
        folded = [_same_or(text, normalize(text)) for text in texts_of(edition.passages)]
        self._folded[edition.key] = (edition.content_hash, folded)
        return folded

    def scan(self, editions: Iterable[Edition], query: ScanQuery) -> Iterator[tuple[str, int]]:
        """``(edition key, ordinal)`` of every matching passage, in the editions' order."""
        for edition in editions:
            for ordinal, text in enumerate(self.of(edition)):
                if text and query.matches(text):
                    yield edition.key, ordinal


def _same_or(text: str, folded: str) -> str:
    """``text`` itself when folding it changed nothing, else ``folded``."""
    return text if folded == text else folded
