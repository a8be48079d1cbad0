"""Changes kept while the store is locked: a note typed is never discarded.

When another process holds the store's write lock, the reader does not wait for it (no
database call on the UI thread may block). A new bookmark or an edited note that finds the
store busy is kept here, in memory and in ``bookmarks.pending.json`` beside the store (so
that quitting loses nothing either), and :meth:`PendingWrites.flush` saves it once the lock
is gone: on a timer while the reader runs, and when it next starts.

The file is written with :func:`trendreader.atomic.write_text` (never half a file). An
unreadable pending file is left as it is (never overwritten): its changes wait there, and
new ones are kept in memory only, with one line saying so.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from trendreader.atomic import write_text
from trendreader.bookmarks.errors import BookmarkError, BookmarkNotFoundError
from trendreader.bookmarks.model import Bookmark, clean_tags
from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.model import Passage, PassageKind
from trendreader.library.sanitize import clean_line, clean_text

__all__ = ["FlushResult", "PendingChange", "PendingWrites", "pending_path"]


def pending_path(db_path: str | os.PathLike[str]) -> Path:
    """Where the changes kept for the store at ``db_path`` live."""
    db = Path(db_path)
    return db.with_name(f"{db.stem}.pending.json")


@dataclass(frozen=True, slots=True)
class PendingChange:
    """One change to make: ``add`` a bookmark on a passage, or ``update`` one's note/tags."""

    op: Literal["add", "update"]
    note: str
    tags: tuple[str, ...]
    bookmark_id: int = 0  # update
    edition_key: str = ""  # add (kept on disk as ``report_key``, its older name)
    report_title: str = ""
    ordinal: int = 0
    anchor: str = ""
    text: str = ""
    kind: str = PassageKind.PARAGRAPH.value
    page: int | None = None

    @classmethod
    def add(
        cls, edition_key: str, report_title: str, passage: Passage, note: str, tags: Iterable[str]
    ) -> PendingChange:
        return cls(
            "add",
            note,
            tuple(tags),
            edition_key=edition_key,
            report_title=report_title,
            ordinal=passage.ordinal,
            anchor=passage.anchor,
            text=passage.text,
            kind=str(passage.kind),
            page=passage.page,
        )

    @classmethod
    def update(cls, bookmark_id: int, note: str, tags: Iterable[str]) -> PendingChange:
        return cls("update", note, tuple(tags), bookmark_id=bookmark_id)

    def apply(self, store: BookmarkStore) -> Bookmark:
        """Make the change (raises BookmarkBusyError while the store is still locked)."""
        if self.op == "update":
            return store.update(self.bookmark_id, note=self.note, tags=self.tags)
        try:
            kind = PassageKind(self.kind)
        except ValueError:
            kind = PassageKind.PARAGRAPH
        passage = Passage(
            self.edition_key, self.ordinal, kind, self.text, anchor=self.anchor, page=self.page
        )
        bookmark = store.add(
            self.edition_key, self.report_title, passage, note=self.note, tags=self.tags
        )
        note = clean_text(self.note)
        missing_tags = [t for t in clean_tags(self.tags) if t not in bookmark.tags]
        if (note and note not in bookmark.note) or missing_tags:
            # the passage was bookmarked meanwhile (another reader): keep this note too
            if note and note not in bookmark.note:
                note = "\n\n".join(n for n in (bookmark.note, note) if n)
            else:
                note = bookmark.note
            bookmark = store.update(bookmark.id, note=note, tags=(*bookmark.tags, *missing_tags))
        return bookmark

    def to_record(self) -> dict[str, Any]:
        """The change as kept on disk (:meth:`from_record` reads it back)."""
        record = asdict(self)
        record["report_key"] = record.pop("edition_key")
        return record

    @staticmethod
    def from_record(record: Any) -> PendingChange | None:
        if not isinstance(record, dict) or record.get("op") not in ("add", "update"):
            return None
        try:
            return PendingChange(
                op=record["op"],
                note=clean_text(record.get("note", "")),
                tags=tuple(clean_line(t) for t in record.get("tags", ()) if isinstance(t, str)),
                bookmark_id=int(record.get("bookmark_id", 0)),
                edition_key=clean_line(record.get("report_key", "")),
                report_title=clean_line(record.get("report_title", "")),
                ordinal=int(record.get("ordinal", 0)),
                anchor=clean_line(record.get("anchor", "")),
                text=clean_text(record.get("text", "")),
                kind=clean_line(record.get("kind", PassageKind.PARAGRAPH.value)),
                page=_page(record.get("page")),
            )
        except (TypeError, ValueError):
            return None


def _page(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    return None


@dataclass(slots=True)
class FlushResult:
    """What one :meth:`PendingWrites.flush` did."""

    saved: list[tuple[PendingChange, Bookmark]] = field(default_factory=list)
    failed: list[tuple[PendingChange, str]] = field(default_factory=list)  # given up, said
    waiting: int = 0  # still kept: the store is still locked


class PendingWrites:
    """The changes waiting for the store; ``path`` None keeps them in memory only."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = None if path is None else Path(path)
        self.problem: str | None = None
        """One line when the pending file could not be read or written."""
        self._items: list[PendingChange] = []
        self._file_readable = True
        self._load()

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    @property
    def items(self) -> tuple[PendingChange, ...]:
        return tuple(self._items)

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as e:
            self._unreadable(e)
            return
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as e:
            self._unreadable(e)
            return
        if not isinstance(data, list):
            self._unreadable(ValueError("not a list"))
            return
        self._items = [c for c in map(PendingChange.from_record, data) if c is not None]

    def _unreadable(self, error: BaseException) -> None:
        self._file_readable = False
        self.problem = (
            f"{self.path}: cannot read the bookmark changes kept there "
            f"({' '.join(str(error).split())}); left as it is"
        )

    def keep(self, change: PendingChange) -> None:
        """Keep a change (in memory, and on disk when it can be)."""
        self._items.append(change)
        self._save()

    def _save(self) -> None:
        if self.path is None or not self._file_readable:
            return  # never overwrite a file that could not be read
        try:
            if not self._items:
                self.path.unlink(missing_ok=True)
                return
            data = [item.to_record() for item in self._items]
            write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as e:
            self.problem = (
                f"{self.path}: cannot keep bookmark changes on disk "
                f"({' '.join(str(e).split())}); they are kept until you quit"
            )

    def flush(self, store: BookmarkStore) -> FlushResult:
        """Save what can be saved now, in order; stop at the first one the lock refuses."""
        result = FlushResult()
        while self._items:
            change = self._items[0]
            try:
                bookmark = change.apply(store)
            except BookmarkNotFoundError as e:  # deleted meanwhile: said, with the note
                result.failed.append((change, str(e)))
            except BookmarkError:  # still locked (or unwritable): kept for the next try
                break
            else:
                result.saved.append((change, bookmark))
            self._items.pop(0)
        result.waiting = len(self._items)
        if result.saved or result.failed:
            self._save()
        return result
