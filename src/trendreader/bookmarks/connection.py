"""Opening the bookmarks store's SQLite connection: checks, migration, WAL, quick_check.

Opening takes the write lock only when the schema must be created or migrated, so a store
another process is writing still opens for reading. A store whose pages fail
``PRAGMA quick_check`` raises :class:`BookmarkDamagedError`; SQLite's errors become one-line
:class:`BookmarkStoreError` (or :class:`BookmarkBusyError`) naming the file.

The check reads every page (13–40 ms on a store of some size). Given a ``checked`` file (in
the cache folder), it is skipped when the store and its ``-wal`` have exactly the size and
modification time they had when a check last found them clean: any write since — ours or
another process's — changes one of them, and the next open checks again. Without one (as
``bookmarks repair`` opens it) every open checks.
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
from trendreader.i18n import _


def open_connection(
    path: Path, timeout: float, wal_wait: float, checked: Path | None = None
) -> sqlite3.Connection:
    """A connection to the store at ``path`` (created if needed), at the current schema,
    in WAL mode with ``synchronous = FULL``. ``timeout``: seconds a write waits for the lock;
    ``wal_wait``: seconds to keep trying to switch a new file to WAL; ``checked``: where the
    state of the last clean ``quick_check`` is kept (see the module docstring)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BookmarkStoreError(
            _("{path}: cannot create the data directory ({reason})").format(
                path=path, reason=one_line(e)
            )
        ) from e
    inspect_file(path)
    before = file_state(path)  # as the files were before this connection touched them
    try:
        con = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as e:
        raise store_error(path, timeout, e, _("cannot open bookmarks store")) from e
    try:
        con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if needs_migration(con, path):
            migrate(con, path)
        _use_wal(con, wal_wait)
        con.execute("PRAGMA synchronous = FULL")
        if checked is None or before is None or _read_state(checked) != before:
            _quick_check(con, path)
            if checked is not None and before is not None:
                _write_state(checked, before)
    except BookmarkStoreError:
        con.close()
        raise
    except sqlite3.Error as e:
        con.close()
        raise store_error(path, timeout, e, _("cannot open bookmarks store")) from e
    return con


def file_state(path: Path) -> str | None:
    """The store's and its ``-wal``'s size and modification time, as one line (``None``:
    the store does not exist yet)."""
    parts = [str(path)]
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            stat = name.stat()
        except FileNotFoundError:
            if name == path:
                return None
            parts.append("-")
            continue
        except OSError:
            return None
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return " ".join(parts)


def _read_state(checked: Path) -> str | None:
    try:
        return checked.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _write_state(checked: Path, state: str) -> None:
    from trendreader.atomic import write_text

    try:
        checked.parent.mkdir(parents=True, exist_ok=True)
        write_text(checked, state + "\n")
    except OSError:
        pass  # an unwritable cache only means checking every time


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
            _(
                "{path}: damaged bookmarks store ({problems}); "
                "left untouched: run `trendreader bookmarks repair` to save what can be read"
            ).format(path=path, problems="; ".join(problems)[:200])
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
        hint = _("; is the data directory writable?")
    elif "locked" in text or "busy" in text:
        waited = _(" after {seconds} s").format(seconds=f"{timeout:g}") if timeout else ""
        return BookmarkBusyError(
            _("{path}: {what}{waited} ({reason}); another process is writing it, try again").format(
                path=path, what=what, waited=waited, reason=text
            )
        )
    elif "malformed" in text or "not a database" in text:
        return BookmarkDamagedError(
            _(
                "{path}: {what} ({reason}); run `trendreader bookmarks repair` to save what can "
                "be read"
            ).format(path=path, what=what, reason=text)
        )
    return BookmarkStoreError(
        _("{path}: {what} ({reason}){hint}").format(path=path, what=what, reason=text, hint=hint)
    )
