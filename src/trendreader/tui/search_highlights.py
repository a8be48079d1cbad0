"""Search hits in the reader: which passages to highlight, and where ``n``/``N`` go.

Pure helpers (no app state, no Textual). The app keeps one :class:`ReaderHits` for the query
the reader came from; :func:`refresh_reader_hits` keeps it right for what is on screen (a
script switch re-searches, another report drops it) and :func:`with_highlights` draws it.
``TrendReaderApp._search_chosen`` and ``_show`` are the callers.

Ranges are always for the text shown in :attr:`ReaderHits.variant` of
:attr:`ReaderHits.edition_key`; :func:`with_highlights` ignores hits made for anything else,
so nothing is ever drawn in the wrong place.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from trendreader.script.variants import Variant
from trendreader.typeset.layout import DisplayPassage

if TYPE_CHECKING:
    from trendreader.search.service import SearchResults  # whoosh: not at start-up

__all__ = [
    "HIGHLIGHT_LIMIT",
    "Ranges",
    "ReaderHits",
    "find_reader_hits",
    "hits_for_edition",
    "next_hit",
    "refresh_reader_hits",
    "with_highlights",
]

HIGHLIGHT_LIMIT = 1000
"""Most passages highlighted in one report (the search ``limit`` for the reader's hits)."""

Ranges = tuple[tuple[int, int], ...]


class _Searches(Protocol):
    def search(
        self,
        query: str,
        *,
        variant: Variant = ...,
        limit: int = ...,
        report: str | None = ...,
        year: int | None = ...,
        offset: int = ...,
        order: str = ...,
        edition: str | None = ...,
    ) -> SearchResults: ...


def hits_for_edition(results: SearchResults, edition_key: str) -> dict[int, Ranges]:
    """Passage ordinal → highlight ranges, for the hits of ``results`` in one edition.

    Hits without ranges still count (the passage matched; the reader shows the cursor there).
    """
    found: dict[int, Ranges] = {}
    for hit in results.hits:
        if hit.edition_key == edition_key:
            found[hit.ordinal] = tuple(sorted(set(found.get(hit.ordinal, ()) + hit.highlights)))
    return dict(sorted(found.items()))


def next_hit(ordinals: Sequence[int], current: int, direction: int) -> int | None:
    """The hit after (``direction`` > 0) or before (< 0) passage ``current``, wrapping around.

    ``ordinals`` must be sorted. ``None`` when there are no hits. When ``current`` is the only
    hit it is returned again. A caller can tell a wrap by ``(result > current) != (direction
    > 0)``.

    >>> next_hit([3, 8, 20], 8, 1), next_hit([3, 8, 20], 8, -1), next_hit([3, 8, 20], 5, 1)
    (20, 3, 8)
    >>> next_hit([3, 8, 20], 20, 1), next_hit([3, 8, 20], 3, -1), next_hit([], 0, 1)
    (3, 20, None)
    """
    if not ordinals:
        return None
    if direction >= 0:
        index = bisect_right(ordinals, current)
        return ordinals[index] if index < len(ordinals) else ordinals[0]
    index = bisect_left(ordinals, current) - 1
    return ordinals[index] if index >= 0 else ordinals[-1]


@dataclass(frozen=True, slots=True)
class ReaderHits:
    """The hits of one query in the edition the reader shows, in one variant."""

    query: str
    report_key: str
    edition_key: str
    variant: Variant
    ranges: Mapping[int, Ranges] = field(default_factory=dict)
    message: str | None = None  # the service's one-line message, if any

    @property
    def ordinals(self) -> list[int]:
        """The passages with hits, in reading order."""
        return sorted(self.ranges)

    def __len__(self) -> int:
        return len(self.ranges)

    def applies_to(self, edition_key: str, variant: Variant) -> bool:
        """Whether these ranges are for that edition's text in that variant."""
        return edition_key == self.edition_key and variant == self.variant

    def step(self, current: int, direction: int) -> int | None:
        """The next (1) or previous (-1) hit passage from ``current``; see :func:`next_hit`."""
        return next_hit(self.ordinals, current, direction)


def find_reader_hits(
    service: _Searches,
    query: str,
    report_key: str,
    edition_key: str,
    variant: Variant,
    *,
    limit: int = HIGHLIGHT_LIMIT,
) -> ReaderHits:
    """Search ``query`` within one report and keep the hits of ``edition_key``.

    Runs one search (a few ms on the seeds); fine on the UI thread after a search choice.
    """
    # the edition the reader shows, not the one the service would pick for the variant:
    # after a script switch a two-edition report keeps its highlights
    results = service.search(
        query, variant=variant, limit=limit, report=report_key, edition=edition_key
    )
    return ReaderHits(
        query=query,
        report_key=report_key,
        edition_key=edition_key,
        variant=variant,
        ranges=hits_for_edition(results, edition_key),
        message=results.message,
    )


def with_highlights(
    passages: Sequence[DisplayPassage],
    hits: ReaderHits | Mapping[int, Ranges] | None,
    edition_key: str | None = None,
    variant: Variant | None = None,
) -> list[DisplayPassage]:
    """``passages`` with the hit ranges set on the passages that have hits.

    With a :class:`ReaderHits`, ``edition_key`` and ``variant`` say what is displayed; hits
    for another edition or variant are ignored (the ranges would land on the wrong text).
    Ranges past a passage's end are clipped.
    """
    if isinstance(hits, ReaderHits):
        if edition_key is None or variant is None or not hits.applies_to(edition_key, variant):
            return list(passages)
        hits = hits.ranges
    if not hits:
        return list(passages)
    shown = list(passages)
    for ordinal, ranges in hits.items():
        if not 0 <= ordinal < len(shown):
            continue
        passage = shown[ordinal]
        size = len(passage.text)
        clipped = tuple((a, min(b, size)) for a, b in ranges if 0 <= a < min(b, size))
        shown[ordinal] = dataclasses.replace(passage, highlights=clipped)
    return shown


def refresh_reader_hits(
    hits: ReaderHits | None,
    service: _Searches | None,
    report_key: str,
    edition_key: str,
    variant: Variant,
) -> ReaderHits | None:
    """``hits`` made right for what the reader is about to show.

    Unchanged when they apply; ``None`` for another report (or without a service); searched
    again for the same report in another edition or variant (the ranges depend on the text).
    """
    if hits is None or hits.applies_to(edition_key, variant):
        return hits
    if service is None or hits.report_key != report_key:
        return None
    return find_reader_hits(service, hits.query, report_key, edition_key, variant)
