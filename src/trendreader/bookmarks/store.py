"""The bookmarks store: one SQLite file (WAL, one transaction per change) in the data dir.

Opening never writes to a file that is not ours: a file that is not SQLite, an SQLite
database of another program, or one from a newer trendreader is refused with a
:class:`BookmarkStoreError` whose one-line message names the file, and the file is left
exactly as it was. :func:`repair` moves such a file aside (it is never deleted) and starts
a fresh store.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trendreader.bookmarks.errors import BookmarkNotFoundError, BookmarkStoreError
from trendreader.bookmarks.model import (
    Bookmark,
    BookmarkRecord,
    clean_tags,
    decode_tags,
    encode_tags,
    make_excerpt,
    utc_now,
)
from trendreader.library.model import Edition, Passage

#: Written to the database header (bytes 68-71) so that our file is told from others.
APPLICATION_ID = 0x54524244  # "TRBD"
BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"

#: Ordered migrations: entry ``n`` takes the schema from version ``n`` to ``n + 1``.
#: Never edit a released entry; append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: bookmarks
        """CREATE TABLE bookmarks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            report_key TEXT NOT NULL,
            report_title TEXT NOT NULL DEFAULT '',
            anchor TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            excerpt TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX bookmarks_key_anchor ON bookmarks (report_key, anchor)",
    ),
    (  # 2: reading state and settings (last opened report)
        """CREATE TABLE reading_state (
            report_key TEXT PRIMARY KEY,
            edition_key TEXT NOT NULL DEFAULT '',
            ordinal INTEGER NOT NULL DEFAULT 0,
            anchor TEXT NOT NULL DEFAULT '',
            scroll_offset REAL NOT NULL DEFAULT 0,
            variant TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL
        )""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = frozenset({"bookmarks", "reading_state", "settings", "sqlite_sequence"})

_COLUMNS = (
    "id, report_key, report_title, anchor, ordinal, excerpt, note, tags, created, updated, orphaned"
)


def _row_to_bookmark(row: Sequence[Any]) -> Bookmark:
    return Bookmark(
        id=row[0],
        report_key=row[1],
        report_title=row[2],
        anchor=row[3],
        ordinal=row[4],
        excerpt=row[5],
        note=row[6],
        tags=decode_tags(row[7]),
        created=row[8],
        updated=row[9],
        orphaned=bool(row[10]),
    )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _read_header(path: Path) -> bytes | None:
    """The first 100 bytes of ``path``; None when it does not exist; raises if unreadable."""
    try:
        with path.open("rb") as f:
            return f.read(100)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise BookmarkStoreError(f"{path}: is a directory, not a bookmarks store") from None
    except OSError as e:
        raise BookmarkStoreError(f"{path}: cannot read bookmarks store ({_one_line(e)})") from e


def _check_schema(path: Path, app_id: int, version: int, tables: Iterable[str]) -> None:
    """Raise unless the database is ours (at a version we know) or empty."""
    names = sorted(set(tables))
    if app_id != APPLICATION_ID and (names or version):
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "") or "none"
        raise BookmarkStoreError(
            f"{path}: an SQLite database of another program (tables: {shown}); "
            "left untouched: move it away or run `trendreader bookmarks repair`"
        )
    if version > SCHEMA_VERSION:
        raise BookmarkStoreError(
            f"{path}: written by a newer trendreader (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); left untouched: upgrade trendreader to use it"
        )


def _inspect(path: Path) -> None:
    """Refuse a file at ``path`` that is not ours, without writing to it."""
    header = _read_header(path)
    if header is None or len(header) == 0:
        return  # nothing there, or an empty file (an SQLite database with no pages yet)
    if not header.startswith(SQLITE_MAGIC):
        raise BookmarkStoreError(
            f"{path}: not an SQLite database (corrupt or a file of another program); "
            "left untouched: run `trendreader bookmarks repair` to move it aside"
        )
    if len(header) >= 72 and int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        return  # ours; the version is checked inside the first transaction
    # An empty SQLite file is fine to take over; anything with tables is another program's.
    # Read-only and immutable: SQLite neither writes the file nor touches (or creates)
    # its -wal and -shm. The first write transaction checks again with the WAL applied.
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master")]
        finally:
            con.close()
    except sqlite3.Error as e:
        raise BookmarkStoreError(
            f"{path}: unreadable bookmarks store ({_one_line(e)}); left untouched: "
            "run `trendreader bookmarks repair` to move it aside"
        ) from e
    _check_schema(path, app_id, version, tables)


class BookmarkStore:
    """Bookmarks (and reading state) in one SQLite file.

    One connection per store; every public method is safe to call from several threads
    of one process, and several processes may use the same file at once (WAL, and a
    ``BEGIN IMMEDIATE`` transaction per change with a busy timeout of 5 s).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._con = self._open()

    # ----------------------------------------------------------------- opening
    def _open(self) -> sqlite3.Connection:
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise BookmarkStoreError(
                f"{path}: cannot create the data directory ({_one_line(e)})"
            ) from e
        _inspect(path)
        try:
            con = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as e:
            raise self._error(e, "cannot open bookmarks store") from e
        try:
            con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._migrate(con)
            self._use_wal(con)
            con.execute("PRAGMA synchronous = FULL")
        except BookmarkStoreError:
            con.close()
            raise
        except sqlite3.Error as e:
            con.close()
            raise self._error(e, "cannot open bookmarks store") from e
        return con

    def _migrate(self, con: sqlite3.Connection) -> None:
        con.execute("BEGIN IMMEDIATE")
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master")]
            _check_schema(self.path, app_id, version, tables)
            if version < SCHEMA_VERSION:
                for statements in MIGRATIONS[version:]:
                    for statement in statements:
                        con.execute(statement)
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    @staticmethod
    def _use_wal(con: sqlite3.Connection) -> None:
        # Switching the journal mode needs a moment alone with the file and does not wait
        # on the busy handler in every case, so retry for the busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
                continue
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"journal mode is {mode}, not wal")
            return

    def _error(self, error: BaseException, what: str) -> BookmarkStoreError:
        text = _one_line(error)
        hint = ""
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            hint = "; is the data directory writable?"
        elif "locked" in text or "busy" in text:
            hint = "; another trendreader is holding it, try again"
        return BookmarkStoreError(f"{self.path}: {what} ({text}){hint}")

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
                raise self._error(e, "cannot write bookmarks store") from e
            try:
                yield self._con
                self._con.execute("COMMIT")
            except BaseException as e:
                if self._con.in_transaction:
                    self._con.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise self._error(e, "cannot write bookmarks store") from e
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one read-only statement."""
        with self._lock:
            try:
                return self._con.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise self._error(e, "cannot read bookmarks store") from e

    # -------------------------------------------------------------- bookmarks
    def add(
        self,
        report_key: str,
        report_title: str,
        passage: Passage,
        *,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Bookmark:
        """Bookmark ``passage`` of edition ``report_key``; an existing bookmark on the same
        passage (same key and anchor) is returned unchanged instead."""
        with self.transaction() as con:
            row = con.execute(
                f"SELECT {_COLUMNS} FROM bookmarks WHERE report_key = ? AND anchor = ? "
                "ORDER BY id LIMIT 1",
                (report_key, passage.anchor),
            ).fetchone()
            if row is not None:
                return _row_to_bookmark(row)
            now = utc_now()
            bookmark = Bookmark(
                id=0,
                report_key=report_key,
                report_title=report_title,
                anchor=passage.anchor,
                ordinal=passage.ordinal,
                excerpt=make_excerpt(passage.text),
                note=note,
                tags=clean_tags(tags),
                created=now,
                updated=now,
            )
            return self._insert(con, bookmark, keep_id=False)

    @staticmethod
    def _insert(con: sqlite3.Connection, bookmark: Bookmark, *, keep_id: bool) -> Bookmark:
        values = (
            bookmark.report_key,
            bookmark.report_title,
            bookmark.anchor,
            bookmark.ordinal,
            bookmark.excerpt,
            bookmark.note,
            encode_tags(bookmark.tags),
            bookmark.created,
            bookmark.updated,
            int(bookmark.orphaned),
        )
        if keep_id:
            cur = con.execute(
                f"INSERT INTO bookmarks ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (bookmark.id, *values),
            )
        else:
            cur = con.execute(
                f"INSERT INTO bookmarks ({_COLUMNS.removeprefix('id, ')}) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                values,
            )
        return replace(bookmark, id=cur.lastrowid or bookmark.id)

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
                self._insert(con, bookmark, keep_id=False)
                added += 1
        return added, skipped

    @staticmethod
    def _find_same(con: sqlite3.Connection, bookmark: Bookmark) -> Bookmark | None:
        row = con.execute(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE report_key = ? AND anchor = ? "
            "AND created = ? ORDER BY id LIMIT 1",
            (bookmark.report_key, bookmark.anchor, bookmark.created),
        ).fetchone()
        return None if row is None else _row_to_bookmark(row)

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
                note=current.note if note is None else note,
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
            return self._insert(con, bookmark, keep_id=taken.fetchone() is None)

    def _get(self, con: sqlite3.Connection, bookmark_id: int) -> Bookmark:
        row = con.execute(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)
        ).fetchone()
        if row is None:
            raise BookmarkNotFoundError(f"no bookmark with id {bookmark_id}")
        return _row_to_bookmark(row)

    def get(self, bookmark_id: int) -> Bookmark | None:
        rows = self.query(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return _row_to_bookmark(rows[0]) if rows else None

    def find_by_anchor(self, report_key: str, anchor: str) -> Bookmark | None:
        """The bookmark on this passage, if any (what the ``b`` toggle asks)."""
        rows = self.query(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE report_key = ? AND anchor = ? "
            "ORDER BY id LIMIT 1",
            (report_key, anchor),
        )
        return _row_to_bookmark(rows[0]) if rows else None

    def list_bookmarks(self, report_key: str | None = None) -> list[Bookmark]:
        """All bookmarks, or those of one report, ordered by report key then ordinal."""
        if report_key is None:
            rows = self.query(f"SELECT {_COLUMNS} FROM bookmarks ORDER BY report_key, ordinal, id")
        else:
            rows = self.query(
                f"SELECT {_COLUMNS} FROM bookmarks WHERE report_key = ? ORDER BY ordinal, id",
                (report_key,),
            )
        return [_row_to_bookmark(row) for row in rows]

    def list_records(self) -> list[BookmarkRecord]:
        """All bookmarks as :class:`BookmarkRecord` tuples, in id order: the quick read for
        a screen that lists every bookmark (no :class:`Bookmark` objects built and no sort
        in SQL, which costs more than sorting the records in Python; about 40% of the time
        of :meth:`list_bookmarks` at 10,000 bookmarks)."""
        rows = self.query(f"SELECT {_COLUMNS} FROM bookmarks ORDER BY id")
        return list(map(BookmarkRecord._make, rows))

    def count(self, report_key: str | None = None) -> int:
        if report_key is None:
            return int(self.query("SELECT count(*) FROM bookmarks")[0][0])
        rows = self.query("SELECT count(*) FROM bookmarks WHERE report_key = ?", (report_key,))
        return int(rows[0][0])

    def report_keys(self) -> list[str]:
        """The distinct report keys that have bookmarks."""
        rows = self.query("SELECT DISTINCT report_key FROM bookmarks ORDER BY report_key")
        return [r[0] for r in rows]

    # ------------------------------------------------------------ re-anchoring
    def reanchor(self, report_key: str, passages: Sequence[Passage] | None) -> list[Bookmark]:
        """Re-find this edition's bookmarks in ``passages`` (None: the report is gone) and
        store what moved; returns the edition's bookmarks as they now are. Only anchor,
        ordinal, excerpt and the orphaned flag are written; notes and tags are not."""
        current = self.list_bookmarks(report_key)
        if not current:
            return []  # the common case when a report is opened: nothing to re-find
        from trendreader.bookmarks.anchoring import reanchor  # difflib: only when needed

        found = reanchor(current, passages or ())
        changed = [new for old, new in zip(current, found, strict=True) if new != old]
        if changed:
            with self.transaction() as con:
                con.executemany(
                    "UPDATE bookmarks SET anchor = ?, ordinal = ?, excerpt = ?, orphaned = ? "
                    "WHERE id = ?",
                    [(b.anchor, b.ordinal, b.excerpt, int(b.orphaned), b.id) for b in changed],
                )
        return found

    def reanchor_all(self, find_edition: Callable[[str], Edition | None]) -> int:
        """Re-anchor every report that has bookmarks; returns how many are orphaned."""
        orphaned = 0
        for key in self.report_keys():
            edition = find_edition(key)
            found = self.reanchor(key, None if edition is None else edition.passages)
            orphaned += sum(b.orphaned for b in found)
        return orphaned


def open_store(path: str | os.PathLike[str]) -> BookmarkStore:
    """Open (creating if needed) the store at ``path``; raises :class:`BookmarkStoreError`."""
    return BookmarkStore(path)


def _aside_name(path: Path, stamp: str) -> Path:
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while any(
        Path(f"{target}{suffix}").exists() or Path(f"{target}{suffix}").is_symlink()
        for suffix in ("", "-wal", "-shm")
    ):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    return target


def repair(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Move an unusable store aside and start a fresh one; return where the old file went.

    The file becomes ``bookmarks.db.corrupt-YYYYMMDDTHHMMSS`` (UTC) and its ``-wal`` and
    ``-shm`` files follow it under the same name, so SQLite still pairs them. Nothing is
    deleted. A store that opens fine (or one from a newer trendreader) is left alone unless
    ``force`` is true.
    """
    path = Path(path)
    if not path.exists():
        raise BookmarkStoreError(f"{path}: no bookmarks store here; nothing to repair")
    if not force:
        try:
            BookmarkStore(path).close()
        except BookmarkStoreError as e:
            if "newer trendreader" in str(e):
                raise
        else:
            raise BookmarkStoreError(f"{path}: the store opens fine; nothing to repair")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = _aside_name(path, stamp)
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm", "-journal"):
            side = Path(f"{path}{suffix}")
            if side.exists():
                side.rename(f"{target}{suffix}")
    except OSError as e:
        raise BookmarkStoreError(f"{path}: cannot move it aside ({_one_line(e)})") from e
    BookmarkStore(path).close()
    return target
