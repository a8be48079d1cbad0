"""Waiting for the main screen as a person sees it once start-up is over, and the
notifications an app posted."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot


async def chrome_ready(pilot: Pilot) -> None:
    """Until the header, the sidebar's tree and the footer's keys are in (they are mounted
    right after the first frame, which comes on a screen refresh, not on a message)."""
    from textual.widgets import Footer, Header

    app = pilot.app

    def arrived() -> bool:
        main = app.screen_stack[0]
        footers = main.query(Footer)
        return bool(
            app.chrome_mounted
            and main.query(Header)
            and app.sidebar.is_mounted
            and footers
            and footers.first().children
        )

    await until(pilot, arrived, "the header, sidebar and footer all in")
    await pilot.pause()


async def until(
    pilot: Pilot, condition: Callable[[], bool], what: str, seconds: float = 15.0
) -> None:
    """Let the app run until ``condition()`` holds, at most ``seconds``. The default is
    generous because it costs nothing when the condition comes: a CI box with two cores
    under the whole suite was seen to take more than 2 s to mount the chrome."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.01)


class Notes:
    """Every notification posted while the app runs, from the public message stream: pass
    ``notes.hook`` as ``run_test(message_hook=…)`` (the app keeps its own list private)."""

    def __init__(self) -> None:
        self.notifications: list[Notification] = []

    def hook(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.notifications.append(message.notification)

    @property
    def messages(self) -> list[str]:
        return [str(n.message) for n in self.notifications]


def rendered_screen(app) -> str:
    """The whole screen on top as it is drawn now (every widget, modal dialogs over the
    screens under them), as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
