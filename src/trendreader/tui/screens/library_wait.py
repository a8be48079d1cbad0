"""What ``/`` and ``B`` show while the library is still being read (a cold start on a large
library): the screen's title and one line, "Reading the library… 320 / 2,005", redrawn as
the reports come in. Once the library is whole it closes itself with ``True`` and the screen
asked for opens (`LibraryCompletion.then`); escape closes it with ``False``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from trendreader.i18n import _


class Reading(Protocol):
    """How far the library's reading is (a `LibraryCompletion`, not imported here: it
    opens this screen)."""

    done: int
    total: int

    @property
    def partial(self) -> bool: ...

    def watch(self, callback: Callable[[], None]) -> Callable[[], None]: ...

    def when_whole(self, callback: Callable[[], None]) -> None: ...


def reading_line(done: int, total: int) -> str:
    """The status line: how many report files are read (without numbers if unknown)."""
    if total:
        return _("Reading the library… {done:,} / {total:,}").format(done=done, total=total)
    return _("Reading the library…")


class LibraryWaitScreen(ModalScreen[bool]):
    """A one-line status until the library is whole (then dismissed with True)."""

    DEFAULT_CSS = """
    LibraryWaitScreen {
        align: center middle;
    }
    LibraryWaitScreen > Vertical {
        width: auto;
        max-width: 90%;
        height: auto;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    LibraryWaitScreen Static {
        width: auto;
    }
    """
    BINDINGS = [Binding("escape", "close", show=False)]

    def __init__(self, completion: Reading, title: str) -> None:
        super().__init__()
        self.completion = completion
        self.title_text = title
        self._unwatch: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"), id="library-wait-title")
            yield Static(Text(self.line), id="library-wait-status")

    @property
    def line(self) -> str:
        return reading_line(self.completion.done, self.completion.total)

    @property
    def status(self) -> str:
        """The status line's text, as shown."""
        return str(self.query_one("#library-wait-status", Static).content)

    def on_mount(self) -> None:
        self._unwatch = self.completion.watch(self._progressed)
        self.completion.when_whole(self._whole)

    def on_unmount(self) -> None:
        if self._unwatch is not None:
            self._unwatch()

    def _progressed(self) -> None:
        if self.is_attached:
            self.query_one("#library-wait-status", Static).update(Text(self.line))

    def _whole(self) -> None:
        if self.is_attached and self.app.screen is self:
            self.dismiss(True)  # (under another screen: when it is on top again)

    def on_screen_resume(self) -> None:
        if not self.completion.partial:
            self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
