"""Shared fixtures for the script-layer tests: the seed texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def seed_text() -> dict[str, str]:
    """Seed texts by their three-digit prefix ("000" … "004")."""
    texts = {p.name[:3]: p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    assert set(texts) >= {"000", "001", "002", "003", "004"}
    return texts


@pytest.fixture(scope="session")
def seed_lines(seed_text: dict[str, str]) -> Callable[[str], list[str]]:
    """A seed's non-empty lines: a stand-in for passages that needs no parser."""

    def lines(prefix: str) -> list[str]:
        return [line for line in seed_text[prefix].splitlines() if line.strip()]

    return lines
