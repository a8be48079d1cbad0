"""Parsing many files in worker processes: the same editions, and their shingle samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library import parse
from trendreader.library.editions import sample_shingles
from trendreader.library.model import Edition
from trendreader.library.parse import ReportFileError


def _write_library(folder: Path, count: int, repeat: int) -> list[parse.ParseJob]:
    jobs: list[parse.ParseJob] = []
    for n in range(count):
        path = folder / f"{n:03}.md"
        body = "".join(
            f"第{n}篇第{i}段谈电池与芯片，样品{i * 13 + n}号。\n\n" for i in range(repeat)
        )
        path.write_text(f"# 第{n}篇\n\n{body}", encoding="utf-8")
        jobs.append((path, path.stem, False))
    bad = folder / "bad.md"
    bad.write_bytes(b"")
    jobs.append((bad, "bad", False))
    return jobs


def test_workers_sample_each_edition_as_the_grouping_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "PARALLEL_MIN_BYTES", 1_000)
    jobs = _write_library(tmp_path, 6, 40)
    outcomes = parse.read_sampled_editions(jobs, workers=2)
    assert [type(o) for o, _s in outcomes] == [Edition] * 6 + [ReportFileError]
    for (path, _key, _builtin), (edition, sample) in zip(jobs, outcomes, strict=True):
        if isinstance(edition, ReportFileError):
            assert sample is None
            continue
        assert sample is not None and len(sample) > 0
        assert sample == sample_shingles(parse.read_edition(path).full_text())
    plain = parse.read_editions(jobs, workers=2)
    assert [getattr(e, "content_hash", None) for e in plain] == [
        getattr(e, "content_hash", None) for e, _s in outcomes
    ]


def test_a_small_library_is_parsed_here_and_sampled_later(tmp_path: Path) -> None:
    jobs = _write_library(tmp_path, 3, 2)  # far below PARALLEL_MIN_BYTES
    outcomes = parse.read_sampled_editions(jobs, workers=2)
    assert [sample for _edition, sample in outcomes] == [None] * 4
    assert [e.key for e, _s in outcomes if isinstance(e, Edition)] == ["000", "001", "002"]
