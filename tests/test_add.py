"""``trendreader add/remove/unhide`` on files a user really has: every encoding, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run

GBK_TEXT = "# 固态电池的新进展\n\n固态电池把液态电解液换成固体电解质，能量密度更高。\n"
BIG5_TEXT = "晶片戰爭的下一步\n\n推理晶片是大模型落地的關鍵，台灣的晶圓代工舉足輕重。\n"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    (folder / "gbk.md").write_bytes(GBK_TEXT.encode("gbk"))
    (folder / "nested" / "big5.txt").write_bytes(BIG5_TEXT.encode("big5"))
    (folder / "bom.txt").write_bytes("人形机器人元年\n\n机器人进入工厂。\n".encode("utf-8-sig"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x03\x04" * 50)
    (folder / "empty.md").write_bytes(b"")
    (folder / "escape.txt").write_text(
        "终端控制\n\n正文\x1b[2J\x1b]0;pwned\x07清屏了吗。\n", "utf-8"
    )
    (folder / "markup.md").write_text(
        "# [bold red]标题[/]\n\n[link=http://x]点我[/link]。\n", "utf-8"
    )
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    return folder


def test_add_a_folder_of_mixed_files(isolated_home: Path, inbox: Path) -> None:
    originals = {p: p.read_bytes() for p in inbox.rglob("*") if p.is_file()}
    result = run("add", str(inbox), home=isolated_home, check=False)
    assert result.returncode == 1  # some were refused
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 7  # one line per report file; the .docx is not a candidate
    refused = {
        line.split(":")[0].split("/")[-1]: line for line in lines if line.startswith("refused")
    }
    assert set(refused) == {"binary.txt", "empty.md"}
    assert "binary" in refused["binary.txt"] and "empty" in refused["empty.md"]
    assert "gb18030" in next(line for line in lines if "gbk.md" in line)
    assert "big5" in next(line for line in lines if "big5.txt" in line)
    # nothing the user owns was modified
    assert {p: p.read_bytes() for p in originals} == originals

    reports = json.loads(run("list", "--json", home=isolated_home).stdout)
    keys = {e["key"]: e for r in reports for e in r["editions"]}
    assert {"gbk", "big5", "bom", "escape", "markup"} <= set(keys)
    assert keys["big5"]["script"] == "traditional"
    assert Path(keys["gbk"]["path"]).parent == isolated_home / "library"

    escaped = run("read", "escape", home=isolated_home).stdout
    assert "\x1b" not in escaped and "\x07" not in escaped and "正文清屏了吗。" in escaped
    markup = run("read", "markup", "--json", home=isolated_home).stdout
    assert "[bold red]标题[/]" in markup and "[link=http://x]点我[/link]。" in markup


def test_add_twice_is_a_duplicate_and_name_clash_gets_a_suffix(
    isolated_home: Path, tmp_path: Path
) -> None:
    first = tmp_path / "a" / "report.md"
    first.parent.mkdir()
    first.write_text("# 第一篇\n\n内容一。\n", "utf-8")
    assert run("add", str(first), home=isolated_home).returncode == 0
    again = run("add", str(first), home=isolated_home, check=False)
    assert again.returncode == 1 and "duplicate of report report" in again.stdout
    other = tmp_path / "b" / "report.md"
    other.parent.mkdir()
    other.write_text("# 第二篇\n\n完全不同的内容。\n", "utf-8")
    clash = run("add", str(other), home=isolated_home)
    assert "report-2" in clash.stdout and "was taken" in clash.stdout


def test_size_limit_and_usage_errors(isolated_home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("机器人。\n" * 5000, "utf-8")
    result = run("add", "--max-size", "10K", str(big), home=isolated_home, check=False)
    assert result.returncode == 1 and "over the size limit" in result.stdout
    missing = run("add", str(tmp_path / "nope"), home=isolated_home, check=False)
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr


def test_remove_user_report_and_hide_builtin(isolated_home: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.md"
    mine.write_text("# 我的\n\n内容。\n", "utf-8")
    run("add", str(mine), home=isolated_home)
    assert "removed mine" in run("remove", "mine", home=isolated_home).stdout
    assert mine.exists()  # the original stays
    hidden = run("remove", "003_17c9e8caa8554f56", home=isolated_home).stdout
    assert "built in" in hidden and "hidden" in hidden
    keys = [r["key"] for r in json.loads(run("list", "--json", home=isolated_home).stdout)]
    assert "003_17c9e8caa8554f56" not in keys and "mine" not in keys
    run("unhide", "003_17c9e8caa8554f56", home=isolated_home)
    keys = [r["key"] for r in json.loads(run("list", "--json", home=isolated_home).stdout)]
    assert "003_17c9e8caa8554f56" in keys
    assert run("remove", "nope", home=isolated_home, check=False).returncode == 2


def test_an_added_gbk_report_is_searchable_in_traditional(isolated_home: Path, inbox: Path) -> None:
    added = run("add", str(inbox / "gbk.md"), home=isolated_home)
    assert "added" in added.stdout
    hits = json.loads(run("search", "固態電池", "--json", home=isolated_home).stdout)
    assert "gbk" in {hit["key"] for hit in hits}
    first = next(hit for hit in hits if hit["key"] == "gbk")
    assert "固态电池" in first["text"]


def test_search_queries_are_untrusted_input(isolated_home: Path) -> None:
    for query in ['"自动', "((芯片", "OR", "-", "year:", "report:", "\x1b[31m芯片", "芯" * 10000]:
        result = run("search", query, home=isolated_home, check=False)
        assert result.returncode in (0, 2), (query[:20], result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 1


def test_added_reports_are_not_parsed_again_after_add(
    isolated_home: Path, inbox: Path, parsed_files: list[Path]
) -> None:
    """`add` parses each file to validate it; the reload after it (index refresh) and the
    next start take those editions from the cache instead of parsing the copies again."""
    from trendreader import cli
    from trendreader.library.catalog import load_library

    parsed = parsed_files
    cli.main(["--data-dir", str(isolated_home), "add", str(inbox)])
    user_library = isolated_home / "library"
    added = sorted(p for p in user_library.iterdir() if p.suffix in {".md", ".txt"})
    assert added  # something was added
    assert [p for p in parsed if p.parent == user_library] == []

    from trendreader.context import library_folders
    from trendreader.library.store import load_cached_library
    from trendreader.paths import resolve_paths

    paths = resolve_paths(isolated_home)
    folders, builtin = library_folders(paths, None)
    cached = load_cached_library(paths, folders, builtin=builtin)  # the next start
    assert [p for p in parsed if p.parent == user_library] == []
    fresh = load_library(folders, builtin=builtin)
    as_cached = {e.key: (e.path, [p.text for p in e.passages]) for e in cached.editions()}
    as_parsed = {e.key: (e.path, [p.text for p in e.passages]) for e in fresh.editions()}
    assert as_cached == as_parsed

    from trendreader.search.service import SearchService

    service = SearchService(paths.index_dir)
    try:
        assert service.ensure_index(cached).added == 0  # `add` indexed them already
        assert service.search("固態電池", limit=5).total > 0  # the GBK report, any script
    finally:
        service.close()
