"""An `App` whose notifications are cleaned text, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.app import App

from trendreader.library.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

ReturnType = TypeVar("ReturnType")


class PlainNotifyApp(App[ReturnType]):
    """Every notification of the app and its screens: cleaned text, never markup (titles, keys
    and error texts come from outside: ``[/]`` would raise, ``[@click=…]`` act)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        super().notify(
            clean_text(message),
            title=clean_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )
