"""What ``t`` and ``e`` draw again, drawn right: the sidebar's titles in the new script (also
the lines off screen at the switch), the header's new title, the reading pane's scrollbar for
the new texts (with and without a layout of the screen)."""

from __future__ import annotations

from rich.style import Style
from textual.widgets._header import HeaderTitle

from tests.tui.pilot_helpers import chrome_ready, until
from tests.tui.test_reading_pane import PaneApp, sectioned
from trendreader.script.variants import Variant
from trendreader.tui.widgets.reading_pane import ReadingPane
from trendreader.tui.widgets.sidebar import LibrarySidebar

KEY_001 = "001_e66a1ed0cdcaae93"  # 简体, two editions (000 is 繁體)


def report_lines(sidebar: LibrarySidebar) -> dict[int, str]:
    """Each report's line in the tree (from the top) and its label as drawn now."""
    out = {}
    for y in range(sidebar.virtual_size.height):
        node = sidebar.get_node_at_line(y)
        if node is not None and node.data is not None and node.data.kind == "report":
            out[y] = sidebar.render_label(node, Style(), Style()).plain
    return out


async def drawn(pilot, sidebar: LibrarySidebar, y: int) -> str:
    """Line ``y`` of the tree as it is drawn, scrolled into view first."""
    sidebar.scroll_to(y=max(0, y - sidebar.size.height + 1), animate=False, immediate=True)
    await pilot.pause()
    return sidebar.render_line(y - round(sidebar.scroll_offset.y)).text


async def test_titles_scrolled_into_view_after_t_are_in_the_new_script(make_app) -> None:
    app = make_app(open_key=KEY_001, ui="en")  # the sections' names stay: only titles change
    app.INDEX_DELAY = 3600.0
    async with app.run_test(size=(120, 8)) as pilot:  # a tree taller than its 6 lines
        await chrome_ready(pilot)
        sidebar = app.sidebar
        before = report_lines(sidebar)
        assert max(before) >= sidebar.size.height  # some reports are off screen at the top
        for y, label in before.items():  # every line drawn (kept by the tree) in 原文
            assert label in await drawn(pilot, sidebar, y)
        sidebar.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        # 简体: the titles written in 繁體 (at the bottom, off screen) change; 繁體: the others
        for variant in (Variant.SIMPLIFIED, Variant.TRADITIONAL):
            app.set_variant(variant)
            await pilot.pause()
            after = report_lines(sidebar)
            assert after != before  # some titles read otherwise
            for y, label in after.items():
                assert label in await drawn(pilot, sidebar, y)
            sidebar.scroll_home(animate=False, immediate=True)
            await pilot.pause()
        app.set_variant(Variant.ORIGINAL)  # and back: 原文 again, not a kept line
        await pilot.pause()
        for y, label in before.items():
            assert label in await drawn(pilot, sidebar, y)


async def test_the_header_shows_the_title_after_t_and_e(make_app) -> None:
    app = make_app(open_key=KEY_001)
    app.INDEX_DELAY = 3600.0
    async with app.run_test(size=(120, 30)) as pilot:
        await chrome_ready(pilot)
        title = app.screen.query_one(HeaderTitle)

        def shown() -> str:
            return str(title.render_line(0).text) if title.size.height else ""

        await until(pilot, lambda: "edition 2/2" in shown(), "the header drawn")
        size = title.size
        await pilot.press("e")
        await until(pilot, lambda: "edition 1/2" in shown(), "the other edition's header")
        await pilot.press("t")
        await until(pilot, lambda: app.variant.label in shown(), "the script's header")
        assert title.size == size and size.height == 1  # its size never depends on the title


def texts(count: int) -> list:
    return sectioned(count)


async def test_the_scrollbar_follows_new_texts() -> None:
    app = PaneApp(texts(60))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()

        async def settled() -> None:
            await until(pilot, lambda: pane.layout_model.exact, "wrapped whole")
            await pilot.pause()

        await settled()
        assert pane.show_vertical_scrollbar
        for count in (30, 90):  # shorter, then longer: a scrollbar before and after
            pane.show(texts(count))
            await settled()
            height = pane.layout_model.height
            assert pane.virtual_size.height == height
            assert pane.vertical_scrollbar.window_virtual_size == height
            assert pane.max_scroll_y == height - pane.scrollable_content_region.height
            await pilot.press("G")
            await pilot.pause()
            assert pane.cursor == count - 1 and round(pane.scroll_y) == pane.max_scroll_y
            await pilot.press("g")
        pane.show(texts(2))  # fits: the scrollbar goes (a layout)
        await settled()
        assert not pane.show_vertical_scrollbar
        pane.show(texts(60))  # and comes back
        await settled()
        assert pane.show_vertical_scrollbar
        assert pane.vertical_scrollbar.window_virtual_size == pane.layout_model.height
