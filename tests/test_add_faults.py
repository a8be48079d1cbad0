"""``trendreader add`` on folders holding what a folder can hold besides reports (issue 11):
symlinks out of the folder, loops, dangling links, FIFOs, and file names that are not text.

Before: ``add`` followed a symlink to /etc/passwd and indexed it; loops, FIFOs and dangling
links were skipped without a word; a key holding a newline split an output record in two.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.test_cli import run

BODY = "# 固态电池\n\n固态电池把液态电解液换成固体电解质。\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# 机密\n\n这份文件不在要添加的文件夹里。\n", "utf-8")
    return secret


@pytest.fixture
def inbox(tmp_path: Path, outside: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.md").write_text(BODY, "utf-8")
    (folder / "secret.md").symlink_to(outside)
    (folder / "outdir").symlink_to(outside.parent, target_is_directory=True)
    return folder


def records(result_stdout: str, kind: str) -> dict[str, str]:
    found = {}
    for line in result_stdout.splitlines():
        if line.startswith(kind):
            found[line.split(":")[0].split("/")[-1]] = line
    return found


def test_symlinks_out_of_the_folder_are_refused_by_name(isolated_home: Path, inbox: Path) -> None:
    result = run("add", str(inbox), home=isolated_home, check=False)
    assert result.returncode == 1
    refused = records(result.stdout, "refused")
    assert set(refused) == {"secret.md", "outdir"}
    assert "--follow-symlinks" in refused["secret.md"] and "outside" in refused["secret.md"]
    assert sorted(p.name for p in (isolated_home / "library").iterdir()) == ["good.md"]
    assert "1 added, 2 refused" in result.stderr


def test_follow_symlinks_adds_what_they_point_to(isolated_home: Path, inbox: Path) -> None:
    result = run("add", "--follow-symlinks", str(inbox), home=isolated_home, check=False)
    added = records(result.stdout, "added")
    assert len(added) == 2, result.stdout  # good.md, secret.md (outdir/secret.md: duplicate)
    assert (isolated_home / "library" / "secret.md").is_file()


def test_a_file_named_directly_is_added_through_its_link(isolated_home: Path, inbox: Path) -> None:
    result = run("add", str(inbox / "secret.md"), home=isolated_home)
    assert result.stdout.startswith("added")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_loops_and_dangling_links_are_listed_and_counted(
    isolated_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "odd"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.md").write_text(BODY, "utf-8")
    os.mkfifo(folder / "pipe.md")  # opening it would block for ever
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # inside: not followed
    result = run("add", str(folder), home=isolated_home, check=False)
    assert result.returncode == 1
    skipped = records(result.stdout, "skipped")
    assert set(skipped) == {"pipe.md", "dangling.md", "loop.md"}
    assert "FIFO" in skipped["pipe.md"]
    assert "dangling" in skipped["dangling.md"] and "loop" in skipped["loop.md"]
    assert "1 added, 0 refused, 3 skipped" in result.stderr
    # a FIFO named on the command line is not opened either
    direct = run("add", str(folder / "pipe.md"), home=isolated_home, check=False)
    assert direct.returncode == 1 and "FIFO" in direct.stdout


HOSTILE_NAMES = ["a\x1b]2;pwned\x07b.md", "[bold red]x.md", "new\nline.md", "tab\there.md"]


def test_hostile_file_names_keep_one_record_per_line(isolated_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    for number, name in enumerate(HOSTILE_NAMES):
        (folder / name).write_text(f"# 第{number}篇\n\n正文第{number}段，互不相同。\n", "utf-8")
    result = run("add", str(folder), home=isolated_home)
    lines = result.stdout.splitlines()
    assert len(lines) == len(HOSTILE_NAMES)
    assert all(line.startswith("added") for line in lines)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\t" not in result.stdout
    assert any("[bold red]x" in line for line in lines)  # literal, not a style
    keys = {p.stem for p in (isolated_home / "library").iterdir()}
    assert all(key.isprintable() for key in keys) and "[bold red]x" in keys


def test_a_disk_full_while_copying_leaves_no_half_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the copy went straight to its final name, so a full disk left half a report
    in the library, read at the next start as a good one."""
    import errno
    import shutil

    from trendreader.library import importing
    from trendreader.library.catalog import load_library

    def half_copy(source: BinaryIO, target: BinaryIO, *args: object, **kwargs: object) -> None:
        target.write(source.read(10))
        raise OSError(errno.ENOSPC, "No space left on device")

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.md").write_text(BODY, "utf-8")
    (folder / "r.meta.toml").write_text('title = "题"\n', "utf-8")
    library_dir = tmp_path / "library"
    monkeypatch.setattr(shutil, "copyfileobj", half_copy)
    with pytest.raises(OSError, match="No space"):
        list(importing.add_files([folder], load_library([]), library_dir))
    assert list(library_dir.iterdir()) == []
