"""One undo model for bookmark deletions, shared by the reader (``b`` on a bookmarked
passage, then ``u``) and the bookmarks screen (``d``, then ``u``): a stack of removed
bookmarks, newest last."""

from __future__ import annotations

from collections.abc import Callable

from trendreader.bookmarks.errors import BookmarkError
from trendreader.bookmarks.model import Bookmark


class RemovedBookmarks:
    def __init__(self) -> None:
        self._removed: list[Bookmark] = []

    def __bool__(self) -> bool:
        return bool(self._removed)

    def __len__(self) -> int:
        return len(self._removed)

    def push(self, bookmark: Bookmark) -> None:
        self._removed.append(bookmark)

    def undo(self, restore: Callable[[Bookmark], Bookmark]) -> Bookmark | None:
        """Restore the newest removed bookmark with ``restore`` (the store's); None when
        there is nothing to undo. On a `BookmarkError` it stays to be undone again."""
        if not self._removed:
            return None
        bookmark = self._removed.pop()
        try:
            return restore(bookmark)
        except BookmarkError:
            self._removed.append(bookmark)
            raise
