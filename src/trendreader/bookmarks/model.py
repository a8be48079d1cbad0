"""The bookmark record and the helpers that build its parts (excerpt, tags, times)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

from trendreader.library.sanitize import clean_line
from trendreader.script.fold import fold_to_simplified

EXCERPT_LENGTH = 200


@dataclass(frozen=True, slots=True, init=False)
class Bookmark:
    """One bookmarked passage of one edition.

    ``edition_key`` names the edition (stored in the ``report_key`` column and exported as
    ``key``); ``anchor`` and ``ordinal`` locate the passage, and ``excerpt`` (the passage
    folded to simplified, at most 200 characters) lets it be found again after the report
    changes; it is written once, when the bookmark is made, and never rewritten. ``page`` is
    the passage's page in a paged source (a PDF), None elsewhere. Times are UTC ISO 8601
    strings. ``orphaned`` marks a bookmark whose passage could not be found the last time
    its report was read ("passage changed"): it stays where it was, and the bookmarks screen
    offers the most alike passage instead. Texts are stored cleaned by
    :mod:`trendreader.library.sanitize`.
    """

    id: int
    edition_key: str
    report_title: str
    anchor: str
    ordinal: int
    excerpt: str
    note: str
    tags: tuple[str, ...]
    created: str
    updated: str
    orphaned: bool
    page: int | None

    def __init__(
        self,
        id: int,
        edition_key: str = "",
        report_title: str = "",
        anchor: str = "",
        ordinal: int = 0,
        excerpt: str = "",
        note: str = "",
        tags: tuple[str, ...] = (),
        created: str = "",
        updated: str = "",
        orphaned: bool = False,
        page: int | None = None,
        *,
        report_key: str | None = None,
    ) -> None:
        """``report_key``: the old name of ``edition_key``, accepted until every caller
        says ``edition_key`` (deprecated)."""
        if report_key is not None:
            edition_key = report_key
        put = object.__setattr__  # frozen: as the generated __init__ does
        put(self, "id", id)
        put(self, "edition_key", edition_key)
        put(self, "report_title", report_title)
        put(self, "anchor", anchor)
        put(self, "ordinal", ordinal)
        put(self, "excerpt", excerpt)
        put(self, "note", note)
        put(self, "tags", tags)
        put(self, "created", created)
        put(self, "updated", updated)
        put(self, "orphaned", orphaned)
        put(self, "page", page)

    @property
    def report_key(self) -> str:
        """Deprecated: the edition key, under its old name (read-only); use ``edition_key``."""
        return self.edition_key


@lru_cache(maxsize=4096)
def decode_tags(raw: str) -> tuple[str, ...]:
    """Tags as stored (a JSON array) as a tuple; cached, since few tag sets recur."""
    if raw == "[]":
        return ()
    import json  # here: the reader's start-up does not need it

    return tuple(json.loads(raw))


def encode_tags(tags: Iterable[str]) -> str:
    """Tags as stored: a JSON array."""
    import json

    return json.dumps(list(tags), ensure_ascii=False)


class BookmarkRecord(NamedTuple):
    """A bookmark as read for a listing: the stored row as it is (a tuple, so tens of
    thousands are cheap to read), read like a :class:`Bookmark` (same attribute names and
    types); :meth:`to_bookmark` gives the :class:`Bookmark`."""

    id: int
    edition_key: str
    report_title: str
    anchor: str
    ordinal: int
    excerpt: str
    note: str
    tags_json: str  # a JSON array, as stored
    created: str
    updated: str
    orphaned_flag: int  # 0 or 1, as stored
    page: int | None = None

    @property
    def report_key(self) -> str:
        """Deprecated: the edition key, under its old name; use ``edition_key``."""
        return self.edition_key

    @property
    def tags(self) -> tuple[str, ...]:
        return decode_tags(self.tags_json)

    @property
    def orphaned(self) -> bool:
        return bool(self.orphaned_flag)

    def to_bookmark(self) -> Bookmark:
        return Bookmark(
            id=self.id,
            edition_key=self.edition_key,
            report_title=self.report_title,
            anchor=self.anchor,
            ordinal=self.ordinal,
            excerpt=self.excerpt,
            note=self.note,
            tags=self.tags,
            created=self.created,
            updated=self.updated,
            orphaned=self.orphaned,
            page=self.page,
        )


def make_excerpt(text: str) -> str:
    """The passage folded to simplified, whitespace runs made one space, cut to 200 chars."""
    return " ".join(fold_to_simplified(text).split())[:EXCERPT_LENGTH]


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags cleaned (one line, no control or escape sequence), stripped, empty ones dropped,
    duplicates dropped (first one kept, order kept)."""
    seen: dict[str, None] = {}
    for tag in tags:
        tag = " ".join(clean_line(tag).split())
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def utc_now() -> str:
    """The current time as a UTC ISO 8601 string with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def group_by_report(bookmarks: Iterable[Bookmark]) -> dict[str, list[Bookmark]]:
    """Bookmarks grouped by edition key (the name is older than the distinction), groups in
    first-seen order. :func:`trendreader.bookmarks.grouping.group_by_report_of` puts the
    editions of one report together."""
    groups: dict[str, list[Bookmark]] = {}
    for bookmark in bookmarks:
        groups.setdefault(bookmark.edition_key, []).append(bookmark)
    return groups
