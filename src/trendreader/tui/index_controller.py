"""The search index's lifecycle: the one place that builds or updates the index.

An :class:`IndexController` opens the `SearchService` lazily (whoosh is imported after the
first paint), starts the service's background build (``ensure_index(background=True)``: its
own index object, outside the service's lock) from a Textual thread worker on its ``host``
(the app, or a search screen shown on its own), and reports with
:class:`~trendreader.tui.messages.IndexProgress` and :class:`~trendreader.tui.messages.IndexDone`
posted to the host. The host keeps the state in a reactive ``index_state`` (an
:class:`IndexState`) that others watch.

Search does not wait for the build: from the first progress message on, the state is
``searchable`` and the service answers from the part of the index that is current plus a scan
of the rest, and says so (``SearchResults.partial``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.worker import get_current_worker

from trendreader.i18n import _
from trendreader.tui.key_quiet import KeyQuiet
from trendreader.tui.messages import IndexDone, IndexProgress

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from trendreader.library.catalog import Library
    from trendreader.search.service import SearchService

Phase = Literal["waiting", "building", "ready"]


@dataclass(frozen=True, slots=True)
class IndexState:
    """``waiting`` (not started), ``building`` (``done`` of ``total`` passages; ``scanning``
    once the service answers searches meanwhile), ``ready`` (``notice``: one line to show, or
    None)."""

    phase: Phase = "waiting"
    done: int = 0
    total: int = 0
    notice: str | None = None
    scanning: bool = False

    @property
    def ready(self) -> bool:
        return self.phase == "ready"

    @property
    def searchable(self) -> bool:
        """The service answers for the library: in full, or while building (partly scanned)."""
        return self.phase == "ready" or self.scanning


#: A build in the reader's thread pauses while the reader is at the keys: until this long
#: after the last key. On two cores the build and the interface would otherwise share the
#: interpreter's lock, and a key's frame take twice as long.
QUIET_AFTER_INPUT = 0.3
#: The least time between two progress messages (each one redraws the progress line).
PROGRESS_EVERY = 0.1


class IndexingStopped(Exception):
    """Raised from the builder's progress report when the host is closing."""


class IndexController:
    GROUP = "index"

    def __init__(
        self,
        host: DOMNode,
        index_dir: Path | None = None,
        *,
        service: SearchService | None = None,
        keys: KeyQuiet | None = None,
    ) -> None:
        self.host = host
        self._index_dir = index_dir
        self._service = service
        self._closing = False  # close(): the build stops at its next progress report
        self.keys = keys if keys is not None else KeyQuiet()
        """The reader's last key (the app's own clock, shared with its other workers)."""

    @property
    def clock(self) -> Callable[[], float]:
        return self.keys.clock

    def yield_to_reader(self, cancelled: Callable[[], bool]) -> float:
        """In the builder's thread: wait while the reader pressed a key less than
        :data:`QUIET_AFTER_INPUT` ago (or until ``cancelled``); the seconds waited."""
        return self.keys.wait(QUIET_AFTER_INPUT, cancelled)

    @property
    def opened(self) -> bool:
        return self._service is not None

    @property
    def service(self) -> SearchService:
        if self._service is None:
            from trendreader.search.service import SearchService

            assert self._index_dir is not None
            self._service = SearchService(self._index_dir)
        return self._service

    @service.setter
    def service(self, service: SearchService) -> None:
        self._service = service

    def is_current(self, library: Library) -> bool:
        return self._service is not None and self._service.library is library

    def start(self, library: Library) -> None:
        """Build or refresh the index for ``library`` without blocking reading or search (a
        build under way indexes the newest library once it is done; searches scan meanwhile)."""
        service = self.service
        self.host.index_state = IndexState("building")  # type: ignore[attr-defined]
        self.host.run_worker(
            lambda: self._build(service, library),
            thread=True,
            exclusive=True,
            group=self.GROUP,
            name="index",
        )

    def _build(self, service: SearchService, library: Library) -> None:
        """The worker: start the service's build, say the library is searchable, wait for
        the build (a newer ``start`` cancels this wait and waits in its place)."""
        worker = get_current_worker()
        host = self.host
        posted = [float("-inf"), -1]  # when the last progress message went, and its count

        def progress(done: int, total: int) -> None:  # in the service's builder thread
            self.yield_to_reader(lambda: self._closing)
            if self._closing:  # stop here (the writer is cancelled, the next start
                raise IndexingStopped  # picks up what is missing)
            now = self.clock()
            if now - posted[0] < PROGRESS_EVERY and (done < total or posted[1] == done):
                return
            posted[:] = [now, done]
            # A message, not call_from_thread: waiting on a UI thread that is closing the
            # service would never end.
            host.post_message(IndexProgress(done, total, searchable=searchable[0]))

        searchable = [False]  # once ensure_index returned: the service answers for library
        seen = len(service.notices)
        try:
            service.ensure_index(library, progress=progress, background=True)
        except Exception as error:  # the index is a cache: reading goes on without it
            if not worker.is_cancelled:
                host.post_message(
                    IndexDone(_("Search index unavailable: {error}").format(error=error))
                )
            return
        searchable[0] = True
        done, total = service.build_progress
        host.post_message(IndexProgress(done, total, searchable=True))
        while not service.wait(0.05):
            if worker.is_cancelled:
                return
        if worker.is_cancelled:
            return
        notices = service.notices[seen:]
        if service.unavailable is not None:  # the index cannot be written: search says why
            notice = _("Search index unavailable: {error}").format(error=service.unavailable)
        else:
            notice = notices[-1] if notices else None
        host.post_message(IndexDone(notice))  # after every progress message

    def progressed(self, message: IndexProgress) -> None:
        """The host's ``on_index_progress``: the count, unless the index is done already."""
        host = self.host
        if host.index_state.phase == "building":  # type: ignore[attr-defined]
            scanning = message.searchable or host.index_state.scanning  # type: ignore[attr-defined]
            state = IndexState("building", message.done, message.total, scanning=scanning)
            host.index_state = state  # type: ignore[attr-defined]

    def done(self, message: IndexDone) -> None:
        self.host.index_state = IndexState("ready", notice=message.notice)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Stop a build at its next progress report (a first build can take minutes) and
        close the index."""
        self._closing = True
        self.host.workers.cancel_group(self.host, self.GROUP)
        if self._service is not None:
            self._service.close()
