"""The hostile corpus through every TUI surface (issue 11).

The app is started on a library of hostile reports (markup in titles and headings, escape
sequences in file names, bodies and sidecars, bidi overrides), then every surface is visited:
sidebar, header, reading pane, search results, saving a search with markup as a trend, the
trend view, the command palette, notifications. After each step the whole screen is rendered
and checked: no ESC or C1 byte in any segment, no link or ``@click`` action in any style (that
would mean a label was parsed as markup), and the markup text is on screen as typed.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App
from textual.widgets import Input, Label, Static, Tree
from textual.widgets._toast import Toast

from tests.hostile import MARKUP_CLICK, MARKUP_CLOSE, OSC52, write_hostile_library
from tests.tui.pilot_helpers import Notes, chrome_ready, until
from trendreader.library.catalog import load_library
from trendreader.library.sanitize import plain
from trendreader.paths import AppPaths
from trendreader.tui.app import TrendReaderApp

SIZE = (160, 48)


def screen_text(app: App) -> str:
    """Render the current screen and check every segment; return its text."""
    strips = app.screen._compositor.render_strips()
    lines = []
    for strip in strips:
        for segment in strip:
            assert "\x1b" not in segment.text, repr(segment.text)
            assert not any("\x80" <= c <= "\x9f" for c in segment.text), repr(segment.text)
            assert not any(c in "\u202a\u202b\u202c\u202d\u202e" for c in segment.text)
            style = segment.style
            if style is not None:
                assert not style.link, (segment.text, style.link)
                assert "@click" not in style.meta, style.meta  # a markup action
        lines.append(strip.text)
    return "\n".join(lines)


def markup_strings(app: App) -> list[tuple[str, str]]:
    """Widgets of ours (or Textual's plain Static/Label) given a string parsed as markup.

    Textual's own internal widgets (the Select arrows) hold constant strings and are left out.
    """
    found = []
    for screen in app.screen_stack:
        for widget in screen.walk_children():
            kind = type(widget)
            ours = not kind.__module__.startswith("textual.") or kind in (Static, Label)
            content = getattr(widget, "content", None) if isinstance(widget, Static) else None
            if ours and isinstance(content, str) and content and widget._render_markup:
                found.append((kind.__name__, content[:40]))
    return found


def tree_labels(app: TrendReaderApp) -> list[Text]:
    tree = app.query_one(Tree)
    labels: list[Text] = []
    stack = [tree.root]
    while stack:
        node = stack.pop()
        labels.append(node.label)
        stack.extend(node.children)
    return labels


def hostile_app(tmp_path: Path, app_paths: AppPaths, open_key: str | None) -> TrendReaderApp:
    folder = tmp_path / "hostile"
    write_hostile_library(folder)
    library = load_library([folder])
    return TrendReaderApp(paths=app_paths, library=library, open_key=open_key)


async def test_every_surface_shows_hostile_text_literally(
    tmp_path: Path, app_paths: AppPaths
) -> None:
    app = hostile_app(tmp_path, app_paths, "title_markup")
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        # Sidebar: every label is Text, never a markup string, and shows markup literally.
        labels = tree_labels(app)
        assert all(isinstance(label, Text) for label in labels)
        plain_labels = [label.plain for label in labels]
        assert any("标题 [/] 闭合" in label for label in plain_labels), plain_labels
        assert any("[bold red]x" in label for label in plain_labels), plain_labels
        # Header and pane: the title and the click-heading are text on screen
        shown = screen_text(app)
        assert "标题 [/] 闭合" in shown
        assert "[@click=app.quit]点我退出[/]" in shown
        assert app.is_running
        assert markup_strings(app) == []
        for key in ("B", "question_mark"):  # the bookmarks and help screens
            await pilot.press(key)
            await pilot.pause(0.3)
            screen_text(app)
            assert markup_strings(app) == [], key
            await pilot.press("escape")
            await pilot.pause(0.2)
        # Open each hostile report: header and pane stay safe
        for report in app.library.reports:
            app.open_report(report.key)
            await pilot.pause()
            screen_text(app)
        # A click on the click-heading does nothing but move the cursor
        app.open_report("title_markup")
        await pilot.pause()
        await pilot.click("ReadingPane", offset=(40, 5))
        await pilot.pause()
        assert app.is_running


async def test_search_and_a_trend_named_with_markup(tmp_path: Path, app_paths: AppPaths) -> None:
    app = hostile_app(tmp_path, app_paths, "title_markup")
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        await until(pilot, lambda: app.index_ready, "the index is ready")
        await pilot.press("slash")
        await until(pilot, lambda: bool(app.screen.query(Input)), "the search screen")
        query = f"芯片{MARKUP_CLOSE}"
        app.screen.query_one(Input).value = query
        await pilot.pause(0.5)
        shown = screen_text(app)
        assert "芯片[/]" in shown  # the query as typed, in the input
        assert markup_strings(app) == []
        await pilot.press("ctrl+s")  # save the query as a trend: its name holds [/]
        from trendreader.tui.screens.trend import TrendInput

        await until(pilot, lambda: isinstance(app.screen, TrendInput), "name dialog", 5)
        screen_text(app)  # the proposed name, shown literally
        await pilot.press("enter")
        await pilot.pause(0.3)
        screen_text(app)
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause(0.3)
        labels = [label.plain for label in tree_labels(app)]
        assert any("[/]" in label for label in labels if "芯片" in label), labels
        screen_text(app)
        # The trend view of the trend named with markup
        from trendreader.tui.screens.trend import TrendScreen
        from trendreader.tui.widgets.sidebar import LibrarySidebar

        app.sidebar.post_message(LibrarySidebar.TrendChosen(query))
        await until(pilot, lambda: isinstance(app.screen, TrendScreen), "the trend view")
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "芯片[/]" in shown
        await pilot.press("escape")
        assert app.is_running


async def test_palette_shows_titles_literally(tmp_path: Path, app_paths: AppPaths) -> None:
    app = hostile_app(tmp_path, app_paths, None)
    async with app.run_test(size=SIZE) as pilot:
        await chrome_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"标题")
        await pilot.pause(0.5)
        shown = screen_text(app)
        assert "标题 [/] 闭合" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_notifications_are_cleaned_and_not_markup(
    tmp_path: Path, app_paths: AppPaths
) -> None:
    app = hostile_app(tmp_path, app_paths, None)
    notes = Notes()
    async with app.run_test(size=SIZE, notifications=True, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        app.notify(f"{OSC52} {MARKUP_CLICK} {MARKUP_CLOSE}", title=MARKUP_CLOSE)
        app.screen.notify(f"screen {MARKUP_CLOSE}")
        await pilot.pause(0.3)
        posted = notes.notifications
        assert [n.markup for n in posted] == [False, False]
        assert [str(n.message) for n in posted] == [
            f"T {MARKUP_CLICK} {MARKUP_CLOSE}",
            f"screen {MARKUP_CLOSE}",
        ]
        await until(pilot, lambda: len(app.screen.query(Toast)) == 2, "two toasts")
        toasts = list(app.screen.query(Toast))
        shown = " ".join(str(toast.render()) for toast in toasts)
        assert MARKUP_CLICK in shown and "screen [/]" in shown and "\x1b" not in shown
        screen_text(app)
        assert app.is_running


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_any_text_as_a_label_is_shown_as_typed(text: str) -> None:
    """Whatever a title holds, the label is cleaned plain text: no markup, no controls."""
    label = plain(text)
    assert isinstance(label, Text)
    assert not label.spans  # nothing was parsed into styles
    assert "\x1b" not in label.plain and "\n" not in label.plain
    for char in label.plain:
        assert not ("\x00" <= char < " " or "\x7f" <= char <= "\x9f"), repr(char)
