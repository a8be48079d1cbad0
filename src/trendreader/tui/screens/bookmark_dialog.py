"""``b`` / ``e``: the small dialog that takes a bookmark's note and tags.

It only collects text; the caller stores it. Dismissed with a :class:`BookmarkDraft` (enter,
from either input) or ``None`` (escape). The excerpt and the prefilled values are shown
literally: nothing a user typed is ever read as Rich or Textual markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from trendreader.bookmarks.model import clean_tags
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
        self.excerpt = excerpt
        self.initial_note = note
        self.initial_tags = tuple(tags)
        self.editing = editing
        self.report_title = report_title

    @property
    def heading(self) -> str:
        return "Edit bookmark" if self.editing else "Bookmark"

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmark-dialog"):
            yield Label(self.heading, id="bookmark-dialog-title", markup=False)
            if self.report_title:
                yield Static(self.report_title, id="bookmark-dialog-report", markup=False)
            yield Static(self.excerpt, id="bookmark-dialog-excerpt", markup=False)
            yield Label("Note", classes="bookmark-dialog-label")
            yield Input(
                self.initial_note,
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

    def on_mount(self) -> None:
        self.query_one("#bookmark-note", Input).focus()

    def draft(self) -> BookmarkDraft:
        """The note and tags as they are typed now."""
        note = self.query_one("#bookmark-note", Input).value.strip()
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        return BookmarkDraft(note=note, tags=tags)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.draft())

    def action_cancel(self) -> None:
        self.dismiss(None)
