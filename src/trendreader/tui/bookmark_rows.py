"""The rows of the bookmarks screen (``B``): pure functions, no Textual.

Grouping by report, the excerpt in the reader's variant, ages, the candidate passage of a
"passage changed" bookmark, and the folded text the filter searches. Built once per screen;
:class:`~trendreader.tui.widgets.bookmark_list.BookmarkList` shows them.

Keys: ``Bookmark.report_key`` (a field of the bookmarks store) holds an *edition* key; the
rows and :class:`JumpTarget` call it ``edition_key``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache, partial
from itertools import groupby
from operator import attrgetter, itemgetter

from rich.cells import cell_len, get_character_cell_size

from trendreader.bookmarks.anchoring import Candidate, Scored, candidates_of, nearest_candidate
from trendreader.bookmarks.model import EXCERPT_LENGTH, Bookmark, BookmarkRecord
from trendreader.i18n import N_, _
from trendreader.library.catalog import Library
from trendreader.library.model import Edition, Script
from trendreader.library.sanitize import clean_line
from trendreader.reading import passage_texts_for, report_title
from trendreader.script.convert import convert
from trendreader.script.display import (
    DisplayCache,
    display_text,
    show_user_text,
    show_user_texts,
)
from trendreader.script.fold import fold_to_simplified
from trendreader.script.variants import Variant

EMPTY_MESSAGE = N_("No bookmarks yet — press b on a passage to keep it.")
GONE_MARK = N_("(passage gone)")
CHANGED_MARK = N_("(passage changed)")
MISSING_REPORT_MARK = N_("(not in library)")
CURSOR_GLYPH = "▌"
AGE_WIDTH = 8  # "just now"

#: What the screen lists: bookmarks, or the records the store reads for a listing.
Listed = Bookmark | BookmarkRecord


# --------------------------------------------------------------------------- the rows


@dataclass(frozen=True, slots=True)
class JumpTarget:
    """Where enter on a bookmark goes: an edition key and a passage ordinal."""

    edition_key: str
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
        return _("just now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return _("{n}m").format(n=minutes)
    hours = minutes // 60
    if hours < 24:
        return _("{n}h").format(n=hours)
    days = hours // 24
    if days < 60:
        return _("{n}d").format(n=days)
    if days < 365:
        return _("{n}mo").format(n=days // 30)
    return _("{n}y").format(n=days // 365)


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
            parts.append(_fold(row.note))  # as shown (the variant's words)
        if bookmark.note and bookmark.note != row.note:
            parts.append(_fold(bookmark.note))  # and as typed
        if bookmark.tags:
            parts.append(_fold(" ".join(bookmark.tags)))
            if row.tags:
                parts.append(_fold(row.tags))
        row.haystack = "\n".join(parts)
    return row.haystack


def warm_haystacks(groups: Iterable[ReportGroup]) -> None:
    for group in groups:
        for row in group.rows:
            row_haystack(row)


def row_matches(row: BookmarkRow, group: ReportGroup, terms: Sequence[tuple[str, ...]]) -> bool:
    """Whether a row holds every word of the filter (in its texts or its report's title)."""
    haystack = row_haystack(row)
    return all(any(form in haystack or form in group.haystack for form in forms) for forms in terms)


_excerpt_cache = DisplayCache(maxsize=32768)


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


def make_row(
    bookmark: Listed,
    finder: Callable[[], Scored | None] | None = None,
    variant: Variant = Variant.ORIGINAL,
) -> BookmarkRow:
    """The row of one bookmark (excerpt, age and haystack are filled in later); every text
    cleaned to one line (no control character or escape sequence). ``finder`` gives an
    orphaned bookmark's candidate passage (its row has a line for it). The note and tags
    are stored as typed and shown in ``variant`` (``值得关注 #芯片``: ``值得關注 #晶片`` in
    臺灣正體)."""
    note = bookmark.note
    if note:
        note = show_user_text(" ".join(_line(note).split()), variant)
    tags = bookmark.tags
    if tags and variant != Variant.ORIGINAL:
        tags = tuple(show_user_texts(tags, variant))
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
            row = cache[bookmark.id] = make_row(bookmark, find, variant)
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
        for _index, same in groupby(sorted(editions[key]), key=itemgetter(0)):
            keys = [edition_key for _i, edition_key in same]
            run = runs[keys[0]] if len(keys) == 1 else [r for k in keys for r in runs[k]]
            run.sort(key=_row_order)
            group.rows.extend(run)
    return sorted(groups.values(), key=lambda group: order[group.key])


# --------------------------------------------------------------------------- the list
