"""The reader's keys as data: read by ``trendreader help keys`` (no Textual) and the TUI.

Each :class:`KeyHelp` holds what a Textual ``Binding`` needs (keys, action, description,
key_display, show, id), so the TUI can build its bindings from here:
``Binding(k.keys, k.action, k.description, key_display=k.key_display, show=k.show, id=k.id)``
(``trendreader.tui.bindings.binding_list``: this module never imports Textual).
``tests/test_keys_help.py`` checks, binding by binding (by id), that these are the TUI's own.
Descriptions are marked with :func:`N_`; translate them with ``_()`` where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from trendreader.i18n import N_, _

__all__ = [
    "DIALOGS",
    "GROUPS",
    "MOUSE",
    "KeyGroup",
    "KeyHelp",
    "display_keys",
    "help_groups",
    "key_rows",
]


@dataclass(frozen=True, slots=True)
class KeyHelp:
    id: str
    keys: str  # Textual key names, comma-separated: "j,down"
    action: str
    description: str  # marked with N_(), English
    key_display: str | None = None
    show: bool = False


@dataclass(frozen=True, slots=True)
class KeyGroup:
    name: str  # where the keys work, marked with N_()
    keys: tuple[KeyHelp, ...]


def _k(
    id: str, keys: str, action: str, description: str, display: str | None = None, *, show: bool
) -> KeyHelp:
    return KeyHelp(id, keys, action, description, display, show)


APP = KeyGroup(
    N_("anywhere"),
    (
        _k("app.quit", "q", "quit", N_("Quit"), show=True),
        _k("app.cycle_script", "t", "cycle_script", N_("Script"), show=True),
        _k("app.switch_edition", "e", "switch_edition", N_("Edition"), show=True),
        _k("app.search", "slash", "search", N_("Search"), "/", show=True),
        _k("app.find_in_page", "ctrl+f", "find_in_page", N_("Find in report"), show=False),
        _k("app.next_hit", "n", "next_hit(1)", N_("Next hit"), show=False),
        _k("app.previous_hit", "N", "next_hit(-1)", N_("Previous hit"), "N", show=False),
        _k("app.clear_hits", "escape", "clear_hits", N_("Clear hits"), show=False),
        _k("app.bookmark", "b", "toggle_bookmark", N_("Bookmark"), show=True),
        _k("app.bookmarks", "B", "bookmarks", N_("Bookmarks"), "B", show=True),
        _k("app.undo", "u", "undo", N_("Undo"), show=False),
        _k("app.reload", "ctrl+r", "reload", N_("Reload"), show=False),
        _k("app.sidebar", "s", "toggle_sidebar", N_("Sidebar"), show=False),
        _k("app.help", "question_mark", "help", N_("Keys"), "?", show=True),
        _k("app.palette", "ctrl+p", "command_palette", N_("Palette"), show=False),
    ),
)

READER = KeyGroup(
    N_("reader"),
    (
        _k("reading_pane.down", "j,down", "cursor_down", N_("Next passage"), show=False),
        _k("reading_pane.up", "k,up", "cursor_up", N_("Previous passage"), show=False),
        _k("reading_pane.page_down", "space,pagedown", "page_down", N_("Page down"), show=False),
        _k("reading_pane.page_up", "pageup", "page_up", N_("Page up"), show=False),
        _k("reading_pane.home", "g,home", "home", N_("First passage"), show=False),
        _k("reading_pane.end", "G,end", "end", N_("Last passage"), show=False),
        _k(
            "reading_pane.previous_section",
            "left_square_bracket",
            "previous_section",
            N_("Previous section"),
            "[",
            show=False,
        ),
        _k(
            "reading_pane.next_section",
            "right_square_bracket",
            "next_section",
            N_("Next section"),
            "]",
            show=False,
        ),
        _k("reading_pane.open_link", "o", "open_link", N_("Open link"), show=False),
        _k("reading_pane.copy_link", "c", "copy_link", N_("Copy link"), show=False),
        _k("reading_pane.next_link", "l", "next_link", N_("Next link"), show=False),
        _k("reading_pane.copy", "y", "copy_passage", N_("Copy passage"), show=False),
        _k(
            "reading_pane.copy_citation", "Y", "copy_citation", N_("Copy citation"), "Y", show=False
        ),
        _k("reading_pane.outline", "O", "outline", N_("Outline"), "O", show=False),
        _k("reading_pane.back", "alt+left,H", "back", N_("Back"), show=False),
        _k("reading_pane.forward", "alt+right,L", "forward", N_("Forward"), show=False),
        _k(
            "reading_pane.reports",
            "R",
            "sidebar_section('reports')",
            N_("Reports"),
            "R",
            show=False,
        ),
        _k("reading_pane.trends", "T", "sidebar_section('trends')", N_("Trends"), "T", show=False),
    ),
)

SIDEBAR = KeyGroup(
    N_("sidebar"),
    (
        _k("sidebar.open", "enter", "select_cursor", N_("Open"), show=False),
        _k("sidebar.filter", "f", "filter", N_("Filter"), show=False),
        _k("sidebar.reports", "R", "go_to_section('reports')", N_("Reports"), "R", show=False),
        _k("sidebar.trends", "T", "go_to_section('trends')", N_("Trends"), "T", show=False),
    ),
)

SEARCH = KeyGroup(
    N_("search"),
    (
        _k("search.close", "escape", "close", N_("Close"), show=True),
        _k("search.open", "enter", "open", N_("Open"), show=True),
        _k("search.order", "ctrl+o", "toggle_order", N_("Order"), show=True),
        _k("search.results", "down", "results_first", N_("Results"), show=False),
        _k("search.results_last", "up", "results_last", N_("Last result"), show=False),
        _k("search.focus_input", "ctrl+l", "focus_input", N_("Edit query"), show=False),
        _k("search.save_search", "ctrl+s", "save_search", N_("Save as trend"), show=False),
    ),
)

BOOKMARKS = KeyGroup(
    N_("bookmarks"),
    (
        _k("bookmarks.jump", "enter", "jump", N_("Jump"), show=True),
        _k("bookmarks.filter", "slash", "filter", N_("Filter"), "/", show=True),
        _k("bookmarks.edit", "e", "edit", N_("Edit note"), show=True),
        _k("bookmarks.delete", "d", "delete", N_("Delete"), show=True),
        _k("bookmarks.undo", "u", "undo", N_("Undo delete"), show=False),
        _k("bookmarks.accept", "a", "accept", N_("Accept passage"), show=False),
        _k("bookmarks.close", "escape,q", "close", N_("Close"), show=True),
        _k("bookmark_list.down", "down,j", "cursor_down", N_("Next bookmark"), show=False),
        _k("bookmark_list.up", "up,k", "cursor_up", N_("Previous bookmark"), show=False),
        _k("bookmark_list.page_down", "pagedown", "page_down", N_("Page down"), show=False),
        _k("bookmark_list.page_up", "pageup", "page_up", N_("Page up"), show=False),
        _k("bookmark_list.first", "home,g", "first", N_("First bookmark"), show=False),
        _k("bookmark_list.last", "end,G", "last", N_("Last bookmark"), show=False),
    ),
)

TRENDS = KeyGroup(
    N_("trend"),
    (
        _k("trend.close", "escape,q", "close", N_("Close"), show=True),
        _k("trend.share", "s", "toggle_share", N_("Share/passages"), show=True),
        _k("trend.accept", "a", "accept", N_("Accept trend"), show=True),
        _k("trend.rename", "r", "rename", N_("Rename"), show=True),
        _k("trend.aliases", "A", "edit_aliases", N_("Aliases"), show=True),
        _k("trend.delete", "d", "delete", N_("Delete trend"), show=True),
    ),
)

GROUPS: tuple[KeyGroup, ...] = (APP, READER, SEARCH, BOOKMARKS, TRENDS)
"""The keys of the main screen, the reading pane and the screens (``tests/test_keys_help.py``
checks them against the TUI's bindings)."""

BOOKMARK_DIALOG = KeyGroup(
    N_("bookmark dialog"),
    (
        _k("bookmark_dialog.save", "enter", "save", N_("Save"), show=True),
        _k("bookmark_dialog.cancel", "escape", "cancel", N_("Cancel"), show=True),
        _k("bookmark_dialog.editor", "ctrl+o", "edit_in_editor", N_("Edit in $EDITOR"), show=True),
    ),
)

ADD_DIALOG = KeyGroup(
    N_("add dialog"),
    (_k("add_dialog.cancel", "escape", "cancel", N_("Cancel"), show=True),),
)

TREND_DIALOGS = KeyGroup(
    N_("trend dialogs"),
    (
        _k("trend_input.cancel", "escape", "cancel", N_("Cancel"), show=True),
        _k("trend_confirm.yes", "y,enter", "answer(True)", N_("Delete"), show=True),
        _k("trend_confirm.no", "n,escape", "answer(False)", N_("Keep"), show=True),
    ),
)

HELP = KeyGroup(
    N_("help"),
    (_k("help.close", "escape,q,question_mark", "dismiss", N_("Close"), "esc q ?", show=True),),
)

DIALOGS: tuple[KeyGroup, ...] = (SIDEBAR, BOOKMARK_DIALOG, ADD_DIALOG, TREND_DIALOGS, HELP)
"""The keys of the sidebar and the dialogs (their own test: ``tests/tui/test_help_keys.py``)."""

MOUSE = KeyGroup(
    N_("mouse and focus"),
    (
        _k("", "tab", "", N_("Next pane (sidebar, reader, results)"), "tab shift+tab", show=False),
        _k("", "", "", N_("Open a report or a trend"), N_("click in the sidebar"), show=False),
        _k("", "", "", N_("Put the cursor on a passage"), N_("click a passage"), show=False),
        _k("", "", "", N_("Scroll"), N_("mouse wheel"), show=False),
        _k("", "", "", N_("Run a key"), N_("click it in the footer"), show=False),
        _k("", "", "", N_("Command palette"), N_("click ≡ in the header"), show=False),
    ),
)
"""What is done without a binding of ours: Textual's focus keys and the mouse."""


def help_groups() -> tuple[KeyGroup, ...]:
    """Every group the help shows, in its order: the screens, the dialogs, mouse and focus."""
    return (GROUPS[0], GROUPS[1], SIDEBAR, *GROUPS[2:], *DIALOGS[1:], MOUSE)


_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def display_keys(key: KeyHelp) -> str:
    """The keys as a reader types them: ``j down``, ``/``, ``ctrl+f`` (a mouse gesture in the
    interface's language)."""
    if key.key_display:
        return _(key.key_display) if not key.keys else key.key_display
    return " ".join(_NAMES.get(name, name) for name in key.keys.split(","))


def key_rows(*, mouse: bool = False) -> list[tuple[str, str, str]]:
    """(where, keys, does) for every key, translated into the interface's language now
    (``mouse``: with the mouse and focus rows, whose gestures are words, translated too)."""
    return [
        (_(group.name), display_keys(key), _(key.description))
        for group in help_groups()
        if group is not MOUSE or mouse
        for key in group.keys
    ]
