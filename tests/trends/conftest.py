"""Trend fixtures: the seed library and one seed index per module, in a temp directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library.catalog import Library
from trendreader.resources import seeds_dir
from trendreader.search.service import SearchService
from trendreader.trends.mentions import MentionFinder
from trendreader.trends.store import TrendStore

R2025 = "000_933e302ea0e991db"  # 2025, editions 000 (繁體) and 001 (简体): one report
R2025_CN = "001_e66a1ed0cdcaae93"
R2024 = "004_0a39d42c6e4d68c6"
R2023 = "002_6b54d0aafa120f4a"
UNDATED = "003_17c9e8caa8554f56"


@pytest.fixture(scope="module")
def finder(seed_service: SearchService, seed_library: Library) -> MentionFinder:
    return MentionFinder(seed_service, seed_library)


@pytest.fixture
def store(tmp_path: Path) -> TrendStore:
    return TrendStore(tmp_path / "data" / "trends.toml", [seeds_dir() / "trends.toml"])
