"""Screens kept between opens (``/``, ``B``, ``?``): made and styled once, pushed again.

Composing a screen, mounting its widgets and applying the CSS to them is most of what
opening one costs (~100 ms of a 190 ms ``/``), and unmounting them most of closing it. A
kept screen is installed in the app (``App.install_screen``), so that Textual does not
remove it when it is dismissed; the next open pushes the same instance, after the screen
has caught up with what changed meanwhile (its ``reopened``). A screen that no longer fits
(another library, script or store) is uninstalled, removed and made again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from textual.app import App
from textual.events import ScreenResume
from textual.screen import Screen

from trendreader.tui.chrome import COMPACT_FOOTER_WIDTH

PREFIX = "trendreader-kept:"
"""Kept screens' names in the app's installed screens."""


def style_key(app: App[object]) -> tuple[object, ...]:
    """What a screen's styles depend on besides its own classes and focus (Textual restyles
    those as they change): the theme (and with it dark or light) and the ANSI colours."""
    return (app.theme, app.ansi_color)


class KeptScreen:
    """A screen that is kept (a plain mixin, placed before ``Screen``): pushed again, it
    calls :meth:`reopened` once it is up, and is not restyled as a whole unless the theme
    changed meanwhile (Textual restyles every widget of a screen it resumes after a push:
    ~30 ms for the search screen, for styles that are the same)."""

    _reopening = False
    _styled_for: tuple[object, ...] | None = None

    def mark_reopened(self) -> None:
        """It is being pushed again: :meth:`reopened` runs once it is up."""
        self._reopening = True

    def reopened(self) -> None:
        """Catch up with what changed while the screen was away (the subclass's)."""

    def on_screen_suspend(self) -> None:
        self._styled_for = style_key(cast(Screen[object], self).app)

    def on_screen_resume(self, event: ScreenResume) -> None:
        if not self._reopening:
            return  # first shown, or back from a screen on top of it (the help)
        self._reopening = False
        screen = cast(Screen[object], self)
        if style_key(screen.app) == self._styled_for:
            event.refresh_styles = False  # read by Screen's own handler, which runs next
        compact = screen.app.size.width < COMPACT_FOOTER_WIDTH  # resized while away?
        for footer in screen.query("Footer"):
            footer.compact = compact  # type: ignore[attr-defined]
        self.reopened()


S = TypeVar("S", bound=KeptScreen)


def kept_screen(
    host: object,
    name: str,
    kind: type[S],
    fits: Callable[[S], bool],
    make: Callable[[], S],
) -> S:
    """The screen kept as ``name`` if it is a ``kind`` and ``fits`` it (and is not on the
    stack already: marked reopened), else a new one from ``make``, kept from now on."""
    app = cast(App[object], host)
    key = PREFIX + name
    if app.is_screen_installed(key):
        screen = app.get_screen(key)
        on_stack = screen in app.screen_stack
        if isinstance(screen, kind) and not on_stack and fits(screen):
            screen.mark_reopened()
            return screen
        if on_stack:
            return make()  # shown already (a second ``/`` from the palette): not kept
        discard(app, name)
    made = make()
    app.install_screen(cast(Screen[object], made), key)
    return made


def discard(host: object, name: str) -> None:
    """Forget the screen kept as ``name`` (not on the stack): uninstalled and removed."""
    app = cast(App[object], host)
    key = PREFIX + name
    if not app.is_screen_installed(key):
        return
    screen = app.get_screen(key)
    app.uninstall_screen(key)
    if screen.is_attached:
        screen.remove()
