"""``b`` (bookmark the cursor passage, or remove its bookmark) and ``B`` (every bookmark)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trendreader.i18n import _

if TYPE_CHECKING:
    from trendreader.tui.host import ReaderHost
    from trendreader.tui.screens.bookmarks import BookmarksScreen


def toggle_bookmark(app: ReaderHost) -> None:
    session, keeper = app.session, app.bookmarks
    app.sync_cursor()
    edition, passage = session.edition, session.passage
    if edition is None or passage is None:
        return
    if keeper.store is None and not keeper.busy:
        app.notify(keeper.error or _("Bookmarks are unavailable."), severity="error")
        return
    removed = keeper.remove_at(edition, passage)
    if removed is None:
        return
    if removed:
        app.refresh_marks()
        app.notify(_("Bookmark removed — press u to undo."))
        return
    from trendreader.reading import report_title
    from trendreader.tui.screens.bookmark_dialog import BookmarkDialog, BookmarkDraft

    def saved(draft: BookmarkDraft | None) -> None:
        if draft is None or session.edition is not edition:
            return
        if keeper.add(edition, passage, draft.note, draft.tags):
            app.refresh_marks()

    title = report_title(session.report, app.variant) if session.report else ""
    app.push_screen(BookmarkDialog(session.text(passage.text), report_title=title), saved)


def open_bookmarks(app: ReaderHost) -> None:
    """``B``: the bookmarks screen (kept between opens while the store, library and script
    stay the same: :mod:`.kept_screens`)."""
    keeper = app.bookmarks
    if keeper.store is None:
        app.notify(keeper.error or _("Bookmarks are unavailable."), severity="error")
        return
    from trendreader.tui.screens.bookmarks import JumpTarget

    def jump(target: JumpTarget | None) -> None:
        if target is not None:
            app.open_report(target.edition_key, cursor=target.ordinal, exact=True)
        else:
            app.refresh_marks()

    app.push_screen(bookmarks_screen(app), jump)


def bookmarks_screen(app: ReaderHost) -> BookmarksScreen:
    """The bookmarks screen kept for the app's store, library and script (made and kept if
    there is none that fits: :mod:`.kept_screens`). The store must be open."""
    from trendreader.tui.kept_screens import kept_screen
    from trendreader.tui.screens.bookmarks import BookmarksScreen

    keeper = app.bookmarks
    store, library, variant = keeper.store, app.library, app.variant
    assert store is not None

    def fits(kept: BookmarksScreen) -> bool:
        return (
            kept.store is store
            and kept.library is library
            and kept.variant == variant
            and kept.pending is keeper.pending
            and kept.removed is keeper.removed
        )

    def make() -> BookmarksScreen:
        return BookmarksScreen(store, library, variant, pending=keeper.pending, undo=keeper.removed)

    return kept_screen(app, "bookmarks", BookmarksScreen, fits, make)
