"""Keeping the search index current for the search service: build it (in the foreground or
in a thread), refresh what changed, and know which editions the searcher still lacks so a
search scans them meanwhile. Split from :mod:`trendreader.search.service`, which answers the
queries on top of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.searching import Searcher

from trendreader.i18n import _
from trendreader.library.catalog import Library
from trendreader.library.model import Edition
from trendreader.script.variants import Variant
from trendreader.search import expansions
from trendreader.search.engine import Engine
from trendreader.search.index import (
    IndexUnavailable,
    PassageIndex,
    Progress,
    SyncStatus,
    one_line,
)
from trendreader.search.matching import PassageTexts
from trendreader.search.paging import DocKeys, SegmentKeys
from trendreader.search.scan import NormalizedTexts

if TYPE_CHECKING:
    from trendreader.search.build_process import BuildChild

__all__ = ["PROCESS_MIN_PASSAGES", "IndexKeeper"]

#: A background build of fewer passages stays in a thread of this process (a child's start,
#: ~0.3 s of imports, would cost more than it saves); a larger one runs in a child process.
PROCESS_MIN_PASSAGES = 5_000


class IndexKeeper:
    """The index half of :class:`~trendreader.search.service.SearchService`: build it, keep it
    current, know which editions it lacks (those are scanned). ``ensure_index`` first.

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
        procs: int | None = None,
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
        self._doc_keys: DocKeys | None = None
        # each segment's document → edition key table, kept while the process runs and
        # beside the index: a new searcher reads only its new segments' postings
        self._segment_keys = SegmentKeys(self.index.directory)
        self._options = {"procs": procs, "stored_text": stored_text, **options}
        self._pending: frozenset[str] = frozenset()  # edition keys the searcher lacks
        self._searchable_index = True  # False: no usable index at all, everything scanned
        self._build: threading.Thread | None = None
        self._building = False  # set and cleared under the lock (see _build_in_background)
        self._build_progress: tuple[int, int] = (0, 0)  # passages (done, total)
        self._pending_passages: list[tuple[str, int]] = []  # (key, passages) build order
        self._folded = NormalizedTexts()
        self.whole: Callable[[Edition], Edition] = _itself
        """The edition with its passages, for a library whose editions were loaded without
        them (``trendreader search`` loads the cache's listing, then only the editions it
        shows, indexes or scans); by default the edition itself."""
        self._again: tuple[Library, Progress | None] | None = None  # came during a build
        self._child: BuildChild | None = None  # a build in a child process under way

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
        with self._lock:
            if self._building:  # index it once the build is done; scan it meanwhile
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
                self._building = True  # until the new index takes the old one's place
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
    def build_progress(self) -> tuple[int, int]:
        """``(passages indexed, passages to index)`` of the background build under way."""
        return self._build_progress

    @property
    def building(self) -> bool:
        """A background build is under way (its index has not replaced the searched one)."""
        return self._building

    def _forget_searcher_state(self) -> None:
        self._masks.clear()
        self._texts = None
        self._engine = None
        self._doc_keys = None

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

        from trendreader.search.build_process import BuildStopped  # (a search needs it not)

        try:
            whole = self._with_passages(library, builder, rebuild)
            status = self._build_in_child(whole, note, rebuild)
            if status is None:  # no child to be had, or a small build: here, in this thread
                status = builder.sync(whole, progress=note, rebuild=rebuild)
            else:  # the child wrote it: take its manifest (and whatever changed meanwhile)
                adopted = builder.sync(whole, progress=note)
                status.notice = adopted.notice or status.notice
            while True:  # the library changed during the build: index that too
                with self._lock:
                    again, self._again = self._again, None
                    if again is None:
                        self._take_built(builder, status)
                        return
                library, progress = again
                status = builder.sync(self._with_passages(library, builder), progress=note)
        except BuildStopped:  # the reader is closing
            with self._lock:
                self._building = False
        except IndexUnavailable as error:
            with self._lock:
                self._building = False
                self.unavailable = str(error)
                self.notices.append(self.unavailable)
                self._pending = frozenset()
        except Exception as error:  # the partial answers go on; the next refresh retries
            with self._lock:
                self._building = False
                self.notices.append(_("indexing failed: {reason}").format(reason=one_line(error)))

    def _build_in_child(
        self, library: Library, progress: Progress, rebuild: bool
    ) -> SyncStatus | None:
        """The build done by a child process (the reader's interpreter stays free for its
        keys), or None to build in this thread: a small build, or no child to be had."""
        if self._build_progress[1] < PROCESS_MIN_PASSAGES:
            return None
        from trendreader.search.build_process import BuildChild, BuildFailed

        options = dict(self._options)
        if options.get("procs") is None:  # one writer: the other core is the reader's
            options["procs"] = 1
        child = BuildChild()
        self._child = child
        try:
            return child.run(
                self.index.directory, options, library, rebuild=rebuild, progress=progress
            )
        except BuildFailed as error:
            self.notices.append(_("indexing failed: {reason}").format(reason=error))
            return None  # then here, in this thread
        finally:
            self._child = None

    def _take_built(self, builder: PassageIndex, status: SyncStatus) -> None:
        """Under the lock: the built index takes the searched one's place."""
        self._building = False
        old, self.index = self.index, builder
        old.close()
        self._forget_searcher_state()
        if status.read_only:  # another process holds the lock: keep scanning the rest
            return
        self.unavailable = None
        self._pending = frozenset()
        self._folded = NormalizedTexts()  # nothing is scanned any more: its texts go
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
            self._folded = NormalizedTexts()
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
        """Close the searcher; a build in a child process is stopped (one in a thread goes on,
        in its daemon thread)."""
        child = self._child
        if child is not None:
            child.stop()
        with self._lock:
            self._texts = None
            self._engine = None
            self.index.close()
        expansions.store().save()


def _itself(edition: Edition) -> Edition:
    return edition
