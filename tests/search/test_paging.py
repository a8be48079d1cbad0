"""Paging a query's matches: ``offset``, ``order="date"`` across every match, exact counts
per report, and ``edition=`` (the edition the reader shows, whichever the variant picks)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from trendreader.library.catalog import Library, load_library
from trendreader.script.variants import Variant
from trendreader.search.service import SearchService

from .conftest import write_report

R000 = "000_933e302ea0e991db"  # traditional edition of the two-edition report
R001 = "001_e66a1ed0cdcaae93"  # its simplified edition


def _service(library: Library, index_dir: Path) -> SearchService:
    service = SearchService(index_dir)
    service.ensure_index(library)
    return service


def _many(folder: Path) -> Library:
    """Six reports, 2019–2024, each saying 芯片 in (year − 2018) passages."""
    for year in range(2019, 2025):
        paragraphs = [f"第{n}段讲芯片与{year}年的市场。" for n in range(year - 2018)]
        write_report(folder, f"y{year}", f"报告{year}", f"{year}-06-01", paragraphs)
    return load_library([folder])


def test_offset_pages_through_every_match_once(tmp_path: Path) -> None:
    service = _service(_many(tmp_path / "lib"), tmp_path / "index")
    whole = service.search("芯片", limit=1000)
    assert whole.total == 21 == len(whole.hits)
    pages = [service.search("芯片", limit=5, offset=start) for start in range(0, 25, 5)]
    paged = [(h.edition_key, h.ordinal) for page in pages for h in page.hits]
    assert paged == [(h.edition_key, h.ordinal) for h in whole.hits]
    assert [page.offset for page in pages] == [0, 5, 10, 15, 20]
    assert {page.total for page in pages} == {21}
    assert service.search("芯片", limit=5, offset=100).hits == []


def test_per_report_counts_every_match_not_the_page(tmp_path: Path) -> None:
    library = _many(tmp_path / "lib")
    service = _service(library, tmp_path / "index")
    page = service.search("芯片", limit=2)
    assert len(page.hits) == 2
    expected = {r.key: r.year - 2018 for r in library.reports if r.year is not None}
    assert page.per_report == expected
    assert sum(page.per_report.values()) == page.total
    whole = service.search("芯片", limit=1000)
    assert dict(Counter(h.report_key for h in whole.hits)) == page.per_report


def test_date_order_is_newest_first_across_all_matches(tmp_path: Path) -> None:
    library = _many(tmp_path / "lib")
    service = _service(library, tmp_path / "index")
    years = {r.key: r.year for r in library.reports}
    first = service.search("芯片", limit=3, order="date")
    # the newest report's passages come first even though the page holds only three
    assert {years[h.report_key] for h in first.hits} == {2024}
    dated = [
        h
        for start in range(0, 21, 4)
        for h in service.search("芯片", limit=4, offset=start, order="date").hits
    ]
    assert [years[h.report_key] for h in dated] == sorted(
        (years[h.report_key] for h in dated), reverse=True
    )
    assert len(dated) == 21 and len({(h.edition_key, h.ordinal) for h in dated}) == 21


def test_edition_searches_the_edition_the_reader_shows(seed_service: SearchService) -> None:
    # in 原文 the service shows the report's first (traditional) edition; a reader that opened
    # the simplified one still gets its hits, with ranges on its own text
    masked = seed_service.search("机器人", variant=Variant.ORIGINAL, limit=500, report=R000)
    assert {h.edition_key for h in masked.hits} == {R000}
    shown = seed_service.search(
        "机器人", variant=Variant.ORIGINAL, limit=500, report=R000, edition=R001
    )
    assert shown.hits and {h.edition_key for h in shown.hits} == {R001}
    assert all(h.text[a:b] == "机器人" for h in shown.hits for a, b in h.highlights)
    assert shown.per_report == {R000: shown.total}


class _Keys:
    """A searcher's document → edition key table (what DocReport reads of DocKeys)."""

    def __init__(self, keys: list[str | None]) -> None:
        self._keys = keys

    def get(self, docnum: int) -> str | None:
        return self._keys[docnum]

    def edition_keys(self) -> list[str | None]:
        return self._keys


def test_per_report_counts_from_the_table_equal_two_lookups_a_match() -> None:
    """A query matching many documents counts its reports from a document → report table
    built once; the counts and pages are those of looking up each match's edition."""
    import random

    from trendreader.search.paging import TABLE_SHARE, DocReport, cut_page

    rng = random.Random(2)
    editions = [f"e{n}" for n in range(40)]
    # deleted documents (None) and editions no longer in the library (e39)
    keys = [rng.choice([*editions, None]) for _ in range(4000)]
    key_report = {e: f"r{n // 3}" for n, e in enumerate(editions[:-1])}
    report = DocReport(_Keys(keys), key_report)  # type: ignore[arg-type]
    built = False
    for size in (1, 10, 4000 // TABLE_SHARE - 1, 4000 // TABLE_SHARE, 3000, 10):
        scored = {d: float(rng.randrange(5)) for d in rng.sample(range(4000), size)}
        plain = {d: key_report.get(keys[d]) if keys[d] else None for d in scored}
        want = cut_page(
            scored, (), doc_report=plain, key_report=key_report, order="relevance",
            dates={}, offset=0, limit=7,
        )  # fmt: skip
        got = cut_page(
            scored, (), doc_report=report, key_report=key_report, order="relevance",
            dates={}, offset=0, limit=7,
        )  # fmt: skip
        assert got == want
        want_counts = Counter(r for r in plain.values() if r is not None)
        assert got.per_report == dict(want_counts)
        built = built or size >= 4000 // TABLE_SHARE  # small queries before: two lookups
        assert (report._table is not None) == built
    assert report._table == [key_report.get(k) if k else None for k in keys]
