"""Year against year (no Textual): a trend's reports, passages and shares per year, what is
new in a year and what faded; for the library, the terms whose share rose or fell in a year.

Every year from the library's first to its last is a row, zeros included (undated reports,
if any, last). Shares are of the passages the reader sees (the edition shown in the variant)
and of the reports of that year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from trendreader.library.catalog import Library
from trendreader.reading import choose_edition
from trendreader.script.fold import fold_to_simplified
from trendreader.script.variants import Variant
from trendreader.search.service import SearchHit
from trendreader.trends.keywords import PassageTerms, TermIndex
from trendreader.trends.mentions import Mentions

__all__ = [
    "TermChange",
    "YearRow",
    "library_years",
    "trend_years",
    "whats_new",
]

MAX_TERMS = 8  # new / faded terms listed per year
MAX_PASSAGES_READ = 150  # of a year's matching passages, read for co-occurring terms


@dataclass(frozen=True, slots=True)
class YearRow:
    """One year of one trend."""

    year: int | None
    reports: int  # reports of the library that year
    mentioning: int  # of them, reports mentioning the trend
    passages: int  # passages of that year (as shown)
    mentions: int  # of them, passages mentioning the trend
    new: tuple[str, ...] = ()  # aliases and co-occurring terms first seen this year
    faded: tuple[str, ...] = ()  # seen in an earlier year, not in this one

    @property
    def share(self) -> float:
        """Of the year's passages, the share mentioning the trend."""
        return self.mentions / self.passages if self.passages else 0.0

    @property
    def report_share(self) -> float:
        """Of the year's reports, the share mentioning the trend."""
        return self.mentioning / self.reports if self.reports else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "reports": self.reports,
            "mentioning_reports": self.mentioning,
            "passages": self.passages,
            "mentions": self.mentions,
            "share": round(self.share, 6),
            "report_share": round(self.report_share, 6),
            "new": list(self.new),
            "faded": list(self.faded),
        }


@dataclass(frozen=True, slots=True)
class TermChange:
    """A term's share of a year's reports against the years before."""

    term: str
    reports: int  # reports of the year holding it
    share: float  # of the year's reports
    before: float  # of the earlier years' reports

    @property
    def change(self) -> float:
        return self.share - self.before

    def as_json(self) -> dict[str, object]:
        return {
            "term": self.term,
            "reports": self.reports,
            "share": round(self.share, 6),
            "before": round(self.before, 6),
            "change": round(self.change, 6),
        }


def library_years(years: Iterable[int | None]) -> list[int | None]:
    """Every year from the first to the last (gaps filled), undated last if any."""
    found = set(years)
    dated = [y for y in found if y is not None]
    out: list[int | None] = list(range(min(dated), max(dated) + 1)) if dated else []
    if None in found:
        out.append(None)
    return out


def _passages_by_year(library: Library, variant: Variant) -> tuple[Counter, Counter]:
    reports: Counter[int | None] = Counter()
    passages: Counter[int | None] = Counter()
    for report in library.reports:
        reports[report.year] += 1
        passages[report.year] += len(choose_edition(report, variant).passages)
    return reports, passages


def _terms_of_hits(mentions: Mentions, terms_in: PassageTerms | None) -> dict[int | None, Counter]:
    """Year → the aliases matched and the library terms found in the matching passages (at
    most :data:`MAX_PASSAGES_READ` passages a year, evenly spread, are read for terms)."""
    own = {fold_to_simplified(a) for a in (*mentions.trend.aliases, mentions.trend.name)}
    found: dict[int | None, Counter[str]] = {}
    hits_of: dict[int | None, list[SearchHit]] = {}
    for report in mentions.reports:
        terms = found.setdefault(report.year, Counter())
        hits_of.setdefault(report.year, []).extend(report.hits)
        for hit in report.hits:
            for a, b in hit.highlights:
                terms[fold_to_simplified(hit.text[a:b])] += 1
    if terms_in is not None:
        for year, hits in hits_of.items():
            step = max(1, len(hits) / MAX_PASSAGES_READ)
            for n in range(min(len(hits), MAX_PASSAGES_READ)):
                text = hits[int(n * step)].text
                found[year].update(t for t in terms_in(text) if t not in own)
    return found


def _ranked(terms: Counter[str]) -> list[str]:
    """Most frequent first; ties in a fixed order (not the order a set happened to give)."""
    return sorted(terms, key=lambda t: (-terms[t], t))


def trend_years(
    mentions: Mentions, library: Library, index: TermIndex | PassageTerms | None = None
) -> list[YearRow]:
    """A row per year of ``library`` (oldest first, zeros included): reports, passages and
    shares mentioning the trend; what is new that year and what faded (co-occurring terms
    need the library's ``index``, or its :class:`PassageTerms`, which remembers passages
    read before)."""
    reports, passages = _passages_by_year(library, mentions.variant)
    mentioning: Counter[int | None] = Counter()
    hits: Counter[int | None] = Counter()
    for report in mentions.reports:
        mentioning[report.year] += 1
        hits[report.year] += report.count
    terms_in = PassageTerms(index) if isinstance(index, TermIndex) else index
    terms = _terms_of_hits(mentions, terms_in)
    rows = []
    seen: Counter[str] = Counter()
    for year in library_years(reports):
        here = terms.get(year, Counter())
        new: tuple[str, ...] = ()
        faded: tuple[str, ...] = ()
        if year is not None:
            new = tuple(t for t in _ranked(here) if t not in seen)[:MAX_TERMS]
            faded = tuple(t for t in _ranked(seen) if t not in here)[:MAX_TERMS]
            seen.update(here)
        rows.append(
            YearRow(year, reports[year], mentioning[year], passages[year], hits[year], new, faded)
        )
    return rows


def whats_new(
    index: TermIndex, year: int, *, limit: int = 15, min_reports: int = 1
) -> tuple[list[TermChange], list[TermChange]]:
    """(rising, falling): the terms whose share of ``year``'s reports rose most against the
    earlier years' reports, and those that fell most. Empty when the year has no reports."""
    in_year = index.reports_in_year(year)
    before = sum(index.reports_in_year(y) for y in set(index.report_years) if y and y < year)
    if not in_year:
        return [], []
    changes = []
    for term in index.where:
        years = index.years_of(term)
        now = years.get(year, 0)
        earlier = sum(n for y, n in years.items() if y is not None and y < year)
        if now < min_reports and not earlier:
            continue
        share_before = earlier / before if before else 0.0
        changes.append(TermChange(term, now, now / in_year, share_before))
    rising = sorted(
        (c for c in changes if c.change > 0 and c.reports >= min_reports),
        key=lambda c: (-c.change, -c.reports, c.term),
    )
    falling = sorted(
        (c for c in changes if c.change < 0), key=lambda c: (c.change, -c.before, c.term)
    )
    return rising[:limit], falling[:limit]
