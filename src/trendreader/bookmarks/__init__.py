"""The bookmarks layer: bookmarks and reading state in SQLite. No Textual imports here."""

from trendreader.bookmarks.errors import (
    BookmarkBusyError,
    BookmarkDamagedError,
    BookmarkError,
    BookmarkImportError,
    BookmarkNotFoundError,
    BookmarkStoreError,
)
from trendreader.bookmarks.model import Bookmark
from trendreader.bookmarks.store import BookmarkStore, open_store, repair, repair_store

__all__ = [
    "Bookmark",
    "BookmarkBusyError",
    "BookmarkDamagedError",
    "BookmarkError",
    "BookmarkImportError",
    "BookmarkNotFoundError",
    "BookmarkStore",
    "BookmarkStoreError",
    "open_store",
    "repair",
    "repair_store",
]
