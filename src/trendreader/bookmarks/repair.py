"""Repair of the bookmarks store: move an unusable file aside, save what can be read.

The old file is never deleted and not a byte of it changes: it is renamed (with its -wal
and -shm), and read from a copy, one row at a time where its pages are damaged.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trendreader.bookmarks.database import BookmarkStore, insert_bookmark
from trendreader.bookmarks.errors import (
    BookmarkBusyError,
    BookmarkNewerError,
    BookmarkStoreError,
    NothingToRepairError,
)
from trendreader.bookmarks.model import Bookmark
from trendreader.bookmarks.schema import COLUMNS, is_ours, one_line, row_to_bookmark
from trendreader.i18n import _


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


_KINDS = (int, str, str, str, int, str, str, str, str, str, int, (int, type(None)))


def _valid_row(row: Sequence[Any]) -> Bookmark | None:
    if len(row) != len(_KINDS) or not all(
        isinstance(v, k) for v, k in zip(row, _KINDS, strict=True)
    ):
        return None
    try:
        return row_to_bookmark(row)
    except (ValueError, TypeError):  # tags that are not a JSON array of strings
        return replace(row_to_bookmark((*row[:7], "[]", *row[8:])), tags=())


def _bookmark_columns(con: sqlite3.Connection) -> str:
    """:data:`COLUMNS` as the old file has them: a store older than the ``page`` column
    gives NULL for it."""
    try:
        names = {r[1] for r in con.execute("PRAGMA table_info(bookmarks)")}
    except sqlite3.DatabaseError:
        return COLUMNS
    return COLUMNS if not names or "page" in names else COLUMNS.replace(", page", ", NULL")


def _salvage(old: Path, fresh: BookmarkStore) -> tuple[int, int | None, int]:
    """Copy what can be read of our store at ``old`` into ``fresh`` (ids kept). The old
    file is read from a copy, so that not a byte of it (or of its -wal, -shm) changes."""
    import shutil
    import tempfile

    if not is_ours(old):
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
        rows = _read_what_can_be_read(con, "bookmarks", _bookmark_columns(con))
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
            insert_bookmark(new, bookmark, keep_id=True)
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
    ``force`` is true: :class:`NothingToRepairError` says so (also when there is no store).
    """
    path = Path(path)
    if not path.exists():
        raise NothingToRepairError(
            _("{path}: no bookmarks store here; nothing to repair").format(path=path)
        )
    damaged = True
    try:
        BookmarkStore(path).close()
        damaged = False
    except BookmarkStoreError as e:
        if not force and isinstance(e, BookmarkNewerError | BookmarkBusyError):
            raise
    if not damaged and not force:
        raise NothingToRepairError(
            _("{path}: the store opens fine; nothing to repair").format(path=path)
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = _aside_name(path, stamp)
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm", "-journal"):
            side = Path(f"{path}{suffix}")
            if side.exists():
                side.rename(f"{target}{suffix}")
    except OSError as e:
        raise BookmarkStoreError(
            _("{path}: cannot move it aside ({reason})").format(path=path, reason=one_line(e))
        ) from e
    with BookmarkStore(path) as fresh:
        # --force on a store that opens fine means "start afresh": nothing is copied
        saved, unreadable, states = _salvage(target, fresh) if damaged else (0, None, 0)
    return RepairReport(target, saved, unreadable, states)


def repair(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """:func:`repair_store`, returning only where the old file went."""
    return repair_store(path, force=force).moved_to
