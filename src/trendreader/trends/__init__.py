"""Trends: named sets of aliases followed across reports and years (no Textual here).

- :mod:`.model`: :class:`Trend` and the errors.
- :mod:`.store`: built-in ``trends.toml`` beside the reports (read only) and the user's
  ``trends.toml`` in the data dir; :func:`save_search_as_trend`.
- :mod:`.mentions`: a trend's passages per report and per year, via the search service.
- :mod:`.keywords`: the library's terms (rjieba over folded text, IDF, boilerplate left out);
  :mod:`.stopwords` its stop list.
- :mod:`.suggest`: suggested trends for any library (topics from the keywords).
- :mod:`.yearly`: year against year: a trend per year, new and faded terms, what's new.
- :mod:`.chart`: the year chart as lines of ``(text, role)``.
- :mod:`.naming`: the name ``ctrl+s`` proposes for a search.
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
