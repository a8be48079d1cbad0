"""The index is built on first use, refreshed only where content changed, and survives damage
and a writer lock held elsewhere."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from whoosh import index as windex

from trendreader.library.catalog import Library, load_library
from trendreader.search import index as index_module
from trendreader.search.index import INDEX_NAME, MANIFEST
from trendreader.search.service import SearchService

from .conftest import write_report


def make_library(folder: Path) -> Library:
    return load_library([folder])


def keys(service: SearchService, query: str) -> set[str]:
    return {h.report_key for h in service.search(query, limit=100).hits}


def file_times(directory: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in directory.iterdir()}


def test_built_on_first_use_then_untouched(folder: Path, index_dir: Path) -> None:
    service = SearchService(index_dir)
    status = service.ensure_index(make_library(folder))
    assert status.rebuilt and status.added == 3 and status.passages == 8  # titles too
    assert keys(service, "芯片") == {"r1", "r2"}
    before = file_times(index_dir)

    fresh = SearchService(index_dir)  # another process, same library
    status = fresh.ensure_index(make_library(folder))
    assert not status.changed and not status.writer_opened
    assert fresh.index.writers_opened == 0
    assert file_times(index_dir) == before
    assert keys(fresh, "芯片") == {"r1", "r2"}


def test_only_the_changed_report_is_reindexed(folder: Path, index_dir: Path) -> None:
    service = SearchService(index_dir)
    service.ensure_index(make_library(folder))
    write_report(folder, "r3", "互联网", "2023-01-02", ["移动互联网的时代。", "自动驾驶来了。"])
    progress: list[tuple[int, int]] = []
    status = service.ensure_index(
        make_library(folder), progress=lambda done, total: progress.append((done, total))
    )
    assert (status.added, status.removed, status.passages) == (1, 1, 3)
    assert not status.rebuilt
    assert progress[-1] == (3, 3)
    assert keys(service, "自动驾驶") == {"r3"}
    assert len(service.search("互联网").hits) == 2  # title and paragraph, the old ones gone
    ix = windex.open_dir(index_dir, INDEX_NAME)
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 9


def test_a_removed_report_leaves_the_index(folder: Path, index_dir: Path) -> None:
    service = SearchService(index_dir)
    service.ensure_index(make_library(folder))
    (folder / "r2.txt").unlink()
    status = service.ensure_index(make_library(folder))
    assert (status.added, status.removed) == (0, 1)
    assert keys(service, "晶片") == {"r1"}
    ix = windex.open_dir(index_dir, INDEX_NAME)
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 5


def test_a_new_schema_version_rebuilds(
    folder: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SearchService(index_dir).ensure_index(make_library(folder))
    monkeypatch.setattr(index_module, "SCHEMA_VERSION", index_module.SCHEMA_VERSION + 1)
    service = SearchService(index_dir)
    status = service.ensure_index(make_library(folder))
    assert status.rebuilt
    manifest = json.loads((index_dir / MANIFEST).read_text("utf-8"))
    assert manifest["schema"] == index_module.SCHEMA_VERSION
    assert keys(service, "芯片") == {"r1", "r2"}


def test_a_damaged_index_is_rebuilt_with_a_notice(folder: Path, index_dir: Path) -> None:
    SearchService(index_dir).ensure_index(make_library(folder))
    segments = [p for p in index_dir.iterdir() if p.suffix == ".seg"]
    assert segments
    for path in segments:
        path.write_bytes(os.urandom(path.stat().st_size or 64))
    service = SearchService(index_dir)
    service.ensure_index(make_library(folder))  # the manifest still matches
    results = service.search("芯片")
    assert {h.report_key for h in results.hits} == {"r1", "r2"}
    assert results.message is not None and "rebuilt" in results.message
    assert "\n" not in results.message
    assert any("damaged" in n for n in service.notices)


def test_a_garbage_toc_is_rebuilt_on_refresh(folder: Path, index_dir: Path) -> None:
    SearchService(index_dir).ensure_index(make_library(folder))
    for path in index_dir.glob("*.toc"):
        path.write_bytes(b"garbage" * 20)
    write_report(folder, "r4", "新", "2024-01-01", ["量子计算。"])
    service = SearchService(index_dir)
    status = service.ensure_index(make_library(folder))
    assert status.rebuilt and status.notice and "damaged" in status.notice
    assert keys(service, "量子") == {"r4"}


def test_a_locked_index_still_answers(folder: Path, index_dir: Path) -> None:
    SearchService(index_dir).ensure_index(make_library(folder))
    other = windex.open_dir(index_dir, INDEX_NAME).writer()  # another instance writing
    try:
        write_report(folder, "r4", "新", "2024-01-01", ["量子计算。", "芯片。"])
        service = SearchService(index_dir)
        status = service.ensure_index(make_library(folder))
        assert status.read_only and not status.writer_opened
        assert status.notice and "\n" not in status.notice
        assert keys(service, "芯片") == {"r1", "r2"}  # the existing index, read-only
        assert keys(service, "量子") == set()
        assert SearchService(index_dir).ensure_index(make_library(folder), rebuild=True).read_only
    finally:
        other.cancel()
    status = SearchService(index_dir).ensure_index(make_library(folder))
    assert status.added == 1


def test_a_dirty_manifest_is_reconciled_from_the_index(folder: Path, index_dir: Path) -> None:
    SearchService(index_dir).ensure_index(make_library(folder))
    manifest = json.loads((index_dir / MANIFEST).read_text("utf-8"))
    manifest["clean"] = False
    manifest["editions"] = {}  # as if we crashed before writing it
    (index_dir / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    service = SearchService(index_dir)
    status = service.ensure_index(make_library(folder))
    assert not status.rebuilt and status.added == 0 and status.removed == 0
    assert keys(service, "芯片") == {"r1", "r2"}
    assert json.loads((index_dir / MANIFEST).read_text("utf-8"))["clean"] is True


def test_the_kept_signatures_are_the_librarys_own(folder: Path) -> None:
    """``wanted_signatures`` keeps the last library's; a reloaded library (a new object, a
    changed report) gets its own, and a caller changing the answer changes nothing kept."""
    first = make_library(folder)
    answer = index_module.wanted_signatures(first)
    answer.clear()
    assert set(index_module.wanted_signatures(first)) == {"r1", "r2", "r3"}
    write_report(folder, "r1", "芯片报告", "2024-03-04", ["推理芯片很重要。"])
    second = make_library(folder)
    old_sig = index_module.wanted_signatures(first)["r1"][0]
    new_sig = index_module.wanted_signatures(second)["r1"][0]
    assert old_sig != new_sig and new_sig.endswith("2024")
