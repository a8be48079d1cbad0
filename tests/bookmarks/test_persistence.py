"""The pending-changes file is written by the one atomic writer: a failed write keeps the
file as it was and leaves no temporary file beside it."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from bm_helpers import make_passages

from trendreader.bookmarks.pending import PendingChange, PendingWrites

P = make_passages("k", ["第一段", "第二段"])


def test_a_full_disk_keeps_the_pending_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bookmarks.pending.json"
    pending = PendingWrites(path)
    pending.keep(PendingChange.add("k", "报告", P[0], "第一条笔记", ()))
    before = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    pending.keep(PendingChange.add("k", "报告", P[1], "第二条笔记", ()))
    assert path.read_bytes() == before  # the old content, whole
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left
    assert pending.problem is not None and "No space left" in pending.problem
    assert len(pending) == 2  # the new note is kept in memory
    monkeypatch.undo()
    pending.keep(PendingChange.update(7, "第三条", ()))
    assert [r["note"] for r in json.loads(path.read_text("utf-8"))] == [
        "第一条笔记",
        "第二条笔记",
        "第三条",
    ]
