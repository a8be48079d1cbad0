"""The kept screens (``?``, ``/``, ``B``, a trend's) made ready at idle, so that their first
open is as quick as a reopen; and the script converters (:func:`warm_conversions`), so that
the first ``t`` is as quick as the next.

A first open imports the screen's module, reads its stylesheet (Textual then parses every
style again and restyles the whole app), mounts and styles its widgets, lays it out and draws
it: 100–400 ms on the seeds, where a reopen takes 30–60 ms. Once the reader is up, the index
ready and the app idle, :func:`prewarm` makes each kept screen with the builder its key uses
and hands it to :func:`.kept_screens.prepare`, one screen at a time with a pause between, in
an async worker, once no key has been pressed for :data:`QUIET` seconds: keys pressed
meanwhile are handled between the steps (the app's message queue is never held). Nothing
is shown and the focus stays where it is (a screen's own focus is its own). A screen already
made (opened before, or kept) is left alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from trendreader.tui.host import ReaderHost
    from trendreader.tui.kept_screens import KeptScreen

PAUSE = 0.2
"""Seconds between two screens (keys pressed meanwhile go first)."""

QUIET = 0.5
"""Seconds without a key before a screen is made ready (a key pressed while one is made
would wait for a step of it: 20-150 ms on two busy cores)."""


async def until_quiet(app: ReaderHost) -> None:
    """Until no key has been pressed for :data:`QUIET` seconds."""
    while True:
        wait = QUIET - app.keys_quiet.quiet_for()
        if wait <= 0:
            return
        await asyncio.sleep(min(wait, 0.25))  # a key meanwhile starts the wait again


def _help(app: ReaderHost) -> KeptScreen | None:
    from trendreader.tui.screens.help import help_screen

    return help_screen(app)  # type: ignore[arg-type]


def _search(app: ReaderHost) -> KeptScreen | None:
    if not app.index.opened:
        return None  # its first open would start the index: not done behind the reader's back
    from trendreader.tui.search_actions import search_screen

    return search_screen(app)


def _bookmarks(app: ReaderHost) -> KeptScreen | None:
    if app.bookmarks.store is None:
        return None
    from trendreader.tui.bookmark_actions import bookmarks_screen

    return bookmarks_screen(app)


def _trend(app: ReaderHost) -> KeptScreen | None:
    """The trend screen, showing the sidebar's first trend, once its mentions are made (the
    trends worker makes them while the keys rest: ``TrendsController.prepare_first``) with
    its year table if that is made too (else it comes with the first open)."""
    catalog = app.trends.catalog
    rows = app.trend_rows
    trend = catalog.find(rows[0][0]) if catalog is not None and rows else None
    mentions = catalog.finder.cached(trend, app.variant) if catalog and trend else None
    if catalog is None or trend is None or mentions is None:
        return None
    from trendreader.tui.search_actions import trend_screen

    return trend_screen(app, mentions, catalog.cached_years(trend, app.variant) or [])


async def prewarm_trend(app: ReaderHost) -> bool:
    """The trend screen made ready again for the script shown (after a ``t``, the kept one
    shows the script before; :func:`prewarm` leaves a kept screen alone), while the keys
    rest; False when the kept one fits already, its mentions are not made, or another
    screen is up."""
    from trendreader.tui.kept_screens import PREFIX, prepare
    from trendreader.tui.screens.trend import TrendScreen
    from trendreader.tui.search_actions import trend_screen_fits, trend_screen_name

    textual_app: App[object] = app  # type: ignore[assignment]
    await until_quiet(app)
    if not idle(app):
        return False
    key = PREFIX + trend_screen_name(app.variant)
    if textual_app.is_screen_installed(key):
        kept = textual_app.get_screen(key)
        if isinstance(kept, TrendScreen) and trend_screen_fits(app, kept):
            return False
    screen = _trend(app)
    return screen is not None and await prepare(app, screen)


BUILDERS: tuple[tuple[str, Callable[[ReaderHost], KeptScreen | None]], ...] = (
    ("help", _help),
    ("search", _search),
    ("bookmarks", _bookmarks),
    ("trend", _trend),
)
"""Each kept screen's name (as :func:`.kept_screens.kept_screen` keeps it) and its builder."""


def kept_name(app: ReaderHost, name: str) -> str:
    """The name the screen of :data:`BUILDERS`' ``name`` is kept by (a trend's: one per
    script)."""
    if name != "trend":
        return name
    from trendreader.tui.search_actions import trend_screen_name

    return trend_screen_name(app.variant)


def idle(app: ReaderHost) -> bool:
    """Only the reader's own screen is up (no screen on top, no palette)."""
    textual_app: App[object] = app  # type: ignore[assignment]
    return len(textual_app.screen_stack) == 1


async def prewarm(app: ReaderHost) -> list[str]:
    """Make every kept screen not made yet ready (:func:`.kept_screens.prepare`); the names
    of those made ready. Stops when another screen is up."""
    from trendreader.tui.kept_screens import PREFIX, prepare

    textual_app: App[object] = app  # type: ignore[assignment]
    made: list[str] = []
    for name, build in BUILDERS:
        await until_quiet(app)
        if not idle(app):
            break
        if textual_app.is_screen_installed(PREFIX + kept_name(app, name)):
            continue
        screen = build(app)
        if screen is not None and await prepare(app, screen):
            made.append(name)
        await asyncio.sleep(PAUSE)
    return made


def warm_conversions(app: ReaderHost, cancelled: Callable[[], bool]) -> int:
    """In a thread worker, from the first paint on (the index need not be ready): every
    converter a script switch uses, built while the keys rest (:data:`QUIET`), one at a time;
    the steps done. Without it the first ``t`` of a process built them (~60–90 ms, on two busy
    cores up to ~200)."""
    from trendreader.script.display import warm_conversions as warm

    def go_on() -> bool:
        app.keys_quiet.wait(QUIET, cancelled)
        return not cancelled()

    return warm(go_on)
