"""The command line, run as a user would: in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, home: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRENDREADER_HOME": str(home), "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "trendreader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


def test_list_json_has_reports_and_editions(isolated_home: Path) -> None:
    reports = json.loads(run("list", "--json", home=isolated_home).stdout)
    assert [r["year"] for r in reports] == [2025, 2024, 2023, None]
    first = reports[0]
    assert {e["key"] for e in first["editions"]} == {"000_933e302ea0e991db", "001_e66a1ed0cdcaae93"}
    assert set(first) == {"key", "title", "date", "year", "script", "passages", "editions"}
    dated = next(r for r in reports if r["year"] == 2023)
    assert dated["date"] == "2023-01-17T20:46"


def test_read_plain_one_passage_per_paragraph(isolated_home: Path) -> None:
    out = run("read", "001_e66a1ed0cdcaae93", home=isolated_home).stdout
    paragraphs = out.strip().split("\n\n")
    assert paragraphs[0] == "2025年，6大机会"
    assert paragraphs[-1].startswith("3. 《2023年美国人医疗保健支出占GDP六分之一》")  # list number
    assert "mmbiz" not in out and "**" not in out


def test_read_json(isolated_home: Path) -> None:
    data = json.loads(run("read", "004_0a39d42c6e4d68c6", "--json", home=isolated_home).stdout)
    assert data["key"] == "004_0a39d42c6e4d68c6" and data["script"] == "simplified"
    assert data["passages"][0] == {
        "ordinal": 0,
        "kind": "heading",
        "text": "2024，7大机会",
        "level": 1,
    }


@pytest.mark.parametrize(
    ("key", "script", "expected"),
    [
        ("001_e66a1ed0cdcaae93", "taiwan", ["網際網路", "晶片"]),
        ("000_933e302ea0e991db", "simplified", ["每一个十年都存在它的机会"]),
        ("001_e66a1ed0cdcaae93", "tw", ["網際網路"]),
    ],
)
def test_read_in_a_script(isolated_home: Path, key: str, script: str, expected: list[str]) -> None:
    out = run("read", key, "--script", script, home=isolated_home).stdout
    for word in expected:
        assert word in out


def test_unknown_key_is_one_line_exit_2(isolated_home: Path) -> None:
    result = run("read", "nope", home=isolated_home, check=False)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nope" in result.stderr


def test_unknown_script_is_one_line_exit_2(isolated_home: Path) -> None:
    result = run("list", "--script", "klingon", home=isolated_home, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "klingon" in result.stderr


def test_open_unknown_key_fails_before_the_tui(isolated_home: Path) -> None:
    result = run("open", "nope", home=isolated_home, check=False)
    assert result.returncode == 2 and "nope" in result.stderr


def test_library_option_reads_another_folder(isolated_home: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("# 我的报告\n\n第一段。\n", "utf-8")
    reports = json.loads(
        run("--library", str(tmp_path), "list", "--json", home=isolated_home).stdout
    )
    assert [r["key"] for r in reports] == ["mine"]
    missing = run("--library", str(tmp_path / "nope"), "list", home=isolated_home, check=False)
    assert missing.returncode == 2


def test_help_and_version_do_not_import_textual(isolated_home: Path) -> None:
    code = (
        "import sys; from trendreader.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('textual', 'whoosh', 'opencc') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines() == ["trendreader 0.1.0", "HEAVY:"], result.stdout
    helped = run("--help", home=isolated_home)
    assert "list" in helped.stdout and "read" in helped.stdout


def test_data_dir_option_puts_state_there(tmp_path: Path, isolated_home: Path) -> None:
    run("--data-dir", str(tmp_path / "d"), "list", home=isolated_home)
    assert (tmp_path / "d" / "cache" / "library.pickle").is_file()


def test_open_starts_with_the_collector_off_and_leaves_it_on(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up runs without cyclic GC (first paint); whatever happens, it is on after."""
    import gc

    from trendreader import cli
    from trendreader.tui.app import TrendReaderApp

    seen: list[bool] = []

    def fake_run(self: TrendReaderApp) -> None:
        seen.append(gc.isenabled())
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(TrendReaderApp, "run", fake_run)
    try:
        with pytest.raises(RuntimeError):
            cli.main(["--data-dir", str(isolated_home), "open"])
        assert seen == [False]
        assert gc.isenabled()
    finally:
        gc.enable()
