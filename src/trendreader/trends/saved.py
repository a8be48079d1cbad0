"""What ``trendreader trends`` found before, kept in the cache folder: the suggested trends,
every trend's mention counts (per report, per variant) and the term index, for one state of
the library and of the code that computes them.

A fresh ``trendreader trends`` then lists every trend without importing Whoosh, reading a
passage or segmenting a word: the listing of the library (keys, content hashes, years) says
whether what is saved still holds. Anything else — another library, a changed report, an
upgrade of trendreader or OpenCC, an edited module of ``library``, ``script``, ``search`` or
``trends`` — and the saved figures are ignored and computed again (then saved). Damaged or
unreadable files are ignored the same way; a file that cannot be written only costs speed.
Deleting the files loses nothing.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trendreader.script.variants import Variant
from trendreader.trends.model import Trend
from trendreader.trends.store import TrendStore, name_key

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.trends.keywords import TermIndex
    from trendreader.trends.mentions import Mentions
    from trendreader.trends.yearly import YearRow

__all__ = [
    "COUNTS_FILE",
    "SUGGESTIONS",
    "TERMS_FILE",
    "YEARS_FILE",
    "MentionCounts",
    "ReportCount",
    "SavedTrends",
    "code_state",
    "library_state",
    "suggestion_key",
    "without_curated",
]

COUNTS_FILE = "trends.pickle"
TERMS_FILE = "trends-terms.pickle"
YEARS_FILE = "trends-years.pickle"
FORMAT = 2  # 2: the term index keeps its heading topics
#: How many trends are suggested for a library (below the curated ones).
SUGGESTIONS = 20
#: The packages whose code decides passages, search matches and keywords.
_PACKAGES = ("library", "script", "search", "trends")


@dataclass(frozen=True, slots=True)
class ReportCount:
    """The passages of one report mentioning a trend."""

    report_key: str
    year: int | None
    count: int


@dataclass(frozen=True, slots=True)
class MentionCounts:
    """A trend's mentions counted (no passages, no snippets): what the list of trends shows.
    Answers like :class:`~trendreader.trends.mentions.Mentions` for the counts."""

    trend: Trend
    variant: Variant
    reports: tuple[ReportCount, ...]  # in library order, mentioned only
    total: int
    message: str | None = None
    _by_report: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_report.update((r.report_key, r.count) for r in self.reports)

    @classmethod
    def of(cls, mentions: Mentions) -> MentionCounts:
        reports = tuple(ReportCount(r.report_key, r.year, r.count) for r in mentions.reports)
        return cls(mentions.trend, mentions.variant, reports, mentions.total, mentions.message)

    @property
    def by_report(self) -> dict[str, int]:
        return dict(self._by_report)

    @property
    def report_count(self) -> int:
        return len(self.reports)

    def by_year(self) -> dict[int | None, int]:
        """Year → passages, newest first, undated last."""
        years: dict[int | None, int] = {}
        for report in self.reports:
            years[report.year] = years.get(report.year, 0) + report.count
        return dict(sorted(years.items(), key=lambda item: (item[0] is None, -(item[0] or 0))))


def suggestion_key(store: TrendStore, limit: int = SUGGESTIONS) -> Any:
    """What the suggestions depend on besides the library: the built-in trends and how many."""
    return (limit, tuple((t.name, t.aliases) for t in store.builtin_trends()))


def without_curated(suggested: Sequence[Trend], curated: Sequence[Trend]) -> list[Trend]:
    """The suggestions no curated trend names already."""
    taken = {name_key(t.name) for t in curated}
    return [t for t in suggested if name_key(t.name) not in taken]


def library_state(library: Library) -> str:
    """A digest of what the figures depend on in ``library``: its reports in order, their
    years and their editions' keys and content (the listing has all of it)."""
    digest = hashlib.blake2b(digest_size=16)
    for report in library.reports:
        digest.update(repr((report.key, report.year)).encode())
        for edition in report.editions:
            digest.update(repr((edition.key, edition.content_hash, edition.script)).encode())
    digest.update(code_state().encode())
    return digest.hexdigest()


@cache
def code_state() -> str:
    """trendreader's version, its modules that compute the figures (size and time of each
    file) and the OpenCC install: figures saved by other code are not used."""
    from importlib.util import find_spec

    import trendreader

    root = Path(trendreader.__file__).parent
    parts = [trendreader.__version__]
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            try:
                stat = path.stat()
            except OSError:
                continue
            parts.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    spec = find_spec("opencc")
    for where in (spec.origin,) if spec is not None and spec.origin else ():
        try:
            stat = Path(where).parent.stat()
            parts.append(f"opencc:{where}:{stat.st_mtime_ns}")
        except OSError:
            pass
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


class SavedTrends:
    """The saved figures of one library state (``library_state``) in ``cache_dir``.

    ``suggested``/``counts``/``term_index`` answer ``None`` when nothing valid is saved;
    ``remember_*`` keep new figures and :meth:`save` writes them (atomically, best effort).

    ``terms_only``: the term index alone is read and written (the reader: it counts its
    trends itself, and the counts of every trend per report would only take its memory);
    the suggestions and counts are then neither read nor written."""

    def __init__(self, cache_dir: Path, state: str, *, terms_only: bool = False) -> None:
        self.cache_dir = cache_dir
        self.state = state
        self.terms_only = terms_only
        self._suggested: dict[Any, tuple[Trend, ...]] = {}
        self._counts: dict[tuple[str, str], tuple[tuple[ReportCount, ...], int, str | None]] = {}
        self._changed = False
        self._years: dict[Hashable, tuple[YearRow, ...]] | None = None  # read when asked
        if terms_only:
            return
        data = _load(cache_dir / COUNTS_FILE)
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("state") == state:
            suggested, counts = data.get("suggested"), data.get("counts")
            if isinstance(suggested, dict) and isinstance(counts, dict):
                self._suggested, self._counts = suggested, counts

    def suggested(self, key: Any) -> list[Trend] | None:
        found = self._suggested.get(key)
        return list(found) if found is not None else None

    def remember_suggested(self, key: Any, trends: list[Trend]) -> None:
        if self.terms_only:
            return
        self._suggested[key] = tuple(trends)
        self._changed = True

    def counts(self, trend: Trend, variant: Variant) -> MentionCounts | None:
        found = self._counts.get((trend.query, variant.value))
        if found is None:
            return None
        reports, total, message = found
        return MentionCounts(trend, variant, reports, total, message)

    def remember_counts(self, counts: MentionCounts) -> None:
        if self.terms_only:
            return
        key = (counts.trend.query, counts.variant.value)
        self._counts[key] = (counts.reports, counts.total, counts.message)
        self._changed = True

    def term_index(self) -> TermIndex | None:
        from trendreader.trends.keywords import TermIndex

        data = _load(self.cache_dir / TERMS_FILE)
        if isinstance(data, dict) and data.get("format") == FORMAT:
            index = data.get("index")
            if data.get("state") == self.state and isinstance(index, TermIndex):
                return index
        return None

    def remember_term_index(self, index: TermIndex) -> None:
        data = {"format": FORMAT, "state": self.state, "index": index}
        _write(self.cache_dir / TERMS_FILE, data)

    def years(self, key: Hashable) -> list[YearRow] | None:
        """The year table saved under ``key`` (a trend's name, aliases and query, and the
        variant: :meth:`TrendCatalog.years`) for this state, or None. Read back, a year table
        needs no word segmenting (rjieba, ~33 MB of memory once loaded, for good)."""
        found = self._saved_years().get(key)
        return list(found) if found is not None else None

    def remember_years(self, key: Hashable, rows: Sequence[YearRow]) -> None:
        """Keep ``rows`` under ``key`` (written at once, with the others of this state)."""
        years = dict(self._saved_years())
        years[key] = tuple(rows)
        self._years = years
        _write(self.cache_dir / YEARS_FILE, {"format": FORMAT, "state": self.state, "years": years})

    def _saved_years(self) -> dict[Hashable, tuple[YearRow, ...]]:
        if self._years is None:
            data = _load(self.cache_dir / YEARS_FILE)
            ok = isinstance(data, dict) and data.get("format") == FORMAT
            years = data.get("years") if ok and data.get("state") == self.state else None
            self._years = years if isinstance(years, dict) else {}
        return self._years

    def save(self) -> None:
        if not self._changed:
            return
        data = {
            "format": FORMAT,
            "state": self.state,
            "suggested": self._suggested,
            "counts": self._counts,
        }
        _write(self.cache_dir / COUNTS_FILE, data)
        self._changed = False


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # damaged, truncated, written by other code: not used
        return None


def _write(path: Path, data: object) -> None:
    from trendreader.atomic import write_pickle

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_pickle(path, data)
    except OSError:
        pass  # an unwritable cache costs speed only
