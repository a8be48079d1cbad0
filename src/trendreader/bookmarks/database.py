"""The :class:`BookmarkStore`: bookmarks read and changed over one SQLite connection.

Opening (checks, migration, WAL) is :mod:`.connection`; the file format :mod:`.schema`;
moving a damaged file aside :mod:`.repair`. Every change is one ``BEGIN IMMEDIATE``
transaction that waits for another process's write lock at most ``timeout`` seconds, then
raises :class:`BookmarkBusyError` with one line; reading never waits (WAL).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from trendreader.bookmarks.connection import open_connection, store_error
from trendreader.bookmarks.errors import (
    BookmarkBusyError,
    BookmarkNotFoundError,
    BookmarkStoreError,
)
from trendreader.bookmarks.model import (
    Bookmark,
    BookmarkRecord,
    clean_tags,
    encode_tags,
    make_excerpt,
    utc_now,
)
from trendreader.bookmarks.schema import BUSY_TIMEOUT_MS, COLUMNS, row_to_bookmark
from trendreader.i18n import _
from trendreader.library.model import Edition, Passage
from trendreader.library.sanitize import clean_line, clean_text


def insert_bookmark(con: sqlite3.Connection, bookmark: Bookmark, *, keep_id: bool) -> Bookmark:
    """Insert ``bookmark`` (texts cleaned) inside the transaction ``con``; ``keep_id``: under
    its own id, else a new one. Returns it as stored."""
    bookmark = replace(
        bookmark,
        report_title=clean_line(bookmark.report_title),
        excerpt=clean_line(bookmark.excerpt),
        note=clean_text(bookmark.note),
        tags=clean_tags(bookmark.tags),
    )
    values = (
        bookmark.edition_key,
        bookmark.report_title,
        bookmark.anchor,
        bookmark.ordinal,
        bookmark.excerpt,
        bookmark.note,
        encode_tags(bookmark.tags),
        bookmark.created,
        bookmark.updated,
        int(bookmark.orphaned),
        bookmark.page,
    )
    if keep_id:
        cur = con.execute(
            f"INSERT INTO bookmarks ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (bookmark.id, *values),
        )
    else:
        cur = con.execute(
            f"INSERT INTO bookmarks ({COLUMNS.removeprefix('id, ')}) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            values,
        )
    return replace(bookmark, id=cur.lastrowid or bookmark.id)


class BookmarkStore:
    """Bookmarks (and reading state) in one SQLite file.

    One connection per store; every public method is safe to call from several threads
    of one process, and several processes may use the same file at once (WAL, and a
    ``BEGIN IMMEDIATE`` transaction per change with a busy timeout of 5 s).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float | None = None,
        checked: str | os.PathLike[str] | None = None,
    ) -> None:
        """``timeout``: seconds a change waits for another process's write lock before it
        raises :class:`BookmarkBusyError` (0: not at all; default :data:`BUSY_TIMEOUT_MS`).
        Reading never waits: the file is in WAL mode, and opening takes the write lock only
        to create or migrate the schema.
        A store whose pages fail ``PRAGMA quick_check`` raises :class:`BookmarkDamagedError`;
        with ``checked`` (a file in the cache folder: ``bookmarks.store.checked_file``) the
        check is skipped while the files are as the last clean check left them.
        """
        self.path = Path(path)
        self.timeout = BUSY_TIMEOUT_MS / 1000 if timeout is None else max(0.0, float(timeout))
        self._lock = threading.RLock()
        self._con = open_connection(
            self.path,
            self.timeout,
            BUSY_TIMEOUT_MS / 1000,
            Path(checked) if checked is not None else None,
        )

    def _error(self, error: BaseException, what: str) -> BookmarkStoreError:
        return store_error(self.path, self.timeout, error, what)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> BookmarkStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------- primitives
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``); rolled back if the body raises."""
        with self._lock:
            try:
                self._con.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise self._error(e, _("cannot write bookmarks store")) from e
            try:
                yield self._con
                self._con.execute("COMMIT")
            except BaseException as e:
                if self._con.in_transaction:
                    self._con.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise self._error(e, _("cannot write bookmarks store")) from e
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one read-only statement."""
        with self._lock:
            try:
                return self._con.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise self._error(e, _("cannot read bookmarks store")) from e

    # -------------------------------------------------------------- bookmarks
    def add(
        self,
        edition_key: str,
        report_title: str,
        passage: Passage,
        *,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Bookmark:
        """Bookmark ``passage`` of edition ``edition_key``; an existing bookmark on the same
        passage (same key and anchor) is returned unchanged instead."""
        with self.transaction() as con:
            row = con.execute(
                f"SELECT {COLUMNS} FROM bookmarks WHERE report_key = ? AND anchor = ? "
                "ORDER BY id LIMIT 1",
                (edition_key, passage.anchor),
            ).fetchone()
            if row is not None:
                return row_to_bookmark(row)
            now = utc_now()
            bookmark = Bookmark(
                id=0,
                edition_key=edition_key,
                report_title=clean_line(report_title),
                anchor=passage.anchor,
                ordinal=passage.ordinal,
                excerpt=make_excerpt(passage.text),
                note=clean_text(note),
                tags=clean_tags(tags),
                created=now,
                updated=now,
                page=passage.page,
            )
            return insert_bookmark(con, bookmark, keep_id=False)

    def insert_records(self, bookmarks: Iterable[Bookmark]) -> tuple[int, int]:
        """Insert bookmarks as they are (new ids, times kept) in one transaction, skipping
        any whose report key, anchor and creation time are already stored.
        Returns ``(added, skipped)``."""
        added = skipped = 0
        with self.transaction() as con:
            for bookmark in bookmarks:
                if self._find_same(con, bookmark) is not None:
                    skipped += 1
                    continue
                insert_bookmark(con, bookmark, keep_id=False)
                added += 1
        return added, skipped

    @staticmethod
    def _find_same(con: sqlite3.Connection, bookmark: Bookmark) -> Bookmark | None:
        row = con.execute(
            f"SELECT {COLUMNS} FROM bookmarks WHERE report_key = ? AND anchor = ? "
            "AND created = ? ORDER BY id LIMIT 1",
            (bookmark.edition_key, bookmark.anchor, bookmark.created),
        ).fetchone()
        return None if row is None else row_to_bookmark(row)

    def update(
        self,
        bookmark_id: int,
        *,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Bookmark:
        """Change the note and/or the tags; ``updated`` moves only if something changed."""
        with self.transaction() as con:
            current = self._get(con, bookmark_id)
            new = replace(
                current,
                note=current.note if note is None else clean_text(note),
                tags=current.tags if tags is None else clean_tags(tags),
            )
            if new == current:
                return current
            new = replace(new, updated=utc_now())
            con.execute(
                "UPDATE bookmarks SET note = ?, tags = ?, updated = ? WHERE id = ?",
                (
                    new.note,
                    encode_tags(new.tags),
                    new.updated,
                    bookmark_id,
                ),
            )
            return new

    def remove(self, bookmark_id: int) -> Bookmark:
        """Delete a bookmark and return it (keep it to :meth:`restore` it for undo)."""
        with self.transaction() as con:
            current = self._get(con, bookmark_id)
            con.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            return current

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark, under its old id when that id is free."""
        with self.transaction() as con:
            same = self._find_same(con, bookmark)
            if same is not None:
                return same
            taken = con.execute("SELECT 1 FROM bookmarks WHERE id = ?", (bookmark.id,))
            return insert_bookmark(con, bookmark, keep_id=taken.fetchone() is None)

    def _get(self, con: sqlite3.Connection, bookmark_id: int) -> Bookmark:
        row = con.execute(
            f"SELECT {COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)
        ).fetchone()
        if row is None:
            raise BookmarkNotFoundError(_("no bookmark with id {id}").format(id=bookmark_id))
        return row_to_bookmark(row)

    def get(self, bookmark_id: int) -> Bookmark | None:
        rows = self.query(f"SELECT {COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return row_to_bookmark(rows[0]) if rows else None

    def find_by_anchor(self, edition_key: str, anchor: str) -> Bookmark | None:
        """The bookmark on this passage, if any (what the ``b`` toggle asks)."""
        rows = self.query(
            f"SELECT {COLUMNS} FROM bookmarks WHERE report_key = ? AND anchor = ? "
            "ORDER BY id LIMIT 1",
            (edition_key, anchor),
        )
        return row_to_bookmark(rows[0]) if rows else None

    def list_bookmarks(self, edition_key: str | None = None) -> list[Bookmark]:
        """All bookmarks, or those of one edition, ordered by edition key then ordinal."""
        if edition_key is None:
            rows = self.query(f"SELECT {COLUMNS} FROM bookmarks ORDER BY report_key, ordinal, id")
        else:
            rows = self.query(
                f"SELECT {COLUMNS} FROM bookmarks WHERE report_key = ? ORDER BY ordinal, id",
                (edition_key,),
            )
        return [row_to_bookmark(row) for row in rows]

    def list_records(self) -> list[BookmarkRecord]:
        """All bookmarks as :class:`BookmarkRecord` tuples, in id order: the quick read for
        a screen that lists every bookmark (no :class:`Bookmark` objects built and no sort
        in SQL, which costs more than sorting the records in Python; about 40% of the time
        of :meth:`list_bookmarks` at 10,000 bookmarks)."""
        rows = self.query(f"SELECT {COLUMNS} FROM bookmarks ORDER BY id")
        return list(map(BookmarkRecord._make, rows))

    def count(self, edition_key: str | None = None) -> int:
        if edition_key is None:
            return int(self.query("SELECT count(*) FROM bookmarks")[0][0])
        rows = self.query("SELECT count(*) FROM bookmarks WHERE report_key = ?", (edition_key,))
        return int(rows[0][0])

    def edition_keys(self) -> list[str]:
        """The distinct edition keys that have bookmarks."""
        rows = self.query("SELECT DISTINCT report_key FROM bookmarks ORDER BY report_key")
        return [r[0] for r in rows]

    def report_keys(self) -> list[str]:
        """Deprecated: :meth:`edition_keys` under its old name."""
        return self.edition_keys()

    # ------------------------------------------------------------ re-anchoring
    def reanchor(self, edition_key: str, passages: Sequence[Passage] | None) -> list[Bookmark]:
        """Re-find this edition's bookmarks in ``passages`` (None: the report is gone) and
        store what moved; returns the edition's bookmarks as they now are. Only anchor,
        ordinal, page and the orphaned flag are written (see :mod:`.anchoring`): never the
        excerpt, the note or the tags. When the store is locked by another process the
        result is returned unwritten (it is found again the next time)."""
        current = self.list_bookmarks(edition_key)
        if not current:
            return []  # the common case when a report is opened: nothing to re-find
        from trendreader.bookmarks.anchoring import reanchor  # difflib: only when needed

        found = reanchor(current, passages or ())
        changed = [new for old, new in zip(current, found, strict=True) if new != old]
        if changed:
            try:
                with self.transaction() as con:
                    for b in changed:
                        # only if the row is as it was read: a change made meanwhile wins
                        old = next(o for o in current if o.id == b.id)
                        con.execute(
                            "UPDATE bookmarks SET anchor = ?, ordinal = ?, orphaned = ?, page = ? "
                            "WHERE id = ? AND anchor = ? AND ordinal = ?",
                            (
                                b.anchor,
                                b.ordinal,
                                int(b.orphaned),
                                b.page,
                                b.id,
                                old.anchor,
                                old.ordinal,
                            ),
                        )
            except BookmarkBusyError:
                pass
        return found

    def accept(self, bookmark_id: int, passage: Passage) -> Bookmark:
        """Put a ("passage changed") bookmark on ``passage``, as the user chose: its anchor
        and ordinal become the passage's; its excerpt, note and tags stay as they are.
        Refused (BookmarkStoreError) when another bookmark of the edition sits there."""
        with self.transaction() as con:
            current = self._get(con, bookmark_id)
            other = con.execute(
                "SELECT id FROM bookmarks WHERE report_key = ? AND anchor = ? AND id != ? "
                "AND orphaned = 0 LIMIT 1",
                (current.edition_key, passage.anchor, bookmark_id),
            ).fetchone()
            if other is not None:
                raise BookmarkStoreError(
                    _(
                        "bookmark {other} already marks that passage; bookmark {id} "
                        "was left where it was"
                    ).format(other=other[0], id=bookmark_id)
                )
            new = replace(
                current,
                anchor=passage.anchor,
                ordinal=passage.ordinal,
                orphaned=False,
                page=passage.page,
            )
            if new != current:
                new = replace(new, updated=utc_now())
                con.execute(
                    "UPDATE bookmarks SET anchor = ?, ordinal = ?, orphaned = 0, updated = ?, "
                    "page = ? WHERE id = ?",
                    (new.anchor, new.ordinal, new.updated, new.page, bookmark_id),
                )
            return new

    def reanchor_all(self, find_edition: Callable[[str], Edition | None]) -> int:
        """Re-anchor every report that has bookmarks; returns how many are orphaned."""
        orphaned = 0
        for key in self.edition_keys():
            edition = find_edition(key)
            found = self.reanchor(key, None if edition is None else edition.passages)
            orphaned += sum(b.orphaned for b in found)
        return orphaned
