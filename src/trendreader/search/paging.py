"""One page of a query's matches: every match counted per report, ordered by relevance or
newest first across all of them, then ``offset``/``limit`` cut out.

A match is an indexed document (``docnum``, score) or a scanned passage (edition key,
ordinal; see :mod:`trendreader.search.scan`), so the search service pages the complete and
the partial index the same way. No Textual; Whoosh only through a searcher it is handed.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from whoosh.searching import Searcher

from trendreader.library.catalog import Library
from trendreader.reading.result_groups import report_dates

__all__ = [
    "DocKeys",
    "DocReport",
    "Order",
    "Page",
    "Ref",
    "cut_page",
    "edition_reports",
    "report_dates",
]

Order = Literal["relevance", "date"]

Ref = int | tuple[str, int]
"""An indexed document number, or a scanned passage ``(edition key, ordinal)``."""


class DocKeys:
    """Document number → edition key for one searcher, read once from the ``key`` field's
    postings (one pass over one posting per passage; no stored fields)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        keys: dict[int, str] = {}
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            for term in reader.lexicon("key"):
                text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                for docnum in reader.postings("key", term).all_ids():
                    keys[offset + docnum] = text
        self._keys = keys

    def get(self, docnum: int) -> str | None:
        return self._keys.get(docnum)


def edition_reports(library: Library) -> dict[str, str]:
    """Edition key → report key, for every edition of ``library``."""
    return {edition.key: report.key for report in library.reports for edition in report.editions}


@dataclass(frozen=True, slots=True)
class Page:
    refs: list[tuple[Ref, float]]  # the page's matches, in order, with their scores
    total: int  # every match
    per_report: dict[str, int]  # report key → its matches (all of them, not the page's)


def cut_page(
    scored: Mapping[int, float],
    scanned: Iterable[tuple[str, int]],
    *,
    doc_report: Mapping[int, str | None] | DocReport,
    key_report: Mapping[str, str],
    order: Order,
    dates: Mapping[str, tuple[int, str]],
    offset: int,
    limit: int,
) -> Page:
    """The page ``[offset, offset + limit)`` of the indexed matches ``scored`` (best first,
    ties by document number: Whoosh's order) followed by the ``scanned`` ones (in scan
    order); with ``order="date"`` all of them newest report first, ties keeping that order."""
    offset, limit = max(0, offset), max(0, limit)
    counts: Counter[str] = Counter()
    indexed_reports: dict[int, str | None] = {}
    for docnum in scored:
        report = doc_report.get(docnum)
        indexed_reports[docnum] = report
        if report is not None:
            counts[report] += 1
    scans = list(scanned)
    for key, _ordinal in scans:
        report = key_report.get(key)
        if report is not None:
            counts[report] += 1
    total = len(scored) + len(scans)
    end = offset + limit
    if order == "relevance":
        if end <= len(scored):
            best = _top(scored, end)
            return Page([(d, s) for d, s in best[offset:end]], total, dict(counts))
        ranked: list[tuple[Ref, float]] = list(_top(scored, len(scored)))
        ranked += [((key, ordinal), 0.0) for key, ordinal in scans]
        return Page(ranked[offset:end], total, dict(counts))
    ranked = list(_top(scored, len(scored)))
    ranked += [((key, ordinal), 0.0) for key, ordinal in scans]

    def newest(item: tuple[Ref, float]) -> tuple[int, str]:
        ref = item[0]
        report = indexed_reports.get(ref) if isinstance(ref, int) else key_report.get(ref[0])
        return dates.get(report, (0, "")) if report is not None else (0, "")

    ranked.sort(key=newest, reverse=True)  # stable: relevance within a date
    return Page(ranked[offset:end], total, dict(counts))


class DocReport:
    """Document number → report key (None: its edition is no longer in the library)."""

    def __init__(self, keys: DocKeys, key_report: Mapping[str, str]) -> None:
        self.keys = keys
        self.key_report = key_report

    def get(self, docnum: int) -> str | None:
        key = self.keys.get(docnum)
        return self.key_report.get(key) if key is not None else None


def _top(scored: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` by score, ties by document number (the engine's ``top``)."""
    if limit <= 0 or not scored:
        return []
    if limit >= len(scored):
        return sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return heapq.nsmallest(limit, scored.items(), key=lambda item: (-item[1], item[0]))
