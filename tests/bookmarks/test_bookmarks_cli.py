"""``trendreader bookmarks ...``: handlers in-process (fake library), and the real entry
point in a subprocess."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bm_helpers import make_passages

from trendreader.bookmarks.store import BookmarkStore
from trendreader.commands.bookmarks_cmd import register
from trendreader.library.model import Edition, Metadata, Report, Script
from trendreader.paths import AppPaths
from trendreader.script.variants import Variant


class FakeLibrary:
    def __init__(self, *editions: Edition) -> None:
        self.editions = {e.key: e for e in editions}
        self.loads = 0

    def find_edition(self, key: str) -> Edition | None:
        return self.editions.get(key)

    @property
    def reports(self) -> list[Report]:
        return [Report(key, (edition,)) for key, edition in self.editions.items()]

    def find(self, key: str) -> tuple[Report, Edition] | None:
        edition = self.editions.get(key)
        return None if edition is None else (Report(key, (edition,)), edition)


def _edition(key: str, title: str, texts: list[str]) -> Edition:
    return Edition(
        key=key,
        path=Path(f"/nowhere/{key}.md"),
        script=Script.TRADITIONAL,
        encoding="utf-8",
        meta=Metadata(title=title),
        passages=make_passages(key, texts),
        content_hash="x",
    )


LIB = FakeLibrary(
    _edition("r1", "晶片報告", ["第一段：晶片產業", "第二段：軟體與網路", "第三段"]),
    _edition("r2", "另一份報告", ["只有一段"]),
)


def run(tmp_path: Path, *argv: str, library: FakeLibrary = LIB, variant: object = None) -> int:
    parser = argparse.ArgumentParser(prog="trendreader")
    register(parser.add_subparsers())
    args = parser.parse_args(["bookmarks", *argv])
    args.paths = AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")

    def loader() -> FakeLibrary:
        library.loads += 1
        return library

    args.library_loader = loader
    if variant is not None:
        args.variant = variant
    return args.handler(args)


def test_add_then_list_plain_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "add", "r1", "1", "--note", "看", "--tag", "a", "--tag", "b") == 0
    assert run(tmp_path, "add", "r2", "0") == 0
    capsys.readouterr()
    assert run(tmp_path, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "1\tr1\t1\t\ta,b\t看\t第二段：软体与网路",
        "2\tr2\t0\t\t\t\t只有一段",
    ]


def test_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(tmp_path, "add", "r1", "0")
    capsys.readouterr()
    assert run(tmp_path, "list", "--json") == 0
    [record] = json.loads(capsys.readouterr().out)
    assert (record["key"], record["ordinal"], record["title"]) == ("r1", 0, "晶片報告")


def test_list_is_a_table_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(tmp_path, "add", "r1", "0", "--note", "筆記 [/] [bold]x")  # not markup
    capsys.readouterr()
    monkeypatch.setattr("trendreader.commands.bookmarks_cmd._is_terminal", lambda: True)
    assert run(tmp_path, "list") == 0
    out = capsys.readouterr().out
    assert "晶片報告" in out and "筆記 [/] [bold]x" in out and "excerpt" in out


def test_add_unknown_key_or_ordinal_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "add", "nope", "0") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope" in err
    assert run(tmp_path, "add", "r1", "9") == 2
    assert "no passage 9" in capsys.readouterr().err


def test_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(tmp_path, "add", "r1", "0")
    assert run(tmp_path, "remove", "1") == 0
    assert run(tmp_path, "remove", "1") == 2
    assert "no bookmark with id 1" in capsys.readouterr().err
    with BookmarkStore(tmp_path / "data" / "bookmarks.db") as s:
        assert s.count() == 0


def test_export_md_quotes_full_passages_in_the_asked_script(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(tmp_path, "add", "r1", "1", "--note", "n")
    capsys.readouterr()
    assert run(tmp_path, "export", "--format", "md") == 0
    out = capsys.readouterr().out
    assert "## 晶片報告" in out and "> 第二段：軟體與網路" in out  # original: as written
    assert run(tmp_path, "export", "--format", "md", "--script", "simplified") == 0
    out = capsys.readouterr().out
    assert "> 第二段：软件与网络" in out  # Taiwan wording shown in mainland words (issue 16)
    assert run(tmp_path, "export", "--script", "klingon") == 2
    assert "unknown script variant" in capsys.readouterr().err
    # the CLI puts the chosen variant (top-level --script or the saved one) on args
    assert run(tmp_path, "export", variant=Variant.SIMPLIFIED) == 0
    assert "> 第二段：软件与网络" in capsys.readouterr().out


def test_export_md_without_a_library_quotes_excerpts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(tmp_path, "add", "r1", "1")
    capsys.readouterr()
    assert run(tmp_path, "export", library=FakeLibrary()) == 0
    assert "> 第二段：软体与网路" in capsys.readouterr().out


def test_export_json_then_import_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(tmp_path / "one", "add", "r1", "0")
    run(tmp_path / "one", "add", "r1", "2", "--tag", "x")
    capsys.readouterr()
    assert run(tmp_path / "one", "export", "--format", "json") == 0
    export = tmp_path / "export.json"
    export.write_text(capsys.readouterr().out, "utf-8")
    assert run(tmp_path / "two", "import", str(export)) == 0
    assert capsys.readouterr().out.strip() == "added 2, skipped 0 already present"
    assert run(tmp_path / "two", "import", str(export)) == 0
    assert capsys.readouterr().out.strip() == "added 0, skipped 2 already present"


def test_import_malformed_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", "utf-8")
    assert run(tmp_path, "import", str(bad)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err


def test_corrupt_store_is_exit_1_then_repair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "data" / "bookmarks.db"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage" * 100)
    assert run(tmp_path, "list") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(db) in err
    assert db.read_bytes() == b"garbage" * 100
    assert run(tmp_path, "repair") == 0
    assert "bookmarks.db.corrupt-" in capsys.readouterr().out
    assert run(tmp_path, "list") == 0
    capsys.readouterr()
    aside = sorted(p.name for p in db.parent.iterdir())
    assert run(tmp_path, "repair") == 0  # healthy now: nothing to repair, and not a failure
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and "nothing to repair" in out and not err
    assert sorted(p.name for p in db.parent.iterdir()) == aside  # nothing moved aside


def test_repair_without_a_store_is_exit_0_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "repair") == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and "no bookmarks store here; nothing to repair" in out
    assert not err and not (tmp_path / "data" / "bookmarks.db").exists()


def test_no_subcommand_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path) == 2
    assert "subcommand" in capsys.readouterr().err


# ---------------------------------------------------------------- subprocess

needs_cli = pytest.mark.skipif(
    importlib.util.find_spec("trendreader.cli") is None,
    reason="trendreader.cli (the entry point) is not written yet",
)


def cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TRENDREADER_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "trendreader", "--data-dir", str(tmp_path), "bookmarks", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@needs_cli
def test_cli_import_list_export_remove(tmp_path: Path) -> None:
    export = tmp_path / "in.json"
    export.write_text(
        json.dumps(
            [
                {
                    "key": "r1",
                    "title": "晶片報告",
                    "anchor": "abc",
                    "ordinal": 3,
                    "excerpt": "第二段",
                    "note": "n",
                    "tags": ["t"],
                    "created": "2024-01-01T00:00:00+00:00",
                }
            ]
        ),
        "utf-8",
    )
    result = cli(tmp_path, "import", str(export))
    assert result.returncode == 0, result.stderr
    assert "added 1" in result.stdout
    result = cli(tmp_path, "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[:3] == ["1", "r1", "3"]  # piped: plain
    result = cli(tmp_path, "list", "--json")
    assert json.loads(result.stdout)[0]["anchor"] == "abc"
    result = cli(tmp_path, "export", "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "## 晶片報告" in result.stdout and "> 第二段" in result.stdout
    assert cli(tmp_path, "remove", "1").returncode == 0
    assert cli(tmp_path, "remove", "1").returncode == 2


@needs_cli
def test_cli_errors(tmp_path: Path) -> None:
    result = cli(tmp_path, "add", "no-such-report", "0")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    (tmp_path / "bookmarks.db").write_bytes(b"not a database" * 10)
    result = cli(tmp_path, "list")
    assert result.returncode == 1
    assert str(tmp_path / "bookmarks.db") in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert (tmp_path / "bookmarks.db").read_bytes() == b"not a database" * 10
    result = cli(tmp_path, "repair")
    assert result.returncode == 0, result.stderr
    assert cli(tmp_path, "list").returncode == 0
