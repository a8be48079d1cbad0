"""The parsed-library cache: same library as a fresh parse, re-parses only what changed."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from tests.conftest import seed_path
from trendreader.library import model
from trendreader.library.catalog import Library, load_library
from trendreader.library.model import Passage, PassageKind
from trendreader.library.store import load_cached_library
from trendreader.paths import AppPaths


def snapshot(library: Library) -> list[tuple[str, list[tuple[str, ...]]]]:
    return [
        (edition.key, [(p.kind, p.text, p.anchor, str(p.emphasis)) for p in edition.passages])
        for edition in library.editions()
    ]


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


def test_cached_library_equals_a_fresh_parse(folder: Path, paths: AppPaths) -> None:
    fresh = load_library([folder])
    first = load_cached_library(paths, [folder])
    second = load_cached_library(paths, [folder])  # from the cache
    assert snapshot(first) == snapshot(fresh) == snapshot(second)
    assert [r.key for r in second.reports] == [r.key for r in fresh.reports]
    assert len(second.reports) == 2  # 000 and 001 are one report with two editions


def test_second_load_parses_nothing_and_a_changed_file_is_parsed_again(
    folder: Path, paths: AppPaths, parsed_files: list[Path]
) -> None:
    load_cached_library(paths, [folder])
    parsed_files.clear()
    parsed = parsed_files
    load_cached_library(paths, [folder])
    assert parsed == []
    changed = next(folder.glob("004_*"))
    text = changed.read_text("utf-8")
    lines = text.splitlines()
    k = next(k for k, line in enumerate(lines) if len(line) > 40)
    lines[k] = "新增的一段：固态电池。" + lines[k]
    changed.write_text("\n".join(lines), "utf-8")
    library = load_cached_library(paths, [folder])
    assert parsed == [changed]
    assert any("新增的一段" in p.text for e in library.editions() for p in e.passages)


def test_a_corrupt_cache_is_rebuilt_quietly(folder: Path, paths: AppPaths) -> None:
    expected = snapshot(load_cached_library(paths, [folder]))
    cache_file = paths.cache_dir / "library.pickle"
    assert cache_file.is_file()
    cache_file.write_bytes(b"\x80\x04not a pickle at all")
    assert snapshot(load_cached_library(paths, [folder])) == expected
    assert pickle.loads(cache_file.read_bytes())  # written again, readable


def test_a_pickled_passage_keeps_its_anchor_without_hashing_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passage = Passage("k", 3, PassageKind.QUOTE, "芯片與晶片", ((0, 2),), level=0)
    data = pickle.dumps(passage, protocol=pickle.HIGHEST_PROTOCOL)

    def no_hashing(text: str) -> str:
        raise AssertionError("the anchor was computed again")

    monkeypatch.setattr(model, "passage_anchor", no_hashing)
    loaded = pickle.loads(data)
    assert loaded == passage
    assert loaded.anchor == passage.anchor != ""
    assert loaded.kind is PassageKind.QUOTE


def test_cache_location_is_under_the_cache_dir(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    assert os.listdir(paths.cache_dir) == ["library.pickle"]
