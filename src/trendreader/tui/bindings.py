"""The main screen's keys (ids for `App.set_keymap`) and its palette entries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand
from textual.binding import Binding

from trendreader import keys_help
from trendreader.i18n import N_, _
from trendreader.keys_help import KeyGroup

if TYPE_CHECKING:
    from textual.command import Provider


class PaletteHost(Protocol):
    """The actions the palette's own entries run (the app; not ``tui.host.ReaderHost``:
    widgets build their bindings here, and host imports widgets)."""

    def action_add(self) -> None: ...

    def action_bookmarks(self) -> None: ...

    def action_help(self) -> None: ...

    def action_reload(self) -> None: ...

    def action_save_search(self) -> None: ...

    def action_search(self) -> None: ...

    def action_switch_edition(self) -> None: ...


def binding_list(group: KeyGroup, prefix: str = "") -> list[Binding]:
    """The group's keys (those whose id starts with ``prefix``) as Textual bindings
    (descriptions in English: the footer and the help translate them when shown)."""
    return [
        Binding(k.keys, k.action, k.description, key_display=k.key_display, show=k.show, id=k.id)
        for k in group.keys
        if k.id.startswith(prefix)
    ]


APP_BINDINGS = binding_list(keys_help.APP)
"""Built from :mod:`trendreader.keys_help` (the data ``?`` and ``trendreader help keys`` show)."""

TEXTUAL_COMMANDS_DROPPED = frozenset({"Keys"})
"""Textual's own "Keys" (its key panel, with widget internals): ours is the help screen."""

TEXTUAL_COMMAND_WORDS = (
    N_("Bell"),
    N_("Ring the bell"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
"""The titles and help of Textual's palette entries, marked here to be translated."""


def report_commands() -> type[Provider]:
    """Palette providers are imported when the palette opens (textual.command is slow)."""
    from trendreader.tui.commands import ReportCommands

    return ReportCommands


def script_commands() -> type[Provider]:
    from trendreader.tui.commands import ScriptCommands

    return ScriptCommands


def navigation_commands() -> type[Provider]:
    """ "Go to section…", "Back", "Forward" and each heading (tui/palette_navigation.py)."""
    from trendreader.tui.palette_navigation import NavigationCommands

    return NavigationCommands


def system_commands(
    app: PaletteHost, textual_commands: Iterable[SystemCommand] = ()
) -> Iterator[SystemCommand]:
    """The palette's entries: Textual's (but its "Keys"), then the app's own, one per command,
    titles and help in the interface's language."""
    for command in textual_commands:
        if command.title not in TEXTUAL_COMMANDS_DROPPED:
            yield command._replace(title=_(command.title), help=_(command.help))
    for title, help_text, callback in (
        (
            N_("Add file or URL…"),
            N_("Add a report file (.md .pdf .html .epub …) or a URL"),
            app.action_add,
        ),
        (N_("Reload library"), N_("Read the library folders again"), app.action_reload),
        (N_("Bookmarks"), N_("List every bookmark"), app.action_bookmarks),
        (N_("Switch edition"), N_("Show this report's other edition"), app.action_switch_edition),
        (N_("Keys"), N_("Show every key"), app.action_help),
        (
            N_("Save search as trend"),
            N_("Keep the current search as a trend"),
            app.action_save_search,
        ),
        (N_("Search"), N_("Search every report"), app.action_search),
    ):
        yield SystemCommand(_(title), _(help_text), callback)
