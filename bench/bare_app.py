"""The baseline for bench/startup.py: a bare Textual app that shows a file's text."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class BareApp(App[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.text = path.read_text("utf-8")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.text, markup=False)


if __name__ == "__main__":
    BareApp(Path(sys.argv[1])).run()
