"""Back and forward in the reader (``alt+left`` / ``alt+right``, also ``H`` / ``L``) and
jumps inside the open report that history should know of (outline, a section from the
palette). The history itself is pure data in `trendreader.reading.history`, kept by the
app's `ReadingSession`: every ``open_report`` that moves the reader is a jump already."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from trendreader.i18n import _

if TYPE_CHECKING:
    from trendreader.reading import ReadingSession
    from trendreader.reading.history import Place


class Pane(Protocol):
    """The reading pane, as far as jumps use it."""

    @property
    def cursor(self) -> int: ...

    def scroll_to_passage(self, index: int, *, top: bool = False) -> None: ...

    def focus(self, scroll_visible: bool = True) -> Any: ...


class Navigator(Protocol):
    """The reader app as jumps, the outline and copying see it (a part of
    `tui.host.ReaderHost`, declared here so that widgets may use it: ``host`` names the
    widgets, and widgets naming ``host`` would be a cycle)."""

    session: ReadingSession

    @property
    def reader(self) -> Pane: ...

    def open_report(self, key: str, *, cursor: int = 0, exact: bool = False) -> None: ...

    def sync_cursor(self) -> None: ...

    def notify(self, message: str, *, timeout: float | None = None) -> None: ...

    def push_screen(self, screen: Any, callback: Callable[[Any], Any] | None = None) -> Any: ...

    def copy_to_clipboard(self, text: str) -> None: ...


def jump_within(app: Navigator, ordinal: int) -> None:
    """The cursor to passage ``ordinal`` of the open report, as a jump back can undo."""
    session = app.session
    if not session.is_open:
        return
    app.sync_cursor()
    session.jump(ordinal)
    app.reader.scroll_to_passage(session.cursor, top=True)


def go_back(app: Navigator) -> bool:
    """Back to where the reader was before the last jump (False: nothing behind)."""
    app.sync_cursor()
    return _travel(app, app.session.back(), _("Nothing to go back to."))


def go_forward(app: Navigator) -> bool:
    """Forward again after going back (False: nothing ahead)."""
    app.sync_cursor()
    return _travel(app, app.session.forward(), _("Nothing to go forward to."))


def _travel(app: Navigator, place: Place | None, nothing: str) -> bool:
    session = app.session
    if place is None:
        app.notify(nothing)
        return False
    with session.travelling():
        if place.edition_key == session.edition_key:
            session.move_cursor(place.ordinal)
            app.reader.scroll_to_passage(session.cursor, top=True)
        else:
            app.open_report(place.edition_key, cursor=place.ordinal, exact=True)
    app.reader.focus()
    return True
