"""The reader's start on a library its cache does not describe (library.start): the report
to open parsed, the cached editions as the listing has them, the rest read in batches
(library.background) and ending in the whole library with the cache written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, seed_path
from trendreader.library import background
from trendreader.library.catalog import load_library
from trendreader.library.listing import load_cached_listing
from trendreader.library.start import Batch, load_start_library
from trendreader.library.store import load_cached_library
from trendreader.paths import AppPaths

KEY_004 = "004_0a39d42c6e4d68c6"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    out.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy2(seed, out / seed.name)
    return out


def passages(library) -> dict[str, list[str]]:
    return {e.key: [p.text for p in e.passages] for e in library.editions()}


def test_a_cold_start_parses_the_report_to_open_and_reads_the_rest_after(
    folder: Path, paths: AppPaths
) -> None:
    started = load_start_library(paths, [folder], open_key="004", budget=0)  # a prefix
    assert started is not None
    library, counts, rest = started
    assert [e.key for e in library.editions()] == [KEY_004]
    assert library.find(KEY_004)[1].passages and counts[KEY_004] > 0
    assert rest.total == 5 and rest.done == 1 and len(rest.pending) == 4
    batches: list[Batch] = []
    rest.workers = 0
    whole = rest.read(batches.append, every=lambda: 0.0)  # a batch for every chunk
    assert whole is not None
    assert batches and batches[-1].done == 5 and batches[-1].total == 5
    assert sorted(r.key for b in batches for r in b.reports) == sorted(
        e.key for e in whole.editions() if e.key != KEY_004
    )
    expected = load_library([folder])
    assert [r.key for r in whole.reports] == [r.key for r in expected.reports]
    assert passages(whole) == passages(expected)
    assert whole.find(KEY_004)[1] is library.find(KEY_004)[1]  # parsed once, kept
    assert load_cached_listing(paths, [folder]) is not None  # the cache is written


def test_the_budget_takes_the_first_new_files_too(folder: Path, paths: AppPaths) -> None:
    library, _counts, rest = load_start_library(paths, [folder], budget=10**9)
    assert len(list(library.editions())) == 5 and not rest.pending


def test_without_a_key_or_a_budget_one_file_is_read(folder: Path, paths: AppPaths) -> None:
    library, _counts, rest = load_start_library(paths, [folder], budget=0)
    assert len(library.reports) == 1 and rest.done == 1


def test_a_key_no_one_file_has_means_the_whole_load(folder: Path, paths: AppPaths) -> None:
    assert load_start_library(paths, [folder], open_key="00") is None  # five files
    assert load_start_library(paths, [folder], open_key="nope") is None


def test_where_the_reader_left_is_parsed(folder: Path, paths: AppPaths) -> None:
    library, _counts, _rest = load_start_library(
        paths, [folder], resume=lambda: ["gone", KEY_004], budget=0
    )
    assert [e.key for e in library.editions()] == [KEY_004]


def test_cached_editions_come_as_the_listing_has_them(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])  # the cache knows the seeds
    for n in range(20):  # more new files than the listing brings in by itself
        shutil.copy2(seed_path("004"), folder / f"new-{n:02d}.txt")
    assert load_cached_listing(paths, [folder], update=True) is None
    library, counts, rest = load_start_library(paths, [folder], budget=0)
    assert {e.key for e in library.editions()} == {e.key for e in load_library([SEEDS]).editions()}
    assert all(not e.passages for e in library.editions())  # light: whole from their shards
    assert len(library.reports) == 4  # 000 and 001 grouped as the cache grouped them
    assert counts[KEY_004] > 0 and len(rest.pending) == 20


def test_refused_files_are_problems_in_a_batch_and_at_the_end(
    folder: Path, paths: AppPaths
) -> None:
    (folder / "zz-empty.md").write_text("\n", encoding="utf-8")
    _library, _counts, rest = load_start_library(paths, [folder], open_key=KEY_004, budget=0)
    rest.workers = 0
    batches: list[Batch] = []
    whole = rest.read(batches.append)
    assert [p.path.name for b in batches for p in b.problems] == ["zz-empty.md"]
    assert [p.path.name for p in whole.problems] == ["zz-empty.md"]


def test_a_cancelled_read_ends_without_writing_the_cache(folder: Path, paths: AppPaths) -> None:
    _library, _counts, rest = load_start_library(paths, [folder], open_key=KEY_004, budget=0)
    rest.workers = 0
    assert rest.read(lambda batch: None, cancelled=lambda: True) is None
    assert not (paths.cache_dir / "library.pickle").exists()


def test_worker_processes_parse_as_this_process_does(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background, "PROCESS_MIN_BYTES", 0)
    monkeypatch.setattr(background, "CHUNK_BYTES", 1)  # a chunk a file
    jobs = [(path, path.stem, False) for path in sorted(folder.glob("*.txt"))]
    here: dict[str, object] = {}
    there: dict[str, object] = {}
    assert background.parse_files(jobs, lambda r: here.update(r), workers=0)
    assert background.parse_files(jobs, lambda r: there.update(r), workers=1)
    assert here.keys() == there.keys() == {str(path) for path, _k, _b in jobs}
    for name, (size, mtime, edition, sample) in here.items():
        other = there[name]
        assert (
            (size, mtime)
            == (other[0], other[1])
            == (
                os.stat(name).st_size,
                os.stat(name).st_mtime_ns,
            )
        )
        assert edition.passages == other[2].passages and sample == other[3] and sample


def test_a_pool_that_cannot_start_inside_the_app_parses_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside a running Textual app multiprocessing's resource tracker cannot start (the
    captured stderr has no file descriptor: "bad value(s) in fds_to_keep", a ValueError):
    a reload of many new files then parses them in the reader's process, whole."""
    import concurrent.futures

    from trendreader.library import parse
    from trendreader.library.model import Edition

    files = []
    for n in range(4):
        path = tmp_path / f"{n:03}.md"
        path.write_text(f"# 第{n}篇\n\n" + "芯片与机器人。" * 40_000, encoding="utf-8")
        files.append((path, None, False))

    class NoPool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    editions = parse.read_editions(files, workers=2)
    assert len(editions) == 4 and all(isinstance(e, Edition) for e in editions)
    assert [e.passages[0].text for e in editions] == [f"第{n}篇" for n in range(4)]


def test_workers_of_a_fork_server_speak_this_process_catalog(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside the reader (other threads running) the workers come from a fork server,
    which starts afresh: the reasons they give for a refused file are in the catalog the
    reader speaks, not English."""
    import threading

    from trendreader import i18n

    monkeypatch.setattr(background, "PROCESS_MIN_BYTES", 0)
    monkeypatch.setattr(background, "CHUNK_BYTES", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # as under a running app
    (folder / "zz-empty.md").write_bytes(b"")
    jobs = [(path, path.stem, False) for path in sorted(folder.glob("*"))]
    got: dict[str, object] = {}
    before = i18n.current_locale()
    i18n.use("zh_TW")
    try:
        assert background.parse_files(jobs, lambda r: got.update(r), workers=1)
    finally:
        i18n.use(before)
    refused = got[str(folder / "zz-empty.md")][2]
    assert isinstance(refused, Exception)
    assert str(refused) == "zz-empty.md: 空檔案"
