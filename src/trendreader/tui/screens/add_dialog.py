"""The palette's "Add file or URL…": one input for a path or an ``http(s)://`` URL.

It only collects the text; the caller adds it (`trendreader.tui.add_report`). Dismissed with
the text (enter) or ``None`` (escape).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trendreader import keys_help
from trendreader.i18n import N_, _
from trendreader.resources import styles_dir
from trendreader.tui.bindings import binding_list

TITLE = N_("Add file or URL")
HINT = N_(
    "A report file or folder (.md .txt .pdf .html .epub) or http(s)://… · enter add · esc cancel"
)


class AddDialog(ModalScreen[str | None]):
    """Ask for a path or URL: enter adds, escape cancels."""

    CSS_PATH = str(styles_dir() / "add_dialog.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [*binding_list(keys_help.ADD_DIALOG)]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-dialog"):
            yield Static(Text(_(TITLE)), id="add-dialog-title")
            yield Input(placeholder=_("~/reports/report.pdf or https://…"), id="add-dialog-input")
            yield Static(Text(_(HINT)), id="add-dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
