"""The build's writer writes the bytes Whoosh's own writer writes, on every path it takes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as windex
from whoosh.writing import SegmentWriter

from trendreader.search import writer as writer_module
from trendreader.search.analyzer import index_terms, tokens
from trendreader.search.schema import build_schema
from trendreader.search.writer import FastSegmentWriter

from .conftest import name_segments_in_order

TEXTS = [
    "推理芯片很重要。推理芯片的功耗更重要",
    "人形機器人來了，Tesla Optimus 和 ＡＩ 芯片 2024 年",
    "固态电池",
    "a",
    "芯",
    "",
    "Ｇｏｏｇｌｅ 的 TPU v5p：每颗芯片 459 TFLOPS",
    "晶片戰線、晶片戰線、晶片戰線。" * 60,  # one term in many blocks' worth of text
]


def _documents(count: int, texts: list[str] = TEXTS) -> list[dict[str, Any]]:
    docs = []
    for number in range(count):
        doc: dict[str, Any] = {
            "key": f"e{number % 7}",
            "report": f"r{number % 5}",
            "sig": f"e{number % 7}\x1fsig",
            "ordinal": number,
            "kind": "paragraph" if number % 3 else "heading",
            "text": texts[number % len(texts)] + ("机器人" * (number % 4)),
        }
        if number % 4:
            doc["year"] = 2018 + number % 6
        docs.append(doc)
    return docs


def _build(
    folder: Path, writer_class: type, batches: list[list[dict[str, Any]]], **schema: Any
) -> dict[str, bytes]:
    """Index ``batches`` (one commit each) with ``writer_class``; the files' bytes by name."""
    ix = windex.create_in(folder, build_schema(**schema), "MAIN")
    for batch in batches:
        writer = writer_class(ix, limitmb=64, compound=False)  # a compound file holds mtimes
        for doc in batch:
            writer.add_document(**doc)
        writer.commit()
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.endswith("LOCK")}


def _both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    batches: list[list[dict[str, Any]]],
    **schema: Any,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The files of the same build by Whoosh's writer and ours, segment names made the same."""
    results = []
    for name, writer_class in (("stock", SegmentWriter), ("fast", FastSegmentWriter)):
        name_segments_in_order(monkeypatch)
        folder = tmp_path / name
        folder.mkdir(parents=True)
        results.append(_build(folder, writer_class, batches, **schema))
    return results[0], results[1]


def test_a_fresh_build_writes_the_bytes_whoosh_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stock, fast = _both(tmp_path, monkeypatch, [_documents(400)])
    assert stock.keys() == fast.keys() and any(name.endswith(".pst") for name in stock)
    assert stock == fast


def test_the_per_term_path_is_taken_for_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above means something only if the fast path ran: no posting went
    through Whoosh's pool."""
    pooled: list[Any] = []
    original = writer_module._FastPool.add
    monkeypatch.setattr(
        writer_module._FastPool,
        "add",
        lambda self, item: (pooled.append(item), original(self, item)),
    )
    ix = windex.create_in(tmp_path, build_schema(), "MAIN")
    writer = FastSegmentWriter(ix)
    for doc in _documents(50):
        writer.add_document(**doc)
    writer.commit()
    assert pooled == []
    with ix.searcher() as searcher:
        assert searcher.doc_frequency("text", "芯片".encode()) > 0


def test_an_update_merging_older_segments_writes_whoosh_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's merge policy folds small segments into the new one (postings through the
    pool): the per-term postings join them there."""
    docs = _documents(120)
    stock, fast = _both(tmp_path, monkeypatch, [docs[:40], docs[40:80], docs[80:]])
    assert stock == fast


def test_boosted_documents_and_positions_take_whooshs_path_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _documents(60)
    docs[3]["_boost"] = 2.0
    stock, fast = _both(tmp_path / "boost", monkeypatch, [docs])
    assert stock == fast
    stock, fast = _both(tmp_path / "positions", monkeypatch, [_documents(60)], positions=True)
    assert stock == fast


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from([*"芯片機器人电池AIai１２ ，。-_Ǆǆİ", "\U00020000", "〇"]),
        max_size=40,
    )
)
def test_index_terms_are_the_analyzers_tokens(text: str) -> None:
    assert sorted(index_terms(text)) == sorted(token for token, *_ in tokens(text))


def test_large_posting_lists_span_blocks_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A term in 1,000 documents fills seven full blocks and a last one."""
    docs = _documents(1000, ["芯片", *TEXTS])
    stock, fast = _both(tmp_path, monkeypatch, [docs])
    assert stock == fast


def test_two_writer_processes_index_what_one_does(tmp_path: Path) -> None:
    """``FastMpWriter``: two processes, one segment each; the same terms, frequencies and
    documents as one process writing one segment."""
    from whoosh.query import Term

    from trendreader.search.writer import FastMpWriter

    docs = _documents(500)
    indexes = []
    for name, make in (
        ("one", lambda ix: FastSegmentWriter(ix)),
        ("two", lambda ix: FastMpWriter(ix, procs=2, batchsize=50)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        ix = windex.create_in(folder, build_schema(), "MAIN")
        writer = make(ix)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        indexes.append(ix)
    one, two = (ix.searcher() for ix in indexes)
    try:
        assert len(list(one.leaf_searchers())) == 1 and len(list(two.leaf_searchers())) == 2
        terms = set(one.reader().all_terms())
        assert terms == set(two.reader().all_terms()) and len(terms) > 50
        for field, text in sorted(terms):
            assert one.doc_frequency(field, text) == two.doc_frequency(field, text)
            assert one.frequency(field, text) == two.frequency(field, text)
            found = []
            for searcher in (one, two):
                stored = map(searcher.stored_fields, searcher.docs_for_query(Term(field, text)))
                found.append(sorted((s["key"], s["ordinal"]) for s in stored))
            assert found[0] == found[1]
    finally:
        one.close()
        two.close()


def test_a_large_fresh_build_takes_two_processes_only_when_it_is_safe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from trendreader.search import index as index_module

    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)
    big = index_module.PARALLEL_PASSAGES
    assert index_module.build_processes(big - 1) == 1  # small: one segment
    assert index_module.build_processes(big) == 2
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 1)
    assert index_module.build_processes(big) == 1
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:  # a reader's build, beside its interface's threads: no fork
        assert index_module.build_processes(big) == 1
    finally:
        release.set()
        thread.join()


def test_a_build_in_two_processes_is_searched_like_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.search.conftest import write_report
    from trendreader.library.catalog import load_library
    from trendreader.search import index as index_module
    from trendreader.search.service import SearchService

    folder = tmp_path / "lib"
    for number in range(30):  # 300 passages: Whoosh hands out 100 a batch, so both write
        paragraphs = [f"{TEXTS[(number + k) % len(TEXTS)]}第{number}篇第{k}段。" for k in range(10)]
        write_report(
            folder, f"r{number}", f"报告{number}", f"20{10 + number % 9}-01-02", paragraphs
        )
    library = load_library([folder])
    monkeypatch.setattr(index_module, "PARALLEL_PASSAGES", 1)
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)
    found = []
    for name in ("two", "one"):
        service = SearchService(tmp_path / name, procs=None if name == "two" else 1)
        service.ensure_index(library)
        segments = len(list(service.index.searcher().leaf_searchers()))
        assert segments == (2 if name == "two" else 1)
        results = [
            service.search(q, limit=1000) for q in ("芯片", "晶片", "机器人", "电池 OR 功耗")
        ]
        # the same hits and scores; hits of equal score come in build order, which differs
        found.append(
            [
                (r.total, sorted((h.edition_key, h.ordinal, round(h.score, 9)) for h in r.hits))
                for r in results
            ]
        )
        service.close()
    assert found[0] == found[1] and all(total for total, _hits in found[0])
