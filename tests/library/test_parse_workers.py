"""Parsing many files in worker processes: the same editions as parsed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library import parse
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


def test_workers_parse_each_file_as_this_process_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "PARALLEL_MIN_BYTES", 1_000)
    jobs = _write_library(tmp_path, 6, 40)
    outcomes = parse.read_editions(jobs, workers=2)
    assert [type(o) for o in outcomes] == [Edition] * 6 + [ReportFileError]
    for (path, _key, _builtin), edition in zip(jobs, outcomes, strict=True):
        if isinstance(edition, Edition):
            here = parse.read_edition(path)
            assert edition.content_hash == here.content_hash
            assert tuple(edition.passages) == tuple(here.passages)


def test_without_processes_the_files_are_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "PARALLEL_MIN_BYTES", 1_000)
    monkeypatch.setattr(parse, "map_in_workers", lambda *_args: None)  # as in a running app
    jobs = _write_library(tmp_path, 3, 40)
    outcomes = parse.read_editions(jobs, workers=2)
    assert [e.key for e in outcomes if isinstance(e, Edition)] == ["000", "001", "002"]
    assert isinstance(outcomes[-1], ReportFileError)


def test_workers_of_a_fork_server_speak_this_process_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from trendreader import i18n

    monkeypatch.setattr(parse, "PARALLEL_MIN_BYTES", 1_000)
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a fork server, as in the app
    jobs = _write_library(tmp_path, 4, 40)
    before = i18n.current_locale()
    i18n.use("zh_Hant")
    try:
        outcomes = parse.read_editions(jobs, workers=2)
    finally:
        i18n.use(before)
    assert [type(o) for o in outcomes] == [Edition] * 4 + [ReportFileError]
    assert str(outcomes[-1]) == "bad.md: 空文件"
