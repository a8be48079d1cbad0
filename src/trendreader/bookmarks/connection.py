"""Opening the bookmarks store's SQLite connection: checks, migration, WAL, quick_check.

Opening takes the write lock only when the schema must be created or migrated, so a store
another process is writing still opens for reading. A store whose pages fail
``PRAGMA quick_check`` raises :class:`BookmarkDamagedError`; SQLite's errors become one-line
:class:`BookmarkStoreError` (or :class:`BookmarkBusyError`) naming the file.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from trendreader.bookmarks.errors import (
    BookmarkBusyError,
    BookmarkDamagedError,
    BookmarkStoreError,
)
from trendreader.bookmarks.schema import inspect_file, migrate, needs_migration, one_line


def open_connection(path: Path, timeout: float, wal_wait: float) -> sqlite3.Connection:
    """A connection to the store at ``path`` (created if needed), at the current schema,
    in WAL mode with ``synchronous = FULL``. ``timeout``: seconds a write waits for the lock;
    ``wal_wait``: seconds to keep trying to switch a new file to WAL."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BookmarkStoreError(f"{path}: cannot create the data directory ({one_line(e)})") from e
    inspect_file(path)
    try:
        con = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as e:
        raise store_error(path, timeout, e, "cannot open bookmarks store") from e
    try:
        con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if needs_migration(con, path):
            migrate(con, path)
        _use_wal(con, wal_wait)
        con.execute("PRAGMA synchronous = FULL")
        _quick_check(con, path)
    except BookmarkStoreError:
        con.close()
        raise
    except sqlite3.Error as e:
        con.close()
        raise store_error(path, timeout, e, "cannot open bookmarks store") from e
    return con


def _quick_check(con: sqlite3.Connection, path: Path) -> None:
    try:
        rows = con.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise
        rows = [(one_line(e),)]
    problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
    if problems:
        raise BookmarkDamagedError(
            f"{path}: damaged bookmarks store ({'; '.join(problems)[:200]}); "
            "left untouched: run `trendreader bookmarks repair` to save what can be read"
        )


def _use_wal(con: sqlite3.Connection, wait: float) -> None:
    # Switching the journal mode needs a moment alone with the file and does not wait
    # on the busy handler in every case, so retry for ``wait`` seconds.
    deadline = time.monotonic() + wait
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


def store_error(path: Path, timeout: float, error: BaseException, what: str) -> BookmarkStoreError:
    """SQLite's ``error`` while doing ``what`` as one of our errors, with one line."""
    text = one_line(error)
    hint = ""
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        hint = "; is the data directory writable?"
    elif "locked" in text or "busy" in text:
        waited = f" after {timeout:g} s" if timeout else ""
        return BookmarkBusyError(
            f"{path}: {what}{waited} ({text}); another process is writing it, try again"
        )
    elif "malformed" in text or "not a database" in text:
        return BookmarkDamagedError(
            f"{path}: {what} ({text}); run `trendreader bookmarks repair` to save what can be read"
        )
    return BookmarkStoreError(f"{path}: {what} ({text}){hint}")
