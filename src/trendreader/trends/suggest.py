"""Suggested trends: the topics a library's reports share, found without a curated list.

Terms come from :mod:`.keywords` (rjieba words and compounds over text folded to
simplified, the library's boilerplate and stop words left out, fragments given way to the
compound they sit in), ranked by IDF × repeated occurrences. A term that is also the topic of
a section heading (太空经济：航天平民化… → 太空经济) counts double. A term contained in a
higher-ranked one found in the same reports is left out (固态 below 固态电池).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trendreader.library.catalog import Library
from trendreader.trends.keywords import (
    TermIndex,
    _heading_segments,  # noqa: F401  (tested here, where it was)
    build_term_index,
    heading_topics,
)
from trendreader.trends.model import Trend
from trendreader.trends.stopwords import STOP_WORDS

__all__ = ["STOP_PHRASES", "Suggestion", "suggest_terms", "suggest_trends"]

STOP_PHRASES = STOP_WORDS
HEADING_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A term the reports share, with what ranked it."""

    term: str  # folded to simplified
    reports: int
    years: int
    count: int
    heading: bool
    score: float = 0.0

    def trend(self) -> Trend:
        return Trend(name=self.term, aliases=(self.term,), suggested=True)


def suggest_terms(
    library: Library,
    *,
    limit: int = 20,
    exclude: Iterable[str] = (),
    index: TermIndex | None = None,
) -> list[Suggestion]:
    """The top ``limit`` topics of ``library`` (see the module docstring); terms in
    ``exclude`` (e.g. the curated trends' names and aliases) are left out. Pass the
    library's ``index`` when it is built already."""
    if not library.reports:
        return []
    index = index if index is not None else build_term_index(library)
    headings = index.heading_topics
    if headings is None:  # an index made without them
        headings = heading_topics(library)
    ranked = []
    for k in index.keywords(limit=limit * 4, exclude=exclude):
        is_heading = any(k.term in h for h in headings)
        score = k.score * (HEADING_WEIGHT if is_heading else 1.0)
        ranked.append(Suggestion(k.term, k.reports, k.years, k.count, is_heading, score))
    ranked.sort(key=lambda s: (-s.score, s.term))
    chosen: list[Suggestion] = []
    for candidate in ranked:
        if any(candidate.term in b.term and candidate.reports == b.reports for b in chosen):
            continue
        chosen.append(candidate)
        if len(chosen) >= limit:
            break
    return chosen


def suggest_trends(
    library: Library,
    curated: Sequence[Trend] = (),
    *,
    limit: int = 20,
    index: TermIndex | None = None,
) -> list[Trend]:
    """Suggested trends for ``library`` (below the curated ones, marked ``suggested``),
    leaving out what a curated trend already names."""
    exclude = [t.name for t in curated] + [a for t in curated for a in t.aliases]
    found = suggest_terms(library, limit=limit, exclude=exclude, index=index)
    return [s.trend() for s in found]
