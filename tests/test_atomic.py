"""The one atomic write: whole new content or the old one, and no temporary file left."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from trendreader import atomic


def test_writes_bytes_text_and_pickles_creating_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.bin"
    atomic.write_bytes(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    atomic.write_text(target, "中文\r\nline\n")
    assert target.read_bytes() == "中文\r\nline\n".encode()  # no newline translation
    atomic.write_pickle(target, {"k": [1, 2]})
    assert pickle.loads(target.read_bytes()) == {"k": [1, 2]}
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.bin"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "state.toml"
    atomic.write_text(target, "old")

    def fail(handle: object) -> None:
        handle.write(b"half")  # type: ignore[attr-defined]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.write_with(target, fail)
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        atomic.write_pickle(target, lambda: None)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.toml"]


def test_the_data_is_synced_before_the_rename(tmp_path: Path, monkeypatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1]
    )
    atomic.write_bytes(tmp_path / "x", b"x")
    assert calls == ["fsync", "replace"]


def test_a_cache_write_is_not_synced_and_still_replaces_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync"))
    monkeypatch.setattr(
        os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1]
    )
    target = tmp_path / "cache.pickle"
    atomic.write_pickle(target, [1, 2], durable=False)
    atomic.write_bytes(target.with_name("shard"), b"x", durable=False)
    assert calls == ["replace", "replace"]
    assert pickle.loads(target.read_bytes()) == [1, 2]
    atomic.write_pickle(target, [3])  # durable by default
    assert calls == ["replace", "replace", "fsync", "replace"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.pickle", "shard"]


def test_an_error_on_replace_propagates_and_cleans_up(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "inside").write_text("keep")  # a non-empty folder where the file should go
    with pytest.raises(OSError):
        atomic.write_bytes(folder, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_copy_file_keeps_bytes_mode_and_times_and_leaves_no_temporary(tmp_path: Path) -> None:
    source = tmp_path / "in" / "report.md"
    source.parent.mkdir()
    source.write_bytes("# 报告\n\n正文".encode() * 5000)
    source.chmod(0o640)
    os.utime(source, ns=(1_600_000_000_000_000_000, 1_700_000_000_123_456_789))
    target = tmp_path / "out" / "copy.md"
    atomic.write_text(target, "old")
    atomic.copy_file(source, target)
    assert target.read_bytes() == source.read_bytes()
    info = target.stat()
    assert (info.st_mode & 0o777, info.st_mtime_ns) == (0o640, 1_700_000_000_123_456_789)
    assert [p.name for p in target.parent.iterdir()] == ["copy.md"]


def test_copy_file_of_a_missing_source_leaves_the_target(tmp_path: Path) -> None:
    target = tmp_path / "copy.md"
    atomic.write_text(target, "old")
    with pytest.raises(FileNotFoundError):
        atomic.copy_file(tmp_path / "missing.md", target)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["copy.md"]
