"""Fault suite for issue 11 (state is never lost or silently rewritten): settings, reading
state, trends, stdout, unwritable homes and caches, a disk filling while indexing.

Each test names, in its docstring, what the code before this suite did instead.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.test_cli import run
from trendreader.bookmarks.reading_state import (
    ReadingState,
    load_last_report,
    load_reading_state,
    save_reading_state,
)
from trendreader.bookmarks.store import BookmarkStore
from trendreader.paths import resolve_paths
from trendreader.settings import Settings, SettingsError, load_settings, save_settings

KEY_002 = "002_6b54d0aafa120f4a"
KEY_003 = "003_17c9e8caa8554f56"


def one_line(text: str) -> bool:
    return text.count("\n") <= 1 and "Traceback" not in text


def write_config(home: Path, text: str | bytes) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- settings


def test_a_hidden_string_is_not_split_into_characters(isolated_home: Path) -> None:
    """Before: ``hidden = "002_…"`` became 20 one-character hidden keys, and the next
    ``remove`` wrote them back as a list of 20 strings."""
    config = write_config(isolated_home, f'hidden = "{KEY_002}"\n')
    before = config.read_bytes()
    settings = load_settings(resolve_paths(isolated_home))
    assert settings.hidden == []
    assert len(settings.problems) == 1
    assert str(config) in settings.problems[0] and "`hidden`" in settings.problems[0]

    listed = run("list", home=isolated_home)
    assert KEY_002 in listed.stdout  # nothing hidden: the default
    assert listed.stderr.count("\n") == 1 and "config.toml" in listed.stderr
    assert "`hidden`" in listed.stderr

    removed = run("remove", KEY_003, home=isolated_home, check=False)
    assert removed.returncode == 1 and one_line(removed.stderr.splitlines()[-1])
    assert "not overwritten" in removed.stderr
    assert config.read_bytes() == before


def test_a_hidden_number_gives_one_line_not_a_traceback(isolated_home: Path) -> None:
    """Before: ``hidden = 5`` made every command (``bookmarks list`` too) trace back."""
    write_config(isolated_home, "hidden = 5\nscript = 3\n")
    for args in (("list",), ("bookmarks", "list")):
        result = run(*args, home=isolated_home, check=False)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 2  # one for each field
        assert "`script`" in lines[0] and "`hidden`" in lines[1]
        assert all("config.toml" in line for line in lines)


def test_an_unreadable_config_is_never_overwritten(isolated_home: Path) -> None:
    """Before: a config.toml that was not TOML (or not UTF-8) was ignored on reading and
    replaced whole by the next ``remove``/``unhide``."""
    for content in (b"hidden = [\n", b"script = '\xff\xfe'\n"):
        config = write_config(isolated_home, content)
        result = run("remove", KEY_003, home=isolated_home, check=False)
        assert result.returncode == 1
        last = result.stderr.strip().splitlines()[-1]
        assert str(config) in last and "not overwritten" in last and one_line(last)
        assert config.read_bytes() == content
        assert KEY_003 in run("list", home=isolated_home).stdout  # defaults: nothing hidden


def test_settings_are_written_as_toml_and_unknown_keys_kept(isolated_home: Path) -> None:
    """Before: settings were written by hand as a TOML subset that dropped every key it did
    not know (a user's own ``pager = …`` was lost on the first ``remove``)."""
    import tomllib

    from trendreader.script.variants import Variant

    paths = resolve_paths(isolated_home)
    write_config(isolated_home, 'pager = "less"\n[extra]\nx = 1\n')
    save_settings(paths, Settings(variant=Variant.TAIWAN, hidden=['a"b\\c', KEY_002]))
    data = tomllib.loads(paths.config_file.read_text("utf-8"))
    assert data == {
        "pager": "less",
        "extra": {"x": 1},
        "script": "taiwan",
        "hidden": ['a"b\\c', KEY_002],
    }
    assert load_settings(paths).hidden == ['a"b\\c', KEY_002]


def test_a_settings_write_refuses_a_wrong_typed_file(isolated_home: Path) -> None:
    """Before: ``save_settings`` wrote over whatever was there."""
    config = write_config(isolated_home, "hidden = 5\n")
    with pytest.raises(SettingsError, match="not overwritten") as caught:
        save_settings(resolve_paths(isolated_home), Settings(hidden=["x"]))
    assert "\n" not in str(caught.value) and str(config) in str(caught.value)
    assert config.read_text("utf-8") == "hidden = 5\n"


# --------------------------------------------------------------------------- reading state


def _force_row(db: Path, **values: object) -> None:
    row = {
        "report_key": "r1",
        "edition_key": "r1",
        "ordinal": 0,
        "anchor": "",
        "scroll_offset": 0.0,
        "variant": "",
        "updated": "",
    }
    row.update(values)
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "INSERT OR REPLACE INTO reading_state (report_key, edition_key, ordinal, anchor, "
            "scroll_offset, variant, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
            tuple(row.values()),
        )
    con.close()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ordinal": "abc"}, "ordinal"),
        ({"ordinal": -3}, "ordinal"),
        ({"ordinal": 2.5}, "ordinal"),
        ({"scroll_offset": "far"}, "scroll_offset"),
        ({"edition_key": b"\x00\x01"}, "edition_key"),
        ({"variant": b"\x07"}, "variant"),
    ],
)
def test_wrong_typed_reading_state_gives_defaults_and_a_line(
    tmp_path: Path, values: dict[str, object], field: str
) -> None:
    """Before: ``int("abc")`` / ``float("far")`` raised ValueError out of
    ``load_reading_state``, and the reader exited at start-up."""
    db = tmp_path / "bookmarks.db"
    BookmarkStore(db).close()
    _force_row(db, **values)
    with BookmarkStore(db) as store:
        state = load_reading_state(store, "r1")
    assert state is not None
    assert getattr(state, field) == getattr(ReadingState("r1"), field)  # the default
    assert len(state.problems) == 1
    assert str(db) in state.problems[0] and f"`{field}`" in state.problems[0]


def test_a_good_row_loads_without_problems(tmp_path: Path) -> None:
    with BookmarkStore(tmp_path / "b.db") as store:
        saved = save_reading_state(store, ReadingState("r1", "r1", 4, "abcd", 12.0, "taiwan"))
        loaded = load_reading_state(store, "r1")
    assert loaded == saved and loaded is not None and loaded.problems == ()


def test_a_last_report_that_is_not_text_is_ignored(tmp_path: Path) -> None:
    """Before: a BLOB stored as the last report was returned and looked up as a key."""
    db = tmp_path / "bookmarks.db"
    BookmarkStore(db).close()
    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('last_report', X'05')")
    con.close()
    with BookmarkStore(db) as store:
        assert load_last_report(store) is None


# --------------------------------------------------------------------------- trends


def test_trend_names_and_aliases_are_cleaned(isolated_home: Path) -> None:
    """Before: a trend name's control characters became spaces, but the rest of an escape
    sequence (``]52;c;…``, the clipboard payload) was stored and shown."""
    import tomllib

    name = "芯片\x1b]52;c;QUFBQQ==\x07趋势\u202e"
    result = run(
        "trends", "add", name, "晶片\x1b[31m", "\x1b]2;title\x1b\\电池", home=isolated_home
    )
    assert "\x1b" not in result.stderr
    data = tomllib.loads((isolated_home / "trends.toml").read_text("utf-8"))
    trend = data["trend"][0]
    assert trend["name"] == "芯片趋势"
    assert trend["aliases"] == ["晶片", "电池"]


def test_a_bad_trends_file_is_one_line_and_kept(isolated_home: Path) -> None:
    """A trends.toml that is not TOML: ``trends add`` refuses in one line, the file stays,
    and listing goes on with the built-in trends and one line."""
    path = isolated_home / "trends.toml"
    path.write_bytes(b"[[trend]\nname = \xff")
    before = path.read_bytes()
    added = run("trends", "add", "新", "新", home=isolated_home, check=False)
    assert added.returncode == 2 and one_line(added.stderr) and str(path) in added.stderr
    listed = run("trends", home=isolated_home, check=False)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert [line for line in listed.stderr.splitlines() if str(path) in line]
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [("list",), ("list", "--json"), ("bookmarks", "export", "--format", "json"), ("read", KEY_002)],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(
    isolated_home: Path, args: tuple[str, ...]
) -> None:
    """Before: the output was lost in Python's buffer: ``bookmarks export > notes.json`` on
    a full disk exited 0 with a truncated file, ``list`` died at exit with status 120 and an
    "Exception ignored" trace."""
    env = {**os.environ, "TRENDREADER_HOME": str(isolated_home)}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "trendreader", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr == "trendreader: cannot write the output: No space left on device\n"


def test_a_pipe_closed_early_stays_quiet(isolated_home: Path) -> None:
    """``trendreader read … | head -1``: exit 0 and nothing on stderr (kept as it was)."""
    env = {**os.environ, "TRENDREADER_HOME": str(isolated_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "trendreader", "read", KEY_002],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert err == b""


# --------------------------------------------------------------------------- unwritable places


def test_a_home_that_is_a_file(tmp_path: Path) -> None:
    """Before: ``search`` traced back (NotADirectoryError, ~40 lines) and nothing said why;
    now reading works, with one line naming the path, and writing commands say what to do."""
    home = tmp_path / "home"
    home.write_text("not a folder")
    listed = run("list", home=home, check=False)
    assert listed.returncode == 0 and KEY_002 in listed.stdout
    assert listed.stderr.count("\n") == 1 and str(home) in listed.stderr
    assert "not a folder" in listed.stderr
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.md").write_text("# 题\n\n正文一段。\n", "utf-8")
    for args in (("search", "芯片"), ("index",), ("remove", KEY_003), ("add", str(inbox))):
        result = run(*args, home=home, check=False)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert all(line.startswith("trendreader: ") for line in result.stderr.splitlines())
        assert str(home) in result.stderr.splitlines()[-1]
    assert home.read_text() == "not a folder"


def _nobody_prefix() -> list[str] | None:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]


def test_a_home_that_cannot_be_written(tmp_path: Path) -> None:
    """A home (and so its cache) the user may not write: before, ``search`` traced back
    (PermissionError); now ``list`` reads, ``search`` and ``index`` give one line naming the
    folder and what to do. Root ignores permissions, so this runs as uid 65534."""
    if os.geteuid() == 0:
        prefix = _nobody_prefix()
        if prefix is None:
            pytest.skip("setpriv is needed to test permissions as root")
        probe = subprocess.run([*prefix, "-c", "import trendreader.cli"], capture_output=True)
        if probe.returncode != 0:
            pytest.skip("the unprivileged user cannot import trendreader here")
    else:
        prefix = [sys.executable]
    root = Path(tempfile.mkdtemp(prefix="trendreader-ro-home-"))
    try:
        root.chmod(0o755)
        home = root / "home"
        home.mkdir(mode=0o555)  # owned by this user (root): not writable for 65534
        if os.geteuid() != 0:
            home.chmod(0o555)
        env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}

        def cli(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*prefix, "-m", "trendreader", *args],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
                cwd=root,
            )

        listed = cli("list")
        assert listed.returncode == 0 and KEY_002 in listed.stdout, listed.stderr
        for args in (("search", "芯片"), ("index",)):
            result = cli(*args)
            assert result.returncode == 1, result.stderr
            assert "Traceback" not in result.stderr
            last = result.stderr.strip().splitlines()[-1]
            assert str(home / "cache") in last and "writable" in last
        assert list(home.iterdir()) == []
    finally:
        shutil.rmtree(root)


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    """Every write to a Whoosh file fails with ENOSPC once ``writes`` writes went through."""
    from whoosh.filedb import structfile

    original = structfile.StructFile.write
    count = {"n": 0}

    def write(self: object, data: bytes) -> object:
        count["n"] += 1
        if count["n"] > writes:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, data)  # type: ignore[arg-type]

    monkeypatch.setattr(structfile.StructFile, "write", write)


def test_a_disk_full_during_the_first_build_leaves_no_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the failure surfaced as IndexDamaged (a traceback in the CLI) and left an
    empty Whoosh index in place, which the next search read as a good one."""
    from trendreader.library.catalog import load_library
    from trendreader.resources import seeds_dir
    from trendreader.search.index import IndexUnavailable
    from trendreader.search.service import SearchService

    library = load_library([seeds_dir()], builtin=[seeds_dir()])
    index_dir = tmp_path / "cache" / "index"
    _disk_full_after(monkeypatch, 50)
    service = SearchService(index_dir)
    with pytest.raises(IndexUnavailable) as caught:
        service.ensure_index(library)
    message = str(caught.value)
    assert "\n" not in message and str(index_dir) in message and "disk space" in message
    assert not index_dir.exists()
    assert list(index_dir.parent.iterdir()) == []  # no half-built folder left either
    results = service.search("芯片")
    assert results.hits == [] and "unavailable" in (results.message or "")
    monkeypatch.undo()
    assert SearchService(index_dir).ensure_index(library).rebuilt


def test_a_disk_full_during_an_update_keeps_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the ENOSPC of an update was taken for damage: the good index was deleted and
    rebuilt, which failed too, and search was gone."""
    from trendreader.library.catalog import load_library
    from trendreader.search.service import SearchService

    from .search.conftest import write_report

    lib = tmp_path / "lib"
    write_report(lib, "r1", "芯片报告", "2021-03-04", ["推理芯片很重要。"])
    index_dir = tmp_path / "cache" / "index"
    SearchService(index_dir).ensure_index(load_library([lib]))
    write_report(lib, "r2", "电池报告", "2022-03-04", ["固态电池来了。", "芯片也来了。"])
    bigger = load_library([lib])

    _disk_full_after(monkeypatch, 0)
    service = SearchService(index_dir)
    status = service.ensure_index(bigger)
    assert status.read_only and status.notice and "disk space" in status.notice
    assert {h.report_key for h in service.search("芯片").hits} == {"r1"}  # the old index
    service.close()
    monkeypatch.undo()
    again = SearchService(index_dir)
    assert again.ensure_index(bigger).added == 1  # picked up when there is room again
    assert {h.report_key for h in again.search("芯片").hits} == {"r1", "r2"}
    again.close()
