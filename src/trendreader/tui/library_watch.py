"""Reports added from another terminal: the library folders watched with `watchfiles`
(inotify, FSEvents, ReadDirectoryChangesW) in a Textual thread worker; a change posts
:class:`~trendreader.tui.messages.LibraryChanged` to the app. Nothing is polled."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trendreader.tui.messages import LibraryChanged

if TYPE_CHECKING:
    from textual.app import App


def watched_roots(folders: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """``(roots to watch, folders of interest)``: a folder that does not exist yet (the user
    library before the first ``add``) is watched through its nearest existing parent."""
    roots: list[Path] = []
    for folder in folders:
        root = folder
        while not root.exists() and root.parent != root:
            root = root.parent
        if root.exists() and root not in roots:
            roots.append(root)
    return roots, list(folders)


class LibraryWatcher:
    """Watches ``folders`` until :meth:`stop`; ``debounce_ms`` groups a burst of changes."""

    def __init__(self, app: App[object], folders: Sequence[Path], debounce_ms: int = 300) -> None:
        self.app = app
        self.folders = list(folders)
        self.debounce_ms = debounce_ms
        self._stop = threading.Event()

    def start(self) -> None:
        if self.folders:
            self.app.run_worker(self._watch, thread=True, group="library-watch", name="watch")

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        from watchfiles import watch

        roots, folders = watched_roots(self.folders)
        if not roots:
            return

        def wanted(_change: object, path: str) -> bool:
            changed = Path(path)
            return any(changed == f or f in changed.parents for f in folders)

        try:
            for _changes in watch(
                *roots,
                watch_filter=wanted,
                debounce=self.debounce_ms,
                stop_event=self._stop,
                rust_timeout=500,
                yield_on_timeout=False,
                raise_interrupt=False,
            ):
                if self._stop.is_set():
                    return
                self.app.post_message(LibraryChanged())
        except (OSError, RuntimeError):  # a folder gone, no watcher available: ctrl+r still works
            return
