"""Shared fixtures: every test runs with its own TRENDREADER_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.resources import seeds_dir

SEEDS = seeds_dir()

# The suite reads English messages unless a test asks for Chinese (--ui zh, a setting, or
# monkeypatching this variable): see trendreader.i18n.resolve_language.
os.environ["TRENDREADER_UI"] = "en"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRENDREADER_HOME", str(home))
    return home


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def seed_library() -> Library:
    """The built-in library, parsed once for the whole run."""
    return load_library([SEEDS], builtin=[SEEDS])


@pytest.fixture(scope="session")
def seed_service(seed_library: Library, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A search index of the seeds, built once for the whole run (read-only in tests)."""
    from trendreader.search.service import SearchService

    service = SearchService(tmp_path_factory.mktemp("seed-index") / "index")
    service.ensure_index(seed_library)
    yield service
    service.close()


def run_on_seeds(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``trendreader --library seeds ARGS`` in a subprocess, with its own TRENDREADER_HOME."""
    env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "trendreader", "--library", str(SEEDS), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files ``library.parse.read_edition`` is asked to parse from now on, in order
    (the parsed-library cache and ``add`` look it up there when they need it)."""
    from trendreader.library import parse

    parsed: list[Path] = []
    original = parse.read_edition

    def counting(path: Path, **kwargs: object) -> object:
        parsed.append(path)
        return original(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "read_edition", counting)
    return parsed
