"""README and CLI agree (issue 17, item 8): key prefixes for ``read`` and ``open``,
``open KEY --at N``, empty searches, ``-word`` queries, filters named, the key column, and the
``--script`` of every listing (issue 16, item 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_on_seeds
from tests.test_hostile_cli import run_on_terminal
from trendreader.resources import seeds_dir

SEEDS = seeds_dir()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("agree-home")
    done = run_on_seeds(home, "index")
    assert done.returncode == 0, done.stderr
    return home


def test_read_takes_a_unique_key_prefix(home: Path) -> None:
    whole = run_on_seeds(home, "read", "003_17c9e8caa8554f56")
    short = run_on_seeds(home, "read", "003")
    assert short.returncode == 0, short.stderr
    assert short.stdout == whole.stdout and short.stdout.strip()
    one_edition = json.loads(run_on_seeds(home, "read", "001", "--json").stdout)
    assert one_edition["key"] == "001_e66a1ed0cdcaae93"


def test_an_ambiguous_prefix_is_one_line_naming_the_candidates(home: Path) -> None:
    done = run_on_seeds(home, "read", "00")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    for key in ("000_933e302ea0e991db", "002_6b54d0aafa120f4a", "004_0a39d42c6e4d68c6"):
        assert key in lines[0]
    assert done.stdout == ""


def test_open_takes_a_prefix_and_at_n_resumes_there(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from trendreader import cli
    from trendreader.bookmarks.state_store import open_state_store
    from trendreader.paths import resolve_paths
    from trendreader.tui import reading_state
    from trendreader.tui.app import TrendReaderApp

    opened: list[str | None] = []

    def fake_run(self: TrendReaderApp) -> None:
        opened.append(self._open_key)

    monkeypatch.setattr(TrendReaderApp, "run", fake_run)
    try:
        status = cli.main(
            ["--data-dir", str(home), "--library", str(SEEDS), "open", "004", "--at", "17"]
        )
    finally:
        gc.enable()
    assert status == 0 and opened == ["004_0a39d42c6e4d68c6"]
    paths = resolve_paths(str(home))
    from trendreader.library.catalog import load_library

    library = load_library([SEEDS], builtin=[SEEDS])

    class Quiet:
        def notify(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("no problem expected")

    with open_state_store(paths.state_dir, paths.bookmarks_db) as store:
        where = reading_state.resume_point(Quiet(), store, library, opened[0])  # type: ignore[arg-type]
    assert where == ("004_0a39d42c6e4d68c6", 17)


def test_open_at_a_passage_that_does_not_exist_is_exit_2(home: Path) -> None:
    done = run_on_seeds(home, "open", "004", "--at", "100000")
    assert done.returncode == 2 and "100000" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [("search", ""), ("search",), ("search", "   ")])
def test_an_empty_search_is_exit_0_with_a_message(home: Path, args: tuple[str, ...]) -> None:
    done = run_on_seeds(home, *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "empty" in done.stderr


def test_an_empty_search_as_json_is_an_empty_list(home: Path) -> None:
    done = run_on_seeds(home, "search", "", "--json")
    assert done.returncode == 0 and json.loads(done.stdout) == []


def test_a_query_starting_with_a_dash_is_a_query(home: Path) -> None:
    both = run_on_seeds(home, "search", "芯片 -机器人", "--json", "--limit", "50")
    dashed = run_on_seeds(home, "search", "芯片", "-机器人", "--json", "--limit", "50")
    assert dashed.returncode == 0, dashed.stderr
    assert json.loads(dashed.stdout) == json.loads(both.stdout) != []
    alone = run_on_seeds(home, "search", "-芯片", "--limit", "3", "--json")
    assert alone.returncode == 0, alone.stderr
    hits = json.loads(alone.stdout)
    assert hits and all("芯片" not in h["text"] and "晶片" not in h["text"] for h in hits)
    after = run_on_seeds(home, "search", "--limit", "3", "--json", "--", "-芯片")
    assert json.loads(after.stdout) == hits
    typo = run_on_seeds(home, "search", "芯片", "--limt", "3")
    assert typo.returncode == 2 and "--limt" in typo.stderr


def test_an_empty_filtered_search_names_its_filters(home: Path) -> None:
    done = run_on_seeds(home, "search", "芯片", "--year", "1999")
    assert done.returncode == 0
    assert "no passage matches '芯片' in year 1999" in done.stderr
    done = run_on_seeds(home, "search", "芯片", "--report", "004", "--year", "2023")
    assert "in year 2023 in report 004" in done.stderr


def test_the_search_table_has_the_key_to_read(home: Path) -> None:
    status, out = run_on_terminal(
        home, "--library", str(SEEDS), "search", "固态电池", "--limit", "3"
    )
    assert status == 0
    assert "report key" in out
    keys = [k for k in ("000_933e302ea0e991db", "001_e66a1ed0cdcaae93") if k in out]
    assert keys, out
    assert run_on_seeds(home, "read", keys[0]).returncode == 0


def test_script_converts_every_listing(home: Path) -> None:
    """Titles, snippets, notes, tags and trend names: stored as typed, shown converted."""
    added = run_on_seeds(
        home, "bookmarks", "add", "004_0a39d42c6e4d68c6", "2", "--note", "值得关注", "--tag", "芯片"
    )
    assert added.returncode == 0, added.stderr
    made = run_on_seeds(home, "trends", "add", "推理芯片产业", "推理芯片")
    assert made.returncode == 0, made.stderr
    listing = run_on_seeds(home, "--script", "tw", "list").stdout
    assert "2024，7大機會" in listing and "机会" not in listing
    found = run_on_seeds(home, "--script", "tw", "search", "芯片", "--limit", "5").stdout
    assert "晶片" in found and "芯片" not in found
    marks = run_on_seeds(home, "--script", "tw", "bookmarks", "list").stdout
    assert "值得關注" in marks and "晶片" in marks and "关注" not in marks
    sub = run_on_seeds(home, "bookmarks", "list", "--script", "tw").stdout
    assert sub == marks
    stored = run_on_seeds(home, "--script", "tw", "bookmarks", "list", "--json").stdout
    assert "值得关注" in stored  # JSON is the import format: as typed
    exported = run_on_seeds(home, "--script", "tw", "bookmarks", "export").stdout
    assert "值得關注" in exported and "#晶片" in exported and "机会" not in exported
    trends = run_on_seeds(home, "--script", "tw", "trends").stdout
    assert "推理晶片產業" in trends and "推理芯片" not in trends
    shown = json.loads(run_on_seeds(home, "--script", "tw", "trends", "--json").stdout)
    mine = next(t for t in shown if t["name"] == "推理芯片产业")
    assert mine["shown_name"] == "推理晶片產業" and mine["shown_aliases"] == ["推理晶片"]
