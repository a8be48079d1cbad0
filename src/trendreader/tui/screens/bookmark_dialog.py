"""``b`` / ``e``: the small dialog that takes a bookmark's note and tags.

It only collects text; the caller stores it. Dismissed with a :class:`BookmarkDraft` (enter,
from either input) or ``None`` (escape). The excerpt and the prefilled values are cleaned by
the sanitizer and shown literally: nothing a user typed or a file brought in is ever read as
Rich or Textual markup, and no escape sequence reaches the terminal. A note of several lines
is shown on one line in the input; left as it is, it is saved as it was (not flattened).

``ctrl+o`` opens the note in ``$VISUAL`` / ``$EDITOR`` (the app suspended, Textual's
``App.suspend``); what the editor saved comes back into the dialog. An editor that cannot start,
fails or exits non-zero changes nothing: the dialog keeps the note as it was and says so.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from trendreader import keys_help
from trendreader.bookmarks.model import clean_tags
from trendreader.i18n import _
from trendreader.library.sanitize import clean_line, clean_text
from trendreader.resources import styles_dir
from trendreader.tui.bindings import binding_list

__all__ = [
    "BookmarkDialog",
    "BookmarkDraft",
    "edit_in_editor",
    "editor_command",
    "format_tags",
    "parse_tags",
    "run_suspended",
]

EditorRunner = Callable[[App[object], Sequence[str]], int]
"""Runs an editor command line in the terminal and gives its exit status."""

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


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """``$VISUAL``, else ``$EDITOR``, split as a shell would (``code --wait``); None if unset."""
    env = os.environ if environ is None else environ
    value = (env.get("VISUAL") or env.get("EDITOR") or "").strip()
    try:
        return shlex.split(value) or None
    except ValueError:
        return None


def run_suspended(app: App[object], argv: Sequence[str]) -> int:
    """Run ``argv`` with the terminal handed over to it (the app suspended)."""
    with app.suspend():
        return subprocess.run(list(argv), check=False).returncode


def edit_in_editor(
    app: App[object], text: str, runner: EditorRunner, command: Sequence[str] | None
) -> tuple[str | None, str]:
    """``text`` edited in ``command`` (run by ``runner``): (the edited text, "") or (None, one
    line saying why nothing changed)."""
    if not command:
        return None, _("Set $VISUAL or $EDITOR to edit the note in an editor.")
    handle, name = tempfile.mkstemp(prefix="trendreader-note-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n" if text else "")
        try:
            status = runner(app, [*command, str(path)])
        except Exception as error:  # SuspendNotSupported, OSError: nothing ran
            reason = clean_line(str(error)) or type(error).__name__
            return None, _("The editor did not run ({reason}): the note is as it was.").format(
                reason=reason
            )
        if status != 0:
            return None, _("The editor exited with status {status}: the note is as it was.").format(
                status=status
            )
        try:
            edited = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return None, _("The edited note could not be read ({reason}): it is as it was.").format(
                reason=clean_line(str(error))
            )
        return clean_text(edited).strip(), ""
    finally:
        path.unlink(missing_ok=True)


class BookmarkDialog(ModalScreen[BookmarkDraft | None]):
    """Take (or change) a bookmark's note and tags: enter saves, escape cancels."""

    CSS_PATH = str(styles_dir() / "bookmarks.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [*binding_list(keys_help.BOOKMARK_DIALOG)]

    runner: ClassVar[EditorRunner] = staticmethod(run_suspended)  # type: ignore[assignment]
    """How the editor is run (a test replaces it: ``App.suspend`` needs a real terminal)."""

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
        return _("Edit bookmark") if self.editing else _("Bookmark this passage")

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmark-dialog"):
            yield Label(self.heading, id="bookmark-dialog-title", markup=False)
            if self.report_title:
                yield Static(Text(self.report_title), id="bookmark-dialog-report")
            yield Static(Text(self.excerpt), id="bookmark-dialog-excerpt")
            yield Label(_("Note"), classes="bookmark-dialog-label", markup=False)
            yield Input(
                self._note_shown,
                placeholder=_("optional note"),
                id="bookmark-note",
            )
            tags_label = _("Tags (space or comma separated)")
            yield Label(tags_label, classes="bookmark-dialog-label", markup=False)
            yield Input(
                format_tags(self.initial_tags),
                placeholder=_("optional tags"),
                id="bookmark-tags",
            )
            hint = _("enter saves · escape cancels · ctrl+o edits the note in $EDITOR")
            yield Static(Text(hint), id="bookmark-dialog-hint")

    @property
    def _note_shown(self) -> str:
        return " ".join(clean_line(self.initial_note).split())

    def on_mount(self) -> None:
        self.query_one("#bookmark-note", Input).focus()

    def note_now(self) -> str:
        """The note as it is now: as typed in the input, or (the input left as shown) whole,
        with its lines."""
        typed = self.query_one("#bookmark-note", Input).value
        return self.initial_note.strip() if typed == self._note_shown else typed.strip()

    def draft(self) -> BookmarkDraft:
        """The note and tags as they are typed now."""
        note = self.note_now()
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        return BookmarkDraft(note=note, tags=tags)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.draft())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_edit_in_editor(self) -> None:
        """``ctrl+o``: the note in ``$VISUAL``/``$EDITOR``; the edited text comes back here."""
        edited, problem = edit_in_editor(
            self.app, self.note_now(), type(self).runner, editor_command()
        )
        if edited is None:
            self.notify(problem, severity="warning")
            return
        self.initial_note = edited
        note_input = self.query_one("#bookmark-note", Input)
        note_input.value = self._note_shown
        note_input.focus()
