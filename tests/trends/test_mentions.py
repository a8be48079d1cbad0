"""Mentions on the seeds: per report, per year, across scripts, cached."""

from __future__ import annotations

import pytest

from trendreader.library.catalog import Library
from trendreader.script.variants import Variant
from trendreader.search.service import SearchService
from trendreader.trends.catalog import SUGGESTED_MARK, TrendCatalog
from trendreader.trends.mentions import MentionFinder, Mentions
from trendreader.trends.model import Trend
from trendreader.trends.store import TrendStore

from .conftest import R2023, R2024, R2025, UNDATED
from .test_store import ISSUE_SECTIONS


def test_autonomous_driving_2024_and_2025(store: TrendStore, finder: MentionFinder) -> None:
    trend = store.find("自动驾驶")
    assert trend is not None
    found = finder.mentions(trend, Variant.ORIGINAL)
    assert found.by_report[R2024] > 0 and found.by_report[R2025] > 0
    assert "001_e66a1ed0cdcaae93" not in found.by_report  # 000/001 count as one report
    years = found.by_year()
    assert years[2024] > 0 and years[2025] > 0
    assert sum(years.values()) == found.total == len(found.hits)


def test_choke_point_2023_and_2025(store: TrendStore, finder: MentionFinder) -> None:
    trend = store.find("卡脖子")
    assert trend is not None
    years = finder.mentions(trend, Variant.SIMPLIFIED).by_year()
    assert years.get(2023, 0) > 0 and years.get(2025, 0) > 0
    assert R2023 in finder.counts(trend)


@pytest.mark.parametrize("name", sorted(set(ISSUE_SECTIONS)))
def test_every_topic_section_has_mentions(
    name: str, store: TrendStore, finder: MentionFinder
) -> None:
    trend = store.find(name)
    assert trend is not None and trend.builtin
    assert finder.mentions(trend, Variant.ORIGINAL).total > 0


def test_scripts_and_wordings_count_together(finder: MentionFinder) -> None:
    both = finder.mentions(Trend("chips", ("芯片",)), Variant.ORIGINAL)
    taiwan = finder.mentions(Trend("chips-tw", ("晶片",)), Variant.ORIGINAL)
    assert both.by_report == taiwan.by_report  # 芯片 finds 晶片 and back
    assert both.by_report.get(R2025, 0) > 0 and both.by_report.get(UNDATED, 0) > 0


def test_passages_in_the_variant_with_highlights(finder: MentionFinder) -> None:
    found = finder.mentions(Trend("自动驾驶", ("自動駕駛",)), Variant.TRADITIONAL)
    group = next(r for r in found.reports if r.report_key == R2025)
    assert group.hits[0].edition_key.startswith("000_")  # the 繁體 edition in traditional
    for hit in group.hits:
        assert [hit.ordinal for hit in group.hits] == sorted(h.ordinal for h in group.hits)
        assert any("駕駛" in hit.snippet[a:b] for a, b in hit.snippet_highlights)


def test_results_are_cached_per_query_and_variant(finder: MentionFinder) -> None:
    trend = Trend("固态电池", ("固态电池",))
    first = finder.mentions(trend, Variant.ORIGINAL)
    assert finder.mentions(trend, Variant.ORIGINAL) is first
    assert finder.mentions(trend, Variant.SIMPLIFIED) is not first
    renamed = finder.mentions(Trend("batteries", ("固态电池",), user=True), Variant.ORIGINAL)
    assert renamed.trend.name == "batteries" and renamed.reports == first.reports
    finder.clear()
    assert finder.mentions(trend, Variant.ORIGINAL) is not first


def test_catalog_rows_for_the_sidebar(
    store: TrendStore, finder: MentionFinder, seed_library: Library
) -> None:
    catalog = TrendCatalog(store, finder, seed_library)
    rows = catalog.sidebar_rows(Variant.ORIGINAL)
    names = [name for name, _label, _count in rows]
    assert names[: len(store.builtin_trends())] == [t.name for t in store.builtin_trends()]
    assert dict((n, c) for n, _l, c in rows)["自动驾驶"] == 3  # 2025, 2024 and 003
    suggested = [label for _n, label, _c in rows if label.startswith(SUGGESTED_MARK)]
    assert suggested and len(suggested) <= 20
    assert all(0 < count <= len(seed_library.reports) for _n, _l, count in rows)
    assert catalog.find("卡脖子") is not None


def test_catalog_rows_ask_before_each_trend_and_stop_when_told(
    store: TrendStore, finder: MentionFinder, seed_library: Library
) -> None:
    """The sidebar's counts run in a worker that gives way to the reader's keys (``go_on``
    waits) and stops when a newer count replaces it (``go_on`` says no)."""
    catalog = TrendCatalog(store, finder, seed_library)
    asked: list[int] = []

    def three_then_stop() -> bool:
        asked.append(1)
        return len(asked) <= 3

    assert catalog.sidebar_rows(Variant.SIMPLIFIED, three_then_stop) is None
    assert len(asked) == 4
    script = Variant.SIMPLIFIED.target_script
    counted = [t for t in catalog.trends() if (t.query, script) in finder._report_counts]
    assert len(counted) == 3  # no trend counted after the stop
    whole = catalog.sidebar_rows(Variant.SIMPLIFIED, lambda: True)
    assert whole == catalog.sidebar_rows(Variant.SIMPLIFIED)


def test_variants_of_one_script_share_their_counts(
    store: TrendStore, seed_service: SearchService, seed_library: Library
) -> None:
    """The sidebar's counts come from the search's count per report (no hits made), once per
    script: 繁體, 臺灣正體 and 香港繁體 pick the same editions, so the count made in one
    serves the three (no search); 简体 and 原文 pick other editions and are counted on their
    own. Each equals the reports of the trend's mentions."""
    searched: list[tuple[Variant, int]] = []
    real_search = seed_service.search

    class CountingService:
        def search(self, query: str, **options: object) -> object:
            searched.append((options["variant"], options["limit"]))  # type: ignore[arg-type]
            return real_search(query, **options)  # type: ignore[arg-type]

        def __getattr__(self, name: str) -> object:
            return getattr(seed_service, name)

    finder = MentionFinder(CountingService(), seed_library)  # type: ignore[arg-type]
    catalog = TrendCatalog(store, finder, seed_library)
    trends = len(catalog.trends())
    traditional = catalog.sidebar_rows(Variant.TRADITIONAL)
    assert searched == [(Variant.TRADITIONAL, 1)] * trends  # counts only: one hit asked
    counts = {name: count for name, _label, count in traditional}
    for sibling in (Variant.TAIWAN, Variant.HONGKONG):
        rows = catalog.sidebar_rows(sibling)
        assert {name: count for name, _label, count in rows} == counts
    assert len(searched) == trends  # no search for the siblings
    catalog.sidebar_rows(Variant.SIMPLIFIED)
    assert searched.count((Variant.SIMPLIFIED, 1)) == trends  # another script: counted
    fresh = MentionFinder(seed_service, seed_library)
    for variant in Variant:
        rows = {name: count for name, _label, count in catalog.sidebar_rows(variant)}
        for trend in catalog.trends():
            assert fresh.mentions(trend, variant).report_count == rows.get(trend.name, 0)
    assert any(rows.values())


def test_a_year_table_is_kept_while_its_mentions_are(
    store: TrendStore, seed_service: SearchService, seed_library: Library, monkeypatch
) -> None:
    """A trend's screen opened again (or made ready at idle) shows its year table at once;
    mentions counted again (the index or library changed) make it again."""
    from trendreader.trends import catalog as catalog_module

    made: list[str] = []
    real = catalog_module.trend_years

    def counted(mentions: Mentions, *args: object) -> object:
        made.append(mentions.trend.name)
        return real(mentions, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_module, "trend_years", counted)
    finder = MentionFinder(seed_service, seed_library)
    catalog = TrendCatalog(store, finder, seed_library)
    trend = catalog.find("自动驾驶")
    assert trend is not None
    first = catalog.years(trend, Variant.SIMPLIFIED)
    assert catalog.years(trend, Variant.SIMPLIFIED) is first and made == ["自动驾驶"]
    reports = finder.mentions(trend, Variant.SIMPLIFIED).report_count
    assert sum(row.mentioning for row in first) == reports > 0
    catalog.years(trend, Variant.TAIWAN)  # another variant: its own table
    assert len(made) == 2
    finder.clear()
    again = catalog.years(trend, Variant.SIMPLIFIED)
    assert len(made) == 3 and again == first  # made again, the same figures
