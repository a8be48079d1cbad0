"""``B``: every bookmark, grouped by report, in the reader's script.

The screen is dismissed with a :class:`JumpTarget` (enter on a bookmark) or ``None`` (escape,
``q``). ``/`` filters as you type, ``e`` edits the note and tags, ``d`` deletes and ``u``
undoes the last delete, ``a`` accepts the passage offered for a bookmark marked "passage
changed" (see :mod:`trendreader.bookmarks.anchoring`).

Every text shown (excerpts, notes, tags, titles) is cleaned by the sanitizer and drawn as
a ``Text``, never parsed as markup: stores may hold what an imported file brought in. A
note edited while another process holds the store's lock is kept (:mod:`.pending`) and
saved when the lock clears.

The rows are built once per screen by the pure functions at the top of this module
(grouping, the excerpt in the variant, ages, the folded text the filter searches) and shown
by :class:`BookmarkList`, a Line API `ScrollView` that renders only the visible lines: no
widget per bookmark, excerpts converted only for rows that reach the screen, and filtering
swaps a list of indexes instead of rebuilding widgets. The store is read once the screen has
painted, as plain tuples (:meth:`BookmarkStore.list_records`), and grouped without a sort of
the whole list. Figures at 10,000 bookmarks: ``bench/bookmarks_screen.py``.
"""

from __future__ import annotations

import asyncio
import gc
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache, partial
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Click, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from trendreader.bookmarks.anchoring import Candidate, Scored, candidates_of, nearest_candidate
from trendreader.bookmarks.errors import BookmarkBusyError, BookmarkError
from trendreader.bookmarks.model import EXCERPT_LENGTH, Bookmark, BookmarkRecord
from trendreader.bookmarks.pending import PendingChange, PendingWrites
from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.catalog import Library
from trendreader.library.model import Edition, Script
from trendreader.library.sanitize import clean_line
from trendreader.reading import passage_texts_for, report_title
from trendreader.resources import styles_dir
from trendreader.script.convert import convert
from trendreader.script.display import DisplayCache, display_text
from trendreader.script.fold import fold_to_simplified
from trendreader.script.variants import Variant
from trendreader.tui.screens.bookmark_dialog import BookmarkDialog, BookmarkDraft

__all__ = [
    "EMPTY_MESSAGE",
    "BookmarkList",
    "BookmarkRow",
    "BookmarksScreen",
    "JumpTarget",
    "ReportGroup",
    "age_label",
    "build_groups",
    "excerpts_in_variant",
    "filter_terms",
    "fit",
    "make_row",
    "row_haystack",
    "row_matches",
]

EMPTY_MESSAGE = "No bookmarks yet — press b on a passage to keep it."
GONE_MARK = "(passage gone)"
CHANGED_MARK = "(passage changed)"
MISSING_REPORT_MARK = "(not in library)"
CURSOR_GLYPH = "▌"
AGE_WIDTH = 8  # "just now"

#: What the screen lists: bookmarks, or the records the store reads for a listing.
Listed = Bookmark | BookmarkRecord


# --------------------------------------------------------------------------- the rows


@dataclass(frozen=True, slots=True)
class JumpTarget:
    """Where enter on a bookmark goes: an edition key and a passage ordinal."""

    report_key: str
    ordinal: int


@dataclass(slots=True)
class BookmarkRow:
    """One bookmark as the list shows it.

    Built cheaply for every bookmark; what costs more is filled in on demand: ``excerpt``
    (the passage in the variant, see :func:`excerpts_in_variant`) and ``age`` when the row
    is first on screen, ``haystack`` (see :func:`row_haystack`) when the filter first needs it.
    """

    bookmark: Listed  # a Bookmark, or the store's record of one (read alike)
    note: str  # on one line, cleaned
    tags: str  # "#a #b", cleaned
    height: int  # lines: 1, +1 with a note or tags, +1 for the candidate of an orphan
    excerpt: str | None = None
    age: str | None = None
    haystack: str | None = None
    finder: Callable[[], Scored | None] | None = None  # an orphan's candidate, on demand
    found: bool = False  # the finder has run
    scored: Scored | None = None
    candidate_text: str | None = None  # the candidate's text as shown (filled in when shown)

    @property
    def candidate(self) -> Scored | None:
        """The passage offered for an orphaned bookmark ("passage changed"), found the first
        time it is asked for (when the row is first on screen, or on ``a``)."""
        if not self.found:
            self.found = True
            self.scored = self.finder() if self.finder is not None else None
        return self.scored

    @property
    def changed(self) -> bool:
        """Marked "passage changed": orphaned, with a candidate passage to accept."""
        return self.bookmark.orphaned and self.candidate is not None


@dataclass(slots=True)
class ReportGroup:
    """The bookmarks of one report (every edition of it), in reading order."""

    key: str
    title: str  # in the variant
    in_library: bool
    rows: list[BookmarkRow] = field(default_factory=list)
    haystack: str = ""


def age_label(created: str, now: datetime) -> str:
    """How long ago an ISO 8601 time was: "just now", "5m", "2h", "3d", "4mo", "2y"."""
    try:
        then = datetime.fromisoformat(created)
    except ValueError:
        return ""
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h"
    days = hours // 24
    if days < 60:
        return f"{days}d"
    if days < 365:
        return f"{days // 30}mo"
    return f"{days // 365}y"


def fit(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal cells, ending in "…" when cut (CJK aware: a wide
    character that would straddle the edge is dropped, not padded)."""
    if cell_len(text) <= cells:
        return text
    if cells <= 0:
        return ""
    kept: list[str] = []
    used = 0
    for char in text:
        width = get_character_cell_size(char)
        if used + width > cells - 1:
            break
        kept.append(char)
        used += width
    return "".join(kept) + "…"


def _fold(text: str) -> str:
    """Folded to simplified characters and casefolded (ASCII skips the fold table)."""
    return text.casefold() if text.isascii() else fold_to_simplified(text).casefold()


def filter_terms(query: str) -> list[tuple[str, ...]]:
    """The words of a filter query, each as the forms it is matched in; a bookmark matches
    when, for every word, one of its forms is in the bookmark's text.

    A word's forms: folded to simplified characters (機器人 → 机器人), and folded after the
    regional phrase configs (網際網路 → 互联网 by tw2sp, 芯片 → 晶片 by s2twp) because stored
    excerpts keep the report's own wording.
    """
    words: list[tuple[str, ...]] = []
    for word in query.split():
        forms = [_fold(word)]
        if not word.isascii():
            forms.append(_fold(convert(word, "tw2sp")))
            forms.append(_fold(convert(word, "s2twp")))
        words.append(tuple(dict.fromkeys(forms)))
    return words


def row_haystack(row: BookmarkRow) -> str:
    """What the filter searches in a row (excerpt, note, tags), folded; computed once."""
    if row.haystack is None:
        bookmark = row.bookmark
        parts = [bookmark.excerpt.casefold()]  # stored folded to simplified already
        if row.note:
            parts.append(_fold(row.note))
        if bookmark.tags:
            parts.append(_fold(" ".join(bookmark.tags)))
        row.haystack = "\n".join(parts)
    return row.haystack


def _warm_haystacks(groups: Iterable[ReportGroup]) -> None:
    for group in groups:
        for row in group.rows:
            row_haystack(row)


def row_matches(row: BookmarkRow, group: ReportGroup, terms: Sequence[tuple[str, ...]]) -> bool:
    """Whether a row holds every word of the filter (in its texts or its report's title)."""
    haystack = row_haystack(row)
    return all(any(form in haystack or form in group.haystack for form in forms) for forms in terms)


_excerpt_cache = DisplayCache(maxsize=32768)
_READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bookmarks-screen")


def excerpts_in_variant(
    bookmarks: Sequence[Listed], library: Library, variant: Variant
) -> list[str]:
    """Each bookmark's passage as the reader sees it in ``variant`` (at most 200 chars,
    whitespace runs made one space).

    A bookmark whose passage is still where it was shows the passage itself, converted as
    the reading pane converts it (so ``original`` is as written). Otherwise (orphaned,
    report gone, passage moved) the stored excerpt, which is folded to simplified, is
    converted; in ``original`` the excerpt of a traditional edition is shown in traditional
    characters. One OpenCC call per edition or target config.
    """
    out = [""] * len(bookmarks)
    live: dict[str, list[int]] = {}
    targets: dict[Variant, list[int]] = {}
    for i, bookmark in enumerate(bookmarks):
        edition = library.find_edition(bookmark.report_key)
        if edition is not None and not bookmark.orphaned:
            passages = edition.passages
            if (
                0 <= bookmark.ordinal < len(passages)
                and passages[bookmark.ordinal].anchor == bookmark.anchor
            ):
                live.setdefault(bookmark.report_key, []).append(i)
                continue
        target = variant
        if (
            variant == Variant.ORIGINAL
            and edition is not None
            and edition.script == Script.TRADITIONAL
        ):
            target = Variant.TRADITIONAL
        targets.setdefault(target, []).append(i)
    for key, indexes in live.items():
        edition = library.find_edition(key)
        assert edition is not None
        texts = [edition.passages[bookmarks[i].ordinal].text[:EXCERPT_LENGTH] for i in indexes]
        for i, text in zip(indexes, passage_texts_for(texts, edition, variant), strict=True):
            out[i] = text
    for target, indexes in targets.items():
        texts = [bookmarks[i].excerpt for i in indexes]
        if target != Variant.ORIGINAL:
            texts = _excerpt_cache.convert_passages(texts, Script.SIMPLIFIED, target)
        for i, text in zip(indexes, texts, strict=True):
            out[i] = text
    return [" ".join(_line(text).split()) for text in out]


def candidate_in_variant(row: BookmarkRow, library: Library, variant: Variant) -> str:
    """The text of a changed bookmark's candidate passage as the reader sees it (one line,
    at most 200 characters)."""
    if row.candidate is None:
        return ""
    passage = row.candidate.passage
    edition: Edition | None = library.find_edition(row.bookmark.report_key)
    text = passage.text[:EXCERPT_LENGTH]
    if edition is not None:
        text = passage_texts_for([text], edition, variant)[0]
    return " ".join(clean_line(text).split())


@lru_cache(maxsize=4096)
def _tag_line(tags: tuple[str, ...]) -> str:
    return " ".join(f"#{tag}" for tag in tags)


#: A character the sanitizer would remove or change (controls, escape, bidi, surrogates):
#: one search tells the common clean text (as every store now holds) from the rest.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _line(text: str) -> str:
    """``text`` on one line, cleaned (`clean_line`), at the cost of one search when clean."""
    return clean_line(text) if _UNSAFE.search(text) else text


def make_row(bookmark: Listed, finder: Callable[[], Scored | None] | None = None) -> BookmarkRow:
    """The row of one bookmark (excerpt, age and haystack are filled in later); every text
    cleaned to one line (no control character or escape sequence). ``finder`` gives an
    orphaned bookmark's candidate passage (its row has a line for it)."""
    note = bookmark.note
    if note:
        note = " ".join(_line(note).split())
    tags = bookmark.tags
    tag_line = _line(_tag_line(tags)) if tags else ""
    if not bookmark.orphaned:
        finder = None
    height = 1 + (1 if note or tag_line else 0) + (1 if finder is not None else 0)
    return BookmarkRow(bookmark, note, tag_line, height, finder=finder)


class _CandidateFinder:
    """Finds orphans' candidate passages for one :func:`build_groups` (when their rows are
    first shown): an edition's passages are prepared once; the passages its other
    bookmarks hold are read from its rows (``runs``: edition key → rows)."""

    def __init__(self, runs: dict[str, list[BookmarkRow]]) -> None:
        self._runs = runs
        self._candidates: dict[str, list[Candidate]] = {}

    def find(self, bookmark: Listed, edition: Edition) -> Scored | None:
        if edition.key not in self._candidates:
            self._candidates[edition.key] = candidates_of(edition.passages)
        rows = self._runs.get(edition.key, ())
        held = {r.bookmark.ordinal for r in rows if not r.bookmark.orphaned}
        return nearest_candidate(bookmark, self._candidates[edition.key], held)


#: A row's place within its edition: passage, then id.
_row_order = attrgetter("bookmark.ordinal", "bookmark.id")


def build_groups(
    bookmarks: Iterable[Listed],
    library: Library,
    variant: Variant,
    *,
    cache: dict[int, BookmarkRow] | None = None,
) -> list[ReportGroup]:
    """Bookmarks grouped by report, in the library's order (newest report first); reports
    no longer in the library come last, by title. Within a report: edition, then passage.

    ``bookmarks`` may be :class:`Bookmark` objects or the :class:`BookmarkRecord` tuples of
    :meth:`BookmarkStore.list_records`. ``cache`` (bookmark id → row) lets a rebuild reuse
    the rows of unchanged bookmarks; it is updated with the rows built.
    """
    cache = {} if cache is None else cache
    report_order = {report.key: n for n, report in enumerate(library.reports)}
    groups: dict[str, ReportGroup] = {}
    order: dict[str, tuple[int, str, str]] = {}
    runs: dict[str, list[BookmarkRow]] = {}  # edition key → its rows
    finder = _CandidateFinder(runs)
    editions: dict[str, list[tuple[int, str]]] = {}  # group key → (edition index, edition key)
    for bookmark in bookmarks:
        row = cache.get(bookmark.id)
        if row is None or row.bookmark != bookmark:
            find = None
            if bookmark.orphaned:
                edition = library.find_edition(bookmark.report_key)
                if edition is not None:
                    find = partial(finder.find, bookmark, edition)
            row = cache[bookmark.id] = make_row(bookmark, find)
        run = runs.get(bookmark.report_key)
        if run is None:
            run = runs[bookmark.report_key] = []
            found = library.find(bookmark.report_key)
            if found is None:
                key = bookmark.report_key
                index = 0
                stored = clean_line(bookmark.report_title or key)
                title = display_text(stored, None, variant)
                order[key] = (len(report_order), _fold(title), key)
                haystack = _fold(f"{stored}\n{title}\n{key}")
            else:
                report, edition = found
                key = report.key
                index = report.editions.index(edition)
                title = clean_line(report_title(report, variant))
                order[key] = (report_order.get(key, len(report_order)), "", key)
                names = {title, report.title, *(e.title for e in report.editions)}
                haystack = _fold("\n".join(sorted(names)))
            if key not in groups:
                groups[key] = ReportGroup(
                    key=key, title=title, in_library=found is not None, haystack=haystack
                )
            editions.setdefault(key, []).append((index, bookmark.report_key))
        run.append(row)
    for key, group in groups.items():
        for _, same in groupby(sorted(editions[key]), key=itemgetter(0)):
            keys = [edition_key for _, edition_key in same]
            run = runs[keys[0]] if len(keys) == 1 else [r for k in keys for r in runs[k]]
            run.sort(key=_row_order)
            group.rows.extend(run)
    return sorted(groups.values(), key=lambda group: order[group.key])


# --------------------------------------------------------------------------- the list


@dataclass(frozen=True, slots=True)
class _Heading:
    group: ReportGroup
    count: int
    spacer: bool  # a blank line above it

    @property
    def height(self) -> int:
        return 2 if self.spacer else 1


_Entry = _Heading | BookmarkRow


class BookmarkList(ScrollView, can_focus=True):
    """Report headings and bookmark rows on the Line API; a cursor on one bookmark.

    Public API: :meth:`set_groups`, :meth:`set_filter`, :attr:`current`, :meth:`move_to`,
    :attr:`visible_count`, :attr:`total_count`; posts :class:`BookmarkList.Chosen` when a
    highlighted row is clicked.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next bookmark", show=False, id="bookmark_list.down"),
        Binding("up,k", "cursor_up", "Previous bookmark", show=False, id="bookmark_list.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="bookmark_list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="bookmark_list.page_up"),
        Binding("home,g", "first", "First bookmark", show=False, id="bookmark_list.first"),
        Binding("end,G", "last", "Last bookmark", show=False, id="bookmark_list.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bookmark-list--heading",
        "bookmark-list--count",
        "bookmark-list--missing",
        "bookmark-list--cursor",
        "bookmark-list--gone",
        "bookmark-list--note",
        "bookmark-list--tags",
        "bookmark-list--age",
        "bookmark-list--empty",
    }

    DEFAULT_CSS = """
    BookmarkList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    class Chosen(Message):
        """A highlighted bookmark was clicked (the screen treats it like enter)."""

        def __init__(self, row: BookmarkRow) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        *,
        excerpts: Callable[[Sequence[Listed]], list[str]] | None = None,
        candidate_text: Callable[[BookmarkRow], str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``excerpts`` gives the shown excerpts of a page of bookmarks (called only for
        rows about to be shown); by default the stored excerpt is shown. ``candidate_text``
        gives the shown text of a changed bookmark's candidate passage."""
        super().__init__(id=id, classes=classes)
        self._excerpts = excerpts or (lambda bookmarks: [clean_line(b.excerpt) for b in bookmarks])
        self._candidate_text = candidate_text or (
            lambda row: clean_line(row.candidate.candidate.excerpt) if row.candidate else ""
        )
        self._groups: list[ReportGroup] = []
        self._terms: list[tuple[str, ...]] = []
        self._entries: list[_Entry] = []
        self._tops: list[int] = []  # first line of each entry
        self._lines: list[int] = []  # line → entry index
        self._cursor: int | None = None  # entry index of the highlighted row
        self.total_count = 0
        self.empty_message = EMPTY_MESSAGE
        self.now = datetime.now(UTC)
        """Ages are measured from this (set by :meth:`set_groups`)."""

    # ------------------------------------------------------------------ public API

    @property
    def current(self) -> BookmarkRow | None:
        """The highlighted bookmark row, if any."""
        if self._cursor is None:
            return None
        entry = self._entries[self._cursor]
        return entry if isinstance(entry, BookmarkRow) else None

    @property
    def visible_count(self) -> int:
        """How many bookmarks the filter lets through."""
        return sum(1 for entry in self._entries if isinstance(entry, BookmarkRow))

    @property
    def visible_groups(self) -> int:
        """How many reports have bookmarks the filter lets through."""
        return sum(1 for entry in self._entries if isinstance(entry, _Heading))

    @property
    def rows(self) -> list[BookmarkRow]:
        """The visible bookmark rows, top to bottom."""
        return [entry for entry in self._entries if isinstance(entry, BookmarkRow)]

    def set_groups(
        self,
        groups: list[ReportGroup],
        *,
        keep_id: int | None = None,
        now: datetime | None = None,
    ) -> None:
        """Show these groups (filtered by the current filter), cursor on ``keep_id``; ages
        are measured from ``now`` (default: the current time)."""
        self.now = now or datetime.now(UTC)
        self._groups = groups
        self.total_count = sum(len(group.rows) for group in groups)
        self._rebuild(keep_id)

    def set_filter(self, query: str) -> None:
        """Show only bookmarks holding every word of ``query`` (excerpt, note, tags, title;
        traditional and simplified match each other)."""
        terms = filter_terms(query)
        if terms == self._terms:
            return
        current = self.current
        self._terms = terms
        self._rebuild(current.bookmark.id if current else None)

    def excerpt_of(self, row: BookmarkRow) -> str:
        """The row's excerpt as shown (converted now if it has not been on screen)."""
        if row.excerpt is None:
            row.excerpt = self._excerpts([row.bookmark])[0]
        return row.excerpt

    def move_to(self, bookmark_id: int) -> bool:
        """Highlight a bookmark by id; False when it is not shown."""
        for index, entry in enumerate(self._entries):
            if isinstance(entry, BookmarkRow) and entry.bookmark.id == bookmark_id:
                self._set_cursor(index)
                return True
        return False

    # ------------------------------------------------------------------ model

    def _rebuild(self, keep_id: int | None) -> None:
        terms = self._terms
        entries: list[_Entry] = []
        for group in self._groups:
            if terms:
                rows = [row for row in group.rows if row_matches(row, group, terms)]
            else:
                rows = group.rows
            if rows:
                entries.append(_Heading(group, len(rows), spacer=bool(entries)))
                entries.extend(rows)
        tops: list[int] = []
        lines: list[int] = []
        for index, entry in enumerate(entries):
            tops.append(len(lines))
            lines.extend([index] * entry.height)
        self._entries, self._tops, self._lines = entries, tops, lines
        cursor = None
        if keep_id is not None:
            cursor = next(
                (
                    i
                    for i, e in enumerate(entries)
                    if isinstance(e, BookmarkRow) and e.bookmark.id == keep_id
                ),
                None,
            )
        if cursor is None:
            cursor = self._nearest_row(min(self._cursor or 0, max(0, len(entries) - 1)))
        self._cursor = cursor
        self._sync_virtual_size()
        if cursor is not None:
            self._reveal(cursor)
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _nearest_row(self, index: int) -> int | None:
        """The row at or after ``index``, else the last row before it."""
        entries = self._entries
        for i in range(index, len(entries)):
            if isinstance(entries[i], BookmarkRow):
                return i
        for i in range(min(index, len(entries)) - 1, -1, -1):
            if isinstance(entries[i], BookmarkRow):
                return i
        return None

    # ------------------------------------------------------------------ geometry

    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _sync_virtual_size(self) -> None:
        size = Size(self.scrollable_content_region.width, len(self._lines))
        if size != self.virtual_size:
            self.virtual_size = size

    def _reveal(self, index: int) -> None:
        """Scroll just enough to show the entry (and its heading, for a group's first row)."""
        top = self._tops[index]
        if index > 0 and isinstance(self._entries[index - 1], _Heading):
            top = self._tops[index - 1]
        bottom = self._tops[index] + self._entries[index].height
        y = round(self.scroll_y)
        height = self._view_height()
        if top < y:
            y = top
        elif bottom > y + height:
            y = max(top if bottom - top > height else bottom - height, 0)
        else:
            return
        self.scroll_to(y=y, animate=False, immediate=True)

    def _set_cursor(self, index: int | None) -> None:
        self._cursor = index
        if index is not None:
            self._reveal(index)
        self.refresh()

    def _step(self, index: int, direction: int) -> int | None:
        entries = self._entries
        index += direction
        while 0 <= index < len(entries):
            if isinstance(entries[index], BookmarkRow):
                return index
            index += direction
        return None

    # ------------------------------------------------------------------ actions

    def action_cursor_down(self) -> None:
        if self._cursor is not None and (nxt := self._step(self._cursor, 1)) is not None:
            self._set_cursor(nxt)

    def action_cursor_up(self) -> None:
        if self._cursor is None:
            return
        prev = self._step(self._cursor, -1)
        if prev is not None:
            self._set_cursor(prev)
        else:
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_first(self) -> None:
        if (first := self._nearest_row(0)) is not None:
            self._set_cursor(first)
            self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        if (last := self._nearest_row(len(self._entries))) is not None:
            self._set_cursor(last)

    def _page(self, direction: int) -> None:
        if self._cursor is None:
            return
        height = self._view_height()
        target_line = self._tops[self._cursor] + direction * height
        target_line = max(0, min(target_line, len(self._lines) - 1))
        index = self._nearest_row(self._lines[target_line])
        if direction < 0 and index is not None and index > self._cursor:
            index = self._step(index, -1) or self._cursor
        if index is None:
            return
        y = max(0, min(round(self.scroll_y) + direction * height, len(self._lines) - height))
        self.scroll_to(y=y, animate=False, immediate=True)
        self._set_cursor(index)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    # ------------------------------------------------------------------ events

    def on_unmount(self) -> None:
        # A closed screen lingers in reference cycles until the next full collection of
        # the garbage collector; let its rows go now, so that they are not traversed then
        # (at 10,000 bookmarks that collection took 100 ms, in the next screen's load).
        self._groups, self._entries, self._tops, self._lines = [], [], [], []
        self._cursor = None

    def on_resize(self, event: Resize) -> None:
        self._sync_virtual_size()
        if self._cursor is not None:
            self._reveal(self._cursor)

    async def _on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = round(self.scroll_y) + offset.y
        if not 0 <= line < len(self._lines):
            return
        index = self._lines[line]
        entry = self._entries[index]
        if not isinstance(entry, BookmarkRow):
            return
        if index == self._cursor:
            self.post_message(self.Chosen(entry))
        else:
            self._set_cursor(index)

    # ------------------------------------------------------------------ rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        self._fill_excerpts(round(self.scroll_y) + crop.y, crop.height)
        return super().render_lines(crop)

    def _fill_excerpts(self, first_line: int, count: int) -> None:
        """Convert, in one batch, the excerpts of the rows on these lines (and a page
        below, for scrolling) that have not been shown yet."""
        lines = self._lines
        if not lines:
            return
        start = lines[max(0, min(first_line, len(lines) - 1))]
        end = lines[max(0, min(first_line + 2 * count, len(lines) - 1))]
        todo = [
            entry
            for entry in self._entries[start : end + 1]
            if isinstance(entry, BookmarkRow) and entry.excerpt is None
        ]
        if todo:
            for row, text in zip(todo, self._excerpts([row.bookmark for row in todo]), strict=True):
                row.excerpt = text

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width <= 0:
            return Strip.blank(0, base)
        if not self._lines:
            if y == 1:
                style = base + self.get_component_rich_style("bookmark-list--empty")
                return self._strip(Text("  " + self.empty_message, style=style), width, base)
            return Strip.blank(width, base)
        line = round(self.scroll_y) + y
        if not 0 <= line < len(self._lines):
            return Strip.blank(width, base)
        index = self._lines[line]
        entry = self._entries[index]
        line_no = line - self._tops[index]
        if isinstance(entry, _Heading):
            if entry.spacer and line_no == 0:
                return Strip.blank(width, base)
            return self._strip(self._heading_text(entry, base), width, base)
        is_cursor = index == self._cursor
        if is_cursor:
            base = base + self.get_component_rich_style("bookmark-list--cursor")
        return self._strip(self._row_text(entry, line_no, width, base, is_cursor), width, base)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis")
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width, base)

    def _heading_text(self, heading: _Heading, base: Style) -> Text:
        style = self.get_component_rich_style
        text = Text(style=base)
        text.append(heading.group.title, base + style("bookmark-list--heading"))
        text.append(f"  {heading.count}", base + style("bookmark-list--count"))
        if not heading.group.in_library:
            text.append(f"  {MISSING_REPORT_MARK}", base + style("bookmark-list--missing"))
        return text

    def _row_text(
        self, row: BookmarkRow, line_no: int, width: int, base: Style, is_cursor: bool
    ) -> Text:
        style = self.get_component_rich_style
        gutter = CURSOR_GLYPH + " " if is_cursor else "  "
        text = Text(style=base)
        text.append(gutter, base)
        if line_no == 0:
            if row.age is None:
                row.age = age_label(row.bookmark.created, self.now)
            age = row.age.rjust(AGE_WIDTH)
            room = max(1, width - len(gutter) - cell_len(age) - 2)
            mark = ""
            if row.bookmark.orphaned:
                mark = (CHANGED_MARK if row.changed else GONE_MARK) + " "
            mark = fit(mark, room)
            excerpt = fit(self.excerpt_of(row), room - cell_len(mark))
            text.append(mark, base + style("bookmark-list--gone"))
            text.append(excerpt, base)
            text.append(" " * (room - cell_len(mark) - cell_len(excerpt)) + "  ", base)
            text.append(age, base + style("bookmark-list--age"))
        elif line_no == 1 and (row.note or row.tags):
            text.append("  ", base)
            if row.note:
                text.append(row.note, base + style("bookmark-list--note"))
            if row.tags:
                if row.note:
                    text.append("  ", base)
                text.append(row.tags, base + style("bookmark-list--tags"))
            text.truncate(width, overflow="ellipsis")
        elif (candidate := row.candidate) is not None:
            if row.candidate_text is None:
                row.candidate_text = self._candidate_text(row)
            share = round(candidate.ratio * 100)
            label = f"  ↳ a: accept #{candidate.passage.ordinal} ({share}% alike): "
            text.append(label, base + style("bookmark-list--gone"))
            text.append(row.candidate_text, base)
            text.truncate(width, overflow="ellipsis")
        else:
            text.append(
                "  ↳ no passage of the report is alike", base + style("bookmark-list--gone")
            )
            text.truncate(width, overflow="ellipsis")
        return text


# --------------------------------------------------------------------------- the screen


class BookmarksScreen(Screen[JumpTarget | None]):
    """Every bookmark, grouped by report; enter jumps, ``/`` filters, ``e`` edits, ``d``
    deletes (``u`` undoes), escape or ``q`` closes.

    The store is read once the screen has painted (with "Loading bookmarks…"), so it shows
    at once and the rows follow (see :attr:`INLINE_READ_LIMIT`); :attr:`loaded` tells when
    they are in. Later changes (edit, delete, undo) go to the store and are
    applied to the rows already loaded, without reading every bookmark again.
    """

    CSS_PATH = str(styles_dir() / "bookmarks.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "Jump", id="bookmarks.jump"),
        Binding("slash", "filter", "Filter", key_display="/", id="bookmarks.filter"),
        Binding("e", "edit", "Edit note", id="bookmarks.edit"),
        Binding("d", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo delete", id="bookmarks.undo"),
        Binding("a", "accept", "Accept passage", id="bookmarks.accept"),
        Binding("escape,q", "close", "Close", id="bookmarks.close"),
    ]

    AUTO_FOCUS = "#bookmarks-list"

    RETRY_INTERVAL: ClassVar[float] = 1.0
    """Seconds between tries to save a note kept while the store was locked."""

    INLINE_READ_LIMIT: ClassVar[int] = 20_000
    """Up to this many bookmarks the store is read on the app's thread once the screen has
    painted (about 5 ms per 1,000); more are read on a worker thread. A thread does not pay
    at this size: while the screen finishes its first paint, it and the reader contend for
    the GIL and the rows arrive about 40 ms later (``bench/bookmarks_screen.py``)."""

    def __init__(
        self,
        store: BookmarkStore,
        library: Library,
        variant: Variant,
        *,
        now: Callable[[], datetime] | None = None,
        pending: PendingWrites | None = None,
    ) -> None:
        """``now`` (a clock returning an aware datetime) is for tests: ages are measured
        from it. ``pending`` keeps the notes edited while the store is locked (the app's,
        kept on disk; by default one in memory)."""
        super().__init__()
        self.store = store
        self.pending = pending if pending is not None else PendingWrites(None)
        self._retry_timer: Timer | None = None
        self.library = library
        self.variant = variant
        self._now = now or (lambda: datetime.now(UTC))
        self._bookmarks: dict[int, Listed] = {}
        self._rows: dict[int, BookmarkRow] = {}
        self._removed: list[Bookmark] = []
        self.loaded = False
        """True once the bookmarks are on screen."""

    def _read(self) -> tuple[list[BookmarkRecord], list[ReportGroup]]:
        """Every bookmark, and their groups.

        The garbage collector is held off meanwhile: the read makes two objects a bookmark
        that all live on and no garbage, and that many new objects set off a full collection
        of the whole app (60-100 ms at 10,000 bookmarks) that would only hold up the rows.
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            bookmarks = self.store.list_records()
            rows: dict[int, BookmarkRow] = {}
            groups = build_groups(bookmarks, self.library, self.variant, cache=rows)
        finally:
            if collecting:
                gc.enable()
        self._rows = rows
        return bookmarks, groups

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("", id="bookmarks-title", markup=False)
        yield Input(placeholder="/ filter: excerpt, note, tag or title", id="bookmarks-filter")
        yield BookmarkList(
            excerpts=partial(excerpts_in_variant, library=self.library, variant=self.variant),
            candidate_text=partial(
                candidate_in_variant, library=self.library, variant=self.variant
            ),
            id="bookmarks-list",
        )
        yield Footer()

    def on_unmount(self) -> None:
        self._bookmarks, self._rows = {}, {}  # see BookmarkList.on_unmount

    def on_mount(self) -> None:
        listing = self.bookmark_list
        listing.empty_message = "Loading bookmarks…"
        self._update_title()
        # Read once the screen is painted: reading alongside the first paint only slows both.
        self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        self.run_worker(self._receive(), group="bookmarks-load", exclusive=True)

    async def _receive(self) -> None:
        try:
            if self.store.count() <= self.INLINE_READ_LIMIT:
                bookmarks, groups = self._read()
            else:
                bookmarks, groups = await asyncio.wrap_future(_READER.submit(self._read))
        except BookmarkError as error:
            self.bookmark_list.empty_message = "Could not read the bookmarks."
            self.bookmark_list.refresh()
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self._bookmarks = {b.id: b for b in bookmarks}
        self.bookmark_list.set_groups(groups, now=self._now())
        self.loaded = True
        self._update_title()
        waiting = [c for c in self.pending.items if c.op == "update"]
        for change in waiting:  # notes kept while the store was locked: shown as typed
            self._show_pending(change.bookmark_id, BookmarkDraft(change.note, change.tags))
        if waiting:
            self._start_retrying()
        _READER.submit(_warm_haystacks, groups)  # so that the first filter keystroke is quick

    @property
    def bookmark_list(self) -> BookmarkList:
        return self.query_one(BookmarkList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#bookmarks-filter", Input)

    def _apply(self, keep_id: int | None = None) -> None:
        """Show ``self._bookmarks`` again after a change (rows of unchanged ones reused)."""
        present = self._bookmarks
        self._rows = {i: row for i, row in self._rows.items() if i in present}
        groups = build_groups(present.values(), self.library, self.variant, cache=self._rows)
        self.bookmark_list.set_groups(groups, keep_id=keep_id, now=self._now())
        self._update_title()

    def _update_title(self) -> None:
        listing = self.bookmark_list
        total, shown = listing.total_count, listing.visible_count
        counted = f"{shown} of {total}" if shown != total else f"{total}"
        reports = listing.visible_groups
        where = f" in {reports} report{'s' if reports != 1 else ''}" if reports else ""
        title = f"Bookmarks · {counted}{where} · {self.variant.label}"
        self.query_one("#bookmarks-title", Static).update(title)
        if not self.loaded:
            return
        if total == 0:
            listing.empty_message = EMPTY_MESSAGE
        else:
            query = self.filter_input.value.strip()
            listing.empty_message = f"No bookmark matches “{query}”."

    # ------------------------------------------------------------------ filter

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "bookmarks-filter":
            event.stop()
            self.bookmark_list.set_filter(event.value)
            self._update_title()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "bookmarks-filter":
            event.stop()
            self.bookmark_list.focus()

    def action_filter(self) -> None:
        self.filter_input.focus()

    # ------------------------------------------------------------------ actions

    def on_bookmark_list_chosen(self, event: BookmarkList.Chosen) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        row = self.bookmark_list.current
        if row is None:
            return
        bookmark = row.bookmark
        if self.library.find(bookmark.report_key) is None:
            self.notify(
                "That report is no longer in the library.", severity="warning", markup=False
            )
            return
        ordinal = bookmark.ordinal
        if bookmark.orphaned and row.candidate is not None:
            ordinal = row.candidate.passage.ordinal  # where its text most likely went
        self.dismiss(JumpTarget(bookmark.report_key, ordinal))

    def action_edit(self) -> None:
        row = self.bookmark_list.current
        if row is None:
            return
        bookmark = row.bookmark
        excerpt = self.bookmark_list.excerpt_of(row)
        note = next(
            (c.note for c in reversed(self.pending.items) if c.bookmark_id == bookmark.id),
            bookmark.note,
        )
        dialog = BookmarkDialog(excerpt, note=note, tags=bookmark.tags, editing=True)
        self.app.push_screen(dialog, partial(self._edited, bookmark.id))

    def _edited(self, bookmark_id: int, draft: BookmarkDraft | None) -> None:
        if draft is None:
            return
        try:
            updated = self.store.update(bookmark_id, note=draft.note, tags=draft.tags)
        except BookmarkBusyError:
            # Locked by another process: the note is kept (and shown) and saved later.
            self.pending.keep(PendingChange.update(bookmark_id, draft.note, draft.tags))
            self._show_pending(bookmark_id, draft)
            self._start_retrying()
            self.notify(
                "The bookmarks store is busy (another process is writing it): your note is "
                "kept and will be saved when it is free.",
                title="Bookmark",
                severity="warning",
                markup=False,
            )
            return
        except BookmarkError as error:
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self._bookmarks[updated.id] = updated
        self._apply(keep_id=updated.id)

    def _show_pending(self, bookmark_id: int, draft: BookmarkDraft) -> None:
        from dataclasses import replace

        current = self._bookmarks.get(bookmark_id)
        if current is None:
            return
        if isinstance(current, BookmarkRecord):
            current = current.to_bookmark()
        self._bookmarks[bookmark_id] = replace(current, note=draft.note, tags=draft.tags)
        self._apply(keep_id=bookmark_id)

    def _start_retrying(self) -> None:
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(self.RETRY_INTERVAL, self.flush_pending)

    def flush_pending(self) -> None:
        """Save the notes kept while the store was locked, if it is free now (no wait)."""
        result = self.pending.flush(self.store)
        for _change, bookmark in result.saved:
            self._bookmarks[bookmark.id] = bookmark  # an added one appears too
        for change, reason in result.failed:
            self.notify(
                f"{clean_line(reason)}; the note kept for it was: {clean_line(change.note)}",
                severity="warning",
                markup=False,
                timeout=30,
            )
        if result.saved:
            self._apply(
                keep_id=self.bookmark_list.current.bookmark.id
                if self.bookmark_list.current
                else None
            )
            self.notify("Saved the note kept while the store was busy.", markup=False)
        if not self.pending and self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def action_accept(self) -> None:
        """Put a "passage changed" bookmark on the passage offered for it."""
        row = self.bookmark_list.current
        if row is None:
            return
        if not row.changed or row.candidate is None:
            self.notify("This bookmark's passage has not changed.", markup=False)
            return
        try:
            moved = self.store.accept(row.bookmark.id, row.candidate.passage)
        except BookmarkBusyError:
            self.notify(
                "The bookmarks store is busy (another process is writing it); nothing was "
                "changed, try again in a moment.",
                severity="warning",
                markup=False,
            )
            return
        except BookmarkError as error:
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self._bookmarks[moved.id] = moved
        self._apply(keep_id=moved.id)
        self.notify(f"Bookmark moved to passage #{moved.ordinal}.", markup=False)

    def action_delete(self) -> None:
        row = self.bookmark_list.current
        if row is None:
            return
        try:
            removed = self.store.remove(row.bookmark.id)
        except BookmarkError as error:
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self._removed.append(removed)
        self._bookmarks.pop(removed.id, None)
        self._apply()
        self.notify("Deleted — press u to undo", title="Bookmark", markup=False)

    def action_undo(self) -> None:
        if not self._removed:
            self.notify("Nothing to undo.", markup=False)
            return
        bookmark = self._removed.pop()
        try:
            restored = self.store.restore(bookmark)
        except BookmarkError as error:
            self._removed.append(bookmark)
            self.notify(clean_line(error), severity="error", markup=False)
            return
        self._bookmarks[restored.id] = restored
        self._apply(keep_id=restored.id)
        self.notify("Bookmark restored.", title="Bookmark", markup=False)

    def action_close(self) -> None:
        if self.focused is self.filter_input:
            self.bookmark_list.focus()
            return
        self.dismiss(None)
