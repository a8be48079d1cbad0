"""Issue 19.2–3: the theme is a setting (saved from the palette, restored, ``$TEXTUAL_THEME``,
a constructor argument) and the bookmark note opens in ``$VISUAL``/``$EDITOR``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.tui.pilot_helpers import Notes, chrome_ready, until
from trendreader.paths import AppPaths, resolve_paths
from trendreader.settings import load_settings, save_settings
from trendreader.tui.screens.bookmark_dialog import BookmarkDialog, editor_command

KEY_001 = "001_e66a1ed0cdcaae93"
SIZE = (100, 30)


# ------------------------------------------------------------------ theme
async def test_a_theme_chosen_is_saved_and_restored(make_app, app_paths: AppPaths) -> None:
    app = make_app(open_key=KEY_001)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        assert app.theme == "textual-dark"
        app.theme = "textual-light"  # what the palette's "Theme" does
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert load_settings(app_paths).theme == "textual-light"
    again = make_app(open_key=KEY_001)
    async with again.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        assert again.theme == "textual-light"


async def test_the_theme_from_the_environment_and_the_argument(
    make_app, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(app_paths)
    settings.theme = "nord"
    save_settings(app_paths, settings)
    monkeypatch.setenv("TEXTUAL_THEME", "gruvbox")
    assert make_app(open_key=KEY_001).theme == "gruvbox"  # the environment over the setting
    assert make_app(open_key=KEY_001, theme="dracula").theme == "dracula"  # --theme over both
    monkeypatch.delenv("TEXTUAL_THEME")
    assert make_app(open_key=KEY_001).theme == "nord"
    # restoring is not choosing: the setting is untouched until the reader picks a theme
    assert load_settings(app_paths).theme == "nord"


async def test_an_unknown_theme_is_said_once_and_the_default_kept(make_app) -> None:
    notes = Notes()
    app = make_app(open_key=KEY_001, theme="no-such-theme")
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        await until(pilot, lambda: any("no-such-theme" in m for m in notes.messages), "a note")
        assert app.theme == "textual-dark"


# ----------------------------------------------------------------- editor
def fake_editor(tmp_path: Path, body: str) -> str:
    """A small editor: a Python script that does ``body`` to the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\npath = Path(sys.argv[1])\n" + body,
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def run_here(app: object, argv: Sequence[str]) -> int:
    """The editor run without suspending (a headless test has no terminal to hand over)."""
    return subprocess.run(list(argv), check=False).returncode


async def open_dialog(pilot, app) -> BookmarkDialog:
    await chrome_ready(pilot)
    await pilot.press("b")
    await until(pilot, lambda: isinstance(app.screen, BookmarkDialog), "the bookmark dialog")
    return app.screen


async def test_the_note_goes_to_the_editor_and_comes_back(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.txt"
    body = (
        f"Path({str(seen)!r}).write_text(path.read_text(encoding='utf-8'), encoding='utf-8')\n"
        "path.write_text('第一行\\n第二行 值得关注\\n', encoding='utf-8')\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, body))
    monkeypatch.setattr(BookmarkDialog, "runner", staticmethod(run_here))
    app = make_app(open_key=KEY_001)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one("#bookmark-note", Input).value = "typed first"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert seen.read_text(encoding="utf-8") == "typed first\n"  # the editor got the note
        assert dialog.query_one("#bookmark-note", Input).value == "第一行 第二行 值得关注"
        await pilot.press("enter")
        await pilot.pause()
        [saved] = app.store.list_bookmarks()
    assert saved.note == "第一行\n第二行 值得关注"  # its lines kept


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("path.write_text('lost', encoding='utf-8')\nsys.exit(3)\n", "status 3"),
        ("path.write_bytes(b'\\xff\\xfe bad')\n", "could not be read"),
    ],
    ids=["exit-3", "not-utf8"],
)
async def test_an_editor_that_fails_loses_nothing(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, said: str
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, body))
    monkeypatch.setattr(BookmarkDialog, "runner", staticmethod(run_here))
    notes = Notes()
    app = make_app(open_key=KEY_001)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one("#bookmark-note", Input).value = "keep me"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert dialog.query_one("#bookmark-note", Input).value == "keep me"
        assert isinstance(app.screen, BookmarkDialog)  # still open, still editable
        assert any(said in m and "as it was" in m for m in notes.messages), notes.messages


async def test_without_a_terminal_or_an_editor_nothing_changes(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = Notes()
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "true")  # the real runner: App.suspend() is refused headless
    app = make_app(open_key=KEY_001)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        dialog = await open_dialog(pilot, app)
        dialog.query_one("#bookmark-note", Input).value = "kept"
        await pilot.press("ctrl+o")
        await pilot.pause()
        monkeypatch.delenv("EDITOR")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert dialog.query_one("#bookmark-note", Input).value == "kept"
    assert any("did not run" in m for m in notes.messages), notes.messages
    assert any("$EDITOR" in m for m in notes.messages), notes.messages


def test_the_editor_command_is_split_as_a_shell_would() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'my editor' -n"}) == ["my editor", "-n"]
    assert editor_command({"EDITOR": "  "}) is None
    assert editor_command({}) is None


def test_the_theme_option_reaches_the_reader_and_is_not_saved(
    isolated_home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``trendreader --theme NAME`` (a global option) is the reader's theme for this run,
    over ``$TEXTUAL_THEME`` and the setting; only a choice in the palette is saved."""
    import gc

    from tests.conftest import SEEDS
    from trendreader import cli
    from trendreader.tui.app import TrendReaderApp

    themes: list[str] = []
    monkeypatch.setattr(TrendReaderApp, "run", lambda self: themes.append(self.theme))
    monkeypatch.setenv("TEXTUAL_THEME", "gruvbox")
    home = isolated_home / "home"
    argv = ["--data-dir", str(home), "--library", str(SEEDS), "--theme", "nord", "open", "004"]
    try:
        assert cli.main(argv) == 0
    finally:
        gc.enable()
    assert themes == ["nord"]
    assert load_settings(resolve_paths(home)).theme in (None, "")
    assert "--theme" in cli.build_parser().format_help()
