"""Issue 17 item 6: ``bookmarks export --format obsidian DIR`` (one note per report, stable
block ids, links back, byte-identical re-export, the user's files never written) and the
Markdown export grouping the editions of one report as the bookmarks screen does.

The golden files are in ``golden/obsidian``; after a deliberate change of the format,
``TRENDREADER_REGENERATE_GOLDEN=1 pytest tests/bookmarks/test_obsidian.py`` rewrites them
(then read the diff)."""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.bookmarks.obsidian import block_id, note_key, note_stem, obsidian_tag
from trendreader.bookmarks.store import BookmarkStore
from trendreader.commands.bookmarks_cmd import register
from trendreader.library.catalog import Library
from trendreader.library.model import Edition, Metadata, Passage, PassageKind, Report, Script
from trendreader.paths import AppPaths
from trendreader.script.variants import Variant

GOLDEN = Path(__file__).parent / "golden" / "obsidian"
HOSTILE_TITLE = "../秘密: 报告/第*2?部分\x1b[31m红\x1b[0m"


def _edition(
    key: str, script: Script, meta: Metadata, texts: list[str], pages: list[int | None]
) -> Edition:
    passages = tuple(
        Passage(key, i, PassageKind.PARAGRAPH, text, page=page)
        for i, (text, page) in enumerate(zip(texts, pages, strict=True))
    )
    return Edition(key, Path(f"/nowhere/{key}"), script, "utf-8", meta, passages, "x")


TRENDS_S = _edition(
    "r2025",
    Script.SIMPLIFIED,
    Metadata(
        title="2025年趋势报告",
        date=datetime(2025, 1, 15),
        year=2025,
        author="未尽研究",
        source="https://example.org/trends-2025",
    ),
    ["芯片产业进入新周期。", "人工智能从训练走向推理，\n算力需求仍在增长。", "结语"],
    [1, 2, 5],
)
TRENDS_T = _edition(
    "r2025-tw",
    Script.TRADITIONAL,
    Metadata(title="2025年趨勢報告", year=2025),
    ["晶片產業進入新週期。", "人工智慧從訓練走向推理。"],
    [None, None],
)
HOSTILE = _edition(
    "hostile",
    Script.SIMPLIFIED,
    Metadata(title=HOSTILE_TITLE),
    ["第一段", "第二段"],
    [None, None],
)
LIB = Library([Report("r2025", (TRENDS_S, TRENDS_T)), Report("hostile", (HOSTILE,))])


def _bookmark(
    edition: Edition, ordinal: int, minute: int, note: str = "", tags: tuple[str, ...] = ()
) -> Bookmark:
    passage = edition.passages[ordinal]
    stamp = f"2025-02-01T08:{minute:02d}:00+00:00"
    return Bookmark(
        0,
        edition.key,
        edition.title,
        passage.anchor,
        ordinal,
        make_excerpt(passage.text),
        note,
        tags,
        stamp,
        stamp,
        page=passage.page,
    )


BOOKMARKS = [
    _bookmark(TRENDS_T, 1, 1, "繁體版的筆記", ("AI",)),
    _bookmark(TRENDS_S, 1, 2, "第一行笔记\n第二行笔记", ("人工智能", "算力 需求", "2025")),
    _bookmark(TRENDS_S, 0, 3, tags=("芯片",)),
    _bookmark(HOSTILE, 1, 4, "注意\x1b]8;;http://evil\x07链接\x1b]8;;\x07"),
    Bookmark(
        0,
        "gone",
        "已删除的报告",
        "0123456789abcdef",
        3,
        "不在库里的段落",
        created="2025-02-01T08:05:00+00:00",
        updated="2025-02-01T08:05:00+00:00",
        orphaned=True,
    ),
]


def run(tmp_path: Path, *argv: str, variant: Variant | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trendreader")
    register(parser.add_subparsers())
    args = parser.parse_args(["bookmarks", *argv])
    args.paths = AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    args.library_loader = lambda: LIB
    if variant is not None:
        args.variant = variant
    return args.handler(args)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    with BookmarkStore(tmp_path / "data" / "bookmarks.db") as store:
        assert store.insert_records(BOOKMARKS) == (len(BOOKMARKS), 0)
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_notes_are_the_golden_files(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = home / "vault"
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    assert capsys.readouterr().out == f"wrote 3 note(s) to {vault} (0 already up to date)\n"
    if os.environ.get("TRENDREADER_REGENERATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(vault, GOLDEN)
    assert _files(vault) == _files(GOLDEN)


def test_a_second_export_is_byte_identical_and_writes_nothing(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = home / "vault"
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    first = _files(vault)
    times = {p.name: p.stat().st_mtime_ns for p in vault.iterdir()}
    os.utime(vault, ns=(0, 0))
    capsys.readouterr()
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    assert capsys.readouterr().out.startswith("wrote 0 note(s)")
    assert _files(vault) == first
    assert {p.name: p.stat().st_mtime_ns for p in vault.iterdir()} == times
    assert vault.stat().st_mtime_ns == 0  # not even a temporary file was made


def test_one_note_per_report_with_its_front_matter_and_block_ids(home: Path) -> None:
    vault = home / "vault"
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    notes = {note_key(p): p.read_text("utf-8") for p in vault.iterdir()}
    assert set(notes) == {"r2025", "hostile", "gone"}  # two editions: one note
    trends = notes["r2025"]
    properties = yaml.safe_load(trends.split("---\n")[1])
    assert properties == {
        "title": "2025年趋势报告",
        "author": "未尽研究",
        "date": "2025-01-15",
        "source": "https://example.org/trends-2025",
        "year": 2025,
        "key": "r2025",
        "exported-by": "trendreader",
    }
    for bookmark in BOOKMARKS[:3]:
        assert trends.count(f"\n^{block_id(bookmark)}\n") == 1
    # edition order, then passage: the simplified edition's two bookmarks, then the other's
    order = [trends.index(text) for text in ("芯片产业", "人工智能从训练", "人工智慧從訓練")]
    assert order == sorted(order)
    assert "p. 2 · `trendreader open r2025 --at 1`" in trends
    assert "`trendreader open r2025-tw --at 1`" in trends
    assert "#人工智能 #算力-需求 #_2025" in trends
    assert "> 人工智能从训练走向推理，\n> 算力需求仍在增长。\n\n^tr-" in trends
    gone = yaml.safe_load(notes["gone"].split("---\n")[1])
    assert gone["title"] == "已删除的报告" and gone["author"] is None and gone["key"] == "gone"
    assert "passage changed" in notes["gone"]


def test_block_ids_do_not_depend_on_the_store_id() -> None:
    moved = Bookmark(**{**_fields(BOOKMARKS[0]), "id": 999, "note": "改过的笔记"})
    assert block_id(moved) == block_id(BOOKMARKS[0])
    assert block_id(BOOKMARKS[0]) != block_id(BOOKMARKS[1])
    assert block_id(BOOKMARKS[0]).startswith("tr-") and len(block_id(BOOKMARKS[0])) == 13


def _fields(bookmark: Bookmark) -> dict[str, object]:
    return {name: getattr(bookmark, name) for name in Bookmark.__dataclass_fields__}


def test_the_users_files_are_never_written(home: Path) -> None:
    vault = home / "vault"
    vault.mkdir()
    mine = vault / "2025年趋势报告.md"
    mine.write_text("# 我自己的笔记\n", "utf-8")
    other = vault / "notes.md"
    other.write_text("---\ntitle: 我的\nkey: r2025\n---\n正文\n", "utf-8")  # not exported by us
    outside = home / "outside.md"
    outside.write_text("外面的文件\n", "utf-8")
    (vault / "已删除的报告.md").symlink_to(outside)
    before = {p.name: p.read_bytes() for p in (mine, other, outside)}
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    assert {p.name: p.read_bytes() for p in (mine, other, outside)} == before
    ours = {note_key(p): p.name for p in vault.iterdir() if note_key(p)}
    assert ours["r2025"] == "2025年趋势报告 (r2025).md"
    assert ours["gone"] == "已删除的报告 (gone).md"


def test_a_note_keeps_its_file_name_and_our_edits_are_rewritten(home: Path) -> None:
    vault = home / "vault"
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    [note] = [p for p in vault.iterdir() if note_key(p) == "r2025"]
    renamed = note.rename(vault / "趋势.md")
    expected = renamed.read_bytes()
    renamed.write_text(expected.decode("utf-8") + "\n我加的一行\n", "utf-8")
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    assert renamed.read_bytes() == expected  # rewritten whole, under the name it has now
    assert sorted(note_key(p) for p in vault.iterdir()) == ["gone", "hostile", "r2025"]


def test_file_names_are_sanitized(home: Path) -> None:
    vault = home / "vault"
    assert run(home, "export", "--format", "obsidian", str(vault)) == 0
    assert all(p.parent == vault and p.is_file() for p in vault.iterdir())
    [hostile] = [p for p in vault.iterdir() if note_key(p) == "hostile"]
    assert hostile.name == "秘密 报告 第 2 部分红.md"
    text = hostile.read_text("utf-8")
    assert "\x1b" not in text and "\x07" not in text and "注意链接" in text
    assert note_stem("..") == "report" and note_stem("CON") == "CON_"
    assert note_stem("a/b\\c:d") == "a b c d" and note_stem("#标签 [[链接]] ^块") == "标签 链接 块"
    assert len(note_stem("长" * 200).encode("utf-8")) <= 150
    assert obsidian_tag("  ") == "" and obsidian_tag("a b/c") == "#a-b/c"
    assert obsidian_tag("#芯片!") == "#芯片"


def test_the_notes_are_in_the_asked_script(home: Path) -> None:
    vault = home / "vault"
    assert run(home, "export", "--format", "obsidian", str(vault), variant=Variant.TAIWAN) == 0
    [note] = [p for p in vault.iterdir() if note_key(p) == "r2025"]
    text = note.read_text("utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["title"] == "2025年趨勢報告"
    assert "> 晶片產業進入新週期。" in text and "第一行筆記" in text and "#人工智慧" in text
    assert note.name == "2025年趨勢報告.md"


def test_obsidian_needs_dir_and_the_others_refuse_one(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "export", "--format", "obsidian") == 2
    assert "needs DIR" in capsys.readouterr().err
    assert run(home, "export", "--format", "md", str(home / "x")) == 2
    assert capsys.readouterr().err.count("\n") == 1 and not (home / "x").exists()
    (home / "file").write_text("x", "utf-8")
    assert run(home, "export", "--format", "obsidian", str(home / "file")) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_markdown_export_groups_the_editions_of_a_report(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "export", "--format", "md") == 0
    out = capsys.readouterr().out
    sections = [line for line in out.splitlines() if line.startswith("## ")]
    assert sections == ["## 2025年趋势报告", "## ../秘密: 报告/第*2?部分红", "## 已删除的报告"]
    trends = out[out.index("## 2025年趋势报告") : out.index("## ../秘密")]
    order = [trends.index(text) for text in ("芯片产业", "人工智能从训练", "人工智慧從訓練")]
    assert order == sorted(order) and "*p. 2*" in trends
