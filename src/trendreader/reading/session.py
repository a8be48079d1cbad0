"""One reader's session: which report, in which edition and variant, where the cursor is,
which passages are bookmarked and which search hits are lit. No Textual.

The TUI keeps one :class:`ReadingSession` and asks it what to show; every rule about
editions and scripts (which edition suits a variant, where the cursor lands in the other
edition) lives here, so it is tested without a pilot (tests/reading/).

Keys: a *report key* names a report (it is its first edition's key); an *edition key* names
one edition. :attr:`ReadingSession.report_key` and :attr:`ReadingSession.edition_key` are
the two for what is open.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from trendreader.i18n import _
from trendreader.library.editions import corresponding_passage
from trendreader.library.model import Edition, Passage, Report
from trendreader.library.sanitize import clean_line
from trendreader.reading.history import History, Place, Places
from trendreader.reading.texts import (
    choose_edition,
    display_passages,
    passage_texts,
    passage_texts_for,
)
from trendreader.script.variants import Variant

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.typeset.layout import DisplayPassage


class Hits(Protocol):
    """Search hits lit in the reader (the TUI's ``ReaderHits``): the query they came from."""

    query: str


@dataclass
class ReadingSession:
    """What one reader has open. ``open``, ``set_variant`` and ``switch_edition`` change it
    and keep the cursor on the same passage (in the other edition when the edition
    changes); ``passages()`` and ``header()`` say what to show."""

    variant: Variant = Variant.ORIGINAL
    report: Report | None = None
    edition: Edition | None = None
    cursor: int = 0
    marks: frozenset[str] = field(default_factory=frozenset)
    """Anchors of the open edition's bookmarked passages."""
    hits: Hits | None = None
    """The search hits lit in the open edition (None: no highlights)."""
    history: History = field(default_factory=History)
    """Back and forward over the jumps (every :meth:`open` that moves is one)."""
    places: Places = field(default_factory=Places)
    """Where each report was left in this session."""
    _recording: bool = field(default=True, init=False, repr=False)

    # ------------------------------------------------------------------ keys
    @property
    def is_open(self) -> bool:
        return self.report is not None and self.edition is not None

    @property
    def report_key(self) -> str | None:
        return self.report.key if self.report is not None else None

    @property
    def edition_key(self) -> str | None:
        return self.edition.key if self.edition is not None else None

    # --------------------------------------------------------------- changes
    def open(self, library: Library, key: str, *, cursor: int = 0, exact: bool = False) -> bool:
        """Open the report that holds edition ``key`` at passage ``cursor`` (False: no such
        key; nothing changes).

        The edition shown is the one that suits the variant (a 简体 reader of a report with a
        简体 edition sees that one), the cursor mapped into it; with ``exact`` the edition
        ``key`` names is shown as it is (a bookmark or a search hit points into one edition).
        """
        found = library.find(key)
        if found is None:
            return False
        report, edition = found
        left = self.place
        if cursor == 0 and not exact:  # "open this report" (sidebar, palette): where it was left
            edition, cursor = self._resumed(report, edition, left)
            key = edition.key
        if not exact:
            shown = choose_edition(report, self.variant, preferred=key)
            if shown is not edition and 0 < cursor < len(edition.passages):
                cursor = self._mapped(edition, cursor, shown)
            edition = shown
        if edition is not self.edition:
            self.marks = frozenset()
        self.report, self.edition = report, edition
        self.cursor = self._clamped(cursor)
        self._moved(left)
        return True

    def jump(self, ordinal: int) -> None:
        """A jump inside the open edition (an outline entry, a link to a heading): the cursor
        goes to ``ordinal`` and the place it left is kept for going back."""
        left = self.place
        self.move_cursor(ordinal)
        self._moved(left)

    @contextmanager
    def travelling(self) -> Iterator[None]:
        """Opens inside this block are steps back or forward, not new jumps."""
        self._recording = False
        try:
            yield
        finally:
            self._recording = True

    def back(self) -> Place | None:
        """Where back goes from here (None: nothing behind); open it inside
        :meth:`travelling`."""
        current = self.place
        return self.history.go_back(current) if current is not None else None

    def forward(self) -> Place | None:
        """Where forward goes from here (None: nothing ahead)."""
        current = self.place
        return self.history.go_forward(current) if current is not None else None

    def set_variant(self, variant: Variant) -> bool:
        """Show everything in ``variant``; True when the edition changed with it (the edition
        already in the variant's script is preferred to converting another one)."""
        self.variant = variant
        if self.report is None or self.edition is None:
            return False
        target = choose_edition(self.report, variant, preferred=self.edition.key)
        return self._move_to(target)

    def switch_edition(self) -> bool:
        """The report's next edition (False: it has one edition, or nothing is open)."""
        if self.report is None or self.edition is None or len(self.report.editions) < 2:
            return False
        editions = self.report.editions
        return self._move_to(editions[(editions.index(self.edition) + 1) % len(editions)])

    def move_cursor(self, ordinal: int) -> None:
        self.cursor = self._clamped(ordinal)

    def set_marks(self, anchors: Iterable[str]) -> None:
        self.marks = frozenset(anchors)

    def close(self) -> None:
        self.report = self.edition = self.hits = None
        self.cursor, self.marks = 0, frozenset()

    # ------------------------------------------------------------------ views
    @property
    def place(self) -> Place | None:
        """Where the reader is (None: nothing open)."""
        if self.report is None or self.edition is None:
            return None
        return Place(self.report.key, self.edition.key, self.cursor)

    @property
    def passage(self) -> Passage | None:
        """The passage under the cursor."""
        if self.edition is None or not self.edition.passages:
            return None
        return self.edition.passages[self._clamped(self.cursor)]

    def passages(self) -> list[DisplayPassage]:
        """The open edition's passages as the pane shows them: in the variant, marks set
        (search highlights are drawn on top by the caller, who has the index)."""
        if self.edition is None:
            return []
        texts = passage_texts(self.edition, self.variant)
        return display_passages(self.edition, self.variant, self.marks, texts)

    def text(self, text: str) -> str:
        """Any text of the open edition (an excerpt, a title) in the variant."""
        if self.edition is None:
            return text
        return passage_texts_for([text], self.edition, self.variant)[0]

    def header(self) -> str:
        """One cleaned line: title in the variant · variant · edition i/n."""
        if self.report is None or self.edition is None:
            return self.variant.label
        title = self.text(self.edition.title)
        editions = ""
        if len(self.report.editions) > 1:
            index = self.report.editions.index(self.edition) + 1
            editions = " · " + _("edition {index}/{count}").format(
                index=index, count=len(self.report.editions)
            )
        return clean_line(f"{title} · {self.variant_label()}{editions}")

    def variant_label(self) -> str:
        """The script shown, naming a change of regional wording: 简体（由台湾用语转换）."""
        if self.edition is None or self.variant == Variant.ORIGINAL:
            return self.variant.label  # 原文: the file's own words, nothing to detect
        from trendreader.reading.texts import edition_region
        from trendreader.script.display import display_label

        return display_label(self.edition.script, self.variant, edition_region(self.edition))

    def mapped_cursor(self, target: Edition) -> int:
        """Where the cursor's passage is in ``target`` (another edition of the report)."""
        if self.edition is None or target is self.edition:
            return self.cursor
        return self._mapped(self.edition, self.cursor, target)

    # ---------------------------------------------------------------- helpers
    def _resumed(self, report: Report, edition: Edition, left: Place | None) -> tuple[Edition, int]:
        """The edition and passage ``report`` was left at (its own first passage when it was
        never open in this session)."""
        place = left if left is not None and left.report_key == report.key else None
        place = place or self.places.resume(report.key)
        if place is None:
            return edition, 0
        kept = next((e for e in report.editions if e.key == place.edition_key), None)
        return (kept, place.ordinal) if kept is not None else (edition, 0)

    def _moved(self, left: Place | None) -> None:
        here = self.place
        if left is None or here is None:
            return
        if left.report_key != here.report_key:
            self.places.leave(left)
        if self._recording:
            self.history.jumped(left, here)

    def _move_to(self, target: Edition) -> bool:
        if target is self.edition:
            return False
        self.cursor = self.mapped_cursor(target)
        self.edition = target
        self.marks = frozenset()
        return True

    @staticmethod
    def _mapped(source: Edition, cursor: int, target: Edition) -> int:
        if not source.passages:
            return 0
        cursor = min(max(cursor, 0), len(source.passages) - 1)
        return corresponding_passage(
            source.passages[cursor].text, cursor, len(source.passages), target
        )

    def _clamped(self, ordinal: int) -> int:
        count = len(self.edition.passages) if self.edition is not None else 0
        return min(max(ordinal, 0), max(count - 1, 0))
