"""Issue 19, item 1: config and state in their platformdirs folders; old files moved once."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.migrate_paths import move_old_files
from trendreader.paths import AppPaths, resolve_paths
from trendreader.settings import load_settings

SETTINGS = '# mine\nscript = "taiwan"\nhidden = ["001_x"]\n'


def split_paths(root: Path) -> AppPaths:
    return AppPaths(
        data_dir=root / "data",
        cache_dir=root / "cache",
        config_dir=root / "config",
        state_dir=root / "state",
    )


def test_two_field_construction_keeps_everything_in_the_data_dir(tmp_path: Path) -> None:
    paths = AppPaths(data_dir=tmp_path / "d", cache_dir=tmp_path / "c")
    assert paths.config_dir == tmp_path / "d"
    assert paths.state_dir == tmp_path / "d"
    assert paths.config_file == tmp_path / "d" / "config.toml"


def test_home_keeps_todays_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRENDREADER_HOME", str(tmp_path))
    paths = resolve_paths()
    assert paths.config_file == tmp_path / "config.toml"
    assert paths.bookmarks_db == tmp_path / "bookmarks.db"
    assert paths.index_dir == tmp_path / "cache" / "index"
    assert resolve_paths(tmp_path / "other").config_dir == tmp_path / "other"


def test_without_home_config_and_state_follow_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs
    import platformdirs.unix

    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.unix.Unix)  # XDG anywhere
    monkeypatch.delenv("TRENDREADER_HOME", raising=False)
    for name in ("CONFIG", "STATE", "DATA", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    paths = resolve_paths()
    assert paths.config_file == tmp_path / "config" / "trendreader" / "config.toml"
    assert paths.state_dir == tmp_path / "state" / "trendreader"
    assert paths.bookmarks_db == tmp_path / "data" / "trendreader" / "bookmarks.db"
    assert paths.index_dir == tmp_path / "cache" / "trendreader" / "index"


def test_old_config_is_moved_once_and_read_from_the_new_place(tmp_path: Path) -> None:
    paths = split_paths(tmp_path)
    paths.data_dir.mkdir(parents=True)
    paths.legacy_config_file.write_text(SETTINGS, "utf-8")

    moved = move_old_files(paths)

    assert moved.paths == paths
    assert len(moved.messages) == 1
    assert str(paths.legacy_config_file) in moved.messages[0]
    assert str(paths.config_file) in moved.messages[0]
    assert "\n" not in moved.messages[0]
    assert paths.config_file.read_text("utf-8") == SETTINGS  # comment and all: byte for byte
    assert not paths.legacy_config_file.exists()
    assert load_settings(moved.paths).variant is not None
    assert load_settings(moved.paths).hidden == ["001_x"]

    again = move_old_files(paths)
    assert again.messages == []
    assert paths.config_file.read_text("utf-8") == SETTINGS


def test_a_config_already_in_the_new_place_wins_and_nothing_moves(tmp_path: Path) -> None:
    paths = split_paths(tmp_path)
    paths.data_dir.mkdir(parents=True)
    paths.config_dir.mkdir(parents=True)
    paths.legacy_config_file.write_text("hidden = []\n", "utf-8")
    paths.config_file.write_text(SETTINGS, "utf-8")
    assert move_old_files(paths).messages == []
    assert paths.legacy_config_file.read_text("utf-8") == "hidden = []\n"
    assert paths.config_file.read_text("utf-8") == SETTINGS


def test_nothing_to_move_under_one_home(tmp_path: Path) -> None:
    paths = AppPaths(data_dir=tmp_path, cache_dir=tmp_path / "cache")
    paths.config_file.write_text(SETTINGS, "utf-8")
    assert move_old_files(paths) == (paths, [])
    assert paths.config_file.read_text("utf-8") == SETTINGS


def test_a_failed_copy_leaves_the_old_file_in_use(tmp_path: Path) -> None:
    paths = split_paths(tmp_path)
    paths.data_dir.mkdir(parents=True)
    paths.legacy_config_file.write_text(SETTINGS, "utf-8")
    paths.config_dir.parent.mkdir(parents=True, exist_ok=True)
    paths.config_dir.write_text("a file where the config folder should be", "utf-8")

    moved = move_old_files(paths)

    assert paths.legacy_config_file.read_text("utf-8") == SETTINGS
    assert len(moved.messages) == 1 and "\n" not in moved.messages[0]
    assert str(paths.legacy_config_file) in moved.messages[0]
    assert moved.paths.config_file == paths.legacy_config_file
    assert load_settings(moved.paths).hidden == ["001_x"]


def test_a_copy_that_differs_is_removed_and_the_old_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trendreader.atomic as atomic

    paths = split_paths(tmp_path)
    paths.data_dir.mkdir(parents=True)
    paths.legacy_config_file.write_text(SETTINGS, "utf-8")

    def short_copy(source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes()[:5])

    monkeypatch.setattr(atomic, "copy_file", short_copy)
    moved = move_old_files(paths)

    assert paths.legacy_config_file.read_text("utf-8") == SETTINGS
    assert not paths.config_file.exists()
    assert moved.paths.config_file == paths.legacy_config_file
    assert len(moved.messages) == 1


def test_an_old_file_that_cannot_be_removed_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = split_paths(tmp_path)
    paths.data_dir.mkdir(parents=True)
    paths.legacy_config_file.write_text(SETTINGS, "utf-8")
    real_unlink = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == paths.legacy_config_file:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    moved = move_old_files(paths)

    assert paths.config_file.read_text("utf-8") == SETTINGS
    assert paths.legacy_config_file.read_text("utf-8") == SETTINGS
    assert moved.paths == paths
    assert len(moved.messages) == 1 and "could not be removed" in moved.messages[0]
