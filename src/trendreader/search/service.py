"""The search facade the TUI and the CLI use: keep the index current, answer queries.

Both editions of a two-edition report are indexed (each keeps its own offsets and wording);
at query time the editions the reader would not be shown in the requested variant
(:func:`~trendreader.reading.choose_edition`) are masked out, so each passage appears once,
from the edition nearest the requested script, and counts and limits stay right.

Queries run on :mod:`trendreader.search.engine` (whole posting lists at a time, Whoosh's BM25F
scores and order, exact counts); Whoosh's own collector answers whatever the engine declines.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq
from whoosh.searching import Searcher

from trendreader.library.catalog import Library
from trendreader.library.model import Edition, Report
from trendreader.reading import choose_edition, converted_emphasis, passage_texts
from trendreader.script.display import display_text
from trendreader.script.variants import Variant
from trendreader.search.engine import Engine, Unsupported
from trendreader.search.index import (
    IndexDamaged,
    IndexUnavailable,
    PassageIndex,
    Progress,
    SyncStatus,
    damaged_notice,
    one_line,
    signature,
)
from trendreader.search.matching import PassageTexts, VerifiedPhrase, bind_texts
from trendreader.search.query import ParsedQuery, parse_query
from trendreader.search.snippets import Range, find_ranges, snippet

__all__ = ["SearchHit", "SearchResults", "SearchService", "SyncStatus"]


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


class SearchService:
    """One per process. ``ensure_index`` first (it may build); then ``search``.

    Thread-safe: calls are serialized, so a TUI worker may search while the UI thread reads.
    """

    def __init__(self, index_dir: Path, *, procs: int = 1, stored_text: bool = False) -> None:
        self.index = PassageIndex(index_dir, procs=procs, stored_text=stored_text)
        self.library: Library | None = None
        self.notices: list[str] = []
        self.unavailable: str | None = None
        """Why there is no index to search (one line), after ``ensure_index`` failed."""
        self._lock = threading.RLock()
        self._masks: dict[Variant, tuple[Searcher, set[int] | None]] = {}
        self._texts: PassageTexts | None = None
        self._engine: Engine | None = None

    # --- the index -------------------------------------------------------------------------

    def ensure_index(
        self, library: Library, *, progress: Progress | None = None, rebuild: bool = False
    ) -> SyncStatus:
        """Build the index on first use, else refresh the editions whose content changed.

        Raises :class:`~trendreader.search.index.IndexUnavailable` (one line naming the
        folder and what to do) when the index cannot be written and there is none to read;
        searches then answer with that line instead of results.
        """
        with self._lock:
            self.library = library
            self._masks.clear()
            self._texts = None
            self._engine = None
            try:
                status = self.index.sync(library, progress=progress, rebuild=rebuild)
            except IndexUnavailable as error:
                self.unavailable = str(error)
                self.notices.append(self.unavailable)
                raise
            self.unavailable = None
            if status.notice:
                self.notices.append(status.notice)
            return status

    def close(self) -> None:
        with self._lock:
            self._texts = None
            self._engine = None
            self.index.close()

    # --- searching -------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        variant: Variant = Variant.ORIGINAL,
        limit: int = 20,
        report: str | None = None,
        year: int | None = None,
    ) -> SearchResults:
        """Passages matching ``query``, best first; never raises for any query text."""
        started = time.perf_counter()
        with self._lock:
            library = self._require_library()
            if self.unavailable is not None:
                elapsed = (time.perf_counter() - started) * 1000
                message = f"search unavailable: {self.unavailable}"
                return SearchResults(query, [], 0, elapsed, message, (), searchable=False)
            parsed = parse_query(query, resolve_report=self.resolve_report)
            if parsed.query is None:
                elapsed = (time.perf_counter() - started) * 1000
                return SearchResults(query, [], 0, elapsed, parsed.message, (), searchable=False)
            filters = self._filters(report, year)
            if filters is wq.NullQuery:
                message = f"no report matches {report!r}"
                return _results(query, [], 0, started, message, parsed.forms)
            try:
                hits, total = self._run(library, parsed, variant, limit, filters)
                message = parsed.message
            except IndexDamaged as error:
                try:
                    self.index.sync(library, rebuild=True)
                except IndexUnavailable as unwritable:
                    self.unavailable = str(unwritable)
                    message = f"search unavailable: {unwritable}"
                    return _results(query, [], 0, started, message, ())
                message = damaged_notice(error)
                self.notices.append(message)
                try:
                    hits, total = self._run(library, parsed, variant, limit, filters)
                except IndexDamaged as again:
                    return _results(query, [], 0, started, f"search failed: {again}", ())
            return _results(query, hits, total, started, message, parsed.forms)

    def resolve_report(self, value: str) -> list[str]:
        """Report keys for a ``report:`` value: a report or edition key, else a key prefix."""
        library = self._require_library()
        found = library.find(value)
        if found is not None:
            return [found[0].key]
        return [r.key for r in library.reports if any(e.key.startswith(value) for e in r.editions)]

    def _require_library(self) -> Library:
        if self.library is None:
            raise RuntimeError("SearchService.ensure_index(library) must be called first")
        return self.library

    def _filters(self, report: str | None, year: int | None) -> wq.Query | None:
        parts: list[wq.Query] = []
        if report:
            keys = self.resolve_report(report)
            if not keys:
                return wq.NullQuery
            parts.append(wq.Or([wq.Term("report", k) for k in keys]))
        if year is not None:
            parts.append(wq.NumericRange("year", year, year))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _mask(self, library: Library, variant: Variant, searcher: Searcher) -> set[int] | None:
        """Document numbers of the editions not shown in ``variant`` (reports with several
        editions), computed once per searcher and variant: Whoosh turning a mask query into
        a document set costs ~50 ms a query at 1k reports."""
        cached = self._masks.get(variant)
        if cached is not None and cached[0] is searcher:
            return cached[1]
        hidden = [
            wq.Term("key", e.key)
            for r in library.reports
            if len(r.editions) > 1
            for e in r.editions
            if e.key != choose_edition(r, variant).key
        ]
        docs = set(searcher.docs_for_query(wq.Or(hidden))) if hidden else None
        self._masks[variant] = (searcher, docs)
        return docs

    def _passage_texts(
        self, library: Library, searcher: Searcher, query: wq.Query | None = None
    ) -> PassageTexts | None:
        """The searcher's document → passage table, built once per searcher when a query
        needs it (phrases are checked on it; see :mod:`trendreader.search.matching`)."""
        if self._texts is not None and self._texts.searcher is searcher:
            return self._texts
        if query is not None and not any(isinstance(q, VerifiedPhrase) for q in query.leaves()):
            return None
        editions = {edition.key: edition for edition in library.editions()}
        self._texts = PassageTexts(searcher, editions)
        return self._texts

    def _engine_for(self, searcher: Searcher, texts: PassageTexts | None) -> Engine:
        """The searcher's engine (its leaf cache lives as long as the searcher)."""
        engine = self._engine
        if engine is None or engine.searcher is not searcher:
            engine = self._engine = Engine(searcher, texts)
        elif texts is not None:
            engine.texts = texts
        return engine

    def _run(
        self,
        library: Library,
        parsed: ParsedQuery,
        variant: Variant,
        limit: int,
        filters: wq.Query | None,
    ) -> tuple[list[SearchHit], int]:
        assert parsed.query is not None
        try:
            searcher = self.index.searcher()
            texts = self._passage_texts(library, searcher, parsed.query)
            bind_texts(parsed.query, texts)
            mask = self._mask(library, variant, searcher)
            try:
                top, total = self._engine_for(searcher, texts).run(
                    parsed.query, limit=max(1, limit), filter=filters, mask=mask
                )
            except Unsupported:
                # no limit: Whoosh's limited collector can miss matches of nested ORs
                results = searcher.search(parsed.query, limit=None, filter=filters, mask=mask)
                top = [(r.docnum, r.score or 0.0) for r in results[: max(1, limit)]]
                total = len(results)
            found = []
            for docnum, score in top:
                stored = searcher.stored_fields(docnum)
                found.append((stored["key"], stored["ordinal"], score))
        except IndexDamaged:
            raise
        except Exception as error:
            self.index.close()
            raise IndexDamaged(one_line(error)) from error
        hits = []
        for key, ordinal, score in found:
            hit = self._hit(library, key, ordinal, score or 0.0, parsed.forms, variant)
            if hit is not None:
                hits.append(hit)
        return hits, total

    def _hit(
        self,
        library: Library,
        key: str,
        ordinal: int,
        score: float,
        forms: tuple[str, ...],
        variant: Variant,
    ) -> SearchHit | None:
        found = library.find(key)
        if found is None:
            return None  # removed since the index was written (read-only index)
        report, edition = found
        if ordinal >= len(edition.passages):
            return None
        text = passage_texts(edition, variant)[ordinal]
        ranges = _highlights(edition, ordinal, text, forms, variant)
        stale = self.index.indexed.get(key) != signature(report, edition)
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


def _results(
    query: str,
    hits: list[SearchHit],
    total: int,
    started: float,
    message: str | None,
    forms: tuple[str, ...],
) -> SearchResults:
    elapsed = (time.perf_counter() - started) * 1000
    return SearchResults(query, hits, total, elapsed, message, forms)
