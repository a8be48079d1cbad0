"""The hostile corpus through every CLI surface, on a terminal (a pty) and piped.

No escape sequence other than Rich's own colours comes out, no markup is interpreted (it is
printed as typed), nothing traces back, and piped output keeps one record per line.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import (
    LITERAL_MARKUP,
    MARKUP_CLOSE,
    OSC52,
    assert_terminal_safe,
    write_hostile_library,
)


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TRENDREADER_HOME": str(home),
        "COLUMNS": "160",
        "LINES": "50",
        "TERM": "xterm-256color",
        "PYTHONIOENCODING": "utf-8",
    }


def run_piped(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trendreader", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(home),
        timeout=120,
    )


def run_on_terminal(home: Path, *args: str) -> tuple[int, str]:
    """Run with stdout and stderr on a pseudo-terminal, as a person would; all it wrote."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "trendreader", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=_env(home),
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    code = process.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A data home whose library is the hostile corpus (added with `add`) plus a trend."""
    home = tmp_path_factory.mktemp("hostile-home")
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    write_hostile_library(corpus)
    added = run_piped(home, "add", str(corpus))
    assert "Traceback" not in added.stderr, added.stderr
    trend = run_piped(home, "trends", "add", f"芯片{MARKUP_CLOSE}", "芯片")
    assert "Traceback" not in trend.stderr, trend.stderr
    return home, corpus


def _keys(home: Path) -> list[str]:
    reports = json.loads(run_piped(home, "list", "--json").stdout)
    return [e["key"] for r in reports for e in r["editions"]]


def test_add_of_the_hostile_corpus_takes_every_file(hostile_home: tuple[Path, Path]) -> None:
    home, _corpus = hostile_home
    keys = _keys(home)
    hostile = [k for k in keys if not k[:3].isdigit()]  # the seeds start with 000_ … 004_
    assert len(hostile) == 6, keys
    for key in hostile:
        assert "\x1b" not in key and "\n" not in key and "\u202e" not in key


COMMANDS = [
    ("list",),
    ("search", "芯片"),
    ("search", "芯片[/]"),
    ("trends",),
    ("bookmarks", "list"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_terminal_output_is_safe(hostile_home: tuple[Path, Path], args: tuple[str, ...]) -> None:
    home, _ = hostile_home
    code, output = run_on_terminal(home, *args)
    assert_terminal_safe(output)
    assert code == 0, output[-1500:]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_piped_output_is_safe(hostile_home: tuple[Path, Path], args: tuple[str, ...]) -> None:
    home, _ = hostile_home
    result = run_piped(home, *args)
    assert_terminal_safe(result.stdout)
    assert_terminal_safe(result.stderr)
    assert result.returncode == 0, result.stderr


def test_list_shows_markup_literally_on_a_terminal(hostile_home: tuple[Path, Path]) -> None:
    home, _ = hostile_home
    _code, output = run_on_terminal(home, "list")
    assert "[bold red]x" in output  # the file name, as typed, not red
    assert "标题 [/] 闭合" in output


def test_read_every_hostile_report(hostile_home: tuple[Path, Path]) -> None:
    home, _ = hostile_home
    for key in _keys(home):
        code, output = run_on_terminal(home, "read", key)
        assert_terminal_safe(output)
        assert code == 0, (key, output[-500:])
        piped = run_piped(home, "read", key)
        assert_terminal_safe(piped.stdout)
        as_json = run_piped(home, "read", key, "--json")
        assert_terminal_safe(as_json.stdout)
        json.loads(as_json.stdout)
    _code, output = run_on_terminal(home, "read", "title_markup")
    for literal in LITERAL_MARKUP:
        assert literal in output, literal


def test_piped_list_is_one_record_per_line(hostile_home: tuple[Path, Path]) -> None:
    home, _ = hostile_home
    lines = run_piped(home, "list").stdout.splitlines()
    assert len(lines) == len(json.loads(run_piped(home, "list", "--json").stdout))
    assert all(line.count("\t") == 3 for line in lines), lines


def test_sidecar_values_are_cleaned(hostile_home: tuple[Path, Path]) -> None:
    home, _ = hostile_home
    reports = json.loads(run_piped(home, "list", "--json").stdout)
    titles = [r["title"] for r in reports]
    sidecar = next(t for t in titles if "附带标题" in t)
    assert sidecar == "T" + MARKUP_CLOSE + "附带标题"  # the OSC sequences gone, markup text kept
    assert OSC52 not in json.dumps(reports, ensure_ascii=False)


def test_trend_with_markup_in_its_name_lists_literally(hostile_home: tuple[Path, Path]) -> None:
    home, _ = hostile_home
    code, output = run_on_terminal(home, "trends")
    assert code == 0
    assert "芯片[/]" in output


def test_remove_of_a_hostile_key(hostile_home: tuple[Path, Path]) -> None:
    home, _ = hostile_home
    key = next(k for k in _keys(home) if k.startswith("[bold"))
    result = run_piped(home, "remove", key)
    assert_terminal_safe(result.stdout + result.stderr)
    assert result.returncode == 0, result.stderr
    assert key not in _keys(home)


def test_add_on_a_terminal_prints_names_safely(tmp_path: Path) -> None:
    """`add` names every file it took or refused: on a terminal, with no sequence of theirs."""
    corpus = tmp_path / "corpus"
    write_hostile_library(corpus)
    code, output = run_on_terminal(tmp_path / "home", "add", str(corpus))
    assert_terminal_safe(output)
    assert code == 0, output[-1500:]
    assert "[bold red]x" in output and "6 added" in output
