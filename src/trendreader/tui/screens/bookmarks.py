"""``B``: every bookmark, grouped by report, in the reader's script.

The screen is dismissed with a :class:`JumpTarget` (enter on a bookmark) or ``None`` (escape,
``q``). ``/`` filters as you type, ``e`` edits the note and tags, ``d`` deletes and ``u``
undoes the last delete, ``a`` accepts the passage offered for a bookmark marked "passage
changed" (see :mod:`trendreader.bookmarks.anchoring`).

Every text shown (excerpts, notes, tags, titles) is cleaned by the sanitizer and drawn as
a ``Text``, never parsed as markup: stores may hold what an imported file brought in. A
note edited while another process holds the store's lock is kept (:mod:`.pending`) and
saved when the lock clears.

The rows are built once per screen by the pure functions at the top of this module
(grouping, the excerpt in the variant, ages, the folded text the filter searches) and shown
by :class:`BookmarkList`, a Line API `ScrollView` that renders only the visible lines: no
widget per bookmark, excerpts converted only for rows that reach the screen, and filtering
swaps a list of indexes instead of rebuilding widgets. The store is read once the screen has
painted, as plain tuples (:meth:`BookmarkStore.list_records`), and grouped without a sort of
the whole list. Figures at 10,000 bookmarks: ``bench/bookmarks_screen.py``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from trendreader import keys_help
from trendreader.bookmarks.errors import BookmarkBusyError, BookmarkError
from trendreader.bookmarks.model import BookmarkRecord
from trendreader.bookmarks.pending import PendingChange, PendingWrites
from trendreader.bookmarks.store import BookmarkStore
from trendreader.i18n import _, ngettext
from trendreader.library.catalog import Library
from trendreader.library.sanitize import clean_line
from trendreader.resources import styles_dir
from trendreader.script.display import show_user_text
from trendreader.script.variants import Variant
from trendreader.tui.bindings import binding_list
from trendreader.tui.bookmark_rows import (
    CHANGED_MARK,
    EMPTY_MESSAGE,
    BookmarkRow,
    JumpTarget,
    Listed,
    ReportGroup,
    age_label,
    build_groups,
    candidate_in_variant,
    excerpts_in_variant,
    filter_terms,
    fit,
    warm_haystacks,
)
from trendreader.tui.kept_screens import KeptScreen
from trendreader.tui.screens.bookmark_dialog import BookmarkDialog, BookmarkDraft
from trendreader.tui.undo import RemovedBookmarks
from trendreader.tui.widgets.bookmark_list import BookmarkList

__all__ = [
    "CHANGED_MARK",
    "EMPTY_MESSAGE",
    "BookmarkList",
    "BookmarkRow",
    "BookmarksScreen",
    "JumpTarget",
    "ReportGroup",
    "age_label",
    "build_groups",
    "excerpts_in_variant",
    "filter_terms",
    "fit",
]


class BookmarksScreen(KeptScreen, Screen[JumpTarget | None]):
    """Every bookmark, grouped by report; enter jumps, ``/`` filters, ``e`` edits, ``d``
    deletes (``u`` undoes), escape or ``q`` closes.

    The store is read once the screen has painted (with "Loading bookmarks…"), so it shows
    at once and the rows follow (see :attr:`INLINE_READ_LIMIT`); :attr:`loaded` tells when
    they are in. Later changes (edit, delete, undo) go to the store and are
    applied to the rows already loaded, without reading every bookmark again.
    """

    CSS_PATH = str(styles_dir() / "bookmarks.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [*binding_list(keys_help.BOOKMARKS, "bookmarks.")]

    AUTO_FOCUS = "#bookmarks-list"

    RETRY_INTERVAL: ClassVar[float] = 1.0
    """Seconds between tries to save a note kept while the store was locked."""

    INLINE_READ_LIMIT: ClassVar[int] = 20_000
    """Up to this many bookmarks the store is read on the app's thread once the screen has
    painted (about 5 ms per 1,000); more are read on a worker thread. A thread does not pay
    at this size: while the screen finishes its first paint, it and the reader contend for
    the GIL and the rows arrive about 40 ms later (``bench/bookmarks_screen.py``)."""

    def __init__(
        self,
        store: BookmarkStore,
        library: Library,
        variant: Variant,
        *,
        now: Callable[[], datetime] | None = None,
        pending: PendingWrites | None = None,
        undo: RemovedBookmarks | None = None,
    ) -> None:
        """``now`` (a clock returning an aware datetime) is for tests: ages are measured
        from it. ``pending`` keeps the notes edited while the store is locked (the app's,
        kept on disk; by default one in memory)."""
        super().__init__()
        self.store = store
        self.pending = pending if pending is not None else PendingWrites(None)
        self._retry_timer: Timer | None = None
        self.library = library
        self.variant = variant
        self._now = now or (lambda: datetime.now(UTC))
        self._bookmarks: dict[int, Listed] = {}
        self._rows: dict[int, BookmarkRow] = {}
        self.removed = undo if undo is not None else RemovedBookmarks()
        """Deleted bookmarks, newest last (the app's: ``u`` in the reader undoes them too)."""
        self.loaded = False
        """True once the bookmarks are on screen."""
        self._keep_id: int | None = None  # the bookmark to highlight when read again

    def reopened(self) -> None:
        """Pushed again (kept: :mod:`..kept_screens`): the filter emptied and, once painted,
        the store read again (bookmarks added, edited or removed meanwhile), the highlighted
        bookmark kept; rows of unchanged bookmarks are reused."""
        if self.filter_input.value:
            self.filter_input.value = ""
            self.bookmark_list.set_filter("")
        self.bookmark_list.focus()
        self.loaded = False
        current = self.bookmark_list.current
        self._keep_id = current.bookmark.id if current is not None else None
        self.call_after_refresh(self._start_reading)

    def _read(self) -> tuple[list[BookmarkRecord], list[ReportGroup]]:
        """Every bookmark, and their groups.

        The garbage collector is held off meanwhile: the read makes two objects a bookmark
        that all live on and no garbage, and that many new objects set off a full collection
        of the whole app (60-100 ms at 10,000 bookmarks) that would only hold up the rows.
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            bookmarks = self.store.list_records()
            rows = dict(self._rows)  # read again (a kept screen): unchanged rows reused
            groups = build_groups(bookmarks, self.library, self.variant, cache=rows)
        finally:
            if collecting:
                gc.enable()
        present = {b.id for b in bookmarks}
        self._rows = {i: row for i, row in rows.items() if i in present}
        return bookmarks, groups

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("", id="bookmarks-title", markup=False)
        yield Input(placeholder=_("/ filter: excerpt, note, tag or title"), id="bookmarks-filter")
        yield BookmarkList(
            excerpts=partial(excerpts_in_variant, library=self.library, variant=self.variant),
            candidate_text=partial(
                candidate_in_variant, library=self.library, variant=self.variant
            ),
            id="bookmarks-list",
        )
        from trendreader.tui.chrome import COMPACT_FOOTER_WIDTH, reader_footer

        yield reader_footer()(compact=self.app.size.width < COMPACT_FOOTER_WIDTH)

    def on_unmount(self) -> None:
        self._bookmarks, self._rows = {}, {}  # see BookmarkList.on_unmount

    def on_mount(self) -> None:
        listing = self.bookmark_list
        listing.empty_message = _("Loading bookmarks…")
        self._update_title()
        # Read once the screen is painted: reading alongside the first paint only slows both.
        self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        try:
            inline = self.store.count() <= self.INLINE_READ_LIMIT
            if inline:
                bookmarks, groups = self._read()
        except BookmarkError as error:
            self._read_failed(error)
            return
        if inline:
            self._received(bookmarks, groups)
        else:
            self._read_worker()

    @work(thread=True, exclusive=True, group="bookmarks-load")
    def _read_worker(self) -> None:
        """A long listing is read off the UI thread (a Textual worker, cancelled with the
        screen)."""
        try:
            bookmarks, groups = self._read()
        except BookmarkError as error:
            self.app.call_from_thread(self._read_failed, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._received, bookmarks, groups)

    def _read_failed(self, error: BookmarkError) -> None:
        self.bookmark_list.empty_message = _("Could not read the bookmarks.")
        self.bookmark_list.refresh()
        self.notify(clean_line(error), severity="error", markup=False)

    def _received(self, bookmarks: list[BookmarkRecord], groups: list[ReportGroup]) -> None:
        if not self.is_mounted:
            return
        self._bookmarks = {b.id: b for b in bookmarks}
        keep, self._keep_id = self._keep_id, None
        self.bookmark_list.set_groups(groups, keep_id=keep, now=self._now())
        self.loaded = True
        self._update_title()
        waiting = [c for c in self.pending.items if c.op == "update"]
        for change in waiting:  # notes kept while the store was locked: shown as typed
            self._show_pending(change.bookmark_id, BookmarkDraft(change.note, change.tags))
        if waiting:
            self._start_retrying()
        self._warm_worker(groups)

    @work(thread=True, exclusive=True, group="bookmarks-warm")
    def _warm_worker(self, groups: list[ReportGroup]) -> None:
        warm_haystacks(groups)  # so that the first filter keystroke is quick

    @property
    def bookmark_list(self) -> BookmarkList:
        return self.query_one(BookmarkList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#bookmarks-filter", Input)

    def _apply(self, keep_id: int | None = None) -> None:
        """Show ``self._bookmarks`` again after a change (rows of unchanged ones reused)."""
        present = self._bookmarks
        self._rows = {i: row for i, row in self._rows.items() if i in present}
        groups = build_groups(present.values(), self.library, self.variant, cache=self._rows)
        self.bookmark_list.set_groups(groups, keep_id=keep_id, now=self._now())
        self._update_title()

    def _update_title(self) -> None:
        listing = self.bookmark_list
        total, shown = listing.total_count, listing.visible_count
        counted = _("{shown} of {total}").format(shown=shown, total=total)
        if shown == total:
            counted = str(total)
        reports = listing.visible_groups
        where = ""
        if reports:
            where = ngettext(" in {n} report", " in {n} reports", reports).format(n=reports)
        title = _("Bookmarks · {counted}{where} · {script}").format(
            counted=counted, where=where, script=self.variant.label
        )
        self.query_one("#bookmarks-title", Static).update(title)
        if not self.loaded:
            return
        if total == 0:
            listing.empty_message = _(EMPTY_MESSAGE)
        else:
            query = self.filter_input.value.strip()
            listing.empty_message = _("No bookmark matches “{query}”.").format(
                query=show_user_text(query, self.variant)
            )

    # ------------------------------------------------------------------ filter

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "bookmarks-filter":
            event.stop()
            self.bookmark_list.set_filter(event.value)
            self._update_title()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "bookmarks-filter":
            event.stop()
            self.bookmark_list.focus()

    def action_filter(self) -> None:
        self.filter_input.focus()

    # ------------------------------------------------------------------ actions

    def on_bookmark_list_chosen(self, event: BookmarkList.Chosen) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        row = self.bookmark_list.current
        if row is None:
            return
        bookmark = row.bookmark
        if self.library.find(bookmark.report_key) is None:
            self.notify(
                _("That report is no longer in the library."), severity="warning", markup=False
            )
            return
        ordinal = bookmark.ordinal
        if bookmark.orphaned and row.candidate is not None:
            ordinal = row.candidate.passage.ordinal  # where its text most likely went
        self.dismiss(JumpTarget(bookmark.report_key, ordinal))  # an edition key (see rows)

    def action_edit(self) -> None:
        row = self.bookmark_list.current
        if row is None:
            return
        bookmark = row.bookmark
        excerpt = self.bookmark_list.excerpt_of(row)
        note = next(
            (c.note for c in reversed(self.pending.items) if c.bookmark_id == bookmark.id),
            bookmark.note,
        )
        dialog = BookmarkDialog(excerpt, note=note, tags=bookmark.tags, editing=True)
        self.app.push_screen(dialog, partial(self._edited, bookmark.id))

    def _edited(self, bookmark_id: int, draft: BookmarkDraft | None) -> None:
        if draft is None:
            return
        try:
            updated = self.store.update(bookmark_id, note=draft.note, tags=draft.tags)
        except BookmarkBusyError:
            # Locked by another process: the note is kept (and shown) and saved later.
            self.pending.keep(PendingChange.update(bookmark_id, draft.note, draft.tags))
            self._show_pending(bookmark_id, draft)
            self._start_retrying()
            self.notify(
                _(
                    "The bookmarks store is busy (another process is writing it): your note is "
                    "kept and will be saved when it is free."
                ),
                title=_("Bookmarks"),
                severity="warning",
                markup=False,
            )
            return
        except BookmarkError as error:
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self._bookmarks[updated.id] = updated
        self._apply(keep_id=updated.id)

    def _show_pending(self, bookmark_id: int, draft: BookmarkDraft) -> None:
        from dataclasses import replace

        current = self._bookmarks.get(bookmark_id)
        if current is None:
            return
        if isinstance(current, BookmarkRecord):
            current = current.to_bookmark()
        self._bookmarks[bookmark_id] = replace(current, note=draft.note, tags=draft.tags)
        self._apply(keep_id=bookmark_id)

    def _start_retrying(self) -> None:
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(self.RETRY_INTERVAL, self.flush_pending)

    def flush_pending(self) -> None:
        """Save the notes kept while the store was locked, if it is free now (no wait)."""
        result = self.pending.flush(self.store)
        for _change, bookmark in result.saved:
            self._bookmarks[bookmark.id] = bookmark  # an added one appears too
        for change, reason in result.failed:
            self.notify(
                _("{reason}; the note kept for it was: {note}").format(
                    reason=clean_line(reason),
                    note=show_user_text(clean_line(change.note), self.variant),
                ),
                severity="warning",
                markup=False,
                timeout=30,
            )
        if result.saved:
            self._apply(
                keep_id=self.bookmark_list.current.bookmark.id
                if self.bookmark_list.current
                else None
            )
            self.notify(_("Saved the note kept while the store was busy."), markup=False)
        if not self.pending and self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def action_accept(self) -> None:
        """Put a "passage changed" bookmark on the passage offered for it."""
        row = self.bookmark_list.current
        if row is None:
            return
        if not row.changed or row.candidate is None:
            self.notify(_("This bookmark's passage has not changed."), markup=False)
            return
        try:
            moved = self.store.accept(row.bookmark.id, row.candidate.passage)
        except BookmarkBusyError:
            self.notify(
                _(
                    "The bookmarks store is busy (another process is writing it); nothing was "
                    "changed, try again in a moment."
                ),
                severity="warning",
                markup=False,
            )
            return
        except BookmarkError as error:
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self._bookmarks[moved.id] = moved
        self._apply(keep_id=moved.id)
        self.notify(_("Bookmark moved to passage #{n}.").format(n=moved.ordinal), markup=False)

    def action_delete(self) -> None:
        row = self.bookmark_list.current
        if row is None:
            return
        try:
            removed = self.store.remove(row.bookmark.id)
        except BookmarkError as error:
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self.removed.push(removed)
        self._bookmarks.pop(removed.id, None)
        self._apply()
        self.notify(_("Deleted — press u to undo"), title=_("Bookmarks"), markup=False)

    def action_undo(self) -> None:
        try:
            restored = self.removed.undo(self.store.restore)
        except BookmarkError as error:
            self.notify(clean_line(error), severity="error", markup=False)
            return
        if restored is None:
            self.notify(_("Nothing to undo."), markup=False)
            return
        self._bookmarks[restored.id] = restored
        self._apply(keep_id=restored.id)
        self.notify(_("Bookmark restored."), title=_("Bookmarks"), markup=False)

    def action_close(self) -> None:
        if self.focused is self.filter_input:
            self.bookmark_list.focus()
            return
        self.dismiss(None)
