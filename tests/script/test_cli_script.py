"""The CLI's --script follows the reader's script and region (issue 16, item 3): notes, tags,
trend names and exports converted; stored as typed. Run as a user would: in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run as run_cli

KEY_001 = "001_e66a1ed0cdcaae93"
KEY_003 = "003_17c9e8caa8554f56"


def run(*args: str, home: Path) -> str:
    return run_cli(*args, home=home).stdout


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    run("bookmarks", "add", KEY_001, "3", "--note", "值得关注 芯片", "--tag", "芯片", home=home)
    return home


def test_bookmarks_list_shows_notes_and_tags_in_the_script(home: Path) -> None:
    shown = run("--script", "tw", "bookmarks", "list", home=home)
    assert "值得關注 晶片" in shown and "\t晶片\t" in shown
    assert "值得关注 芯片" in run("bookmarks", "list", home=home)  # as typed without --script


def test_bookmarks_list_json_and_export_json_keep_what_was_typed(home: Path) -> None:
    for args in (("bookmarks", "list", "--json"), ("bookmarks", "export", "--format", "json")):
        data = json.loads(run("--script", "tw", *args, home=home))
        rows = data if isinstance(data, list) else data["bookmarks"]
        assert rows[0]["note"] == "值得关注 芯片" and rows[0]["tags"] == ["芯片"]


@pytest.mark.parametrize("where", ["option", "global"])
def test_bookmarks_export_markdown_in_taiwan(home: Path, where: str) -> None:
    args = ["bookmarks", "export", "--format", "md"]
    args = [*args, "--script", "tw"] if where == "option" else ["--script", "tw", *args]
    out = run(*args, home=home)
    assert "值得關注 晶片" in out and "`#晶片`" in out
    assert "芯片" not in out and "机会" not in out


def test_list_titles_follow_the_script(tmp_path: Path) -> None:
    titles = [
        r["title"] for r in json.loads(run("--script", "tw", "list", "--json", home=tmp_path))
    ]
    assert "2025年，6大機會" in titles


def test_read_003_in_simplified_has_mainland_words(tmp_path: Path) -> None:
    out = run("read", KEY_003, "--script", "simplified", home=tmp_path)
    assert "芯片" in out and "互联网" in out and "信息" in out and "晶片" not in out
    assert "晶片" in run("read", KEY_003, "--script", "original", home=tmp_path)


def test_trends_names_and_aliases_follow_the_script(tmp_path: Path) -> None:
    rows = json.loads(run("--script", "tw", "trends", "--json", home=tmp_path))
    names = {r["name"]: r for r in rows}
    assert "推理芯片" in names  # stored as typed
    assert names["推理芯片"]["shown_name"] == "推理晶片"
    assert "固態電池" in {r["shown_name"] for r in rows}
    piped = run("--script", "tw", "trends", home=tmp_path)
    assert "推理晶片\t" in piped and "推理芯片" not in piped
    plain = json.loads(run("trends", "--json", home=tmp_path))
    assert "shown_name" not in plain[0]


def test_search_snippets_follow_the_script_and_region(tmp_path: Path) -> None:
    hits = json.loads(
        run(
            "--script",
            "simplified",
            "search",
            "互联网",
            "--report",
            KEY_003,
            "--json",
            home=tmp_path,
        )
    )
    assert hits and any("互联网" in h["snippet"] for h in hits)
    assert all("网际网路" not in h["snippet"] for h in hits)
