"""The search index's lifecycle: the one place that builds or updates the index.

An :class:`IndexController` opens the `SearchService` lazily (whoosh is imported after the
first paint), runs ``ensure_index`` in a Textual thread worker on its ``host`` (the app, or a
search screen shown on its own), and reports with :class:`~trendreader.tui.messages.IndexProgress`
and :class:`~trendreader.tui.messages.IndexDone` posted to the host. The host keeps the state
in a reactive ``index_state`` (an :class:`IndexState`) that others watch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.worker import get_current_worker

from trendreader.i18n import _
from trendreader.tui.messages import IndexDone, IndexProgress

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from trendreader.library.catalog import Library
    from trendreader.search.service import SearchService

Phase = Literal["waiting", "building", "ready"]


@dataclass(frozen=True, slots=True)
class IndexState:
    """``waiting`` (not started), ``building`` (``done`` of ``total``), ``ready``
    (``notice``: one line to show, or None)."""

    phase: Phase = "waiting"
    done: int = 0
    total: int = 0
    notice: str | None = None

    @property
    def ready(self) -> bool:
        return self.phase == "ready"


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
    ) -> None:
        self.host = host
        self._index_dir = index_dir
        self._service = service
        self._last_input = float("-inf")  # time.monotonic() of the reader's last key
        self.clock: Callable[[], float] = time.monotonic  # tests put their own clock here
        self.sleep: Callable[[float], None] = time.sleep

    def note_input(self) -> None:
        """The reader pressed a key: a build under way waits until the keys are quiet."""
        self._last_input = self.clock()

    def yield_to_reader(self, cancelled: Callable[[], bool]) -> float:
        """In the builder's thread: wait while the reader pressed a key less than
        :data:`QUIET_AFTER_INPUT` ago (or until ``cancelled``); the seconds waited."""
        started = now = self.clock()
        while not cancelled():
            quiet = now - self._last_input
            if quiet >= QUIET_AFTER_INPUT:
                break
            self.sleep(max(0.005, min(QUIET_AFTER_INPUT - quiet, 0.05)))  # naps of 5–50 ms
            now = self.clock()
        return now - started

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
        """Build or refresh the index for ``library`` without blocking reading (a build
        under way is cancelled: the newest library wins)."""
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
        worker = get_current_worker()
        host = self.host
        posted = [float("-inf"), -1]  # when the last progress message went, and its count

        def progress(done: int, total: int) -> None:
            self.yield_to_reader(lambda: worker.is_cancelled)
            if worker.is_cancelled:  # closing: stop here (the writer is cancelled, the
                raise IndexingStopped  # next start picks up what is missing)
            now = self.clock()
            if now - posted[0] < PROGRESS_EVERY and (done < total or posted[1] == done):
                return
            posted[:] = [now, done]
            # A message, not call_from_thread: the builder holds the service's lock here,
            # and waiting on a UI thread that is closing the service would never end.
            host.post_message(IndexProgress(done, total))

        try:
            status = service.ensure_index(library, progress=progress)
        except Exception as error:  # the index is a cache: reading goes on without it
            if not worker.is_cancelled:
                host.post_message(
                    IndexDone(_("Search index unavailable: {error}").format(error=error))
                )
            return
        host.post_message(IndexDone(status.notice))  # after every progress message

    def progressed(self, message: IndexProgress) -> None:
        """The host's ``on_index_progress``: the count, unless the index is done already."""
        host = self.host
        if host.index_state.phase == "building":  # type: ignore[attr-defined]
            host.index_state = IndexState("building", message.done, message.total)  # type: ignore[attr-defined]

    def done(self, message: IndexDone) -> None:
        self.host.index_state = IndexState("ready", notice=message.notice)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Stop a build at its next progress report (a first build can take minutes) and
        close the index."""
        self.host.workers.cancel_group(self.host, self.GROUP)
        if self._service is not None:
            self._service.close()
