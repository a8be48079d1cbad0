"""The reading state's own store: where each report was left and the last report opened,
in ``reading-state.db`` in the state folder (``XDG_STATE_HOME``; under ``TRENDREADER_HOME``
the one folder). Reading state is state, not data: losing it loses no work.

It used to live in ``bookmarks.db``. The first open copies those rows here, once, in one
transaction, and records that it did (a ``moved_from`` setting); rows already here are newer
and win. ``bookmarks.db`` is only read, never changed: the old rows stay where they were
(nothing is lost if an older trendreader opens it again). :attr:`StateStore.moved` says how
many rows came over on this open, so the caller can say so in one line.

Same conventions as the bookmarks store: WAL, SQLite errors as one-line
:class:`~trendreader.bookmarks.errors.BookmarkStoreError` naming the file, a busy store as
:class:`~trendreader.bookmarks.errors.BookmarkBusyError` (never waited for long).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from trendreader.bookmarks.errors import BookmarkBusyError, BookmarkStoreError
from trendreader.i18n import _, ngettext

STATE_FILE = "reading-state.db"
MOVED_FROM = "moved_from"  # the settings row that records the one-time copy
LAST_REPORT = "last_report"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS reading_state (
        report_key TEXT PRIMARY KEY,
        edition_key TEXT NOT NULL DEFAULT '',
        ordinal INTEGER NOT NULL DEFAULT 0,
        anchor TEXT NOT NULL DEFAULT '',
        scroll_offset REAL NOT NULL DEFAULT 0,
        variant TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
_COLUMNS = "report_key, edition_key, ordinal, anchor, scroll_offset, variant, updated"


class StateStoreClosed(BookmarkStoreError):
    """The store was closed (the reader is quitting): nothing was written."""


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _error(path: Path, error: sqlite3.Error) -> BookmarkStoreError:
    text = _one_line(error)
    if isinstance(error, sqlite3.OperationalError) and "locked" in text.lower():
        return BookmarkBusyError(
            _("{path}: busy (another trendreader is writing it)").format(path=path)
        )
    return BookmarkStoreError(
        _("{path}: cannot use the reading state ({reason})").format(path=path, reason=text)
    )


class StateStore:
    """The reading state's SQLite file. ``old``: the bookmarks store the rows were kept in
    before (copied once, read only). ``timeout``: seconds a write waits for the lock."""

    def __init__(self, path: Path, *, old: Path | None = None, timeout: float = 0.05) -> None:
        self.path = path
        # one connection for the reader's thread and its save workers: every use under
        # this lock, and ``close`` waits for a write in flight (closing under a writing
        # thread crashes SQLite)
        self._lock = threading.RLock()
        self._closed = False
        self.moved = 0
        """Rows copied from ``old`` on this open (0 once they have been)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BookmarkStoreError(
                _("{path}: cannot create the state directory ({reason})").format(
                    path=path.parent, reason=_one_line(error)
                )
            ) from error
        try:
            self._con = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise _error(path, error) from error
        try:
            self._con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            for statement in _SCHEMA:
                self._con.execute(statement)
            with contextlib.suppress(sqlite3.OperationalError):  # WAL is a speed-up only
                self._con.execute("PRAGMA journal_mode = WAL")
            if old is not None:
                self.moved = self._move_from(old)
        except sqlite3.Error as error:
            self._con.close()
            raise _error(path, error) from error

    # ------------------------------------------------------------------ the one-time copy
    def _move_from(self, old: Path) -> int:
        """Copy the reading state kept in the bookmarks store ``old`` (once; never lost:
        ``old`` is opened read-only and left as it is). Returns the rows copied."""
        if self.query("SELECT 1 FROM settings WHERE key = ?", (MOVED_FROM,)):
            return 0
        rows: list[tuple[Any, ...]] = []
        last: list[tuple[Any, ...]] = []
        if old.is_file():
            try:
                source = sqlite3.connect(f"{old.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
            except sqlite3.Error:
                return 0  # unreadable now: tried again at the next open
            try:
                tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master")}
                if "reading_state" in tables:
                    rows = source.execute(f"SELECT {_COLUMNS} FROM reading_state").fetchall()
                if "settings" in tables:
                    last = source.execute(
                        "SELECT key, value FROM settings WHERE key = ?", (LAST_REPORT,)
                    ).fetchall()
            except sqlite3.Error:
                return 0  # locked or damaged: the bookmarks layer reports it; try again later
            finally:
                source.close()
        with self.transaction() as con:
            before = con.total_changes
            con.executemany(
                f"INSERT OR IGNORE INTO reading_state ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            moved = con.total_changes - before
            con.executemany("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", last)
            con.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (MOVED_FROM, str(old))
            )
        return moved

    # ------------------------------------------------------------------ access
    def _open_connection(self) -> sqlite3.Connection:
        if self._closed:
            raise StateStoreClosed(_("{path}: closed").format(path=self.path))
        return self._con

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            con = self._open_connection()
            try:
                return con.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise _error(self.path, error) from error

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all of it or nothing."""
        with self._lock:
            con = self._open_connection()
            try:
                con.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise _error(self.path, error) from error
            try:
                yield con
            except sqlite3.Error as error:
                con.execute("ROLLBACK")
                raise _error(self.path, error) from error
            except BaseException:
                con.execute("ROLLBACK")
                raise
            try:
                con.execute("COMMIT")
            except sqlite3.Error as error:
                with contextlib.suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
                raise _error(self.path, error) from error

    def close(self) -> None:
        """Close the file once any write in flight is done; later use is an error line."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._con.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def moved_line(store: StateStore) -> str:
    """The one line that says the reading state came over from ``bookmarks.db``."""
    return ngettext(
        "Reading state of {count} report moved to {path} (bookmarks.db is unchanged)",
        "Reading state of {count} reports moved to {path} (bookmarks.db is unchanged)",
        store.moved,
    ).format(count=store.moved, path=store.path)


def open_state_store(state_dir: Path, bookmarks_db: Path) -> StateStore:
    """The reading state in ``state_dir``, moved from ``bookmarks_db`` the first time."""
    return StateStore(state_dir / STATE_FILE, old=bookmarks_db)
