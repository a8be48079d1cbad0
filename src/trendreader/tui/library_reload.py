"""``ctrl+r`` (or the watcher): read the library folders again in a worker, then show the
new library, keep the reader where it was, and refresh the index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trendreader.library.catalog import Library
from trendreader.tui.messages import LibraryReloaded


def reload_library(app: Any, load: Callable[[], Library]) -> None:
    """``app``: the TrendReaderApp."""

    def work() -> None:
        library = load()
        app.call_from_thread(reloaded, app, library)

    app.run_worker(work, thread=True, exclusive=True, group="reload")


def reloaded(app: Any, library: Library) -> None:
    before = {e.key for e in app.library.editions()}
    app.library = library
    app.fill_sidebar()
    after = {e.key for e in library.editions()}
    current = app.session.edition_key
    if current is not None and library.find(current) is not None:
        app.open_report(current, cursor=app.reader.cursor)
    elif library.reports:
        app.open_report(library.reports[0].key)
    added, removed = len(after - before), len(before - after)
    app.notify(f"Library reloaded: {len(library.reports)} reports ({added} new, {removed} gone).")
    app.post_message(LibraryReloaded())
    if app.index.opened:
        app.index.start(library)
