"""What the main screen shows of the index: the footer-line progress while it builds, then
(once it matches the library) the trends, any notice, and :class:`IndexReady` for screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trendreader.tui.messages import IndexReady

if TYPE_CHECKING:
    from trendreader.tui.chrome import IndexStatus
    from trendreader.tui.host import ReaderHost
    from trendreader.tui.index_controller import IndexState


def show_index_state(app: ReaderHost, status: IndexStatus, state: IndexState) -> None:
    """Called by the app's ``watch_index_state``. The trends come once the index is ready:
    searches answer during a build (a scan of what is not indexed yet), but counting every
    trend that way took 2.5–11.8 s of CPU at 2,000 reports, and slowed every key meanwhile."""
    if not state.ready:
        status.show(state.done, state.total)
        return
    status.hide()
    _count_trends(app)
    if state.notice:
        app.notify(state.notice, severity="warning")
    app.post_message(IndexReady())


def _count_trends(app: ReaderHost) -> None:
    """Set up (or reload) the trend catalog over the search service and count the trends."""
    for problem in app.trends.setup(app.index.service, app.library):
        app.notify(problem, severity="warning")
    app.load_trends()
