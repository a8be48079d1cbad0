"""The keys ``trendreader help keys`` prints are the TUI's own bindings, one for one."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from trendreader.keys_help import GROUPS, KeyHelp, display_keys, key_rows


def tui_bindings() -> list[Binding]:
    from trendreader.tui.bindings import APP_BINDINGS
    from trendreader.tui.screens.bookmarks import BookmarksScreen
    from trendreader.tui.screens.search import SearchScreen
    from trendreader.tui.screens.trend import TrendScreen
    from trendreader.tui.widgets.bookmark_list import BookmarkList
    from trendreader.tui.widgets.reading_pane import ReadingPane

    found = list(APP_BINDINGS)
    for owner in (ReadingPane, SearchScreen, BookmarksScreen, BookmarkList, TrendScreen):
        found += [b for b in vars(owner).get("BINDINGS", []) if isinstance(b, Binding)]
    return found


def ours() -> dict[str, KeyHelp]:
    return {key.id: key for group in GROUPS for key in group.keys}


def test_every_tui_binding_is_in_the_help_data_as_it_is() -> None:
    data = ours()
    for binding in tui_bindings():
        assert binding.id in data, binding
        key = data[binding.id]
        assert (key.keys, key.action, key.description, key.show) == (
            binding.key,
            binding.action,
            binding.description,
            binding.show,
        ), binding.id
        if binding.key_display:
            assert key.key_display == binding.key_display


def test_the_help_data_holds_no_binding_the_tui_lacks() -> None:
    assert set(ours()) == {b.id for b in tui_bindings()}


@pytest.mark.parametrize(
    ("keys", "display", "shown"),
    [("j,down", None, "j down"), ("slash", "/", "/"), ("left_square_bracket", None, "[")],
)
def test_keys_are_shown_as_typed(keys: str, display: str | None, shown: str) -> None:
    assert display_keys(KeyHelp("x", keys, "a", "d", display)) == shown


def test_rows_translate_when_asked() -> None:
    from trendreader import i18n

    english = key_rows()
    assert ("anywhere", "q", "Quit") in english
    i18n.use("zh_Hans")
    try:
        chinese = key_rows()
    finally:
        i18n.use("en")
    assert len(chinese) == len(english)
    assert [row[1] for row in chinese] == [row[1] for row in english]  # keys stay as typed
    assert ("任何位置", "q", "退出") in chinese
