"""What a search answers: its hits (a passage as the reader sees it, highlighted, with its
snippet) and the results around them. Split from :mod:`trendreader.search.service`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from trendreader.i18n import _
from trendreader.library.model import Edition, Report
from trendreader.reading import converted_emphasis, passage_text
from trendreader.script.display import display_text
from trendreader.script.variants import Variant
from trendreader.search.snippets import Range, find_ranges, snippet

__all__ = ["SearchHit", "SearchResults", "make_hit", "results_now"]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One passage that matched, as the reader sees it in the requested variant."""

    report_key: str
    edition_key: str
    title: str  # in the variant
    year: int | None
    ordinal: int
    kind: str
    score: float
    text: str  # the whole passage, in the variant
    highlights: tuple[Range, ...]  # (start, end) in ``text``
    snippet: str
    snippet_highlights: tuple[Range, ...]  # (start, end) in ``snippet``


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int  # matching passages (after the edition dedupe and filters)
    elapsed_ms: float
    message: str | None = None  # one line for the user: fallback, notice, …
    forms: tuple[str, ...] = field(default=())  # normalized forms that were searched
    searchable: bool = True  # False: the query held nothing to search for
    #: ``(editions indexed, editions in the library)`` while the index is incomplete (the
    #: rest were scanned, see :mod:`trendreader.search.scan`); None when it is complete
    partial: tuple[int, int] | None = None
    #: report key → its matching passages, for the whole query (not only these hits)
    per_report: dict[str, int] = field(default_factory=dict)
    offset: int = 0  # the first hit's place among all matches

    def partial_notice(self) -> str | None:
        """ "indexing 320 / 2,000 — results may be incomplete", or None."""
        if self.partial is None:
            return None
        done, total = self.partial
        return _("indexing {done:,} / {total:,} — results may be incomplete").format(
            done=done, total=total
        )


def make_hit(
    report: Report,
    edition: Edition,
    ordinal: int,
    score: float,
    forms: tuple[str, ...],
    variant: Variant,
    *,
    stale: bool = False,
) -> SearchHit | None:
    """Passage ``ordinal`` of ``edition`` as a hit in ``variant``; ``stale``: the edition
    changed since it was indexed, so a passage no longer holding the forms is no hit."""
    if ordinal >= len(edition.passages):
        return None
    text = passage_text(edition, variant, ordinal)
    ranges = _highlights(edition, ordinal, text, forms, variant)
    if stale and forms and not ranges:
        return None  # the passage changed since it was indexed and no longer matches
    cut, cut_ranges = snippet(text, ranges)
    return SearchHit(
        report_key=report.key,
        edition_key=edition.key,
        title=_title(report, edition, variant),
        year=report.year,
        ordinal=ordinal,
        kind=edition.passages[ordinal].kind.value,
        score=float(score),
        text=text,
        highlights=tuple(ranges),
        snippet=cut,
        snippet_highlights=tuple(cut_ranges),
    )


def _highlights(
    edition: Edition, ordinal: int, text: str, forms: tuple[str, ...], variant: Variant
) -> list[Range]:
    """Ranges of the displayed ``text``; when a phrase conversion hides every form there,
    they are found on the original passage and carried over piece by piece."""
    ranges = find_ranges(text, forms)
    original = edition.passages[ordinal].text
    if ranges or text == original:
        return ranges
    on_original = find_ranges(original, forms)
    if not on_original:
        return []
    mapped = converted_emphasis(original, text, tuple(on_original), variant, edition)
    return [(a, b) for a, b in mapped if 0 <= a < b <= len(text)]


def _title(report: Report, edition: Edition, variant: Variant) -> str:
    title = edition.meta.title or report.title
    return display_text(title, None, variant)


def results_now(
    query: str,
    hits: list[SearchHit],
    total: int,
    started: float,
    message: str | None,
    forms: tuple[str, ...],
    *,
    per_report: dict[str, int] | None = None,
    offset: int = 0,
) -> SearchResults:
    """Results timed from ``started`` (a ``time.perf_counter()`` reading) to now."""
    elapsed = (time.perf_counter() - started) * 1000
    counts = per_report if per_report is not None else {}
    return SearchResults(
        query, hits, total, elapsed, message, forms, per_report=counts, offset=offset
    )
