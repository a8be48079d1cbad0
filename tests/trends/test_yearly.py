"""Year against year: a trend's years on the seeds (every year, zeros included) and the
library's rising and falling terms on a generated library with a planted term."""

from __future__ import annotations

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.script.variants import Variant
from trendreader.trends.keywords import build_term_index
from trendreader.trends.mentions import MentionFinder
from trendreader.trends.store import TrendStore
from trendreader.trends.yearly import library_years, trend_years, whats_new

from .planted import FADING, RISING, write_planted


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library([write_planted(tmp_path_factory.mktemp("planted"))])


def test_every_year_is_on_the_axis() -> None:
    assert library_years([2021, 2024, None, 2021]) == [2021, 2022, 2023, 2024, None]
    assert library_years([None]) == [None]
    assert library_years([]) == []


def test_humanoid_robots_year_by_year(
    store: TrendStore, finder: MentionFinder, seed_library: Library
) -> None:
    trend = store.find("人形机器人")
    assert trend is not None
    mentions = finder.mentions(trend, Variant.SIMPLIFIED)
    rows = trend_years(mentions, seed_library, build_term_index(seed_library))
    by_year = {r.year: r for r in rows}
    assert [r.year for r in rows] == [2023, 2024, 2025, None]
    assert by_year[2023].mentions == 0 and by_year[2023].share == 0.0  # a zero, still a row
    assert by_year[2024].mentioning == 1 and by_year[2025].mentioning == 1  # 004; 000/001
    assert by_year[2025].reports == 1  # the 繁體 and 简体 editions are one report
    for row in rows:
        assert row.share == pytest.approx(row.mentions / row.passages)
    assert sum(r.mentions for r in rows) == mentions.total
    assert "人形机器人" in by_year[2024].new  # first seen in 2024
    assert "人形机器人" not in by_year[2025].new  # not new again
    assert set(by_year[2025].faded).isdisjoint(by_year[2025].new)


def test_autonomous_driving_new_terms_in_2025(
    store: TrendStore, finder: MentionFinder, seed_library: Library
) -> None:
    trend = store.find("自动驾驶")
    assert trend is not None
    index = build_term_index(seed_library)
    rows = {r.year: r for r in trend_years(finder.mentions(trend), seed_library, index)}
    assert rows[2024].mentions > 0 and rows[2025].mentions > 0
    seen_2024 = set(rows[2024].new)
    assert not seen_2024 & set(rows[2025].new)  # new in 2025: not seen in 2024


def test_whats_new_finds_the_planted_rising_term(planted: Library) -> None:
    index = build_term_index(planted)
    rising, falling = whats_new(index, 2024, limit=5)
    assert RISING in [c.term for c in rising[:2]]
    change = next(c for c in rising if c.term == RISING)
    assert change.share == 1.0 and change.before == 0.0 and change.reports == 8
    assert FADING in [c.term for c in falling]
    assert all(c.change < 0 for c in falling) and all(c.change > 0 for c in rising)


def test_whats_new_in_a_year_without_reports(planted: Library) -> None:
    assert whats_new(build_term_index(planted), 2022) == ([], [])
