"""Trends: named sets of aliases followed across reports and years (no Textual here).

- :mod:`.model`: :class:`Trend` and the errors.
- :mod:`.store`: built-in ``trends.toml`` beside the reports (read only) and the user's
  ``trends.toml`` in the data dir; :func:`save_search_as_trend`.
- :mod:`.mentions`: a trend's passages per report and per year, via the search service.
- :mod:`.suggest`: suggested trends for any library.
- :mod:`.catalog`: :class:`TrendCatalog`, what the TUI and the CLI use.
"""

from trendreader.trends.model import Trend, TrendError, TrendFileError, TrendNameError
from trendreader.trends.store import TrendStore, save_search_as_trend

__all__ = [
    "Trend",
    "TrendError",
    "TrendFileError",
    "TrendNameError",
    "TrendStore",
    "save_search_as_trend",
]
