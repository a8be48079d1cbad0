"""The command line in Chinese (issue 16, item 4): ``--ui zh`` and the script of the output.

Every message, table header and argparse help is in the catalog of the script shown: 简体
for ``--script simplified`` (and 原文), 繁體 / 臺灣 / 香港 wording for the others; no character
of the other script in the interface's own text (characters both scripts write, such as 游,
后 or 台, are neutral: ``script_counts`` ignores them).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_hostile_cli import run_on_terminal
from trendreader.resources import seeds_dir
from trendreader.script.detect import script_counts

SEEDS = seeds_dir()
#: script → (the script its interface must not contain, words it must say)
SCRIPTS = {
    "simplified": ("traditional", ["报告", "书签", "搜索"]),
    "original": ("traditional", ["报告", "书签", "搜索"]),
    "traditional": ("simplified", ["報告", "書籤"]),
    "taiwan": ("simplified", ["報告", "書籤", "搜尋"]),
    "hongkong": ("simplified", ["報告", "書籤"]),
}


def run(home: Path, *args: str, ui: str | None = "zh") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("TRENDREADER_UI", None)
    if ui is None:
        env["TRENDREADER_UI"] = "en"
    command = [sys.executable, "-m", "trendreader", "--library", str(SEEDS)]
    command += ["--ui", ui] if ui else []
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=120)


def wrong_characters(text: str, wrong: str) -> int:
    return int(getattr(script_counts(text), wrong))


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_help_of_every_command_is_in_the_scripts_own_chinese(
    isolated_home: Path, script: str
) -> None:
    wrong, words = SCRIPTS[script]
    texts = []
    for command in ([], ["search"], ["bookmarks"], ["bookmarks", "export"], ["trends"], ["open"]):
        done = run(isolated_home, "--script", script, *command, "--help")
        assert done.returncode == 0, done.stderr
        texts.append(done.stdout)
    shown = "\n".join(texts)
    assert wrong_characters(shown, wrong) == 0, shown
    for word in words:
        assert word in shown, (script, word)
    assert "show this help message" not in shown  # argparse's own words too
    assert "Read, search and bookmark" not in shown


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_errors_are_one_line_in_the_scripts_chinese(isolated_home: Path, script: str) -> None:
    wrong, _words = SCRIPTS[script]
    for args in (["read", "nope"], ["read", "00"], ["search", "芯片", "--limt", "3"]):
        done = run(isolated_home, "--script", script, *args)
        assert done.returncode == 2
        message = done.stderr.strip().splitlines()[-1]
        # the keys and the option named are the user's; the rest is the interface
        interface = message.split("：", 1)[-1]
        assert wrong_characters(interface, wrong) == 0, message
        assert "no report" not in message and "could be" not in message


def test_taiwan_list_on_a_terminal_has_taiwan_headers(isolated_home: Path) -> None:
    status, out = run_on_terminal(
        isolated_home, "--library", str(SEEDS), "--ui", "zh", "--script", "taiwan", "list"
    )
    assert status == 0
    for word in ("書庫", "年份", "標題", "段落", "報告"):
        assert word in out, out
    assert "6大機會" in out  # and the titles in 臺灣正體
    assert wrong_characters(out, "simplified") == 0, out


def test_taiwan_bookmarks_and_trends_tables(isolated_home: Path) -> None:
    added = run(
        isolated_home, "bookmarks", "add", "001_e66a1ed0cdcaae93", "3", "--note", "值得关注"
    )
    assert added.returncode == 0, added.stderr
    argv = ["--library", str(SEEDS), "--ui", "zh", "--script", "tw"]
    status, out = run_on_terminal(isolated_home, *argv, "bookmarks", "list")
    assert status == 0
    assert "摘錄" in out and "筆記" in out and "值得關注" in out
    assert wrong_characters(out, "simplified") == 0, out
    status, out = run_on_terminal(isolated_home, *argv, "trends")
    assert status == 0
    assert "趨勢" in out and "推理晶片" in out
    assert wrong_characters(out, "simplified") == 0, out


def test_the_saved_script_chooses_the_catalog(isolated_home: Path) -> None:
    (isolated_home / "config.toml").write_text('script = "taiwan"\nui = "zh"\n', "utf-8")
    done = run(isolated_home, "--help", ui="")
    assert "顯示此幫助並退出" in done.stdout, done.stdout
    done = run(isolated_home, "--script", "s", "--help", ui="")
    assert "显示此帮助并退出" in done.stdout


def test_english_stays_english(isolated_home: Path) -> None:
    done = run(isolated_home, "--help", ui="en")
    assert "show this help message and exit" in done.stdout
    assert script_counts(done.stdout).simplified + script_counts(done.stdout).traditional < 20
    done = run(isolated_home, "read", "nope", ui=None)
    assert "no report with key 'nope'" in done.stderr


def test_ui_zh_help_imports_no_textual_whoosh_or_opencc(isolated_home: Path) -> None:
    code = (
        "import sys\nfrom trendreader.cli import main\n"
        "try:\n    main(['--ui', 'zh', '--script', 'tw', 'search', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "print('HEAVY:' + ','.join(m for m in ('textual', 'whoosh', 'opencc') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "HEAVY:", done.stdout
    assert "搜尋" in done.stdout
