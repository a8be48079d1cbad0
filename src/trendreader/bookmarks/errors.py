"""Errors of the bookmarks layer: each carries one line that names the file concerned."""

from __future__ import annotations


class BookmarkError(Exception):
    """Base class for every error this layer raises on purpose."""


class BookmarkStoreError(BookmarkError):
    """The store cannot be opened or written; the file on disk was left as it was."""


class BookmarkImportError(BookmarkError):
    """An import file is not a bookmarks export; nothing was imported."""


class BookmarkNotFoundError(BookmarkError, KeyError):
    """No bookmark has the given id."""

    def __str__(self) -> str:  # KeyError would print the repr of its argument
        return str(self.args[0]) if self.args else "bookmark not found"


class BookmarkBusyError(BookmarkStoreError):
    """Another process holds the store's write lock; nothing was written. Try again later."""


class BookmarkNewerError(BookmarkStoreError):
    """The store was written by a newer trendreader; left as it is (``repair`` keeps it)."""


class BookmarkDamagedError(BookmarkStoreError):
    """The store opens but its pages fail ``PRAGMA quick_check``; `repair` saves what it can."""


class NothingToRepairError(BookmarkStoreError):
    """`repair` found nothing to do: the store opens fine, or there is none. Not a failure."""
