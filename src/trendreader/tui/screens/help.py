"""``?``: every key, grouped by where it works, from the data the bindings are built from
(:mod:`trendreader.keys_help`): the screen on top first, then the others, the dialogs, the
mouse and focus keys. No Textual internals; the words in the interface's language."""

from __future__ import annotations

from functools import partial

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trendreader import keys_help
from trendreader.i18n import N_, _, current_locale
from trendreader.keys_help import KeyGroup, display_keys
from trendreader.tui.bindings import binding_list
from trendreader.tui.kept_screens import KeptScreen


def ordered_groups(first: str | None = None) -> list[KeyGroup]:
    """Every help group, the one named ``first`` (the screen on top) first."""
    groups = list(keys_help.help_groups())
    chosen = [g for g in groups if g.name == first]
    return chosen + [g for g in groups if g.name != first]


def help_table(groups: list[KeyGroup]) -> Table:
    """One section per group: its name, then (keys, what they do), translated now."""
    table = Table(title=_("trendreader keys"), expand=True, show_edge=False, show_header=False)
    table.add_column(_("key"), style="bold", no_wrap=True, ratio=1)
    table.add_column(_("does"), ratio=3)
    for n, group in enumerate(groups):
        if n:
            table.add_row("", "")
        table.add_row(Text(_(group.name), style="bold underline"), "")
        for key in group.keys:
            table.add_row(Text(display_keys(key)), Text(_(key.description)))
    return table


HINT = N_("escape closes · ctrl+p opens the command palette")


class HelpScreen(KeptScreen, ModalScreen[None]):
    """A table of every key, grouped by screen; escape, q or ? closes it."""

    BINDINGS = binding_list(keys_help.HELP)

    def __init__(self, first: str | None = None) -> None:
        """``first``: the name of the group of the screen the help was opened from."""
        super().__init__()
        self.first = first
        self._shown = (first, current_locale())  # what the table on screen is for

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_table(ordered_groups(self.first)), id="help-table")
        yield Static(Text(_(HINT)), id="help-footer")

    def reopened(self) -> None:
        """Pushed again (kept: :mod:`..kept_screens`): the table made again only if it is
        for another screen's keys or the interface's language changed; scrolled to the top."""
        first = self.first
        shown = (first, current_locale())
        if shown != self._shown:
            self._shown = shown
            self.query_one("#help-table", Static).update(help_table(ordered_groups(first)))
            self.query_one("#help-footer", Static).update(Text(_(HINT)))
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)


SCREEN_GROUPS = {
    "SearchScreen": keys_help.SEARCH.name,
    "BookmarksScreen": keys_help.BOOKMARKS.name,
    "TrendScreen": keys_help.TRENDS.name,
}
"""The help group of each screen (by class name: the screens are imported only when used)."""


def open_help(app: App[object]) -> None:
    """The help, the keys of the screen on top first (the screen is kept between opens:
    :mod:`trendreader.tui.kept_screens`)."""
    app.push_screen(help_screen(app, SCREEN_GROUPS.get(type(app.screen).__name__)))


def help_screen(app: App[object], first: str | None = None) -> HelpScreen:
    """The help screen (kept: made once), to show the keys of group ``first`` first (the
    reader's keys if None)."""
    from trendreader.tui.kept_screens import kept_screen

    first = first or keys_help.APP.name
    screen = kept_screen(app, "help", HelpScreen, lambda _kept: True, partial(HelpScreen, first))
    screen.first = first  # a kept one shows its keys first when it is up
    return screen
