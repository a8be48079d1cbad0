"""The index build in the reader's thread gives way to the reader's keys."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as windex

from tests.search.conftest import write_report
from trendreader.library.catalog import load_library
from trendreader.search import writer as writer_module
from trendreader.search.index import PassageIndex
from trendreader.search.schema import build_schema
from trendreader.search.writer import FastSegmentWriter
from trendreader.tui.index_controller import QUIET_AFTER_INPUT, IndexController
from trendreader.tui.key_quiet import KeyQuiet


class FakeClock:
    """A clock that moves only when the builder sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _controller() -> tuple[IndexController, FakeClock]:
    clock = FakeClock()
    controller = IndexController(host=None, keys=KeyQuiet(clock, clock.sleep))  # type: ignore[arg-type]
    return controller, clock


def test_a_build_goes_on_at_once_when_no_key_was_pressed() -> None:
    controller, clock = _controller()
    assert controller.yield_to_reader(lambda: False) == 0
    assert clock.slept == []


def test_a_build_waits_until_the_keys_are_quiet() -> None:
    controller, clock = _controller()
    controller.keys.note_key()
    clock.now += 0.1  # the builder reports 0.1 s after the key
    waited = controller.yield_to_reader(lambda: False)
    assert QUIET_AFTER_INPUT - 0.1 <= waited < QUIET_AFTER_INPUT - 0.1 + 0.006
    assert clock.now - controller.keys.last_key_at >= QUIET_AFTER_INPUT
    assert all(0.005 <= step <= 0.05 for step in clock.slept)  # naps: a new key extends it


def test_a_build_being_cancelled_stops_waiting() -> None:
    controller, clock = _controller()
    controller.keys.note_key()
    assert controller.yield_to_reader(lambda: True) == 0
    assert clock.slept == []


def test_writing_the_postings_calls_the_pause_as_it_goes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The commit, the longest step of a build, reports too (so it can pause)."""
    monkeypatch.setattr(writer_module, "PAUSE_EVERY", 10)
    ix = windex.create_in(tmp_path, build_schema(), "MAIN")
    writer = FastSegmentWriter(ix)
    calls: list[int] = []
    writer.pause = lambda: calls.append(1)
    for number in range(40):
        writer.add_document(key=f"e{number}", text=f"第{number}篇：芯片与机器人{number * 7}号")
    writer.commit()
    with ix.searcher() as searcher:
        terms = sum(1 for _term in searcher.reader().all_terms())  # every field's
    assert terms > 50 and len(calls) == terms // 10


def test_an_index_build_reports_progress_while_it_commits(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(writer_module, "PAUSE_EVERY", 5)
    folder = tmp_path / "lib"
    for number in range(6):
        write_report(folder, f"r{number}", f"报告{number}", "2021-01-02", [f"芯片{number}，电池。"])
    reports: list[tuple[int, int]] = []
    PassageIndex(tmp_path / "index").sync(
        load_library([folder]), progress=lambda done, total: reports.append((done, total))
    )
    total = reports[0][1]
    added = [r for r in reports if r[0] < total]
    at_commit = reports[len(added) + 1 :]  # after the last document's report
    assert total > 0 and at_commit and all(r == (total, total) for r in at_commit)
