"""The ``ui`` and ``theme`` settings: read, checked, written back with the rest kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from trendreader.paths import resolve_paths
from trendreader.script.variants import Variant
from trendreader.settings import Settings, SettingsError, load_settings, save_settings


def _config(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("stored", "ui"), [('"zh"', "zh"), ('"en"', "en"), ('"auto"', None)])
def test_ui_is_read(tmp_path: Path, stored: str, ui: str | None) -> None:
    _config(tmp_path, f"ui = {stored}\n")
    settings = load_settings(resolve_paths(tmp_path))
    assert settings.ui == ui
    assert settings.problems == []


@pytest.mark.parametrize("stored", ['"fr"', "3", '"\\u001b[31mzh"'])
def test_a_wrong_ui_follows_the_locale_with_one_line(tmp_path: Path, stored: str) -> None:
    _config(tmp_path, f"ui = {stored}\n")
    settings = load_settings(resolve_paths(tmp_path))
    assert settings.ui is None
    assert len(settings.problems) == 1
    assert "`ui`" in settings.problems[0] and "\x1b" not in settings.problems[0]


@pytest.mark.parametrize("stored", ["7", '""', '"\\u001b]52;c;aGk=\\u0007"', '"' + "x" * 61 + '"'])
def test_a_wrong_theme_gives_the_default_with_one_line(tmp_path: Path, stored: str) -> None:
    _config(tmp_path, f"theme = {stored}\n")
    settings = load_settings(resolve_paths(tmp_path))
    assert settings.theme is None
    assert len(settings.problems) == 1 and "`theme`" in settings.problems[0]


def test_ui_and_theme_written_and_unknown_keys_kept(tmp_path: Path) -> None:
    _config(tmp_path, 'mine = "kept"\nscript = "tw"\n')
    paths = resolve_paths(tmp_path)
    save_settings(paths, Settings(variant=Variant.TAIWAN, ui="en", theme="textual-light"))
    data = tomllib.loads((tmp_path / "config.toml").read_text(encoding="utf-8"))
    assert data == {
        "mine": "kept",
        "script": "taiwan",
        "hidden": [],
        "ui": "en",
        "theme": "textual-light",
    }
    again = load_settings(paths)
    assert (again.ui, again.theme, again.variant) == ("en", "textual-light", Variant.TAIWAN)
    save_settings(paths, Settings(variant=Variant.TAIWAN))
    data = tomllib.loads((tmp_path / "config.toml").read_text(encoding="utf-8"))
    assert "ui" not in data and "theme" not in data and data["mine"] == "kept"


def test_a_wrong_ui_is_never_overwritten(tmp_path: Path) -> None:
    _config(tmp_path, 'ui = "klingon"\n')
    with pytest.raises(SettingsError):
        save_settings(resolve_paths(tmp_path), Settings(ui="zh"))
    assert (tmp_path / "config.toml").read_text(encoding="utf-8") == 'ui = "klingon"\n'
