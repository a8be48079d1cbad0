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
