"""A large background build runs in a child process (the reader's interpreter stays free),
writes the same index a build in a thread would, reports its progress, stops when the
reader closes, and falls back to a thread when no child can be had. Nothing here is timed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from trendreader.library.catalog import load_library
from trendreader.search import build_process
from trendreader.search import index as index_module
from trendreader.search import keeper as keeper_module
from trendreader.search.service import SearchService

from .conftest import write_report

QUERIES = ["芯片", "机器人", "晶片", "固态电池", "互联网 OR 芯片", "芯片 -推理"]


def hits(service: SearchService, query: str) -> list[tuple[str, int, str]]:
    results = service.search(query, limit=100)
    assert results.partial is None  # answered by the whole index, nothing scanned
    return [(h.report_key, h.ordinal, h.text) for h in results.hits]


@pytest.fixture
def every_build_in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keeper_module, "PROCESS_MIN_PASSAGES", 1)


def test_a_background_build_is_written_by_a_child_process(
    folder: Path, index_dir: Path, every_build_in_a_child: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_writer_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("the index was written in the reader's process")

    # the child does not see this: only a build in this process would call it
    monkeypatch.setattr(index_module.PassageIndex, "_update", no_writer_here)
    reported: list[tuple[int, int]] = []
    service = SearchService(index_dir)
    library = load_library([folder])
    service.ensure_index(library, background=True, progress=lambda d, t: reported.append((d, t)))
    assert service.wait(120)
    assert service.unavailable is None and not service.notices
    assert {h.report_key for h in service.search("芯片").hits} == {"r1", "r2"}
    total = sum(len(e.passages) for e in library.editions())
    assert reported and reported[-1] == (total, total)  # the child's progress came through
    assert all(done <= t == total for done, t in reported)
    service.close()


def test_the_child_writes_the_same_index_as_a_thread(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(12):
        write_report(
            folder, f"x{n}", f"报告{n}", f"20{10 + n}-01-01", [f"第{n}段：芯片与机器人。", "电池。"]
        )
    library = load_library([folder])
    built = {}
    for where, threshold in (("thread", 10**9), ("child", 1)):
        monkeypatch.setattr(keeper_module, "PROCESS_MIN_PASSAGES", threshold)
        service = SearchService(tmp_path / where / "index")
        service.ensure_index(library, background=True)
        assert service.wait(120)
        built[where] = {q: hits(service, q) for q in QUERIES}
        service.close()
    assert built["child"] == built["thread"]
    assert built["child"]["芯片"]  # a real comparison, not two empty lists


def test_closing_stops_the_child_and_the_next_build_completes(
    folder: Path, index_dir: Path, every_build_in_a_child: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_update = index_module.PassageIndex._update
    in_this_process: list[bool] = []

    def recorded_update(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        in_this_process.append(True)
        return real_update(self, *args, **kwargs)

    monkeypatch.setattr(index_module.PassageIndex, "_update", recorded_update)
    service = SearchService(index_dir)
    library = load_library([folder])

    def close_on_first_report(done: int, total: int) -> None:
        service.close()  # the reader quits while the child builds

    service.ensure_index(library, background=True, progress=close_on_first_report)
    assert service.wait(120)
    assert not in_this_process  # stopped: not built again in the reader's thread
    assert not service.notices  # and nothing to tell: the reader asked for it
    again = SearchService(index_dir)
    again.ensure_index(library)  # in the foreground: whatever the child left is replaced
    assert {h.report_key for h in again.search("芯片").hits} == {"r1", "r2"}
    assert not list(index_dir.parent.glob(f".{index_dir.name}.*"))  # no half-built folder
    again.close()


def test_no_child_to_be_had_builds_in_the_thread(
    folder: Path, index_dir: Path, every_build_in_a_child: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(build_process.subprocess, "Popen", no_processes)
    service = SearchService(index_dir)
    service.ensure_index(load_library([folder]), background=True)
    assert service.wait(120)
    assert {h.report_key for h in service.search("芯片").hits} == {"r1", "r2"}
    assert not service.notices
    service.close()


def test_a_child_that_dies_is_replaced_by_a_build_in_the_thread(
    folder: Path, index_dir: Path, every_build_in_a_child: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_popen = subprocess.Popen

    def dying_child(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        return real_popen([args[0], "-c", "import sys; sys.stdin.buffer.read()"], **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(build_process.subprocess, "Popen", dying_child)
    service = SearchService(index_dir)
    service.ensure_index(load_library([folder]), background=True)
    assert service.wait(120)
    assert {h.report_key for h in service.search("芯片").hits} == {"r1", "r2"}
    assert service.notices == ["indexing failed: the index builder stopped"]
    service.close()
