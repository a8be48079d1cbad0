"""The main screen's keys (ids for `App.set_keymap`) and its palette entries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.command import Provider

    from trendreader.tui.host import ReaderHost

APP_BINDINGS = [
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("t", "cycle_script", "Script", id="app.cycle_script"),
    Binding("e", "switch_edition", "Edition", id="app.switch_edition"),
    Binding("slash", "search", "Search", key_display="/", id="app.search"),
    Binding("ctrl+f", "find_in_page", "Find in report", id="app.find_in_page"),
    Binding("n", "next_hit(1)", "Next hit", show=False, id="app.next_hit"),
    Binding(
        "N", "next_hit(-1)", "Previous hit", key_display="N", show=False, id="app.previous_hit"
    ),
    Binding("escape", "clear_hits", "Clear hits", show=False, id="app.clear_hits"),
    Binding("b", "toggle_bookmark", "Bookmark", id="app.bookmark"),
    Binding("B", "bookmarks", "Bookmarks", key_display="B", id="app.bookmarks"),
    Binding("u", "undo", "Undo", show=False, id="app.undo"),
    Binding("ctrl+r", "reload", "Reload", show=False, id="app.reload"),
    Binding("s", "toggle_sidebar", "Sidebar", show=False, id="app.sidebar"),
    Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
    Binding("ctrl+p", "command_palette", "Palette", show=False, id="app.palette"),
]


def report_commands() -> type[Provider]:
    """Palette providers are imported when the palette opens (textual.command is slow)."""
    from trendreader.tui.commands import ReportCommands

    return ReportCommands


def script_commands() -> type[Provider]:
    from trendreader.tui.commands import ScriptCommands

    return ScriptCommands


def system_commands(app: ReaderHost) -> Iterator[SystemCommand]:
    """The app's own palette entries (besides Textual's)."""
    yield SystemCommand(
        "Add file or URL…", "Add a report file (.md .pdf .html .epub …) or a URL", app.action_add
    )
    yield SystemCommand("Reload library", "Read the library folders again", app.action_reload)
    yield SystemCommand("Bookmarks", "List every bookmark", app.action_bookmarks)
    yield SystemCommand(
        "Switch edition", "Show this report's other edition", app.action_switch_edition
    )
    yield SystemCommand("Keys", "Show every key", app.action_help)
    yield SystemCommand(
        "Save search as trend", "Keep the current search as a trend", app.action_save_search
    )
    yield SystemCommand("Search", "Search every report", app.action_search)
