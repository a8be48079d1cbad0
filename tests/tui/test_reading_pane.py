"""Pilot tests for the reading pane (a Line-API ScrollView)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.app import App, ComposeResult
from textual.events import Resize
from textual.strip import Strip

from tests.conftest import seed_path
from trendreader.library.model import PassageKind
from trendreader.library.parse import read_edition
from trendreader.tui.widgets.reading_pane import CURSOR_GLYPH, MARK_GLYPH, ReadingPane
from trendreader.typeset.layout import EAGER_CHARS, DisplayPassage

H, P = PassageKind.HEADING, PassageKind.PARAGRAPH


class PaneApp(App[None]):
    """The pane alone: it carries its own styles (``DEFAULT_CSS``)."""

    def __init__(self, passages: Sequence[DisplayPassage], cursor: int = 0) -> None:
        super().__init__()
        self.passages = passages
        self.start_cursor = cursor
        self.moves: list[int] = []

    def compose(self) -> ComposeResult:
        yield ReadingPane()

    def on_mount(self) -> None:
        pane = self.query_one(ReadingPane)
        pane.show(self.passages, cursor=self.start_cursor)
        pane.focus()

    def on_reading_pane_cursor_moved(self, message: ReadingPane.CursorMoved) -> None:
        self.moves.append(message.index)


def seed_passages(prefix: str = "000") -> list[DisplayPassage]:
    edition = read_edition(seed_path(prefix))
    return [DisplayPassage.from_passage(p) for p in edition.passages]


def sectioned(count: int = 60) -> list[DisplayPassage]:
    """Sections of one heading and four paragraphs of real text."""
    texts = [p.text for p in seed_passages() if p.kind == P and len(p.text) > 20]
    out = []
    for k in range(count):
        if k % 5 == 0:
            out.append(DisplayPassage(H, f"第{k // 5 + 1}节 Section {k // 5 + 1}", level=2))
        else:
            out.append(DisplayPassage(P, texts[k % len(texts)]))
    return out


def visible(pane: ReadingPane, index: int) -> bool:
    layout = pane.layout_model
    assert layout is not None
    y, height = round(pane.scroll_y), pane.scrollable_content_region.height
    return layout.text_top(index) < y + height and layout.text_bottom(index) >= y


def screen_row(pane: ReadingPane, index: int) -> int:
    layout = pane.layout_model
    assert layout is not None
    return layout.text_top(index) - round(pane.scroll_y)


def cells(strip: Strip) -> list[tuple[str, Style]]:
    """One (character, style) entry per cell; a wide character's second cell is ""."""
    out: list[tuple[str, Style]] = []
    for segment in strip:
        style = segment.style or Style()
        for char in segment.text:
            out.append((char, style))
            out.extend(("", style) for _ in range(cell_len(char) - 1))
    return out


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_keys_move_the_cursor(size: tuple[int, int]) -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(ReadingPane)
        assert pane.cursor == 0
        await pilot.press("j", "down", "j")
        assert pane.cursor == 3
        await pilot.press("k", "up")
        assert pane.cursor == 1
        await pilot.pause()
        assert app.moves == [1, 2, 3, 2, 1]
        await pilot.press("up", "up")
        assert pane.cursor == 0  # clamped at the top


async def test_cursor_kept_visible_while_moving() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        for _ in range(40):
            await pilot.press("j")
            assert visible(pane, pane.cursor)
        assert pane.cursor == 40
        assert pane.scroll_y > 0
        for _ in range(40):
            await pilot.press("k")
            assert visible(pane, pane.cursor)
        assert pane.cursor == 0
        assert pane.scroll_y == 0


async def test_paging() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        layout = pane.layout_model
        assert layout is not None
        height = pane.scrollable_content_region.height
        await pilot.press("space")
        assert pane.scroll_y == height
        expected = layout.first_starting_in(height, 2 * height)
        assert expected is not None
        assert pane.cursor == expected
        await pilot.press("pagedown")
        assert pane.scroll_y == 2 * height
        assert layout.text_top(pane.cursor) >= 2 * height
        assert visible(pane, pane.cursor)
        await pilot.press("pageup")
        assert pane.scroll_y == height
        assert pane.cursor == expected
        await pilot.press("pageup", "pageup")
        assert pane.scroll_y == 0
        assert pane.cursor == 0


async def test_page_down_at_the_end_goes_to_last_passage() -> None:
    app = PaneApp(sectioned(20))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        for _ in range(30):
            await pilot.press("pagedown")
        assert pane.scroll_y == pane.max_scroll_y
        assert pane.cursor == 19


async def test_home_and_end() -> None:
    passages = sectioned()
    app = PaneApp(passages)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.press("G")
        assert pane.cursor == len(passages) - 1
        assert pane.scroll_y == pane.max_scroll_y > 0
        assert visible(pane, pane.cursor)
        await pilot.press("g")
        assert (pane.cursor, pane.scroll_y) == (0, 0)
        await pilot.press("end")
        assert pane.cursor == len(passages) - 1
        await pilot.press("home")
        assert (pane.cursor, pane.scroll_y) == (0, 0)


async def test_sections() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        layout = pane.layout_model
        assert layout is not None
        await pilot.press("right_square_bracket")
        assert pane.cursor == 5
        assert screen_row(pane, 5) == 0  # heading at the top of the view
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert pane.cursor == 15
        await pilot.press("j", "j")
        await pilot.press("left_square_bracket")
        assert pane.cursor == 15  # back to the start of the current section
        await pilot.press("left_square_bracket")
        assert pane.cursor == 10
        for _ in range(20):
            await pilot.press("right_square_bracket")
        assert pane.cursor == 55  # last heading; no further section


async def test_show_with_new_texts_keeps_cursor_row() -> None:
    passages = sectioned()
    app = PaneApp(passages)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        for _ in range(12):
            await pilot.press("j")
        await pilot.press("pagedown", "j")
        cursor = pane.cursor
        row = screen_row(pane, cursor)
        assert 0 <= row < 24
        # Same passages, longer texts (as a script switch can make them): every passage above
        # the cursor grows, yet the cursor passage stays on its row.
        longer = [DisplayPassage(p.kind, p.text + p.text[:7], p.level) for p in passages]
        pane.show(longer, cursor=cursor, keep_cursor_row=True)
        await pilot.pause()
        assert pane.cursor == cursor
        assert screen_row(pane, cursor) == row
        # Without keep_cursor_row the cursor passage goes to the top.
        pane.show(passages, cursor=cursor)
        await pilot.pause()
        assert screen_row(pane, cursor) == 0


async def test_resize_keeps_cursor_visible() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ReadingPane)
        for _ in range(20):
            await pilot.press("j")
        row = screen_row(pane, pane.cursor)
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert pane.measure == 60 - 1 - 3
        assert visible(pane, pane.cursor)
        assert screen_row(pane, pane.cursor) == min(row, screen_row(pane, pane.cursor))


async def test_measure_is_capped_and_centred_on_wide_terminals() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        content = pane.scrollable_content_region.width
        assert pane.measure == ReadingPane.MAX_MEASURE == 80
        assert pane.left_margin == (content - 3 - 80) // 2
        margin = pane.left_margin
        for y in range(40):
            text = pane.render_line(y).text
            assert text[:margin].strip() == ""
            assert text[margin + 3 + 80 :].strip() == ""
        # The cursor bar sits right after the margin.
        assert pane.render_line(0).text[margin] == CURSOR_GLYPH


async def test_narrow_terminal_uses_narrower_measure() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(80, 24)):
        pane = app.query_one(ReadingPane)
        assert pane.measure == 80 - 1 - 3  # scrollbar and gutter
        assert pane.left_margin == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_strips_never_wider_than_the_widget(size: tuple[int, int]) -> None:
    app = PaneApp(seed_passages("004"))
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(ReadingPane)
        for _ in range(6):
            for y in range(size[1]):
                strip = pane.render_line(y)
                assert strip.cell_length == pane.scrollable_content_region.width
                assert strip.cell_length <= pane.size.width
            await pilot.press("pagedown")


async def test_emphasis_and_highlight_land_on_the_right_cells() -> None:
    text = "新一代AI芯片与GPU市场"
    passage = DisplayPassage(P, text, emphasis=((5, 7),), highlights=((8, 11),))
    app = PaneApp([passage])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        grid = cells(pane.render_line(0))
        start = 3 + 4  # gutter + first-line indent
        shown = "".join(char for char, _ in grid[start:])
        assert shown.rstrip() == text
        highlight = pane.get_component_rich_style("reading-pane--highlight")
        assert highlight.bgcolor is not None

        def cell_of(offset: int) -> int:
            return start + cell_len(text[:offset])

        for offset in range(len(text)):
            _, style = grid[cell_of(offset)]
            assert bool(style.bold) == (5 <= offset < 7), text[offset]
            assert (style.bgcolor == highlight.bgcolor) == (8 <= offset < 11), text[offset]
        assert cell_of(5) == start + 8  # 新一代 = 6 cells, AI = 2
        assert grid[cell_of(8)][0] == "G"


async def test_gutter_marks_cursor_lines_and_bookmarks() -> None:
    long = "中" * 100
    passages = [DisplayPassage(P, long, marked=True), DisplayPassage(P, long)]
    app = PaneApp(passages)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        rows = [pane.render_line(y).text for y in range(8)]
        layout = pane.layout_model
        assert layout is not None
        first = range(layout.text_top(0), layout.text_bottom(0) + 1)
        for y, row in enumerate(rows):
            assert (row[0] == CURSOR_GLYPH) == (y in first), (y, row)
        assert rows[0][1] == MARK_GLYPH
        assert rows[1][1] == " "
        await pilot.press("j")
        rows = [pane.render_line(y).text for y in range(8)]
        assert rows[0][0] == " "
        assert rows[layout.text_top(1)][0] == CURSOR_GLYPH


async def test_markup_in_text_is_shown_literally() -> None:
    text = "[bold]不是标记[/bold] [link=x]y[/link]"
    app = PaneApp([DisplayPassage(P, text)])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        assert pane.render_line(0).text[7:].rstrip() == text


async def test_free_scroll_drags_the_cursor_along() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        pane.scroll_to(y=60, animate=False)
        await pilot.pause()
        assert visible(pane, pane.cursor)
        assert pane.cursor > 0


async def test_scroll_to_passage() -> None:
    app = PaneApp(sectioned())
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.scroll_to_passage(33, top=True)
        await pilot.pause()
        assert pane.cursor == 33
        assert screen_row(pane, 33) == 0
        pane.scroll_to_passage(36)
        await pilot.pause()
        assert pane.cursor == 36 and visible(pane, 36)


async def test_initial_cursor_is_scrolled_to_top() -> None:
    app = PaneApp(sectioned(), cursor=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        assert pane.cursor == 30
        assert screen_row(pane, 30) == 0


async def test_the_first_frame_already_shows_the_text() -> None:
    """The pane lays out when it is first drawn, not a frame later on its Resize event."""
    laid_out_at_first_resize: list[bool] = []

    class Pane(ReadingPane):
        def on_resize(self, event: Resize) -> None:
            if not laid_out_at_first_resize:
                laid_out_at_first_resize.append(self.layout_model is not None)
            super().on_resize(event)

    class App1(PaneApp):
        def compose(self) -> ComposeResult:
            yield Pane()

    app = App1(seed_passages())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert laid_out_at_first_resize == [True]
        assert "幾乎每年" in "".join(
            app.query_one(ReadingPane).render_line(y).text for y in range(24)
        )


async def test_short_report_is_wrapped_whole_right_after_the_first_frame() -> None:
    """The first frame wraps only what is on screen; the rest follows, nothing moves."""
    passages = sectioned(120)
    app = PaneApp(passages, cursor=40)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        first_layout = pane.layout_model
        assert first_layout is not None
        assert not first_layout.is_realized(len(passages) - 1)  # the far end waits
        await pilot.pause()
        await pilot.pause()
        layout = pane.layout_model
        assert layout is first_layout and layout.exact
        assert pane.virtual_size.height == layout.height
        assert screen_row(pane, 40) == 0  # the cursor passage did not move


async def test_large_report_is_wrapped_lazily_and_stays_consistent() -> None:
    base = seed_passages("001")
    passages: list[DisplayPassage] = []
    while sum(len(p.text) for p in passages) <= 3 * EAGER_CHARS:
        passages.extend(base)
    app = PaneApp(passages)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ReadingPane)
        layout = pane.layout_model
        assert layout is not None
        assert not layout.exact  # only what was looked at is wrapped
        assert not layout.is_realized(len(passages) // 2)
        await pilot.press("G")
        await pilot.pause()
        assert pane.cursor == len(passages) - 1
        assert visible(pane, pane.cursor)
        assert pane.virtual_size.height == layout.height
        # The very end of the report is on the last row.
        assert pane.render_line(23).text.rstrip().endswith(passages[-1].text[-6:])
        await pilot.press("g")
        for _ in range(10):
            await pilot.press("pagedown")
            assert visible(pane, pane.cursor)
        assert pane.virtual_size.height == layout.height


def test_bindings_have_ids_and_descriptions() -> None:
    bindings = ReadingPane.BINDINGS
    keys = {key for binding in bindings for key in binding.key.split(",")}  # type: ignore[union-attr]
    assert {"j", "down", "k", "up", "space", "pagedown", "pageup", "g", "home", "G", "end"} <= keys
    assert {"left_square_bracket", "right_square_bracket"} <= keys
    assert "b" not in keys
    for binding in bindings:
        assert binding.id and binding.id.startswith("reading_pane.")  # type: ignore[union-attr]
        assert binding.description  # type: ignore[union-attr]
