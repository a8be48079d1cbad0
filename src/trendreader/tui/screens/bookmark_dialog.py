"""``b`` / ``e``: the small dialog that takes a bookmark's note and tags.

It only collects text; the caller stores it. Dismissed with a :class:`BookmarkDraft` (enter,
from either input) or ``None`` (escape). The excerpt and the prefilled values are cleaned by
the sanitizer and shown literally: nothing a user typed or a file brought in is ever read as
Rich or Textual markup, and no escape sequence reaches the terminal. A note of several lines
is shown on one line in the input; left as it is, it is saved as it was (not flattened).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from trendreader.bookmarks.model import clean_tags
from trendreader.library.sanitize import clean_line, clean_text
from trendreader.resources import styles_dir

__all__ = ["BookmarkDialog", "BookmarkDraft", "format_tags", "parse_tags"]

_TAG_SEPARATORS = re.compile(r"[,，、;；]")


@dataclass(frozen=True, slots=True)
class BookmarkDraft:
    """What the dialog returns: the note (outer whitespace stripped) and the cleaned tags."""

    note: str
    tags: tuple[str, ...]


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from what was typed: comma separated when there is a comma (``,，、;；``, so a tag
    may hold spaces), else space separated. A leading ``#`` is dropped; repeats are dropped."""
    parts = _TAG_SEPARATORS.split(text) if _TAG_SEPARATORS.search(text) else text.split()
    return clean_tags(part.strip().lstrip("#") for part in parts)


def format_tags(tags: Iterable[str]) -> str:
    """Tags as the input shows them; :func:`parse_tags` reads this back to the same tags."""
    tags = tuple(tags)
    return ", ".join(tags) if any(" " in tag for tag in tags) else " ".join(tags)


class BookmarkDialog(ModalScreen[BookmarkDraft | None]):
    """Take (or change) a bookmark's note and tags: enter saves, escape cancels."""

    CSS_PATH = str(styles_dir() / "bookmarks.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="bookmark_dialog.cancel"),
        Binding("enter", "save", "Save", id="bookmark_dialog.save"),
    ]

    def __init__(
        self,
        excerpt: str,
        *,
        note: str = "",
        tags: Iterable[str] = (),
        editing: bool = False,
        report_title: str = "",
    ) -> None:
        """``excerpt`` is the passage as the reader sees it (already in the variant);
        ``note``/``tags`` prefill the inputs; ``editing`` titles it "Edit bookmark"."""
        super().__init__()
        self.excerpt = clean_text(excerpt)
        self.initial_note = clean_text(note)
        self.initial_tags = clean_tags(tags)
        self.editing = editing
        self.report_title = clean_line(report_title)

    @property
    def heading(self) -> str:
        return "Edit bookmark" if self.editing else "Bookmark"

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmark-dialog"):
            yield Label(self.heading, id="bookmark-dialog-title", markup=False)
            if self.report_title:
                yield Static(Text(self.report_title), id="bookmark-dialog-report")
            yield Static(Text(self.excerpt), id="bookmark-dialog-excerpt")
            yield Label("Note", classes="bookmark-dialog-label")
            yield Input(
                self._note_shown,
                placeholder="optional note",
                id="bookmark-note",
            )
            yield Label("Tags (space or comma separated)", classes="bookmark-dialog-label")
            yield Input(
                format_tags(self.initial_tags),
                placeholder="optional tags",
                id="bookmark-tags",
            )
            yield Static("enter saves · escape cancels", id="bookmark-dialog-hint", markup=False)

    @property
    def _note_shown(self) -> str:
        return " ".join(clean_line(self.initial_note).split())

    def on_mount(self) -> None:
        self.query_one("#bookmark-note", Input).focus()

    def draft(self) -> BookmarkDraft:
        """The note and tags as they are typed now."""
        typed = self.query_one("#bookmark-note", Input).value
        note = self.initial_note.strip() if typed == self._note_shown else typed.strip()
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        return BookmarkDraft(note=note, tags=tags)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.draft())

    def action_cancel(self) -> None:
        self.dismiss(None)
