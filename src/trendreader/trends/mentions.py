"""A trend's mentions: the passages its query finds, counted per report and per year.

Mentions are search hits (:class:`~trendreader.search.service.SearchService`), so every
script and regional wording counts together (芯片 and 晶片), each passage once, from the
edition the reader sees in the variant. Results are cached per (trend query, variant) until
:meth:`MentionFinder.clear` (call it when the library or the index changes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from trendreader.library.catalog import Library
from trendreader.script.variants import Variant
from trendreader.search.service import SearchHit, SearchService
from trendreader.trends.model import Trend

__all__ = ["MAX_PASSAGES", "MentionFinder", "Mentions", "ReportMentions"]

#: The most passages one trend collects (counts stay exact up to it; ``Mentions.total`` is
#: always the search's full count).
MAX_PASSAGES = 50_000


@dataclass(frozen=True, slots=True)
class ReportMentions:
    """The passages of one report that mention a trend, in reading order."""

    report_key: str
    year: int | None
    title: str  # in the variant
    hits: tuple[SearchHit, ...]

    @property
    def count(self) -> int:
        return len(self.hits)


@dataclass(frozen=True, slots=True)
class Mentions:
    """Where a trend is mentioned, in one variant."""

    trend: Trend
    variant: Variant
    reports: tuple[ReportMentions, ...]  # in library order (newest first), mentioned only
    total: int  # matching passages
    message: str | None = None  # the search's one-line note, if any
    elapsed_ms: float = 0.0
    partial: bool = False  # the index lacked some editions (they were scanned)
    _by_report: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_report.update((r.report_key, r.count) for r in self.reports)

    @property
    def by_report(self) -> dict[str, int]:
        """Report key → passages mentioning the trend (reports without any are absent)."""
        return dict(self._by_report)

    @property
    def report_count(self) -> int:
        return len(self.reports)

    @property
    def hits(self) -> list[SearchHit]:
        return [hit for report in self.reports for hit in report.hits]

    def by_year(self) -> dict[int | None, int]:
        """Year → passages, newest first, undated last."""
        years: dict[int | None, int] = {}
        for report in self.reports:
            years[report.year] = years.get(report.year, 0) + report.count
        return dict(sorted(years.items(), key=lambda item: (item[0] is None, -(item[0] or 0))))


class MentionFinder:
    """Finds and caches the mentions of trends through one search service (whose index must
    be current: ``service.ensure_index(library)`` first). Thread-safe."""

    def __init__(self, service: SearchService, library: Library | None = None) -> None:
        self.service = service
        self._library = library
        self._cache: dict[tuple[str, Variant], Mentions] = {}
        #: (trend query, the variant's target script) → reports mentioning it (no hits kept)
        self._report_counts: dict[tuple[str, object], int] = {}
        self._lock = threading.Lock()

    @property
    def library(self) -> Library:
        library = self._library or self.service.library
        if library is None:
            raise RuntimeError("MentionFinder needs a library (call service.ensure_index first)")
        return library

    def clear(self, library: Library | None = None) -> None:
        """Forget every cached result (the library or the index changed)."""
        with self._lock:
            self._cache.clear()
            self._report_counts.clear()
            if library is not None:
                self._library = library

    def cached(self, trend: Trend, variant: Variant = Variant.ORIGINAL) -> Mentions | None:
        """The mentions already counted for ``trend`` in ``variant``, or None (no search)."""
        with self._lock:
            found = self._cache.get((trend.query, variant))
        return found if found is None or found.trend == trend else _renamed(found, trend)

    def mentions(self, trend: Trend, variant: Variant = Variant.ORIGINAL) -> Mentions:
        key = (trend.query, variant)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            if cached.trend != trend:  # same query, another name or kind
                cached = _renamed(cached, trend)
            return cached
        found = self._find(trend, variant)
        with self._lock:
            self._cache[key] = found
        return found

    def report_count(self, trend: Trend, variant: Variant = Variant.ORIGINAL) -> int:
        """Reports mentioning ``trend`` in ``variant`` (the sidebar's count), from the
        search's count per report of every match: no hit is made (the mentions' up to
        50,000 hits, each with its passage converted, took 2–3 s of CPU for every trend at
        2,000 reports, and were kept). Variants of one script (繁體, 臺灣正體, 香港繁體) pick
        the same edition of every report and find the same passages, so one count serves
        them all: a ``t`` from 繁體 to 臺灣 counts nothing again."""
        target = variant.target_script
        key = (trend.query, target)
        with self._lock:
            counted = self._report_counts.get(key)
            if counted is None:
                for (query, other), found in self._cache.items():
                    if query == trend.query and other.target_script == target:
                        return found.report_count
        if counted is not None:
            return counted
        counted = len(self.service.search(trend.query, variant=variant, limit=1).per_report)
        with self._lock:
            self._report_counts[key] = counted
        return counted

    def counts(self, trend: Trend, variant: Variant = Variant.ORIGINAL) -> dict[str, int]:
        """Report key → passages mentioning ``trend``."""
        return self.mentions(trend, variant).by_report

    def all_counts(
        self, trends: Iterable[Trend], variant: Variant = Variant.ORIGINAL
    ) -> dict[str, dict[str, int]]:
        """Trend name → (report key → passages), for several trends."""
        return {trend.name: self.counts(trend, variant) for trend in trends}

    def _find(self, trend: Trend, variant: Variant) -> Mentions:
        started = time.perf_counter()
        library = self.library
        results = self.service.search(trend.query, variant=variant, limit=MAX_PASSAGES)
        grouped: dict[str, list[SearchHit]] = {}
        for hit in results.hits:
            grouped.setdefault(hit.report_key, []).append(hit)
        order = {report.key: n for n, report in enumerate(library.reports)}
        reports = []
        for key in sorted(grouped, key=lambda k: (order.get(k, len(order)), k)):
            hits = sorted(grouped[key], key=lambda h: (h.edition_key, h.ordinal))
            first = hits[0]
            reports.append(ReportMentions(key, first.year, first.title, tuple(hits)))
        elapsed = (time.perf_counter() - started) * 1000
        return Mentions(
            trend,
            variant,
            tuple(reports),
            results.total,
            results.message,
            elapsed,
            partial=results.partial is not None,
        )


def _renamed(mentions: Mentions, trend: Trend) -> Mentions:
    return Mentions(
        trend,
        mentions.variant,
        mentions.reports,
        mentions.total,
        mentions.message,
        mentions.elapsed_ms,
        partial=mentions.partial,
    )
