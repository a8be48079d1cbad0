"""Everything the sidebar, the trend view and the CLI ask about trends, in one place:
the curated trends (built in, then the user's), the suggested ones below them, and their
mentions. No Textual here; the TUI calls it from a worker thread (suggestions and counts
search the index)."""

from __future__ import annotations

import threading

from trendreader.library.catalog import Library
from trendreader.script.display import display_text
from trendreader.script.variants import Variant
from trendreader.trends.keywords import TermIndex, build_term_index
from trendreader.trends.mentions import MentionFinder, Mentions
from trendreader.trends.model import Trend
from trendreader.trends.store import TrendStore, name_key
from trendreader.trends.suggest import suggest_trends
from trendreader.trends.yearly import YearRow, trend_years

__all__ = ["SUGGESTED_MARK", "TrendCatalog", "sidebar_label"]

SUGGESTED_MARK = "~ "  # before a suggested trend's label in the sidebar


def sidebar_label(trend: Trend, variant: Variant) -> str:
    """A trend's name as the sidebar shows it: in the variant, suggested ones marked."""
    label = display_text(trend.name, None, variant)
    return SUGGESTED_MARK + label if trend.suggested else label


class TrendCatalog:
    """The trends of one library. Suggestions are computed once per library (``reload``)."""

    def __init__(
        self, store: TrendStore, finder: MentionFinder, library: Library, *, suggestions: int = 20
    ) -> None:
        self.store = store
        self.finder = finder
        self.library = library
        self.suggestion_limit = suggestions
        self._suggested: list[Trend] | None = None
        self._index: TermIndex | None = None
        self._lock = threading.Lock()

    def reload(self, library: Library) -> None:
        """The library changed (and the index with it): forget suggestions and mentions."""
        with self._lock:
            self.library = library
            self._suggested = None
            self._index = None
        self.finder.clear(library)

    def curated(self) -> list[Trend]:
        return self.store.curated()

    def term_index(self) -> TermIndex:
        """The library's keywords (built once per library: seconds on a large one)."""
        with self._lock:
            if self._index is None:
                self._index = build_term_index(self.library)
            return self._index

    def suggested(self) -> list[Trend]:
        index = self.term_index()
        with self._lock:
            if self._suggested is None:
                self._suggested = suggest_trends(
                    self.library,
                    self.store.builtin_trends(),
                    limit=self.suggestion_limit,
                    index=index,
                )
            suggested = self._suggested
        taken = {name_key(t.name) for t in self.curated()}
        return [t for t in suggested if name_key(t.name) not in taken]

    def trends(self) -> list[Trend]:
        """Curated trends (built in, then the user's), then suggested ones."""
        return self.curated() + self.suggested()

    def find(self, name: str) -> Trend | None:
        key = name_key(name)
        return next((t for t in self.trends() if name_key(t.name) == key), None)

    def mentions(self, trend: Trend, variant: Variant) -> Mentions:
        return self.finder.mentions(trend, variant)

    def years(self, trend: Trend, variant: Variant) -> list[YearRow]:
        """The trend year by year (every year of the library, zeros included)."""
        return trend_years(self.mentions(trend, variant), self.library, self.term_index())

    def sidebar_rows(self, variant: Variant) -> list[tuple[str, str, int]]:
        """``(name, label, reports mentioning it)`` for ``LibrarySidebar.populate(trends=…)``;
        trends no report mentions are left out."""
        rows = []
        for trend in self.trends():
            count = self.mentions(trend, variant).report_count
            if count:
                rows.append((trend.name, sidebar_label(trend, variant), count))
        return rows
