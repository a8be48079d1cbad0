"""Library fixtures: a folder of three seed files (two editions of one report and one more),
the data and cache dirs of one run, and the cache files read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import seed_path
from trendreader.library import store
from trendreader.paths import AppPaths


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    out.mkdir()
    for prefix in ("000", "001", "004"):
        shutil.copy(seed_path(prefix), out)
    return out


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")


def cache_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The cache files read from now on (``store._load``, ``store._read_file`` and
    ``store.read_entry_bytes`` are what every reader reads with)."""
    read: list[Path] = []
    original = store._load

    def counting(path: Path) -> object:
        read.append(path)
        return original(path)

    def counting_bytes(path: Path) -> object:
        read.append(path)
        return original_bytes(path)

    def counting_entry(path: Path, name: str) -> bytes | None:
        read.append(path)
        return original_entry(path, name)

    original_bytes = store._read_file
    original_entry = store.read_entry_bytes
    monkeypatch.setattr(store, "_load", counting)
    monkeypatch.setattr(store, "_read_file", counting_bytes)
    monkeypatch.setattr(store, "read_entry_bytes", counting_entry)
    return read
