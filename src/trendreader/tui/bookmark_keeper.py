"""The reader's side of the bookmarks store: opening it (and retrying while another process
holds it), the changes kept while it is locked, the open edition's marks, ``b`` and ``u``.

The app holds one :class:`BookmarkKeeper`; nothing here waits for another process's lock
(``NO_WAIT``): a change that finds the store locked is kept (`PendingWrites`, on disk) and
saved by :meth:`retry`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from trendreader.bookmarks import BookmarkError, BookmarkStore
from trendreader.bookmarks.errors import BookmarkBusyError
from trendreader.bookmarks.pending import PendingChange, PendingWrites, pending_path
from trendreader.bookmarks.store import NO_WAIT, checked_file
from trendreader.i18n import N_, _, ngettext
from trendreader.script.display import show_user_text
from trendreader.script.variants import Variant
from trendreader.tui.undo import RemovedBookmarks

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from trendreader.library.model import Edition, Passage
    from trendreader.paths import AppPaths

BUSY_KEPT = N_(
    "The bookmarks store is busy (another process is writing it): your note is "
    "kept and will be saved when it is free."
)


class BookmarkKeeper:
    RETRY = 1.0  # seconds between tries while the store is locked by another process

    def __init__(self, app: App[object], paths: AppPaths, on_change: Callable[[], None]) -> None:
        """``on_change`` is called when the marks of the open edition may have changed."""
        self.app = app
        self.paths = paths
        self.on_change = on_change
        self.store: BookmarkStore | None = None
        self.error: str | None = None
        self.busy = False  # locked by another process at start: retried on a timer
        self.pending = PendingWrites(pending_path(paths.bookmarks_db))
        self.removed = RemovedBookmarks()  # shared with the bookmarks screen
        self._timer: Timer | None = None

    # ------------------------------------------------------------------ store
    def open(self) -> None:
        try:
            self.store = BookmarkStore(
                self.paths.bookmarks_db,
                timeout=NO_WAIT,
                checked=checked_file(self.paths.cache_dir),
            )
            self.error, self.busy = None, False
        except BookmarkBusyError as error:  # it must migrate, and another process writes
            self.store, self.error, self.busy = None, str(error), True
        except BookmarkError as error:  # damaged or not ours: unavailable, said once
            self.store, self.error, self.busy = None, str(error), False

    def _variant(self) -> Variant:
        """The script the reader reads in (a note is shown in it)."""
        return getattr(self.app, "variant", Variant.ORIGINAL)

    def announce(self) -> None:
        """The store's state at start, said once; retries begin if needed."""
        notify = self.app.notify
        if self.busy:
            notify(
                _(
                    "The bookmarks store is locked by another process; trying again every "
                    "{seconds} s. Notes you add meanwhile are kept."
                ).format(seconds=f"{self.RETRY:g}"),
                title=_("Bookmarks busy"),
                severity="warning",
            )
        elif self.error:
            notify(self.error, title=_("Bookmarks unavailable"), severity="error", timeout=15)
        if self.pending.problem:
            notify(self.pending.problem, title=_("Bookmarks"), severity="warning", timeout=15)
        if self.busy or self.pending:
            self.retry_soon()

    def retry_soon(self) -> None:
        if self._timer is None:
            self._timer = self.app.set_interval(self.RETRY, self.retry)

    def retry(self) -> None:
        """Open the store if it was locked at start, then save the changes kept meanwhile."""
        notify = self.app.notify
        if self.store is None and self.busy:
            self.open()
            if self.store is not None:
                notify(_("The bookmarks store is free again."), title=_("Bookmarks"))
                self.on_change()
        if self.store is not None and self.pending:
            result = self.pending.flush(self.store)
            for change, reason in result.failed:
                notify(
                    _("{reason}; the note kept for it was: {note}").format(
                        reason=reason, note=show_user_text(change.note, self._variant())
                    ),
                    title=_("Bookmarks"),
                    severity="warning",
                    timeout=30,
                )
            if result.saved:
                count = len(result.saved)
                notify(
                    ngettext(
                        "Saved {n} bookmark change kept while the store was busy.",
                        "Saved {n} bookmark changes kept while the store was busy.",
                        count,
                    ).format(n=count),
                    title=_("Bookmarks"),
                )
                self.on_change()
        done = self.store is not None and not self.pending
        if (done or (self.store is None and not self.busy)) and self._timer:
            self._timer.stop()
            self._timer = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    # ------------------------------------------------------------------ marks
    def marks(self, edition: Edition) -> set[str]:
        """Re-anchor ``edition``'s bookmarks; the anchors of the passages they mark (and of
        those kept while the store is locked)."""
        kept = {c.anchor for c in self.pending.items if c.op == "add" and c.anchor}
        if self.store is None:
            return kept
        try:
            bookmarks = self.store.reanchor(edition.key, edition.passages)
        except BookmarkError as error:
            self.app.notify(str(error), severity="error")
            return kept
        return {b.anchor for b in bookmarks if not b.orphaned} | kept

    # ---------------------------------------------------------------- changes
    def remove_at(self, edition: Edition, passage: Passage) -> bool | None:
        """Remove the bookmark on ``passage``: True removed, False none there, None failed."""
        if self.store is None:
            return False
        try:
            existing = self.store.find_by_anchor(edition.key, passage.anchor)
            if existing is None:
                return False
            self.removed.push(self.store.remove(existing.id))
        except BookmarkBusyError:
            self.app.notify(
                _(
                    "The bookmarks store is busy (another process is writing it); the bookmark "
                    "was not removed, try again in a moment."
                ),
                severity="warning",
            )
            return None
        except BookmarkError as error:
            self.app.notify(str(error), severity="error")
            return None
        return True

    def add(self, edition: Edition, passage: Passage, note: str, tags: tuple[str, ...]) -> bool:
        """Bookmark ``passage`` (kept for later when the store is locked); False on error."""
        change = PendingChange.add(edition.key, edition.title, passage, note, tags)
        if self.store is None:  # locked since start: kept until it opens
            self._keep(change)
            return True
        try:
            self.store.add(edition.key, edition.title, passage, note=note, tags=tags)
        except BookmarkBusyError:
            self._keep(change)  # never discarded: saved when the lock clears
            return True
        except BookmarkError as error:
            self.app.notify(str(error), severity="error")
            return False
        self.app.notify(_("Bookmarked."))
        return True

    def undo(self) -> bool:
        if not self.removed or self.store is None:
            return False
        try:
            self.removed.undo(self.store.restore)
        except BookmarkError as error:  # busy: kept, u again restores it
            self.app.notify(
                _("{error}; press u again to restore the bookmark").format(error=error),
                severity="warning",
            )
            return False
        self.app.notify(_("Bookmark restored."))
        return True

    def _keep(self, change: PendingChange) -> None:
        self.pending.keep(change)
        self.retry_soon()
        self.app.notify(_(BUSY_KEPT), title=_("Bookmarks"), severity="warning")
        if self.pending.problem:
            self.app.notify(self.pending.problem, title=_("Bookmarks"), severity="warning")
