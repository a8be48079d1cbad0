"""The search facade the TUI and the CLI use: keep the index current, answer queries.

Both editions of a two-edition report are indexed (each keeps its own offsets and wording);
at query time the editions the reader would not be shown in the requested variant
(:func:`~trendreader.reading.choose_edition`) are masked out, so each passage appears once,
from the edition nearest the requested script, and counts and limits stay right. A search
for the edition the reader has open (``edition=``) searches that edition, whichever the
variant would pick.

Queries run on :mod:`trendreader.search.engine` (whole posting lists at a time, Whoosh's BM25F
scores and order, exact counts); Whoosh's own collector answers whatever the engine declines.
Every match is counted per report and ordered (relevance, or newest first across all of
them) before a page is cut out (:mod:`trendreader.search.paging`). Keeping the index
current is :class:`~trendreader.search.keeper.IndexKeeper`'s half.
"""

from __future__ import annotations

import time

from whoosh import query as wq
from whoosh.searching import Searcher

from trendreader.i18n import _
from trendreader.library.catalog import Library
from trendreader.library.model import Edition, Report
from trendreader.library.packed import held_as_objects
from trendreader.reading import choose_edition
from trendreader.script.variants import Variant
from trendreader.search.engine import Engine, Unsupported
from trendreader.search.index import (
    IndexDamaged,
    IndexUnavailable,
    SyncStatus,
    damaged_notice,
    one_line,
    signature,
    wanted_signatures,
)
from trendreader.search.keeper import IndexKeeper
from trendreader.search.matching import PassageTexts, VerifiedPhrase, bind_texts
from trendreader.search.paging import (
    DocKeys,
    DocReport,
    Order,
    Page,
    cut_page,
    edition_reports,
    report_dates,
)
from trendreader.search.query import ParsedQuery, parse_query
from trendreader.search.results import SearchHit, SearchResults, make_hit, results_now
from trendreader.search.scan import scan_query

__all__ = ["Order", "SearchHit", "SearchResults", "SearchService", "SyncStatus"]

_Filters = wq.Query | None


class SearchService(IndexKeeper):
    """One per process. ``ensure_index`` first; then ``search``. Building, keeping the index
    current, partial answers during a build and thread safety: :class:`IndexKeeper`."""

    _tables: tuple[Library, dict[str, str], dict[str, tuple[int, str]] | None] | None = None
    _doc_reports: DocReport | None = None  # see _doc_report
    #: the library and the index's signatures ``_texts`` was made for
    _texts_basis: tuple[Library, dict[str, str]] | None = None

    def search(
        self,
        query: str,
        *,
        variant: Variant = Variant.ORIGINAL,
        limit: int = 20,
        report: str | None = None,
        year: int | None = None,
        offset: int = 0,
        order: Order = "relevance",
        edition: str | None = None,
    ) -> SearchResults:
        """Passages matching ``query``: the ``limit`` from ``offset`` on, best first
        (``order="date"``: newest report first, across every match); never raises for any
        query text. ``edition``: only that edition's passages (the one the reader shows),
        whether or not the variant would pick it. ``per_report`` counts every match."""
        started = time.perf_counter()
        with self._lock:
            library = self._require_library()
            if self.unavailable is not None:
                elapsed = (time.perf_counter() - started) * 1000
                message = _("search unavailable: {reason}").format(reason=self.unavailable)
                return SearchResults(query, [], 0, elapsed, message, (), searchable=False)
            parsed = parse_query(query, resolve_report=self.resolve_report)
            if parsed.query is None:
                elapsed = (time.perf_counter() - started) * 1000
                return SearchResults(query, [], 0, elapsed, parsed.message, (), searchable=False)
            filters = self._filters(report, year, edition)
            if filters is wq.NullQuery:
                message = _("no report matches {report!r}").format(report=report)
                return results_now(query, [], 0, started, message, parsed.forms)
            ask = _Ask(parsed, variant, filters, offset, limit, order, edition)
            if self._pending:
                return self._search_partial(library, query, ask, report, year, started)
            try:
                self.index.reopen_if_changed()  # another process committed since
                page = self._run(library, ask)
                message = parsed.message
            except IndexDamaged as error:
                try:
                    self.index.sync(library, rebuild=True)
                except IndexUnavailable as unwritable:
                    self.unavailable = str(unwritable)
                    message = _("search unavailable: {reason}").format(reason=unwritable)
                    return results_now(query, [], 0, started, message, ())
                message = damaged_notice(error)
                self.notices.append(message)
                try:
                    page = self._run(library, ask)
                except IndexDamaged as again:
                    failed = _("search failed: {reason}").format(reason=again)
                    return results_now(query, [], 0, started, failed, ())
            hits = self._hits(library, page, ask)
            return results_now(
                query,
                hits,
                page.total,
                started,
                message,
                parsed.forms,
                per_report=page.per_report,
                offset=offset,
            )

    def _search_partial(
        self,
        library: Library,
        query: str,
        ask: _Ask,
        report: str | None,
        year: int | None,
        started: float,
    ) -> SearchResults:
        """The indexed part (editions unchanged since the last complete index) and a scan of
        the rest; see :mod:`trendreader.search.scan`."""
        pending = self._pending
        scored: dict[int, float] = {}
        doc_report: DocReport | dict[int, str | None] = {}
        if self._searchable_index:
            try:
                found, doc_report = self._matches(library, ask)
                keys = doc_report.keys
                scored = {d: s for d, s in found.items() if keys.get(d) not in pending}
            except IndexDamaged:  # the build may have replaced it: scan everything
                self._searchable_index = False
                self._pending = pending = frozenset(e.key for e in library.editions())
        scanned: list[tuple[str, int]] = []
        scan = scan_query(query)
        if scan is not None:
            keys_wanted = set(self.resolve_report(report)) if report else None
            for value in scan.reports:  # report:… in the query, as the index reads it
                named = set(self.resolve_report(value))
                keys_wanted = named if keys_wanted is None else keys_wanted & named
            editions = [
                edition
                for r in library.reports
                if (keys_wanted is None or r.key in keys_wanted)
                and (year is None or r.year == year)
                and scan.wants_year(r.year)
                for edition in self._shown_editions(r, ask)
                if edition.key in pending
            ]
            editions = [self.whole(e) for e in editions]
            scanned = list(self._folded.scan(editions, scan))
        key_report, dates = self._library_tables(library, ask.order)
        page = cut_page(
            scored,
            scanned,
            doc_report=doc_report,
            key_report=key_report,
            order=ask.order,
            dates=dates,
            offset=ask.offset,
            limit=ask.limit,
        )
        hits = self._hits(library, page, ask)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResults(
            query,
            hits,
            page.total,
            elapsed,
            ask.parsed.message,
            ask.parsed.forms,
            partial=self._partial(),
            per_report=page.per_report,
            offset=ask.offset,
        )

    @staticmethod
    def _shown_editions(report: Report, ask: _Ask) -> list[Edition]:
        """The editions of ``report`` a scan reads: the one asked for, else the shown one."""
        if ask.edition is not None:
            return [e for e in report.editions if e.key == ask.edition]
        if len(report.editions) > 1:
            return [choose_edition(report, ask.variant)]
        return list(report.editions)

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

    def _library_tables(
        self, library: Library, order: Order = "date"
    ) -> tuple[dict[str, str], dict[str, tuple[int, str]]]:
        """Edition key → report key and report key → date, once per library; the dates only
        for ``order="date"`` (the relevance order does not read them: a year and a date for
        every report cost ~0.1 s on a first query at 5,000 reports)."""
        tables = self._tables
        if tables is None or tables[0] is not library:
            tables = self._tables = (library, edition_reports(library), None)
        dates = tables[2]
        if dates is None and order == "date":
            dates = report_dates(library)
            self._tables = (library, tables[1], dates)
        return tables[1], dates or {}

    def _filters(self, report: str | None, year: int | None, edition: str | None) -> _Filters:
        parts: list[wq.Query] = []
        if report:
            keys = self.resolve_report(report)
            if not keys:
                return wq.NullQuery
            parts.append(wq.Or([wq.Term("report", k) for k in keys]))
        if year is not None:
            parts.append(wq.NumericRange("year", year, year))
        if edition is not None:
            parts.append(wq.Term("key", edition))
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
        indexed = self.index.indexed
        texts, basis = self._texts, self._texts_basis
        if (
            texts is not None
            and texts.searcher is searcher
            and basis is not None
            and basis[0] is library
            and basis[1] is indexed
        ):
            return texts
        if query is not None and not any(isinstance(q, VerifiedPhrase) for q in query.leaves()):
            return None
        editions = {edition.key: edition for edition in library.editions()}
        # editions held without their passages (``trendreader search`` loads the listing)
        # or packed (the reader's, `library.packed`) and as the index holds them: their
        # texts are read from the index, none is loaded or unpacked. Passages held as
        # objects (just parsed) are read in place: no copy of their texts is made.
        wanted = wanted_signatures(library)
        current = {
            key
            for key, (sig, _r, edition) in wanted.items()
            if not held_as_objects(edition.passages) and indexed.get(key) == sig
        }
        keys = self._doc_report(library, searcher).keys.edition_keys()
        self._texts = PassageTexts(searcher, editions, self.whole, doc_keys=keys, current=current)
        self._texts_basis = (library, indexed)
        return self._texts

    def _engine_for(self, searcher: Searcher, texts: PassageTexts | None) -> Engine:
        """The searcher's engine (its leaf cache lives as long as the searcher)."""
        engine = self._engine
        if engine is None or engine.searcher is not searcher:
            engine = self._engine = Engine(searcher, texts)
        elif texts is not None:
            engine.texts = texts
        return engine

    def _doc_report(self, library: Library, searcher: Searcher) -> DocReport:
        """Document → report for ``searcher`` (one per searcher and library)."""
        keys = self._doc_keys
        if keys is None or keys.searcher is not searcher:
            keys = self._doc_keys = DocKeys(searcher, self._segment_keys)
        key_report = self._library_tables(library, "relevance")[0]
        kept = self._doc_reports
        if kept is None or kept.keys is not keys or kept.key_report is not key_report:
            kept = self._doc_reports = DocReport(keys, key_report)
        return kept

    def _matches(self, library: Library, ask: _Ask) -> tuple[dict[int, float], DocReport]:
        """Every indexed match (document → score) and who holds each document."""
        parsed = ask.parsed
        assert parsed.query is not None
        try:
            searcher = self.index.searcher()
            texts = self._passage_texts(library, searcher, parsed.query)
            bind_texts(parsed.query, texts)
            # the open edition is searched as it is, even when the variant picks the other
            mask = None if ask.edition is not None else self._mask(library, ask.variant, searcher)
            try:
                engine = self._engine_for(searcher, texts)
                scored = engine.matches(parsed.query, filter=ask.filters, mask=mask)
            except Unsupported:
                # no limit: Whoosh's limited collector can miss matches of nested ORs
                results = searcher.search(parsed.query, limit=None, filter=ask.filters, mask=mask)
                scored = {r.docnum: r.score or 0.0 for r in results}
            return scored, self._doc_report(library, searcher)
        except IndexDamaged:
            raise
        except Exception as error:
            self.index.close()
            raise IndexDamaged(one_line(error)) from error

    def _run(self, library: Library, ask: _Ask) -> Page:
        scored, doc_report = self._matches(library, ask)
        key_report, dates = self._library_tables(library, ask.order)
        return cut_page(
            scored,
            (),
            doc_report=doc_report,
            key_report=key_report,
            order=ask.order,
            dates=dates,
            offset=ask.offset,
            limit=ask.limit,
        )

    def _hits(self, library: Library, page: Page, ask: _Ask) -> list[SearchHit]:
        """The page's matches as hits (a document's stored fields read for these only).
        Made edition by edition, then put back in the page's order: an edition's passages
        held packed (`library.packed`) are unpacked once for all its hits, not once for
        each (a trend's up to 50,000 mentions come in score order, from every report)."""
        wanted: list[tuple[str, int, float]] = []
        searcher = self.index.searcher() if any(isinstance(r, int) for r, _s in page.refs) else None
        for ref, score in page.refs:
            if isinstance(ref, int):
                assert searcher is not None
                try:
                    stored = searcher.stored_fields(ref)
                except Exception as error:
                    self.index.close()
                    raise IndexDamaged(one_line(error)) from error
                key, ordinal = stored["key"], stored["ordinal"]
            else:
                key, ordinal = ref
            wanted.append((key, ordinal, score or 0.0))
        made: list[SearchHit | None] = [None] * len(wanted)
        forms, variant = ask.parsed.forms, ask.variant
        for n in sorted(range(len(wanted)), key=lambda n: wanted[n][0]):
            key, ordinal, score = wanted[n]
            made[n] = self._hit(library, key, ordinal, score, forms, variant)
        return [hit for hit in made if hit is not None]

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
        report, light = found
        stale = self.index.indexed.get(key) != signature(report, light)
        return make_hit(report, self.whole(light), ordinal, score, forms, variant, stale=stale)


class _Ask:
    """What one search asks for, handed between the steps."""

    __slots__ = ("edition", "filters", "limit", "offset", "order", "parsed", "variant")

    def __init__(
        self,
        parsed: ParsedQuery,
        variant: Variant,
        filters: _Filters,
        offset: int,
        limit: int,
        order: Order,
        edition: str | None,
    ) -> None:
        self.parsed, self.variant, self.filters = parsed, variant, filters
        self.offset, self.limit, self.order, self.edition = max(0, offset), limit, order, edition
