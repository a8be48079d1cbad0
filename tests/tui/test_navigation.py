"""Outline, back / forward, a report's place within a session, copy, and the sidebar's
filter and section keys (pilot tests)."""

from __future__ import annotations

from tests.tui.pilot_helpers import Notes, chrome_ready, until
from trendreader.tui.palette_navigation import OutlineScreen
from trendreader.tui.widgets.sidebar import SidebarFilter

KEY_001 = "001_e66a1ed0cdcaae93"
KEY_003 = "003_17c9e8caa8554f56"
KEY_004 = "004_0a39d42c6e4d68c6"


def leaf_labels(node) -> list[str]:
    labels = []
    for child in node.children:
        if child.children:
            labels.extend(leaf_labels(child))
        else:
            labels.append(str(child.label))
    return labels


async def test_outline_marks_the_current_heading_and_enter_jumps(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        app.reader.scroll_to_passage(30)  # under 具身智能 (heading 29)
        await pilot.pause()
        await pilot.press("O")
        await until(pilot, lambda: isinstance(app.screen, OutlineScreen), "the outline")
        outline = app.screen
        options = outline.query_one("#outline-list")
        current = options.get_option_at_index(options.highlighted)
        assert str(current.prompt).startswith("▸ ")
        assert "具身智能" in str(current.prompt)
        assert "空间计算" in str(options.get_option_at_index(1).prompt)
        await pilot.press("down", "enter")  # the next heading: AI助手, passage 48
        await until(pilot, lambda: not isinstance(app.screen, OutlineScreen), "closed")
        await until(pilot, lambda: app.reader.cursor == 48, "jumped to AI助手")
        assert app.session.cursor == 48


async def test_back_and_forward_over_outline_and_report_jumps(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        app.reader.scroll_to_passage(5)
        await pilot.pause()
        from trendreader.tui.history import jump_within

        jump_within(app, 62)  # what the outline does
        await until(pilot, lambda: app.reader.cursor == 62, "at 62")
        app.open_report(KEY_003, cursor=13, exact=True)  # what a search hit or bookmark does
        await until(pilot, lambda: app.session.edition_key == KEY_003, "003 open")
        await pilot.press("alt+left")
        await until(pilot, lambda: app.session.edition_key == KEY_004, "back in 004")
        await until(pilot, lambda: app.reader.cursor == 62, "back at 62")
        await pilot.press("H")
        await until(pilot, lambda: app.reader.cursor == 5, "back at 5")
        await pilot.press("alt+right")
        await until(pilot, lambda: app.reader.cursor == 62, "forward at 62")
        await pilot.press("L")
        await until(pilot, lambda: app.session.edition_key == KEY_003, "forward in 003")
        assert app.reader.cursor == 13


async def test_nothing_behind_says_so(make_app) -> None:
    notes = Notes()
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(100, 30), message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        await pilot.press("alt+left")
        await until(pilot, lambda: "Nothing to go back to." in notes.messages, "a note")


async def test_a_report_reopens_where_it_was_left(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        app.reader.scroll_to_passage(40)
        await pilot.pause()
        app.sidebar.post_message(app.sidebar.ReportChosen(KEY_003))
        await until(pilot, lambda: app.session.edition_key == KEY_003, "003 open")
        assert app.reader.cursor == 0
        app.sidebar.post_message(app.sidebar.ReportChosen(KEY_004))
        await until(pilot, lambda: app.session.edition_key == KEY_004, "004 again")
        await until(pilot, lambda: app.reader.cursor == 40, "at its place")


async def test_y_copies_the_passage_in_the_shown_script_and_Y_a_citation(make_app) -> None:
    from trendreader.script.variants import Variant

    notes = Notes()
    app = make_app(open_key=KEY_004, variant=Variant.TAIWAN)
    async with app.run_test(size=(100, 30), message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        app.reader.scroll_to_passage(29)  # the heading 具身智能
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == "具身智慧"  # Taiwan wording, as shown
        assert any(m.startswith("Copied: 具身智慧") for m in notes.messages)
        await pilot.press("Y")
        assert app.clipboard.startswith("“具身智慧”\n— ")
        assert "《2024，7大機會》" in app.clipboard
        assert "劉潤" in app.clipboard
        assert "Copied a citation of this passage." in notes.messages


async def test_sidebar_filter_narrows_and_escape_restores(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        sidebar = app.sidebar
        reports = sidebar.root.children[0]
        everything = leaf_labels(reports)
        assert len(everything) == 4
        sidebar.focus()
        await pilot.press("f")
        await until(pilot, lambda: bool(app.screen.query(SidebarFilter)), "the filter")
        await pilot.press(*"機會")  # traditional finds simplified too
        await until(pilot, lambda: len(leaf_labels(sidebar.root.children[0])) == 2, "filtered")
        from trendreader.script.fold import fold_for_matching

        kept = leaf_labels(sidebar.root.children[0])
        assert all("机会" in fold_for_matching(label) for label in kept)
        await pilot.press("enter")
        assert sidebar.has_focus
        assert sidebar.cursor_node.data.kind == "report"
        await pilot.press("f", "escape")
        await until(pilot, lambda: not app.screen.query(SidebarFilter), "filter gone")
        assert leaf_labels(sidebar.root.children[0]) == everything


async def test_R_and_T_go_to_reports_and_trends(make_app) -> None:
    app = make_app(open_key=KEY_004)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        await pilot.press("T")
        await until(pilot, lambda: app.sidebar.has_focus, "sidebar focused")
        trends = app.sidebar.root.children[1]
        await until(pilot, lambda: app.sidebar.cursor_node.parent is trends, "on Trends")
        await pilot.press("R")
        await until(pilot, lambda: app.sidebar.cursor_node.data.kind == "report", "a report")


async def test_a_heading_link_jumps_and_back_returns(tmp_path, app_paths) -> None:
    from trendreader.library.catalog import load_library
    from trendreader.tui.app import TrendReaderApp

    folder = tmp_path / "reports"
    folder.mkdir()
    body = "\n\n".join(f"第 {n} 段正文。" for n in range(30))
    (folder / "doc.md").write_text(
        f"# 报告\n\n见[结语](#结语)。\n\n{body}\n\n## 结语\n\n完。\n", encoding="utf-8"
    )
    library = load_library([folder])
    app = TrendReaderApp(paths=app_paths, library=library, open_key=library.reports[0].key)
    async with app.run_test(size=(100, 30)) as pilot:
        await chrome_ready(pilot)
        app.reader.scroll_to_passage(1)  # 见结语。
        await pilot.pause()
        await pilot.press("o")
        heading = next(p.ordinal for p in app.session.edition.passages if p.text == "结语")
        await until(pilot, lambda: app.reader.cursor == heading, "at the heading")
        await pilot.press("alt+left")
        await until(pilot, lambda: app.reader.cursor == 1, "back at the link")
