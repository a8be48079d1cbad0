"""Waiting for the main screen as a person sees it once start-up is over."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot


async def chrome_ready(pilot: Pilot) -> None:
    """Until the header, the sidebar's tree and the footer's keys are in (they are mounted
    right after the first frame, which comes on a screen refresh, not on a message)."""
    from textual.widgets import Footer, Header

    app = pilot.app
    for _ in range(200):
        await pilot.pause(0.01)
        footers = app.screen_stack[0].query(Footer)
        if (
            app.screen_stack[0].query(Header)
            and app.sidebar.is_mounted
            and footers
            and footers.first().children
        ):
            await pilot.pause()
            return
    raise AssertionError("the header, sidebar and footer never all arrived")


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition()`` holds (at most ~2 s)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")
