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
    from trendreader.trends.saved import SavedTrends
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
        self.catalog = TrendCatalog(
            self.store, MentionFinder(service, library), library, saved_for=self.saved_terms
        )
        return list(self.store.problems)

    def saved_terms(self, library: Library) -> SavedTrends:
        """The term index kept on disk for ``library`` (as ``trendreader trends`` keeps it),
        in the worker that first needs it: read back, the reader does not segment every
        report again at each start (rjieba's dictionary alone held ~35 MB of the reader's
        memory at 10,000 reports, for good, and the segmenting took ~5.6 s of CPU)."""
        from trendreader.trends.saved import SavedTrends, library_state

        return SavedTrends(self.paths.cache_dir, library_state(library), terms_only=True)

    def rows(
        self, variant: Variant, go_on: Callable[[], bool] | None = None
    ) -> tuple[TrendRow, ...] | None:
        """Each trend with its count of reports (searches: call off the UI thread); ``go_on``
        before each count (it may wait for the keys to be quiet; False: stop, and None is
        returned)."""
        if self.catalog is None:
            return ()
        rows = self.catalog.sidebar_rows(variant, go_on)
        return None if rows is None else tuple(rows)

    def count_every_script(self, go_on: Callable[[], bool] | None = None) -> bool:
        """Count the trends in every script (as written, 简体, 繁體), so that a script switch
        finds its counts made: a ``t`` to a script not counted yet started ~0.5–4 s of
        searches at 2,000 reports, which held the interpreter's lock while the next keys were
        drawn. ``go_on`` before each count; False when it said to stop."""
        if self.catalog is None:
            return True
        from trendreader.script.variants import SCRIPT_VARIANTS

        return all(self.catalog.sidebar_rows(v, go_on) is not None for v in SCRIPT_VARIANTS)

    def prepare_first(self, rows: Sequence[TrendRow], variant: Variant) -> None:
        """The first row's trend's mentions and year table in ``variant`` (searches: off the
        UI thread), so that its screen is made ready at idle (``prewarm``) and opens at once."""
        first = self.catalog.find(rows[0][0]) if self.catalog is not None and rows else None
        if first is not None and self.catalog is not None:
            self.catalog.years(first, variant)
