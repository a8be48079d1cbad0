"""Every example of README.md's "Command line" block, run on the built-in library (issue 17,
item 8): each line as written with its optional parts left out, and again with all of them
(each choice of an ``a|b`` in turn); exit 0 is what the README promises.

Placeholders get real values (a report key, a passage number, a bookmark id…), a folder to
add is made by the test, ``notes.json`` is written by an export first. Lines that start the
reader (``trendreader``, ``trendreader open``) or fetch a URL are not run here: the TUI
has its own tests, and the tests do not use the network.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
KEY = "001_e66a1ed0cdcaae93"
PLACEHOLDERS = {
    "KEY": KEY,
    "ORDINAL": "3",
    "N": "5",
    "Y": "2025",
    "V": "taiwan",
    "TEXT": "值得关注",
    "T": "芯片",
    "ID": "1",
    "NAME": "示例趋势",
    "ALIAS...": "示例趋势",
    "ALIAS": "示例趋势",
}
_OPTIONAL = re.compile(r"\[([^\[\]]*)\](\.\.\.)?")


def command_lines(readme: str = "") -> list[str]:
    """The example lines of the "Command line" section's code block, in order."""
    text = readme or README.read_text("utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    lines = []
    for line in section.splitlines():
        if line.startswith("    trendreader"):
            lines.append(line.strip())
        elif lines and line.strip() and not line.startswith("    "):
            break  # the prose after the block
    return lines


def _without_comment(line: str) -> str:
    return re.split(r"\s+#\s", line, maxsplit=1)[0].strip()


def _choices(words: list[str]) -> list[list[str]]:
    """One list of words per choice of each ``a|b`` word (``md|json``, ``--json|--jsonl``)."""
    for index, word in enumerate(words):
        if "|" in word.strip("|"):
            return [
                choice
                for one in word.split("|")
                for choice in _choices([*words[:index], one, *words[index + 1 :]])
            ]
    return [words]


def expand(line: str) -> list[list[str]]:
    """The commands a README line stands for: ``a | b`` are two commands (``b`` may leave
    out ``trendreader SUBCOMMAND``), each without its ``[optional]`` parts and with all of
    them; placeholders replaced."""
    commands: list[list[str]] = []
    parts = [p.strip() for p in _without_comment(line).split(" | ")]
    head: list[str] = []
    for part in parts:
        if part.split()[0] == (head[1:2] or [""])[0]:  # `| trends add …`
            part = "trendreader " + part
        elif not part.startswith("trendreader"):  # `| list [--json]`
            part = " ".join(head) + " " + part
        for text in (_OPTIONAL.sub("", part), _OPTIONAL.sub(r"\1", part)):
            words = shlex.split(text)
            head = words[:2]
            for choice in _choices(words):
                command = [PLACEHOLDERS.get(w, w) for w in choice]
                if command not in commands:
                    commands.append(command)
    return commands


def test_the_expansion_of_a_line() -> None:
    line = "trendreader bookmarks add KEY ORDINAL [--note TEXT] [--tag T]... | list [--json]"
    assert expand(line) == [
        ["trendreader", "bookmarks", "add", KEY, "3"],
        ["trendreader", "bookmarks", "add", KEY, "3", "--note", "值得关注", "--tag", "芯片"],
        ["trendreader", "bookmarks", "list"],
        ["trendreader", "bookmarks", "list", "--json"],
    ]
    assert expand("trendreader bookmarks export --format md|json > notes.md") == [
        ["trendreader", "bookmarks", "export", "--format", "md", ">", "notes.md"],
        ["trendreader", "bookmarks", "export", "--format", "json", ">", "notes.md"],
    ]
    assert expand("trendreader list [--json|--jsonl] [--script s|tw]") == [
        ["trendreader", "list"],
        ["trendreader", "list", "--json", "--script", "s"],
        ["trendreader", "list", "--json", "--script", "tw"],
        ["trendreader", "list", "--jsonl", "--script", "s"],
        ["trendreader", "list", "--jsonl", "--script", "tw"],
    ]
    assert expand("trendreader trends [--json] | trends remove NAME") == [
        ["trendreader", "trends"],
        ["trendreader", "trends", "--json"],
        ["trendreader", "trends", "remove", "示例趋势"],
    ]
    assert command_lines("## Command line\n\n    trendreader list\n\nOutput…\n## x") == [
        "trendreader list"
    ]


def subcommand(command: list[str]) -> str | None:
    """The command's subcommand, after the global options (``--ui zh --script tw list``)."""
    from trendreader.cli import _GLOBAL_OPTIONS_WITH_VALUE

    words = iter(command[1:])
    for word in words:
        if word in _GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _runnable(command: list[str]) -> bool:
    starts_reader = subcommand(command) in (None, "open")
    return not starts_reader and not any(w.startswith(("http://", "https://")) for w in command)


def test_every_command_line_example_runs(isolated_home: Path, tmp_path: Path) -> None:
    downloads = tmp_path / "Downloads" / "reports"  # ~/Downloads/reports/, HOME = tmp_path
    downloads.mkdir(parents=True)
    env = {
        **os.environ,
        "TRENDREADER_HOME": str(isolated_home),
        "PYTHONIOENCODING": "utf-8",
        "HOME": str(tmp_path),  # ~/Downloads/reports/ is a folder of the test's
    }
    ran: list[str] = []
    lines = command_lines()
    assert any("search" in line for line in lines) and any("bookmarks" in line for line in lines)
    for line in lines:
        for command in expand(line):
            if not _runnable(command):
                continue
            out_file = None
            if ">" in command:
                out_file = tmp_path / command[command.index(">") + 1]
                command = command[: command.index(">")]
            if subcommand(command) == "add":  # a report not added yet (a second copy is refused)
                for old in downloads.iterdir():
                    old.unlink()
                body = f"# 芯片报告 {len(ran)}\n\n推理芯片的第 {len(ran)} 年。\n"
                (downloads / f"2024-03-05-芯片-{len(ran)}.md").write_text(body, "utf-8")
            if "import" in command:  # notes.json: a JSON export made first
                exported = _run(["bookmarks", "export", "--format", "json"], env, tmp_path)
                (tmp_path / "notes.json").write_text(exported.stdout, "utf-8")
            # the shell's ~, with the test's HOME
            argv = [str(tmp_path) + w[1:] if w.startswith("~/") else w for w in command[1:]]
            done = _run(argv, env, tmp_path)
            assert done.returncode == 0, (shlex.join(command), done.stderr)
            assert "Traceback" not in done.stderr
            if out_file is not None:
                out_file.write_text(done.stdout, "utf-8")
            ran.append(shlex.join(command))
    assert len(ran) >= 15, ran


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trendreader", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.parametrize("line", command_lines())
def test_each_example_names_a_command_the_cli_has(line: str) -> None:
    from trendreader.cli import COMMANDS

    for command in expand(line):
        name = subcommand(command)
        assert name is None or name in COMMANDS, line
