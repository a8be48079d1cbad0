"""The library kept whole beside the cache (``library-reports.pickle``): read back only while
every file is as it was made from, and then the same library the cache's listing gives; and
each shard entry pickled on its own (one edition read without the others)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from tests.library.conftest import cache_reads
from trendreader.library import listing, snapshot, store
from trendreader.library.catalog import (
    Library,
    has_sidecar,
    library_files,
    library_names,
    load_library,
    sidecar_warnings,
)
from trendreader.library.store import load_cached_library
from trendreader.paths import AppPaths


def _reports(library: Library) -> list[tuple[str, tuple[object, ...]]]:
    return [
        (
            report.key,
            tuple(
                (e.key, str(e.path), e.script, e.meta, e.content_hash, e.builtin)
                for e in report.editions
            ),
        )
        for report in library.reports
    ]


def _kept(paths: AppPaths) -> Path:
    return snapshot.snapshot_file(paths.cache_dir / "library.pickle")


def _listing(paths: AppPaths, folder: Path) -> tuple[Library, dict[str, int]]:
    found = listing.load_cached_listing(paths, [folder], update=True)
    assert found is not None
    return found


def _without_the_kept_library(
    monkeypatch: pytest.MonkeyPatch, paths: AppPaths, folder: Path
) -> tuple[Library, dict[str, int]]:
    """The listing as the cache's own files give it (the kept library not read)."""
    with monkeypatch.context() as patch:
        patch.setattr(listing, "read_snapshot", lambda *args: None)
        patch.setattr(listing, "write_snapshot", lambda *args: None)
        return _listing(paths, folder)


def test_the_kept_library_is_the_listing_the_cache_gives(
    folder: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = load_cached_library(paths, [folder])
    assert _kept(paths).is_file()  # written with the cache
    store.forget_memory()
    made, made_counts = _without_the_kept_library(monkeypatch, paths, folder)
    read = cache_reads(monkeypatch)
    kept, kept_counts = _listing(paths, folder)
    assert read == []  # neither library.pickle nor a shard: the kept library alone
    assert _reports(kept) == _reports(made)
    assert [r.title for r in kept.reports] == [r.title for r in whole.reports]
    assert kept_counts == made_counts == {e.key: len(e.passages) for e in whole.editions()}
    assert any(len(r.editions) == 2 for r in kept.reports)
    assert all(not e.passages for e in kept.editions())
    for light in kept.editions():  # whole again from its shard
        assert listing.load_cached_edition(paths, light) == whole.find_edition(light.key)


def test_the_listing_writes_it_when_it_is_missing(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    _kept(paths).unlink()
    first, _counts = _listing(paths, folder)
    assert _kept(paths).is_file()
    again, _counts = _listing(paths, folder)
    assert _reports(again) == _reports(first)


def test_a_changed_file_is_seen(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    _listing(paths, folder)
    changed = next(folder.glob("004_*"))
    lines = changed.read_text("utf-8").splitlines()
    k = next(k for k, line in enumerate(lines) if len(line) > 40)
    lines[k] = "新的一段：固态电池。" + lines[k]  # (a last line would be cut as boilerplate)
    changed.write_text("\n".join(lines), "utf-8")
    library, counts = _listing(paths, folder)
    (edition,) = [e for e in library.editions() if e.path == changed]
    whole = edition if edition.passages else listing.load_cached_edition(paths, edition)
    assert whole is not None and "新的一段：固态电池。" in whole.full_text()
    assert counts[edition.key] == len(whole.passages)
    again, _counts = _listing(paths, folder)  # kept again, with the change
    (kept,) = [e for e in again.editions() if e.path == changed]
    assert kept.content_hash == edition.content_hash


def test_a_file_whose_mtime_alone_changed_is_not_taken_for_the_same(
    folder: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_cached_library(paths, [folder])
    touched = next(folder.glob("004_*"))
    info = touched.stat()
    os.utime(touched, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    names = library_names([folder])
    assert (
        snapshot.read_snapshot(paths.cache_dir / "library.pickle", store.CACHE_VERSION, names)
        is None
    )


def test_an_added_and_a_removed_file_are_seen(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    _listing(paths, folder)
    (folder / "zz_new.md").write_text("# 固态电池的新报告\n\n固态电池的研究。\n", "utf-8")
    library, _counts = _listing(paths, folder)
    assert library.find("zz_new") is not None
    (folder / "zz_new.md").unlink()
    removed = next(folder.glob("004_*"))
    key = removed.stem
    removed.unlink()
    library, counts = _listing(paths, folder)
    assert library.find("zz_new") is None and library.find(key) is None
    assert key not in counts
    assert _reports(library) == _reports(load_cached_library(paths, [folder]))


def test_a_hidden_report_is_left_out(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    _listing(paths, folder)
    hidden = next(folder.glob("004_*")).stem
    found = listing.load_cached_listing(paths, [folder], hidden=[hidden], update=True)
    assert found is not None
    assert found[0].find(hidden) is None


def test_another_cache_version_is_not_read(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    names = library_names([folder])
    cache_path = paths.cache_dir / "library.pickle"
    assert snapshot.read_snapshot(cache_path, store.CACHE_VERSION, names) is not None
    assert snapshot.read_snapshot(cache_path, store.CACHE_VERSION - 1, names) is None
    _kept(paths).write_bytes(b"\x80\x04not a pickle at all")
    assert snapshot.read_snapshot(cache_path, store.CACHE_VERSION, names) is None
    assert _listing(paths, folder)[0].find(next(folder.glob("004_*")).stem) is not None


def test_a_refused_file_is_never_kept_out_of_sight(folder: Path, paths: AppPaths) -> None:
    (folder / "zz-empty.md").write_text("\n", "utf-8")
    library = load_cached_library(paths, [folder])
    assert [p.path.name for p in library.problems] == ["zz-empty.md"]
    assert not _kept(paths).exists()
    whole = listing.load_cached_listing(paths, [folder], update=True)
    assert whole is None  # the full load reports it, every time


def test_sidecar_warnings_are_read_from_the_files_each_time(folder: Path, paths: AppPaths) -> None:
    load_cached_library(paths, [folder])
    _listing(paths, folder)
    report = next(folder.glob("004_*"))
    sidecar = report.with_name(report.stem + ".meta.toml")
    sidecar.write_text("year = 3000\n", "utf-8")  # the report itself did not change
    library, _counts = _listing(paths, folder)
    assert [(p.path, p.skipped) for p in library.problems] == [(report, False)]
    assert "year" in library.problems[0].reason
    sidecar.unlink()
    assert _listing(paths, folder)[0].problems == []


def test_library_names_are_library_files_as_strings(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    (first / "sub").mkdir(parents=True)
    second.mkdir()
    for path in (first / "x.md", first / "sub" / "y.txt", second / "x.txt", second / "z.md"):
        path.write_text("# 题\n\n正文。\n", "utf-8")
    (first / ".hidden.md").write_text("正文。\n", "utf-8")
    (first / "X.META.TOML").write_text("", "utf-8")
    sidecars: set[str] = set()
    names = library_names([first, second], builtin=[second], hidden=["y"], sidecars=sidecars)
    files = list(library_files([first, second], builtin=[second], hidden=["y"]))
    assert names == [(str(path), key, builtin) for path, key, builtin in files]
    assert names == [(str(first / "x.md"), "x", False), (str(second / "z.md"), "z", True)]
    # any case: a file system that ignores it would read X.META.TOML as x's sidecar
    assert has_sidecar(str(first / "x.md"), sidecars)
    assert not has_sidecar(str(second / "z.md"), sidecars)
    assert sidecar_warnings(first / "x.md", sidecars) == []  # asked of the file system
    assert sidecar_warnings(second / "z.md", set()) == []


def test_an_unreadable_shard_entry_is_parsed_again_alone(
    folder: Path, paths: AppPaths, parsed_files: list[Path]
) -> None:
    load_cached_library(paths, [folder])
    broken = next(folder.glob("004_*"))
    shard = store._shard_file(paths.cache_dir / "library.pickle", store.shard_of(str(broken)))
    data = shard.read_bytes()
    blobs = {name: data[at : at + size] for name, (at, size) in store._layout(data).items()}
    assert str(broken) in blobs and all(pickle.loads(blob) for blob in blobs.values())
    blobs[str(broken)] = b"\x80\x04not a pickle"  # one entry's pickle, the others whole
    shard.write_bytes(store._shard_bytes(blobs))
    store.forget_memory()
    parsed_files.clear()
    library = load_cached_library(paths, [folder])
    assert parsed_files == [broken]
    assert _reports(library) == _reports(load_library([folder]))
