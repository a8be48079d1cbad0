"""Shared fixtures: every test runs with its own TRENDREADER_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.resources import seeds_dir

SEEDS = seeds_dir()


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRENDREADER_HOME", str(home))
    return home


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))
