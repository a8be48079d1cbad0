"""The trend catalog behind the sidebar's Trends: built once the index is ready (a trend's
mentions are search hits), reloaded with the library. No Textual; the app counts the rows
in a worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.paths import AppPaths
    from trendreader.script.variants import Variant
    from trendreader.search.service import SearchService
    from trendreader.trends.catalog import TrendCatalog
    from trendreader.trends.store import TrendStore

#: One sidebar row: (trend name, label, number of reports mentioning it).
TrendRow = tuple[str, str, int]


class TrendsController:
    def __init__(self, paths: AppPaths, folders: Sequence[Path]) -> None:
        self.paths = paths
        self.folders = list(folders)
        self.catalog: TrendCatalog | None = None
        self.store: TrendStore | None = None

    def setup(self, service: SearchService, library: Library) -> list[str]:
        """Build the catalog (first time) or reload it for ``library``; problems to show."""
        if self.catalog is not None:
            self.catalog.reload(library)
            return []
        from trendreader.trends.catalog import TrendCatalog
        from trendreader.trends.mentions import MentionFinder
        from trendreader.trends.store import TrendStore

        self.store = TrendStore.for_library(self.paths, self.folders)
        self.catalog = TrendCatalog(self.store, MentionFinder(service, library), library)
        return list(self.store.problems)

    def rows(
        self, variant: Variant, go_on: Callable[[], bool] | None = None
    ) -> tuple[TrendRow, ...] | None:
        """Each trend with its count of reports (searches: call off the UI thread), and the
        first trend's mentions made; ``go_on`` before each count (it may wait for the keys to
        be quiet; False: stop, and None is returned)."""
        if self.catalog is None:
            return ()
        rows = self.catalog.sidebar_rows(variant, go_on)
        if rows is None:
            return None
        # the counts make no mentions (no hits); the first trend's are made here, and its
        # year table, so that its screen is made ready at idle (`prewarm`) and opens at once
        first = self.catalog.find(rows[0][0]) if rows else None
        if first is not None and (go_on is None or go_on()):
            self.catalog.years(first, variant)
        return tuple(rows)
