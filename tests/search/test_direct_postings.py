"""A segment's long posting lists as arrays (``direct_postings``): the lists Whoosh's blocks
hold, read without them; the rest of the index unchanged; the same answers either way."""

from __future__ import annotations

import random
from array import array
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import SegmentWriter

from trendreader.library.catalog import load_library
from trendreader.script.variants import Variant
from trendreader.search import direct_postings
from trendreader.search.direct_postings import EXT, DirectPostings, DirectWriter
from trendreader.search.engine import _read_postings
from trendreader.search.schema import build_schema
from trendreader.search.service import SearchService
from trendreader.search.writer import FastSegmentWriter

from .conftest import name_segments_in_order, whoosh_postings, write_report


class _Segment:
    def make_filename(self, ext: str) -> str:
        return f"seg{ext}"

    def create_file(self, storage: Any, ext: str) -> Any:
        return storage.create_file(self.make_filename(ext))


class _Reader:
    def __init__(self, storage: Any) -> None:
        self._storage = storage

    def storage(self) -> Any:
        return self._storage

    def segment(self) -> _Segment:
        return _Segment()


def test_lists_read_back_as_written_whatever_their_gaps_and_frequencies() -> None:
    rng = random.Random(11)
    storage = RamStorage()
    writer = DirectWriter(_Segment(), storage, minimum=2)
    lists: dict[bytes, tuple[list[int], list[int]]] = {
        b"ones": (sorted(rng.sample(range(5000), 300)), [1] * 300),
        b"same": (list(range(7, 907, 3)), [4] * 300),
        b"wide": ([3, 200, 70_000, 70_001, 5_000_000], [1, 300, 2, 70_000, 9]),  # H, I gaps
        b"first": ([90_000, 90_001], [2, 1]),  # a large first id, small gaps
        b"short": ([5], [1]),  # under the minimum: not written
        b"unsorted": ([9, 3, 12], [1, 1, 1]),  # not as a build adds them: not written
    }
    for term, (docs, freqs) in lists.items():
        writer.add("text", term, array("I", docs), array("I", freqs))
    writer.close()
    found = DirectPostings.of(_Reader(storage))
    assert found is not None and len(found) == 4
    for term, (docs, freqs) in lists.items():
        got = found.get("text", term)
        if term in (b"short", b"unsorted"):
            assert got is None
            continue
        assert got is not None
        ids, weights = got
        assert ids == docs and weights == [float(f) for f in freqs]
        assert all(type(w) is float for w in weights)
    assert found.get("other", b"ones") is None


def test_no_long_list_no_file_and_a_foreign_file_is_ignored() -> None:
    storage = RamStorage()
    writer = DirectWriter(_Segment(), storage)
    writer.add("text", b"a", array("I", [1, 2]), array("I", [1, 1]))
    writer.close()
    assert DirectPostings.of(_Reader(storage)) is None and not list(storage)
    with storage.create_file("seg" + EXT) as handle:
        handle.write(b"not ours, not ours at all")
    assert DirectPostings.of(_Reader(storage)) is None


def _reports(folder: Path, rewrite: bool = False) -> None:
    rng = random.Random(3)
    for n in range(40):
        paragraphs = [
            "机器人" * rng.randint(1, 3) + f"第{i}段" + "芯片" * rng.randint(0, 3) + "人工智能"
            for i in range(10)
        ]
        if rewrite and n % 6 == 0:  # their old passages become deleted documents
            paragraphs = ["机器人芯片", "芯片机器"] * 3
        write_report(folder, f"l{n:02d}", f"报告{n}", f"{2020 + n % 5}-01-02", paragraphs)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchService, Path]:
    """400 passages, lists of 8 or more written as arrays; then some rewritten (deletions,
    and a second segment)."""
    folder = tmp_path_factory.mktemp("lib")
    patch = pytest.MonkeyPatch()
    patch.setattr(direct_postings, "MIN_POSTINGS", 8)
    try:
        service = SearchService(tmp_path_factory.mktemp("idx") / "index")
        _reports(folder)
        service.ensure_index(load_library([folder]))
        _reports(folder, rewrite=True)
        service.ensure_index(load_library([folder]))
    finally:
        patch.undo()
    return service, folder


def test_the_arrays_hold_whooshs_postings(built: tuple[SearchService, Path]) -> None:
    service, _folder = built
    searcher = service.index.searcher()
    assert searcher.reader().has_deletions()
    written = 0
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        direct = DirectPostings.of(reader)
        if direct is None:
            continue
        compound = getattr(reader.storage(), "a", None)  # the segment's compound file
        assert compound is not None and compound.file_exists(reader.segment().make_filename(EXT))
        deleted = frozenset(range(reader.doc_count_all())) - set(reader.all_doc_ids())
        for term in reader.lexicon("text"):
            long = reader.doc_frequency("text", term) >= 8
            assert (direct.get("text", term) is not None) == long
            written += long
            assert _read_postings(reader, "text", term, deleted, direct) == whoosh_postings(
                reader, term
            )
    assert written > 10


def test_answers_are_the_same_without_the_arrays(
    built: tuple[SearchService, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, folder = built
    library = load_library([folder])
    queries = ["机器人", "芯片", "机器人 -芯片", "人工智能 OR 芯片", "人", "器人 year:2022", "段芯"]

    def answers() -> list[Any]:
        service._engine = None
        out = []
        for query in queries:
            for variant in (Variant.ORIGINAL, Variant.TAIWAN):
                found = service.search(query, variant=variant, limit=500)
                out.append((found.total, found.per_report, found.hits))
        return out

    service.ensure_index(library)
    with_arrays = answers()
    monkeypatch.setattr(DirectPostings, "of", classmethod(lambda cls, reader: None))
    assert answers() == with_arrays
    assert any(total for total, _r, _h in with_arrays)


def test_the_build_writes_whooshs_files_and_the_arrays_beside_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(direct_postings, "MIN_POSTINGS", 8)
    docs = [
        {"key": "e1", "report": "r1", "sig": "s", "ordinal": n, "kind": "p", "text": "机器人" * n}
        for n in range(1, 60)
    ]
    files = []
    for name, writer_class in (("stock", SegmentWriter), ("fast", FastSegmentWriter)):
        name_segments_in_order(monkeypatch)
        folder = tmp_path / name
        folder.mkdir()
        ix = windex.create_in(folder, build_schema(), "MAIN")
        writer = writer_class(ix, limitmb=64, compound=False)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        files.append({p.name: p.read_bytes() for p in folder.iterdir() if "LOCK" not in p.name})
    stock, fast = files
    assert set(fast) - set(stock) == {"MAIN_seg0" + EXT}
    assert {name: data for name, data in fast.items() if not name.endswith(EXT)} == stock
