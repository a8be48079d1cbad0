"""The bookmarks store: one SQLite file (WAL, one transaction per change) in the data dir.

Opening never writes to a file that is not ours: a file that is not SQLite, an SQLite
database of another program, or one from a newer trendreader is refused with a
:class:`BookmarkStoreError` whose one-line message names the file, and the file is left
exactly as it was. A store whose pages are damaged (``PRAGMA quick_check``) is refused
the same way (:class:`BookmarkDamagedError`). :func:`repair_store` moves such a file aside
(it is never deleted), starts a fresh store and copies into it every bookmark that can
still be read from a copy of the old file.

Reading never waits for another process: the file is in WAL mode, and opening takes the
write lock only when the schema must be created or migrated. A change waits for the write
lock at most ``timeout`` seconds (5 by default; 0 for the reader's own thread, see
:data:`NO_WAIT`), then raises :class:`BookmarkBusyError` with one line.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trendreader.bookmarks.errors import (
    BookmarkBusyError,
    BookmarkDamagedError,
    BookmarkNotFoundError,
    BookmarkStoreError,
)
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
from trendreader.library.sanitize import clean_line, clean_text

#: Written to the database header (bytes 68-71) so that our file is told from others.
APPLICATION_ID = 0x54524244  # "TRBD"
BUSY_TIMEOUT_MS = 5000
#: What the reader's own thread waits for the write lock: nothing. A change that finds the
#: store locked raises BookmarkBusyError at once, and the TUI keeps it and retries.
NO_WAIT = 0.0
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


def filter_matches(
    haystacks: Sequence[str],
    terms: Sequence[tuple[str, ...]],
    among: Iterable[int] | None = None,
) -> list[int]:
    """Indices of the ``haystacks`` holding, for every term, one of its forms (already folded
    like the haystacks); ``among``: only these indices (the previous keystroke's matches,
    when the new query extends the old one).

    The filter of the bookmarks screen, data side: one comprehension per term over the
    surviving candidates (the rarest term first), the substring tests in C. 200,000
    bookmarks: ~10–40 ms per keystroke (``python bench/bookmarks_filter.py``), where a
    Python call per row took 1.7–3.0 s.
    """
    if not terms:
        return list(range(len(haystacks))) if among is None else list(among)
    ordered = sorted(terms, key=lambda forms: -max(len(f) for f in forms))
    if among is None:  # the first term over every row: enumerate, no indexing
        first = ordered.pop(0)
        if len(first) == 1:
            form = first[0]
            candidates = [i for i, h in enumerate(haystacks) if form in h]
        else:
            candidates = [i for i, h in enumerate(haystacks) if any(f in h for f in first)]
    else:
        candidates = list(among)
    for forms in ordered:
        if not candidates:
            break
        if len(forms) == 1:
            form = forms[0]
            candidates = [i for i in candidates if form in haystacks[i]]
        else:
            candidates = [i for i in candidates if any(f in haystacks[i] for f in forms)]
    return candidates


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

    def __init__(self, path: str | os.PathLike[str], *, timeout: float | None = None) -> None:
        """``timeout``: seconds a change waits for another process's write lock before it
        raises :class:`BookmarkBusyError` (0: not at all; default :data:`BUSY_TIMEOUT_MS`).
        Reading never waits: the file is in WAL mode, and opening takes the write lock only
        to create or migrate the schema.
        A store whose pages fail ``PRAGMA quick_check`` raises :class:`BookmarkDamagedError`.
        """
        self.path = Path(path)
        self.timeout = BUSY_TIMEOUT_MS / 1000 if timeout is None else max(0.0, float(timeout))
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
                timeout=self.timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as e:
            raise self._error(e, "cannot open bookmarks store") from e
        try:
            con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            if self._needs_migration(con):
                self._migrate(con)
            self._use_wal(con)
            con.execute("PRAGMA synchronous = FULL")
            self._quick_check(con)
        except BookmarkStoreError:
            con.close()
            raise
        except sqlite3.Error as e:
            con.close()
            raise self._error(e, "cannot open bookmarks store") from e
        return con

    def _needs_migration(self, con: sqlite3.Connection) -> bool:
        """Read the schema version without a write transaction (readers of a WAL file need
        no lock, so a store another process is writing still opens for reading). One read
        transaction, so that the three reads see one state of a store being created."""
        con.execute("BEGIN")  # deferred: a read snapshot, no write lock
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master")]
        finally:
            con.execute("COMMIT")
        _check_schema(self.path, app_id, version, tables)
        return version < SCHEMA_VERSION or app_id != APPLICATION_ID

    def _quick_check(self, con: sqlite3.Connection) -> None:
        try:
            rows = con.execute("PRAGMA quick_check(5)").fetchall()
        except sqlite3.DatabaseError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise
            rows = [(_one_line(e),)]
        problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
        if problems:
            raise BookmarkDamagedError(
                f"{self.path}: damaged bookmarks store ({'; '.join(problems)[:200]}); "
                "left untouched: run `trendreader bookmarks repair` to save what can be read"
            )

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
        if con.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            return  # already: no need for the moment alone with the file
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
            waited = f" after {self.timeout:g} s" if self.timeout else ""
            return BookmarkBusyError(
                f"{self.path}: {what}{waited} ({text}); another process is writing it, try again"
            )
        elif "malformed" in text or "not a database" in text:
            return BookmarkDamagedError(
                f"{self.path}: {what} ({text}); run `trendreader bookmarks repair` "
                "to save what can be read"
            )
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
                report_title=clean_line(report_title),
                anchor=passage.anchor,
                ordinal=passage.ordinal,
                excerpt=make_excerpt(passage.text),
                note=clean_text(note),
                tags=clean_tags(tags),
                created=now,
                updated=now,
            )
            return self._insert(con, bookmark, keep_id=False)

    @staticmethod
    def _insert(con: sqlite3.Connection, bookmark: Bookmark, *, keep_id: bool) -> Bookmark:
        bookmark = replace(
            bookmark,
            report_title=clean_line(bookmark.report_title),
            excerpt=clean_line(bookmark.excerpt),
            note=clean_text(bookmark.note),
            tags=clean_tags(bookmark.tags),
        )
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
        ordinal and the orphaned flag are written (see :mod:`.anchoring`): never the
        excerpt, the note or the tags. When the store is locked by another process the
        result is returned unwritten (it is found again the next time)."""
        current = self.list_bookmarks(report_key)
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
                            "UPDATE bookmarks SET anchor = ?, ordinal = ?, orphaned = ? "
                            "WHERE id = ? AND anchor = ? AND ordinal = ?",
                            (b.anchor, b.ordinal, int(b.orphaned), b.id, old.anchor, old.ordinal),
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
                (current.report_key, passage.anchor, bookmark_id),
            ).fetchone()
            if other is not None:
                raise BookmarkStoreError(
                    f"bookmark {other[0]} already marks that passage; bookmark {bookmark_id} "
                    "was left where it was"
                )
            new = replace(current, anchor=passage.anchor, ordinal=passage.ordinal, orphaned=False)
            if new != current:
                new = replace(new, updated=utc_now())
                con.execute(
                    "UPDATE bookmarks SET anchor = ?, ordinal = ?, orphaned = 0, updated = ? "
                    "WHERE id = ?",
                    (new.anchor, new.ordinal, new.updated, bookmark_id),
                )
            return new

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


@dataclass(frozen=True, slots=True)
class RepairReport:
    """What :func:`repair_store` did: where the old file went and what was saved from it."""

    moved_to: Path
    saved: int  # bookmarks copied into the fresh store
    unreadable: int | None  # bookmarks the old file counts but could not give (None: unknown)
    states: int  # reading-state and settings rows copied


def _probe_rows(con: sqlite3.Connection, table: str, columns: str, upper: int) -> list[Any]:
    """Rows of ``table`` read one rowid at a time (a damaged page loses only its rows)."""
    rows: list[Any] = []
    for rowid in range(1, upper + 1):
        try:
            row = con.execute(f"SELECT {columns} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            rows.append(row)
    return rows


def _upper_rowid(con: sqlite3.Connection, table: str, seen: int) -> int:
    for sql in (
        f"SELECT max(rowid) FROM {table}",
        "SELECT seq FROM sqlite_sequence WHERE name = ?",
    ):
        try:
            args = (table,) if "?" in sql else ()
            value = con.execute(sql, args).fetchone()
        except sqlite3.DatabaseError:
            continue
        if value and isinstance(value[0], int):
            return max(value[0], seen)
    return max(seen + 1000, 100_000)  # nothing tells: probe a generous range


def _read_what_can_be_read(con: sqlite3.Connection, table: str, columns: str) -> list[Any]:
    try:
        return con.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()
    except sqlite3.DatabaseError:
        pass
    return _probe_rows(con, table, columns, _upper_rowid(con, table, 0))


def _valid_row(row: Sequence[Any]) -> Bookmark | None:
    kinds = (int, str, str, str, int, str, str, str, str, str, int)
    if len(row) != len(kinds) or not all(isinstance(v, k) for v, k in zip(row, kinds, strict=True)):
        return None
    try:
        return _row_to_bookmark(row)
    except (ValueError, TypeError):  # tags that are not a JSON array of strings
        return replace(_row_to_bookmark((*row[:7], "[]", *row[8:])), tags=())


def _ours(path: Path) -> bool:
    try:
        header = _read_header(path)
    except BookmarkStoreError:
        return False
    return (
        header is not None
        and header.startswith(SQLITE_MAGIC)
        and len(header) >= 72
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def _salvage(old: Path, fresh: BookmarkStore) -> tuple[int, int | None, int]:
    """Copy what can be read of our store at ``old`` into ``fresh`` (ids kept). The old
    file is read from a copy, so that not a byte of it (or of its -wal, -shm) changes."""
    import shutil
    import tempfile

    if not _ours(old):
        return 0, None, 0
    with tempfile.TemporaryDirectory(prefix="trendreader-repair-") as tmp:
        copy = Path(tmp) / "old.db"
        try:
            shutil.copyfile(old, copy)
            if Path(f"{old}-wal").exists():
                shutil.copyfile(f"{old}-wal", f"{copy}-wal")
            con = sqlite3.connect(copy)
        except (OSError, sqlite3.Error):
            return 0, None, 0
        try:
            return _copy_rows(con, fresh)
        finally:
            con.close()


def _copy_rows(con: sqlite3.Connection, fresh: BookmarkStore) -> tuple[int, int | None, int]:
    try:
        rows = _read_what_can_be_read(con, "bookmarks", _COLUMNS)
    except sqlite3.DatabaseError:
        rows = []
    bookmarks = [b for b in map(_valid_row, rows) if b is not None]
    try:
        counted: int | None = con.execute("SELECT count(*) FROM bookmarks").fetchone()[0]
    except sqlite3.DatabaseError:
        counted = None  # the damage hides how many there were
    states: list[tuple[str, Any]] = []
    for table, columns in (
        (
            "reading_state",
            "report_key, edition_key, ordinal, anchor, scroll_offset, variant, updated",
        ),
        ("settings", "key, value"),
    ):
        try:
            states += [(table, r) for r in _read_what_can_be_read(con, table, columns)]
        except sqlite3.DatabaseError:
            continue
    copied_states = 0
    with fresh.transaction() as new:
        for bookmark in bookmarks:
            fresh._insert(new, bookmark, keep_id=True)
        for table, row in states:
            marks = ",".join("?" * len(row))
            try:
                new.execute(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", tuple(row))
                copied_states += 1
            except sqlite3.Error:
                continue
    unreadable = None if counted is None else max(0, counted - len(bookmarks))
    return len(bookmarks), unreadable, copied_states


def repair_store(path: str | os.PathLike[str], *, force: bool = False) -> RepairReport:
    """Move an unusable store aside, start a fresh one and copy into it every bookmark (and
    reading state) that can still be read from the old file, under their old ids.

    The old file becomes ``bookmarks.db.corrupt-YYYYMMDDTHHMMSS`` (UTC) and its ``-wal`` and
    ``-shm`` files follow it under the same name, so SQLite still pairs them. Nothing is
    deleted. A store that opens fine (or one from a newer trendreader) is left alone unless
    ``force`` is true.
    """
    path = Path(path)
    if not path.exists():
        raise BookmarkStoreError(f"{path}: no bookmarks store here; nothing to repair")
    damaged = True
    try:
        BookmarkStore(path).close()
        damaged = False
    except BookmarkStoreError as e:
        if not force and ("newer trendreader" in str(e) or isinstance(e, BookmarkBusyError)):
            raise
    if not damaged and not force:
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
    with BookmarkStore(path) as fresh:
        # --force on a store that opens fine means "start afresh": nothing is copied
        saved, unreadable, states = _salvage(target, fresh) if damaged else (0, None, 0)
    return RepairReport(target, saved, unreadable, states)


def repair(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """:func:`repair_store`, returning only where the old file went."""
    return repair_store(path, force=force).moved_to
