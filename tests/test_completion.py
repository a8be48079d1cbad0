"""Issue 19, item 4: ``trendreader completion bash|zsh|fish`` and the words it completes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trendreader.cli import build_parser
from trendreader.commands.completion_script import completion_script
from trendreader.library.catalog import Library
from trendreader.script.variants import Variant

COMMANDS = ("open", "list", "read", "search", "bookmarks", "trends", "add", "completion")


def trendreader(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "trendreader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> str:
    home = tmp_path_factory.mktemp("completion-home")
    return trendreader(home, "completion", "bash").stdout


def test_bash_script_names_the_subcommands_and_a_key_function(bash_script: str) -> None:
    subcommands = next(
        line for line in bash_script.splitlines() if line.startswith("_shtab_trendreader_subp")
    )
    for name in COMMANDS:
        assert f" {name}" in subcommands or f"({name}" in subcommands
    assert "_shtab_trendreader()" in bash_script
    assert "trendreader completion --words keys" in bash_script
    assert "trendreader completion --words trends" in bash_script
    assert bash_script.rstrip().endswith("-F _shtab_trendreader trendreader")
    options = next(
        line
        for line in bash_script.splitlines()
        if line.startswith("_shtab_trendreader_completion_option_strings=")
    )
    assert "--words" not in options  # the script's own helper is not offered


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_name_the_subcommands(shell: str) -> None:
    script = completion_script(build_parser(), shell)
    for name in COMMANDS:
        assert name in script
    assert "trendreader completion --words keys" in script


def test_an_unknown_shell_is_a_usage_error(isolated_home: Path) -> None:
    env = {**os.environ, "TRENDREADER_HOME": str(isolated_home)}
    result = subprocess.run(
        [sys.executable, "-m", "trendreader", "completion", "tcshx"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert "tcshx" in result.stderr
    assert result.stdout == ""


def test_words_keys_are_the_librarys_keys(isolated_home: Path, seed_library: Library) -> None:
    words = trendreader(isolated_home, "completion", "--words", "keys").stdout.splitlines()
    assert {r.key for r in seed_library.reports} <= set(words)
    assert len(words) == len(set(words))


def test_words_trends_and_scripts(isolated_home: Path) -> None:
    from trendreader.paths import resolve_paths
    from trendreader.resources import seeds_dir
    from trendreader.trends.store import TrendStore

    trendreader(isolated_home, "trends", "add", "量子通信", "量子密钥")
    words = trendreader(isolated_home, "completion", "--words", "trends").stdout.splitlines()
    store = TrendStore.for_library(resolve_paths(isolated_home), [seeds_dir()])
    assert "量子通信" in words
    assert {t.name for t in store.builtin_trends()} <= set(words)
    scripts = trendreader(isolated_home, "completion", "--words", "scripts").stdout.split()
    assert scripts == [v.value for v in Variant]


def _complete(script: Path, shim: Path, home: Path, *words: str) -> list[str]:
    """Run bash's completion function for ``words`` (the last one being completed)."""
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"source '{script}'\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        'COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}\n'
        "_shtab_trendreader\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {
        **os.environ,
        "TRENDREADER_HOME": str(home),
        "PATH": f"{shim}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def bash_env(tmp_path: Path, bash_script: str) -> tuple[Path, Path]:
    if shutil.which("bash") is None:
        pytest.fail("bash is needed for the completion tests")
    script = tmp_path / "trendreader.bash"
    script.write_text(bash_script, "utf-8")
    shim = tmp_path / "bin"
    shim.mkdir()
    program = shim / "trendreader"  # the script calls `trendreader`: this one, from this checkout
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m trendreader "$@"\n', "utf-8")
    program.chmod(0o755)
    return script, shim


def test_bash_completes_a_report_key(
    bash_env: tuple[Path, Path], isolated_home: Path, seed_library: Library
) -> None:
    script, shim = bash_env
    key = seed_library.reports[0].key
    found = _complete(script, shim, isolated_home, "trendreader", "read", key[:3])
    assert key in found
    assert all(word.startswith(key[:3]) for word in found)


def test_bash_completes_subcommands_and_scripts(
    bash_env: tuple[Path, Path], isolated_home: Path
) -> None:
    script, shim = bash_env
    assert _complete(script, shim, isolated_home, "trendreader", "tre") == ["trends"]
    assert set(_complete(script, shim, isolated_home, "trendreader", "--script", "t")) == {
        "traditional",
        "taiwan",
    }
