from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trendreader.bookmarks.store import BookmarkStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bookmarks.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[BookmarkStore]:
    with BookmarkStore(db_path) as s:
        yield s
