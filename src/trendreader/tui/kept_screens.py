"""Screens kept between opens (``/``, ``B``, ``?``): made and styled once, pushed again.

Composing a screen, mounting its widgets and applying the CSS to them is most of what
opening one costs (~100 ms of a 190 ms ``/``), and unmounting them most of closing it. A
kept screen is installed in the app (``App.install_screen``), so that Textual does not
remove it when it is dismissed; the next open pushes the same instance, after the screen
has caught up with what changed meanwhile (its ``reopened``). A screen that no longer fits
(another library, script or store) is uninstalled, removed and made again.

:func:`prepare` makes a kept screen ready before its first open (:mod:`.prewarm` calls it at
idle): mounted, styled, laid out and drawn off screen, so that the first open costs what a
reopen does.
"""

from __future__ import annotations

import asyncio
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


LAYOUT_SETTLE = 0.05
"""Seconds between the two layouts of :func:`prepare` (the first one's Resize and Show
events ask for the second)."""


async def prepare(host: object, kept: KeptScreen) -> bool:
    """Mount, style, lay out and draw the installed screen ``kept`` off screen (it is not on
    the stack), as if it had been shown once: its first push is then a reopen (caught up with
    :meth:`KeptScreen.reopened`, not restyled). False if it was shown or is running already.

    Checked against Textual 8.2.8, which has no public way to start a screen without pushing
    it: this does what ``App.push_screen`` does first (``App._get_screen``: register and
    mount; ``App._load_screen_css``: the screen's ``CSS_PATH``, one reparse of the app's
    styles), then ``Screen._refresh_layout`` at the app's size and a full
    ``Compositor.render_update`` (each widget keeps the lines it drew). If those are missing
    (another Textual), nothing is done: the first open makes the screen as before.
    """
    app = cast(App[object], host)
    screen = cast(Screen[object], kept)
    get_screen = getattr(app, "_get_screen", None)
    load_css = getattr(app, "_load_screen_css", None)
    if get_screen is None or load_css is None or not hasattr(screen, "_refresh_layout"):
        return False
    if screen.is_running or screen in app.screen_stack:
        return False
    _screen, mounted = get_screen(screen)
    load_css(screen)
    await mounted
    for _ in range(2):
        await asyncio.sleep(LAYOUT_SETTLE)  # keys and messages go first
        if screen in app.screen_stack or not screen.is_attached:
            return False  # opened (or discarded) meanwhile: that did it
        screen._refresh_layout(app.size)
    compositor = getattr(screen, "_compositor", None)
    if compositor is not None:
        compositor.render_update(full=True)
    kept._styled_for = style_key(app)  # styled as now: no restyle when first pushed
    return True
