"""``trendreader search`` and ``trendreader index`` in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_on_seeds

run = run_on_seeds


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("clihome")
    done = run(home, "index")
    assert done.returncode == 0, done.stderr
    assert "index rebuilt" in done.stderr
    return home


def test_index_twice_is_up_to_date(home: Path) -> None:
    done = run(home, "index")
    assert done.returncode == 0
    assert "up to date" in done.stderr


def test_search_json_in_the_requested_script(home: Path) -> None:
    done = run(home, "search", "晶片", "--json", "--script", "s", "--limit", "50")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert 0 < len(hits) <= 50
    assert set(hits[0]) >= {"key", "title", "year", "ordinal", "score", "snippet", "text"}
    keys = {h["key"][:3] for h in hits}
    assert "001" in keys and "000" not in keys  # the simplified edition of 000/001
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_piped_is_plain_lines(home: Path) -> None:
    done = run(home, "search", "固态电池", "--year", "2025", "--limit", "3")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 3 and all(line.count("\t") == 3 for line in lines)
    assert "\x1b[" not in done.stdout


def test_empty_result_is_status_0_with_a_message(home: Path) -> None:
    done = run(home, "search", "量子纠缠态不存在")
    assert done.returncode == 0
    assert done.stdout == ""
    assert "no passage matches" in done.stderr


@pytest.mark.parametrize("args", [("search", "芯片", "--limit", "0")])
def test_usage_errors_are_status_2(home: Path, args: tuple[str, ...]) -> None:
    done = run(home, *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [("search",), ("search", ""), ("search", "NOT")])
def test_an_empty_search_is_status_0_with_a_message(home: Path, args: tuple[str, ...]) -> None:
    done = run(home, *args)
    assert done.returncode == 0 and done.stdout == "" and done.stderr.strip()
    assert "Traceback" not in done.stderr


def test_broken_query_answers(home: Path) -> None:
    done = run(home, "search", '"芯片 (OR', "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)
    assert "plain words" in done.stderr
