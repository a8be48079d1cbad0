"""The help's data for the sidebar and the dialogs is their real bindings, the footer keeps
``?`` at 80 columns, and the palette has one entry per command."""

from __future__ import annotations

from textual.binding import Binding

from tests.tui.pilot_helpers import chrome_ready, rendered_screen
from trendreader.keys_help import DIALOGS, KeyGroup

KEY_001 = "001_e66a1ed0cdcaae93"


def real_bindings() -> list[Binding]:
    from trendreader.tui.screens.add_dialog import AddDialog
    from trendreader.tui.screens.bookmark_dialog import BookmarkDialog
    from trendreader.tui.screens.help import HelpScreen
    from trendreader.tui.screens.trend import ConfirmDelete, TrendInput
    from trendreader.tui.widgets.sidebar import LibrarySidebar

    owners = (LibrarySidebar, BookmarkDialog, AddDialog, TrendInput, ConfirmDelete, HelpScreen)
    return [b for owner in owners for b in vars(owner)["BINDINGS"] if isinstance(b, Binding)]


def test_the_dialogs_keys_in_the_help_are_their_bindings() -> None:
    data = {key.id: key for group in DIALOGS for key in group.keys}
    real = {binding.id: binding for binding in real_bindings()}
    assert set(data) == set(real)
    for key_id, binding in real.items():
        key = data[key_id]
        assert (key.keys, key.action, key.description) == (
            binding.key,
            binding.action,
            binding.description,
        ), key_id


def test_help_groups_hold_no_textual_internals() -> None:
    from trendreader.keys_help import help_groups

    words = {key.description for group in help_groups() for key in group.keys}
    assert not words & {"Scroll Left", "Cursor to next ancestor", "Toggle node", "Scroll Up"}
    assert all(isinstance(group, KeyGroup) and group.keys for group in help_groups())


async def test_the_footer_shows_the_help_key_at_80_columns(make_app) -> None:
    app = make_app(open_key=KEY_001)
    async with app.run_test(size=(80, 24)) as pilot:
        await chrome_ready(pilot)
        footer = rendered_screen(app).splitlines()[-1]
        assert footer.lstrip().startswith("? Keys"), footer
        assert "B Bookmarks" in footer  # nothing cut


async def test_one_palette_entry_per_command(make_app) -> None:
    app = make_app(open_key=KEY_001)
    async with app.run_test(size=(120, 40)) as pilot:
        await chrome_ready(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles
        assert titles.count("Keys") == 1
