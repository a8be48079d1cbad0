"""Search fixtures: the seed index is built once per module, in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.resources import seeds_dir
from trendreader.search.service import SearchService


@pytest.fixture(scope="module")
def seed_library() -> Library:
    return load_library([seeds_dir()])


@pytest.fixture(scope="module")
def seed_service(
    seed_library: Library, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchService]:
    service = SearchService(tmp_path_factory.mktemp("index") / "index")
    service.ensure_index(seed_library)
    yield service
    service.close()


def write_report(folder: Path, key: str, title: str, date: str, paragraphs: list[str]) -> Path:
    """A plain-text report: title line, date line, one paragraph per line."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.txt"
    path.write_text("\n".join([title, date, *paragraphs]) + "\n", encoding="utf-8")
    return path
