"""``ctrl+f``: find in the open report, as a bar under the page (not the library-wide search
screen): an input, "2 / 6" (the hit passage the cursor is on, of how many) and its keys.

The bar only reports what is typed and pressed, through the callbacks it is given (the app's
``search_actions`` searches, lights the hits and moves the cursor); it shows cleaned text
only, never markup."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Key
from textual.timer import Timer
from textual.widgets import Input, Static

from trendreader.i18n import _, ngettext


def count_text(position: int | None, total: int, query: str) -> str:
    """``2 / 6``; ``– / 6`` when the cursor is on no hit; "No match" for a query without any
    hit; "" before anything is typed."""
    if not query.strip():
        return ""
    if total == 0:
        return _("No match")
    shown = str(position) if position is not None else "–"
    return f"{shown} / {total}"


class FindBar(Horizontal):
    """One line: "Find" ▏query▕ 2 / 6 · ↓ enter next · ↑ previous · esc close."""

    DEBOUNCE: ClassVar[float] = 0.15
    DEFAULT_CSS = """
    FindBar {
        height: 1;
        background: $panel;
        & > #find-label { width: auto; padding: 0 1; color: $text-muted; }
        & > #find-input { width: 1fr; border: none; height: 1; padding: 0; }
        & > #find-count { width: auto; min-width: 7; padding: 0 1; text-style: bold; }
        & > #find-keys { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    def __init__(
        self,
        on_query: Callable[[str], None],
        on_step: Callable[[int], None],
        on_close: Callable[[], None],
        *,
        query: str = "",
    ) -> None:
        super().__init__(id="find-bar")
        self._on_query, self._on_step, self._on_close = on_query, on_step, on_close
        self._query = query
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Find")), id="find-label")
        yield Input(self._query, placeholder=_("in this report"), id="find-input", compact=True)
        yield Static("", id="find-count")
        keys = _("enter/↓ next · ↑ previous · esc close")
        yield Static(Text(keys, no_wrap=True, overflow="ellipsis"), id="find-keys")

    @property
    def input(self) -> Input:
        return self.query_one("#find-input", Input)

    @property
    def count(self) -> str:
        """The count's text ("2 / 6")."""
        return str(self.query_one("#find-count", Static).content)

    def show_count(self, position: int | None, total: int) -> None:
        text = count_text(position, total, self.input.value)
        self.query_one("#find-count", Static).update(Text(text))
        self.query_one("#find-count", Static).tooltip = (
            ngettext("{n} passage has a hit", "{n} passages have a hit", total).format(n=total)
            if total
            else None
        )

    def focus_input(self) -> None:
        self.input.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(self.DEBOUNCE, lambda: self._on_query(value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._flush()
        self._on_step(1)

    def _flush(self) -> None:
        if self._timer is not None:  # typed but not searched yet: search now
            self._timer.stop()
            self._timer = None
            self._on_query(self.input.value)

    def on_key(self, event: Key) -> None:
        if event.key in ("down", "up"):
            event.stop()
            self._flush()
            self._on_step(1 if event.key == "down" else -1)
        elif event.key == "escape":
            event.stop()
            self._on_close()
