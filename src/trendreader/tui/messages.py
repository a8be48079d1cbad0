"""Every message of the app in one place (widgets' own messages stay with their widget:
``LibrarySidebar.ReportChosen``, ``ReadingPane.CursorMoved``, ``BookmarkList.Chosen``).

A message says what happened; the app routes it (``on_<snake_case_name>`` handlers in
``tui/app.py``). Palette commands post :class:`OpenReport` and :class:`SetVariant` instead of
calling the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from trendreader.script.variants import Variant


@dataclass(frozen=True, slots=True)
class PassageChoice:
    """A passage was chosen (in search or in a trend view): open ``edition_key`` at
    ``ordinal`` with every hit of ``query`` lit. ``report_key`` names the report."""

    report_key: str
    edition_key: str
    ordinal: int
    query: str


class OpenReport(Message):
    """Open the report that holds edition ``key`` (from the palette)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class SetVariant(Message):
    """Show everything in ``variant`` (from the palette)."""

    def __init__(self, variant: Variant) -> None:
        super().__init__()
        self.variant = variant


class SaveSearchAsTrend(Message):
    """Keep ``query`` as a trend (``ctrl+s`` in the search screen)."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class TrendsChanged(Message):
    """A user trend was deleted (the sidebar's Trends need refreshing)."""

    def __init__(self, removed: str) -> None:
        super().__init__()
        self.removed = removed


class IndexProgress(Message):
    """From the indexing thread: ``done`` of ``total`` passages indexed; ``searchable``: the
    service answers searches meanwhile (part indexed, the rest scanned). A newer one replaces
    one still in the queue: only the latest count is worth drawing."""

    def __init__(self, done: int, total: int, *, searchable: bool = False) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.searchable = searchable

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress) and (self.searchable or not message.searchable)


class IndexDone(Message):
    """From the indexing thread: the index matches the library (``notice``: one line to show,
    e.g. why search is unavailable)."""

    def __init__(self, notice: str | None) -> None:
        super().__init__()
        self.notice = notice


class IndexReady(Message):
    """The search index matches the library (posted by the app after :class:`IndexDone`)."""


class LibraryChanged(Message):
    """A file in a library folder changed (from the watcher thread)."""


class LibraryReloaded(Message):
    """The library was read again; screens showing it may refresh."""
