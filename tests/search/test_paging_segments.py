"""Document → edition key tables kept per index segment (``paging.SegmentKeys``): a new
searcher reads only the segments it has not seen, in the process or from the file beside the
index, and the keys are the ones the postings give, after additions, changes and merges."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.search import paging
from trendreader.search.paging import DocKeys, SegmentKeys
from trendreader.search.service import SearchService

from .conftest import write_report

FIRST = 18  # passages of the six reports: a title and two paragraphs each
NEW = 2  # of the added one: a title and a paragraph


def _library(folder: Path, count: int) -> Library:
    for n in range(count):
        write_report(folder, f"k{n:02d}", f"报告{n}", "2022-06-01", [f"第{n}份讲芯片。", "算力。"])
    return load_library([folder])


def _service(library: Library, index_dir: Path) -> SearchService:
    service = SearchService(index_dir)
    service.ensure_index(library)
    return service


def _all_keys(keys: DocKeys) -> list[str | None]:
    return [keys.get(n) for n in range(keys.searcher.doc_count_all())]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every segment whose postings are read; every segment's table is saved."""
    seen: list[int] = []
    original = paging._read_keys

    def counting(reader: object) -> list[str | None]:
        seen.append(reader.doc_count_all())  # type: ignore[attr-defined]
        return original(reader)  # type: ignore[arg-type]

    monkeypatch.setattr(paging, "_read_keys", counting)
    monkeypatch.setattr(SegmentKeys, "SAVE_MIN_DOCS", 0)
    return seen


def test_keys_per_segment_are_the_postings_keys(tmp_path: Path, reads: list[int]) -> None:
    folder = tmp_path / "lib"
    service = _service(_library(folder, 6), tmp_path / "index")
    write_report(folder, "new", "新报告", "2024-01-01", ["拓扑绝缘体芯片。"])
    service.ensure_index(load_library([folder]))
    searcher = service.index.searcher()
    assert len(searcher.leaf_searchers()) == 2  # the first build's segment and the new one
    kept = DocKeys(searcher, SegmentKeys(tmp_path / "index"))
    plain = DocKeys(searcher)  # no tables: straight from the postings
    assert _all_keys(kept) == _all_keys(plain)
    assert set(_all_keys(plain)) == {f"k{n:02d}" for n in range(6)} | {"new"}
    assert kept.get(-1) is None and kept.get(searcher.doc_count_all()) is None


def test_a_new_searcher_reads_only_its_new_segment(tmp_path: Path, reads: list[int]) -> None:
    folder = tmp_path / "lib"
    service = _service(_library(folder, 6), tmp_path / "index")
    assert service.search("芯片").total == 6
    assert reads == [FIRST]  # the first segment: six reports
    write_report(folder, "new", "新报告", "2024-01-01", ["拓扑绝缘体芯片。"])
    service.ensure_index(load_library([folder]))
    found = service.search("拓扑绝缘体")
    assert [h.edition_key for h in found.hits] == ["new"]
    assert service.search("芯片").total == 7
    assert reads == [FIRST, NEW]  # only the new segment's one passage


def test_a_fresh_process_reads_the_tables_from_beside_the_index(
    tmp_path: Path, reads: list[int]
) -> None:
    folder = tmp_path / "lib"
    index_dir = tmp_path / "index"
    _service(_library(folder, 6), index_dir).search("芯片")
    assert reads == [FIRST]
    assert len(list(index_dir.glob("doc-keys-*.pickle"))) == 1
    write_report(folder, "new", "新报告", "2024-01-01", ["拓扑绝缘体芯片。"])
    fresh = _service(load_library([folder]), index_dir)  # as the next CLI run is
    assert fresh.search("芯片").total == 7
    assert reads == [FIRST, NEW]
    assert len(list(index_dir.glob("doc-keys-*.pickle"))) == 2


def test_a_small_segment_is_not_written(tmp_path: Path, reads: list[int]) -> None:
    SegmentKeys.SAVE_MIN_DOCS = FIRST + 1  # the fixture's setting, undone after the test
    folder = tmp_path / "lib"
    index_dir = tmp_path / "index"
    _service(_library(folder, 6), index_dir).search("芯片")
    assert list(index_dir.glob("doc-keys-*.pickle")) == []
    assert _service(load_library([folder]), index_dir).search("芯片").total == 6
    assert reads == [FIRST, FIRST]


def test_a_damaged_table_file_is_read_from_the_postings(tmp_path: Path, reads: list[int]) -> None:
    folder = tmp_path / "lib"
    index_dir = tmp_path / "index"
    first = _service(_library(folder, 6), index_dir).search("芯片")
    (table,) = index_dir.glob("doc-keys-*.pickle")
    table.write_bytes(b"not a pickle")
    again = _service(load_library([folder]), index_dir).search("芯片")
    assert [(h.edition_key, h.ordinal) for h in again.hits] == [
        (h.edition_key, h.ordinal) for h in first.hits
    ]
    assert reads == [FIRST, FIRST]


def test_a_changed_report_keeps_the_old_segment_table(tmp_path: Path, reads: list[int]) -> None:
    folder = tmp_path / "lib"
    index_dir = tmp_path / "index"
    _service(_library(folder, 6), index_dir).search("芯片")
    write_report(folder, "k03", "报告3", "2022-06-01", ["改写：钙钛矿电池。"])
    service = _service(load_library([folder]), index_dir)  # k03 deleted in the first segment
    assert service.search("芯片").per_report == {f"k{n:02d}": 1 for n in range(6) if n != 3}
    assert [h.edition_key for h in service.search("钙钛矿").hits] == ["k03"]
    assert reads == [FIRST, NEW]  # the first segment's table (from its file) still serves


def test_a_running_reader_no_longer_finds_a_changed_reports_old_text(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    service = _service(_library(folder, 6), tmp_path / "index")
    service.search("芯片")
    write_report(folder, "k03", "报告3", "2022-06-01", ["改写：钙钛矿电池。"])
    service.ensure_index(load_library([folder]))
    assert service.search("芯片").per_report == {f"k{n:02d}": 1 for n in range(6) if n != 3}


def _merged(tmp_path: Path) -> tuple[SearchService, Path]:
    """A service that has searched an index of two segments, then merged into one."""
    from trendreader.search.index import open_index

    folder = tmp_path / "lib"
    index_dir = tmp_path / "index"
    service = _service(_library(folder, 6), index_dir)
    service.search("芯片")
    write_report(folder, "new", "新报告", "2024-01-01", ["拓扑绝缘体芯片。"])
    service.ensure_index(load_library([folder]))
    assert service.search("芯片").total == 7
    assert len(service.index.searcher().leaf_searchers()) == 2
    open_index(index_dir).optimize()  # one segment: a new id, the two old ones gone
    return service, index_dir


def test_tables_of_merged_segments_are_removed(tmp_path: Path, reads: list[int]) -> None:
    _running, index_dir = _merged(tmp_path)
    assert len(list(index_dir.glob("doc-keys-*.pickle"))) == 2  # the two segments'
    service = _service(load_library([tmp_path / "lib"]), index_dir)
    assert service.search("芯片").total == 7
    assert reads == [FIRST, NEW, FIRST + NEW]
    (table,) = index_dir.glob("doc-keys-*.pickle")
    (leaf,) = service.index.searcher().leaf_searchers()
    assert table.name == f"doc-keys-{leaf[0].reader().segment().segment_id()}.pickle"


def test_a_running_reader_counts_each_match_once_after_a_merge(tmp_path: Path) -> None:
    service, _index_dir = _merged(tmp_path)
    assert service.search("芯片").total == 7
