"""``trendreader help TOPIC``: made from the real keys, query syntax, scripts and paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from trendreader.keys_help import MOUSE, display_keys, help_groups
from trendreader.script.variants import Variant


def run_help(home: Path, *topic: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "trendreader", "help", *topic],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_help_keys_lists_every_key_tab_separated_when_piped(isolated_home: Path) -> None:
    result = run_help(isolated_home, "keys")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(row) == 3 for row in rows)
    shown = [group for group in help_groups() if group is not MOUSE]  # every screen and dialog
    expected = [(display_keys(k), k.description) for group in shown for k in group.keys]
    assert [(row[1], row[2]) for row in rows] == expected
    assert ["anywhere", "/", "Search"] in rows


def test_help_search_names_the_parsers_fields(isolated_home: Path) -> None:
    from trendreader.search.query import FIELDS, MAX_WORDS

    result = run_help(isolated_home, "search")
    assert result.returncode == 0, result.stderr
    for name in FIELDS:
        assert f"{name}:" in result.stdout
    assert f"{MAX_WORDS} words" in result.stdout
    assert "芯片 OR 晶片" in result.stdout


def test_help_scripts_lists_every_variant(isolated_home: Path) -> None:
    out = run_help(isolated_home, "scripts").stdout
    for variant in Variant:
        assert variant.value in out and variant.label in out


def test_help_files_shows_this_runs_paths(isolated_home: Path) -> None:
    out = run_help(isolated_home, "files").stdout
    assert str(isolated_home / "config.toml") in out
    assert str(isolated_home / "bookmarks.db") in out


def test_help_without_a_topic_lists_the_topics(isolated_home: Path) -> None:
    result = run_help(isolated_home)
    assert result.returncode == 0
    for topic in ("keys", "search", "scripts", "files"):
        assert f"{topic}\t" in result.stdout


def test_an_unknown_topic_is_a_usage_error(isolated_home: Path) -> None:
    result = run_help(isolated_home, "nonsense")
    assert result.returncode == 2
    assert "nonsense" in result.stderr
