"""``ctrl+r`` (or the watcher): read the library folders again in a worker, then show the
new library, keep the reader where it was, and refresh the index."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from trendreader.i18n import _, ngettext
from trendreader.library.catalog import Library
from trendreader.tui.load_notices import tell_load_problems
from trendreader.tui.messages import LibraryReloaded

if TYPE_CHECKING:
    from trendreader.tui.host import ReaderHost


def reload_library(
    app: ReaderHost,
    load: Callable[[], Library] | None,
    *,
    open_key: str | None = None,
    announce: bool = True,
) -> None:
    """Read the library again with ``load`` in a worker, then show it (:func:`reloaded`).
    ``announce``: say how many reports there are now (and that without ``load`` there is no
    reloading)."""
    if load is None:
        if announce:
            app.notify(_("This library cannot be reloaded."))
        return

    def work() -> None:
        library = load()
        app.call_from_thread(reloaded, app, library, open_key=open_key, announce=announce)

    app.run_worker(work, thread=True, exclusive=True, group="reload")


def reloaded(
    app: ReaderHost, library: Library, *, open_key: str | None = None, announce: bool = True
) -> None:
    """Show ``library``: the reader stays where it was (``open_key``: that edition opens)."""
    before = {e.key for e in app.library.editions()}
    app.library = library
    app.fill_sidebar()
    after = {e.key for e in library.editions()}
    current = app.session.edition_key
    if open_key is not None and library.find(open_key) is not None:
        app.open_report(open_key)
    elif current is not None and library.find(current) is not None:
        app.open_report(current, cursor=app.reader.cursor)
    elif library.reports:
        app.open_report(library.reports[0].key)
    added, removed = len(after - before), len(before - after)
    if announce:
        app.notify(
            ngettext(
                "Library reloaded: {n} report ({added} new, {removed} gone).",
                "Library reloaded: {n} reports ({added} new, {removed} gone).",
                len(library.reports),
            ).format(n=len(library.reports), added=added, removed=removed)
        )
    tell_load_problems(app.load_notices, app.notify, library.problems, whole=True)
    app.post_message(LibraryReloaded())
    if app.index.opened:
        app.index.start(library)
