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

This module is the public face of the store; the work is done in one module per job:
:mod:`.schema` (file format, migrations), :mod:`.connection` (opening),
:mod:`.database` (:class:`BookmarkStore`: queries and changes), :mod:`.repair` and
:mod:`.filtering` (the bookmarks screen's filter).
"""

from __future__ import annotations

import os
from pathlib import Path

from trendreader.bookmarks.database import BookmarkStore, insert_bookmark
from trendreader.bookmarks.errors import (
    BookmarkBusyError,
    BookmarkDamagedError,
    BookmarkNotFoundError,
    BookmarkStoreError,
    NothingToRepairError,
)
from trendreader.bookmarks.filtering import filter_matches
from trendreader.bookmarks.repair import RepairReport, repair, repair_store
from trendreader.bookmarks.schema import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    COLUMNS,
    MIGRATIONS,
    NO_WAIT,
    OUR_TABLES,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    row_to_bookmark,
)

#: The file in the cache folder that remembers the store as its last clean check found it.
CHECKED_FILE = "bookmarks-checked"


def checked_file(cache_dir: str | os.PathLike[str]) -> Path:
    """Where a store opened with ``BookmarkStore(…, checked=…)`` keeps its last clean check."""
    return Path(cache_dir) / CHECKED_FILE


def open_store(path: str | os.PathLike[str]) -> BookmarkStore:
    """Open (creating if needed) the store at ``path``; raises :class:`BookmarkStoreError`."""
    return BookmarkStore(path)


__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "CHECKED_FILE",
    "COLUMNS",
    "MIGRATIONS",
    "NO_WAIT",
    "OUR_TABLES",
    "SCHEMA_VERSION",
    "SQLITE_MAGIC",
    "BookmarkBusyError",
    "BookmarkDamagedError",
    "BookmarkNotFoundError",
    "BookmarkStore",
    "BookmarkStoreError",
    "NothingToRepairError",
    "RepairReport",
    "checked_file",
    "filter_matches",
    "insert_bookmark",
    "open_store",
    "repair",
    "repair_store",
    "row_to_bookmark",
]
