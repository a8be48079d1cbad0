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
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from whoosh import query as wq
from whoosh.searching import Searcher

from trendreader.library.catalog import Library
from trendreader.library.model import Edition
from trendreader.reading import choose_edition
from trendreader.script.variants import Variant
from trendreader.search import expansions
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
from trendreader.search.results import SearchHit, SearchResults, make_hit, results_now
from trendreader.search.scan import NormalizedTexts, scan_query

__all__ = ["SearchHit", "SearchResults", "SearchService", "SyncStatus"]


class SearchService:
    """One per process. ``ensure_index`` first; then ``search``.

    ``ensure_index(library, background=True)`` returns at once and builds in a thread; until
    the build is done, searches answer from the part of the index that is current plus a
    scan of the other editions (``SearchResults.partial`` says so). ``ensure_index(library,
    build=False)`` builds nothing (another process does): the same partial answers.
    ``update(library)`` re-indexes only the editions whose content changed (one file: well
    under a second) and reopens the searcher; a search also reopens it when another process
    committed to the index.

    Thread-safe: calls are serialized, so a TUI worker may search while the UI thread reads
    (a background build runs outside that lock, on its own index object).
    """

    def __init__(
        self,
        index_dir: Path,
        *,
        procs: int = 1,
        stored_text: bool = False,
        limitmb: int | None = None,
    ) -> None:
        options = {} if limitmb is None else {"limitmb": limitmb}
        self.index = PassageIndex(index_dir, procs=procs, stored_text=stored_text, **options)
        expansions.use_file(index_dir.parent / expansions.FILE_NAME)
        self.library: Library | None = None
        self.notices: list[str] = []
        self.unavailable: str | None = None
        """Why there is no index to search (one line), after ``ensure_index`` failed."""
        self._lock = threading.RLock()
        self._masks: dict[Variant, tuple[Searcher, set[int] | None]] = {}
        self._texts: PassageTexts | None = None
        self._engine: Engine | None = None
        self._options = {"procs": procs, "stored_text": stored_text, **options}
        self._pending: frozenset[str] = frozenset()  # edition keys the searcher lacks
        self._searchable_index = True  # False: no usable index at all, everything scanned
        self._build: threading.Thread | None = None
        self._build_progress: tuple[int, int] = (0, 0)  # passages (done, total)
        self._pending_passages: list[tuple[str, int]] = []  # (key, passages) build order
        self._folded = NormalizedTexts()
        self.whole: Callable[[Edition], Edition] = _itself
        """The edition with its passages, for a library whose editions were loaded without
        them (``trendreader search`` loads the cache's listing, then only the editions it
        shows, indexes or scans); by default the edition itself."""
        self._again: tuple[Library, Progress | None] | None = None  # came during a build

    # --- the index -------------------------------------------------------------------------

    def plan(self, library: Library) -> tuple[int, int]:
        """``(editions to index, editions in the library)``, from the manifest alone."""
        _indexed, pending = self.index.plan(library)
        return len(pending), sum(len(r.editions) for r in library.reports)

    def ensure_index(
        self,
        library: Library,
        *,
        progress: Progress | None = None,
        rebuild: bool = False,
        background: bool = False,
        build: bool = True,
    ) -> SyncStatus:
        """Build the index on first use, else refresh the editions whose content changed.

        ``background=True``: when there is anything to index, do it in a thread and return
        at once; ``build=False``: index nothing here. Either way, until the index holds
        every edition, searches scan the rest (``SearchResults.partial``).

        Raises :class:`~trendreader.search.index.IndexUnavailable` (one line naming the
        folder and what to do) when the index cannot be written and there is none to read;
        searches then answer with that line instead of results.
        """
        if self.building:  # index it once the build is done; scan it meanwhile
            with self._lock:
                self.library = library
                self._again = (library, progress)
                indexed, pending = self.index.plan(library)
                self._set_pending(library, indexed, sorted(set(pending) | self._pending))
                return SyncStatus()
        if background or not build:
            with self._lock:
                self.library = library
                self._forget_searcher_state()
                indexed, pending = [None, []] if rebuild else self.index.plan(library)
                if rebuild:
                    pending = [e.key for e in library.editions()]
                if not pending:
                    return self._sync_now(library, progress, rebuild=False)
                self._set_pending(library, indexed, pending)
                if not build:
                    return SyncStatus()
                self._build = threading.Thread(
                    target=self._build_in_background,
                    args=(library, progress, rebuild),
                    name="trendreader-index",
                    daemon=True,
                )
                self._build.start()
                return SyncStatus()
        with self._lock:
            return self._sync_now(library, progress, rebuild=rebuild)

    def update(self, library: Library) -> SyncStatus:
        """Re-index the editions of ``library`` whose content changed since the index was
        written (added, changed, removed files), nothing else; for a running app after a file
        event. One changed report at 2,000: one writer, one small segment, ~0.1–0.5 s."""
        return self.ensure_index(library)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a background build; True when none is running any more."""
        thread = self._build
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
        return True

    @property
    def building(self) -> bool:
        return self._build is not None and self._build.is_alive()

    def _forget_searcher_state(self) -> None:
        self._masks.clear()
        self._texts = None
        self._engine = None

    def _set_pending(
        self, library: Library, indexed: dict[str, str] | None, pending: list[str]
    ) -> None:
        self._pending = frozenset(pending)
        self._searchable_index = indexed is not None
        if indexed is not None:
            self.index.indexed = dict(indexed)
        wanted = set(pending)
        sizes = {e.key: len(self.whole(e).passages) for e in library.editions() if e.key in wanted}
        self._pending_passages = [(key, sizes.get(key, 0)) for key in pending]
        self._build_progress = (0, sum(n for _k, n in self._pending_passages))

    def _with_passages(
        self, library: Library, index: PassageIndex, rebuild: bool = False
    ) -> Library:
        """``library`` with the editions ``index`` is to write given their passages."""
        if self.whole is _itself:
            return library
        keys = {e.key for e in library.editions()} if rebuild else set(index.plan(library)[1])
        if not keys:
            return library
        reports = [
            replace(r, editions=tuple(self.whole(e) if e.key in keys else e for e in r.editions))
            if any(e.key in keys for e in r.editions)
            else r
            for r in library.reports
        ]
        return Library(reports=reports, problems=list(library.problems))

    def _partial(self) -> tuple[int, int] | None:
        """``(editions indexed, editions total)`` while some are scanned."""
        if not self._pending or self.library is None:
            return None
        total = sum(len(r.editions) for r in self.library.reports)
        done_passages = self._build_progress[0]
        done = 0
        for _key, count in self._pending_passages:
            if done_passages < count or count == 0:
                break
            done_passages -= count
            done += 1
        return total - len(self._pending) + done, total

    def _build_in_background(
        self, library: Library, progress: Progress | None, rebuild: bool
    ) -> None:
        builder = PassageIndex(self.index.directory, **self._options)  # its own lock

        def note(done: int, total: int) -> None:
            self._build_progress = (done, total)
            if progress is not None:
                progress(done, total)

        try:
            whole = self._with_passages(library, builder, rebuild)
            status = builder.sync(whole, progress=note, rebuild=rebuild)
            while self._again is not None:  # the library changed during the build
                library, progress = self._again
                self._again = None
                status = builder.sync(self._with_passages(library, builder), progress=note)
        except IndexUnavailable as error:
            with self._lock:
                self.unavailable = str(error)
                self.notices.append(self.unavailable)
                self._pending = frozenset()
            return
        except Exception as error:  # the partial answers go on; the next refresh retries
            with self._lock:
                self.notices.append(f"indexing failed: {one_line(error)}")
            return
        with self._lock:
            old, self.index = self.index, builder
            old.close()
            self._forget_searcher_state()
            if status.read_only:  # another process holds the lock: keep scanning the rest
                return
            self.unavailable = None
            self._pending = frozenset()
            self._searchable_index = True
            if status.notice:
                self.notices.append(status.notice)

    def _sync_now(
        self, library: Library, progress: Progress | None, *, rebuild: bool
    ) -> SyncStatus:
        with self._lock:
            self.library = library
            self._forget_searcher_state()
            self._pending = frozenset()
            self._searchable_index = True
            try:
                whole = self._with_passages(library, self.index, rebuild)
                status = self.index.sync(whole, progress=progress, rebuild=rebuild)
            except IndexUnavailable as error:
                self.unavailable = str(error)
                self.notices.append(self.unavailable)
                raise
            self.unavailable = None
            if status.notice:
                self.notices.append(status.notice)
            return status

    def close(self) -> None:
        """Close the searcher (a background build goes on, in its daemon thread)."""
        with self._lock:
            self._texts = None
            self._engine = None
            self.index.close()
        expansions.store().save()

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
                return results_now(query, [], 0, started, message, parsed.forms)
            if self._pending:
                return self._search_partial(
                    library, query, parsed, variant, limit, filters, report, year, started
                )
            try:
                self.index.reopen_if_changed()  # another process committed since
                hits, total = self._run(library, parsed, variant, limit, filters)
                message = parsed.message
            except IndexDamaged as error:
                try:
                    self.index.sync(library, rebuild=True)
                except IndexUnavailable as unwritable:
                    self.unavailable = str(unwritable)
                    message = f"search unavailable: {unwritable}"
                    return results_now(query, [], 0, started, message, ())
                message = damaged_notice(error)
                self.notices.append(message)
                try:
                    hits, total = self._run(library, parsed, variant, limit, filters)
                except IndexDamaged as again:
                    return results_now(query, [], 0, started, f"search failed: {again}", ())
            return results_now(query, hits, total, started, message, parsed.forms)

    def _search_partial(
        self,
        library: Library,
        query: str,
        parsed: ParsedQuery,
        variant: Variant,
        limit: int,
        filters: wq.Query | None,
        report: str | None,
        year: int | None,
        started: float,
    ) -> SearchResults:
        """The indexed part (editions unchanged since the last complete index) and a scan of
        the rest; see :mod:`trendreader.search.scan`."""
        pending = self._pending
        hits: list[SearchHit] = []
        total = 0
        if self._searchable_index:
            try:
                found, found_total = self._run(library, parsed, variant, limit * 2, filters)
                kept = [h for h in found if h.edition_key not in pending]
                hits, total = kept[:limit], found_total - (len(found) - len(kept))
            except IndexDamaged:  # the build may have replaced it: scan everything
                self._searchable_index = False
                self._pending = pending = frozenset(e.key for e in library.editions())
        scan = scan_query(query)
        if scan is not None:
            keys = set(self.resolve_report(report)) if report else None
            editions = [
                edition
                for r in library.reports
                if (keys is None or r.key in keys) and (year is None or r.year == year)
                for edition in ([choose_edition(r, variant)] if len(r.editions) > 1 else r.editions)
                if edition.key in pending
            ]
            editions = [self.whole(e) for e in editions]
            for key, ordinal in self._folded.scan(editions, scan):
                total += 1
                if len(hits) < limit:
                    hit = self._hit(library, key, ordinal, 0.0, parsed.forms, variant)
                    if hit is not None:
                        hits.append(hit)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResults(
            query, hits, total, elapsed, parsed.message, parsed.forms, partial=self._partial()
        )

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
        self._texts = PassageTexts(searcher, editions, self.whole)
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
        report, light = found
        stale = self.index.indexed.get(key) != signature(report, light)
        return make_hit(report, self.whole(light), ordinal, score, forms, variant, stale=stale)


def _itself(edition: Edition) -> Edition:
    return edition
