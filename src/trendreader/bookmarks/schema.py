"""The bookmarks store's file format: how our file is told from others, and its migrations.

Nothing here writes to a file that is not ours: :func:`inspect_file` reads the header (and,
for an SQLite file that is not marked as ours, its schema through a read-only, immutable
connection) and raises :class:`BookmarkStoreError` with one line naming the file.
:func:`migrate` runs inside ``BEGIN IMMEDIATE`` and checks again with the WAL applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from trendreader.bookmarks.errors import BookmarkNewerError, BookmarkStoreError
from trendreader.bookmarks.model import Bookmark, decode_tags
from trendreader.i18n import _

#: Written to the database header (bytes 68-71) so that our file is told from others.
APPLICATION_ID = 0x54524244  # "TRBD"
BUSY_TIMEOUT_MS = 5000
#: What the reader's own thread waits for the write lock: nothing. A change that finds the
#: store locked raises BookmarkBusyError at once, and the TUI keeps it and retries.
NO_WAIT = 0.0
SQLITE_MAGIC = b"SQLite format 3\x00"

#: Ordered migrations: entry ``n`` takes the schema from version ``n`` to ``n + 1``.
#: Never edit a released entry; append a new one.
#: The ``report_key`` column of ``bookmarks`` holds the edition key (``Bookmark.edition_key``):
#: the column keeps its name, which scripts reading the file rely on.
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
    (  # 3: the page of a bookmarked passage of a paged source (PDF); NULL elsewhere
        "ALTER TABLE bookmarks ADD COLUMN page INTEGER",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = frozenset({"bookmarks", "reading_state", "settings", "sqlite_sequence"})

#: The columns of ``bookmarks`` in the order of :class:`~trendreader.bookmarks.model.Bookmark`.
COLUMNS = (
    "id, report_key, report_title, anchor, ordinal, excerpt, note, tags, created, updated, "
    "orphaned, page"
)


def row_to_bookmark(row: Sequence[Any]) -> Bookmark:
    """A :class:`Bookmark` from a row of :data:`COLUMNS`."""
    return Bookmark(
        id=row[0],
        edition_key=row[1],
        report_title=row[2],
        anchor=row[3],
        ordinal=row[4],
        excerpt=row[5],
        note=row[6],
        tags=decode_tags(row[7]),
        created=row[8],
        updated=row[9],
        orphaned=bool(row[10]),
        page=row[11] if len(row) > 11 else None,
    )


def one_line(error: BaseException) -> str:
    """An error's message on one line (its type's name when it has none)."""
    return " ".join(str(error).split()) or type(error).__name__


def read_header(path: Path) -> bytes | None:
    """The first 100 bytes of ``path``; None when it does not exist; raises if unreadable."""
    try:
        with path.open("rb") as f:
            return f.read(100)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise BookmarkStoreError(
            _("{path}: is a directory, not a bookmarks store").format(path=path)
        ) from None
    except OSError as e:
        raise BookmarkStoreError(
            _("{path}: cannot read bookmarks store ({reason})").format(
                path=path, reason=one_line(e)
            )
        ) from e


def is_ours(path: Path) -> bool:
    """Whether ``path`` is an SQLite file marked as a trendreader bookmarks store."""
    try:
        header = read_header(path)
    except BookmarkStoreError:
        return False
    return (
        header is not None
        and header.startswith(SQLITE_MAGIC)
        and len(header) >= 72
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def check_schema(path: Path, app_id: int, version: int, tables: Iterable[str]) -> None:
    """Raise unless the database is ours (at a version we know) or empty."""
    names = sorted(set(tables))
    if app_id != APPLICATION_ID and (names or version):
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "") or "none"
        raise BookmarkStoreError(
            _(
                "{path}: an SQLite database of another program (tables: {tables}); "
                "left untouched: move it away or run `trendreader bookmarks repair`"
            ).format(path=path, tables=shown)
        )
    if version > SCHEMA_VERSION:
        raise BookmarkNewerError(
            _(
                "{path}: written by a newer trendreader (schema {version}, this one knows "
                "{known}); left untouched: upgrade trendreader to use it"
            ).format(path=path, version=version, known=SCHEMA_VERSION)
        )


def _schema_of(con: sqlite3.Connection) -> tuple[int, int, list[str]]:
    app_id = con.execute("PRAGMA application_id").fetchone()[0]
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master")]
    return app_id, version, tables


def inspect_file(path: Path) -> None:
    """Refuse a file at ``path`` that is not ours, without writing to it."""
    header = read_header(path)
    if header is None or len(header) == 0:
        return  # nothing there, or an empty file (an SQLite database with no pages yet)
    if not header.startswith(SQLITE_MAGIC):
        raise BookmarkStoreError(
            _(
                "{path}: not an SQLite database (corrupt or a file of another program); "
                "left untouched: run `trendreader bookmarks repair` to move it aside"
            ).format(path=path)
        )
    if len(header) >= 72 and int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        return  # ours; the version is checked inside the first transaction
    # An empty SQLite file is fine to take over; anything with tables is another program's.
    # Read-only and immutable: SQLite neither writes the file nor touches (or creates)
    # its -wal and -shm. The first write transaction checks again with the WAL applied.
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            app_id, version, tables = _schema_of(con)
        finally:
            con.close()
    except sqlite3.Error as e:
        raise BookmarkStoreError(
            _(
                "{path}: unreadable bookmarks store ({reason}); left untouched: "
                "run `trendreader bookmarks repair` to move it aside"
            ).format(path=path, reason=one_line(e))
        ) from e
    check_schema(path, app_id, version, tables)


def needs_migration(con: sqlite3.Connection, path: Path) -> bool:
    """Read the schema version without a write transaction (readers of a WAL file need
    no lock, so a store another process is writing still opens for reading). One read
    transaction, so that the three reads see one state of a store being created."""
    con.execute("BEGIN")  # deferred: a read snapshot, no write lock
    try:
        app_id, version, tables = _schema_of(con)
    finally:
        con.execute("COMMIT")
    check_schema(path, app_id, version, tables)
    return version < SCHEMA_VERSION or app_id != APPLICATION_ID


def migrate(con: sqlite3.Connection, path: Path) -> None:
    """Create the schema or bring it to :data:`SCHEMA_VERSION`, in one write transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        app_id, version, tables = _schema_of(con)
        check_schema(path, app_id, version, tables)
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
