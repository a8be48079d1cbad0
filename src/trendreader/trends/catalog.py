"""Everything the sidebar, the trend view and the CLI ask about trends, in one place:
the curated trends (built in, then the user's), the suggested ones below them, and their
mentions. No Textual here; the TUI calls it from a worker thread (suggestions and counts
search the index)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from trendreader.library.catalog import Library
from trendreader.script.variants import Variant
from trendreader.trends.keywords import PassageTerms, TermIndex, build_term_index
from trendreader.trends.mentions import MentionFinder, Mentions
from trendreader.trends.model import Trend
from trendreader.trends.naming import SUGGESTED_MARK, sidebar_label
from trendreader.trends.saved import SUGGESTIONS, SavedTrends, suggestion_key, without_curated
from trendreader.trends.store import TrendStore, name_key
from trendreader.trends.suggest import suggest_trends
from trendreader.trends.yearly import YearRow, trend_years

__all__ = [
    "SUGGESTED_MARK",
    "TrendCatalog",
    "sidebar_label",
    "suggestion_key",
    "without_curated",
]


class TrendCatalog:
    """The trends of one library. Suggestions are computed once per library (``reload``)."""

    def __init__(
        self,
        store: TrendStore,
        finder: MentionFinder,
        library: Library,
        *,
        suggestions: int = SUGGESTIONS,
        saved: SavedTrends | None = None,
        saved_for: Callable[[Library], SavedTrends] | None = None,
    ) -> None:
        """``saved``: figures kept on disk for this library (the CLI), read and added to;
        ``saved_for``: makes them for each library the catalog is given, when first needed
        (the reader, whose library changes: its term index is then read from disk instead
        of segmenting every report again, see `trends.saved`)."""
        self.store = store
        self.saved = saved
        self._saved_for = saved_for
        self.finder = finder
        self.library = library
        self.suggestion_limit = suggestions
        self._suggested: list[Trend] | None = None
        self._index: TermIndex | None = None
        self._terms_in: PassageTerms | None = None  # over ``_index``
        #: (trend query, variant) → the mentions a year table was made of, and the table
        self._years: dict[tuple[str, Variant], tuple[Mentions, list[YearRow]]] = {}
        self._lock = threading.Lock()

    def reload(self, library: Library) -> None:
        """The library changed (and the index with it): forget suggestions and mentions."""
        with self._lock:
            self.library = library
            self._suggested = None
            self._index = self._terms_in = None
            self._years.clear()
            if self._saved_for is not None:
                self.saved = None  # the new library's, made when first needed
        self.finder.clear(library)

    def curated(self) -> list[Trend]:
        return self.store.curated()

    def term_index(self) -> TermIndex:
        """The library's keywords (built once per library: seconds on a large one)."""
        with self._lock:
            saved = self._saved_now()
            if self._index is None and saved is not None:
                self._index = saved.term_index()
            if self._index is None:
                self._index = build_term_index(self.library)
                if saved is not None:
                    saved.remember_term_index(self._index)
            return self._index

    def passage_terms(self) -> PassageTerms:
        """The library's terms in a passage, remembered across year tables and scripts."""
        index = self.term_index()
        with self._lock:
            if self._terms_in is None or self._terms_in.index is not index:
                self._terms_in = PassageTerms(index)
            return self._terms_in

    def _saved_now(self) -> SavedTrends | None:
        """Under the lock: the saved figures of the catalog's library (made if need be)."""
        if self.saved is None and self._saved_for is not None:
            self.saved = self._saved_for(self.library)
        return self.saved

    def all_suggested(self) -> list[Trend]:
        """The library's suggestions, before those a curated trend names are left out."""
        key = suggestion_key(self.store, self.suggestion_limit)
        with self._lock:
            saved = self._saved_now()
            if self._suggested is None and saved is not None:
                self._suggested = saved.suggested(key)
        if self._suggested is None:
            index = self.term_index()
            with self._lock:
                if self._suggested is None:
                    self._suggested = suggest_trends(
                        self.library,
                        self.store.builtin_trends(),
                        limit=self.suggestion_limit,
                        index=index,
                    )
                    if self.saved is not None:
                        self.saved.remember_suggested(key, self._suggested)
        return list(self._suggested)

    def suggested(self) -> list[Trend]:
        return without_curated(self.all_suggested(), self.curated())

    def trends(self) -> list[Trend]:
        """Curated trends (built in, then the user's), then suggested ones."""
        return self.curated() + self.suggested()

    def find(self, name: str) -> Trend | None:
        key = name_key(name)
        return next((t for t in self.trends() if name_key(t.name) == key), None)

    def mentions(self, trend: Trend, variant: Variant) -> Mentions:
        return self.finder.mentions(trend, variant)

    def cached_years(self, trend: Trend, variant: Variant) -> list[YearRow] | None:
        """The year table :meth:`years` made for ``trend`` in ``variant`` and still keeps (its
        mentions not made again since), or None: nothing is made here."""
        mentions = self.finder.cached(trend, variant)
        with self._lock:
            kept = self._years.get((trend.query, variant))
        if mentions is None or kept is None or kept[0] is not mentions:
            return None
        return kept[1]

    def years(self, trend: Trend, variant: Variant) -> list[YearRow]:
        """The trend year by year (every year of the library, zeros included); kept while
        its mentions are (~0.4 s at 2,000 reports: a trend's screen opened again, or made
        ready at idle, shows at once)."""
        mentions = self.mentions(trend, variant)
        key = (trend.query, variant)
        with self._lock:
            kept = self._years.get(key)
            saved = self._saved_now()
        if kept is not None and kept[0] is mentions:
            return kept[1]
        # saved (the reader's start): read back, not made again (its terms need rjieba)
        saved_key = (trend.name, trend.aliases, trend.query, variant.value)
        years = saved.years(saved_key) if saved is not None else None
        if years is None:
            years = trend_years(mentions, self.library, self.passage_terms())
            if saved is not None and not mentions.partial:
                saved.remember_years(saved_key, years)
        with self._lock:
            self._years[key] = (mentions, years)
        return years

    def sidebar_rows(
        self, variant: Variant, go_on: Callable[[], bool] | None = None
    ) -> list[tuple[str, str, int]] | None:
        """``(name, label, reports mentioning it)`` for ``LibrarySidebar.populate(trends=…)``;
        trends no report mentions are left out. ``go_on`` is called before each trend is
        counted (it may wait); None when it says to stop."""
        rows = []
        for trend in self.trends():
            if go_on is not None and not go_on():
                return None
            count = self.finder.report_count(trend, variant)
            if count:
                rows.append((trend.name, sidebar_label(trend, variant), count))
        return rows
