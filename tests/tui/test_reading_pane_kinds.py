"""The reading pane draws every passage kind, and opens and copies links (pilot tests)."""

from __future__ import annotations

import os
import stat
import sys
import webbrowser
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style

from tests.tui.kinds_fixture import CODE, LINK_TEXT, LINKS, code_table_list, inline_and_markers
from tests.tui.pilot_helpers import Notes, until
from tests.tui.test_reading_pane import PaneApp, cells
from trendreader.library.model import PassageKind
from trendreader.tui.widgets.reading_pane import GUTTER, ReadingPane
from trendreader.typeset.blocks import CODE_CONTINUATION, CODE_PAD
from trendreader.typeset.layout import DisplayPassage

K = PassageKind


def screen(pane: ReadingPane, height: int = 24) -> list[str]:
    return [pane.render_line(y).text for y in range(height)]


def rows_of(pane: ReadingPane, index: int) -> range:
    layout = pane.layout_model
    assert layout is not None
    top = round(pane.scroll_y)
    return range(layout.text_top(index) - top, layout.text_bottom(index) - top + 1)


async def test_code_block_is_verbatim_shaded_and_soft_wrapped() -> None:
    app = PaneApp(code_table_list())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        measure = pane.measure
        code_rows = rows_of(pane, 1)
        texts = [pane.render_line(y).text[GUTTER:] for y in code_rows]
        assert texts[0].strip() == "python"  # the language label line
        sources = CODE.split("\n")
        body = texts[1:]
        # Lines verbatim after the pad: indentation, blank line, * and # kept.
        assert [t[CODE_PAD:].rstrip() for t in body[:4]] == sources[:4]
        # The long last line is soft-wrapped with the continuation mark, nothing lost.
        assert body[5].startswith(CODE_CONTINUATION + " ")
        assert (body[4][CODE_PAD:] + body[5][CODE_PAD:]).rstrip() == sources[4]
        # Every code row is shaded across the whole measure, the blank one too.
        code_bg = pane.get_component_rich_style("reading-pane--code").bgcolor
        assert code_bg is not None
        for y in code_rows:
            grid = cells(pane.render_line(y))[GUTTER : GUTTER + measure]
            assert all(style.bgcolor == code_bg for _, style in grid), y
        # Outside the block there is no shading.
        after = cells(pane.render_line(code_rows[-1] + 1))[GUTTER : GUTTER + measure]
        assert all(style.bgcolor != code_bg for _, style in after)


async def test_table_is_a_grid_on_screen_with_a_distinct_header() -> None:
    app = PaneApp(code_table_list())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        table_rows = list(rows_of(pane, 2))
        assert len(table_rows) == 5  # header, rule, three rows
        columns = set()
        for y in table_rows:
            grid = cells(pane.render_line(y))
            columns.add(tuple(x for x, (char, _) in enumerate(grid) if char and char in "│┼"))
        assert len(columns) == 1 and len(next(iter(columns))) == 2  # aligned at the cell
        header = cells(pane.render_line(table_rows[0]))
        body = cells(pane.render_line(table_rows[2]))
        x = next(i for i, (char, _) in enumerate(header) if char == "技")
        assert header[x][1].bold and not body[x][1].bold
        assert "".join(c for c, _ in body).split("│")[0].strip() == "固态电池"


async def test_nested_list_keeps_numbers_and_hanging_indents() -> None:
    app = PaneApp(code_table_list())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        first, *rest = (pane.render_line(y).text[GUTTER:] for y in rows_of(pane, 3))
        assert first.startswith("3. 第三项")
        assert rest and all(r.startswith("   ") and r[3] != " " for r in rest)
        deep = [pane.render_line(y).text[GUTTER:] for y in rows_of(pane, 5)]
        assert deep[0].startswith("    ▪ ")
        assert all(r.startswith("      ") and r[6] != " " for r in deep[1:])
        assert pane.render_line(rows_of(pane, 6)[0]).text[GUTTER:].startswith("4. 第四项")


async def test_links_and_spans_are_styled_on_their_cells() -> None:
    app = PaneApp(inline_and_markers())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        pane.scroll_to_passage(1)  # the cursor away from the links: no selected link drawn
        await pilot.pause()
        row = cells(pane.render_line(rows_of(pane, 0)[0]))
        start = GUTTER + pane.PARAGRAPH_INDENT

        def style_at(text: str, offset: int, grid: list = row) -> Style:
            return grid[start + cell_len(text[:offset])][1]

        linked = {k for a, b, _ in LINKS for k in range(a, b)}
        for k in range(len(LINK_TEXT)):
            assert bool(style_at(LINK_TEXT, k).underline) == (k in linked), LINK_TEXT[k]
        text = pane.passages[1].text
        row = cells(pane.render_line(rows_of(pane, 1)[0]))
        assert style_at(text, 0, row).bold
        assert style_at(text, 3, row).italic and not style_at(text, 2, row).italic
        code_bg = pane.get_component_rich_style("reading-pane--code-span").bgcolor
        assert text[11:16] == "x * y" and text[18:21] == "删除线"
        assert style_at(text, 11, row).bgcolor == code_bg is not None
        assert style_at(text, 10, row).bgcolor != code_bg
        assert style_at(text, 18, row).strike and not style_at(text, 17, row).strike


async def test_quote_image_and_rule_markers() -> None:
    app = PaneApp(inline_and_markers())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        inner = [pane.render_line(y).text[GUTTER:] for y in rows_of(pane, 3)]
        assert len(inner) >= 1 and all(r.startswith("│ │ ") for r in inner)
        assert (
            pane.render_line(rows_of(pane, 4)[0]).text[GUTTER:].rstrip() == "[图：一块芯片的照片]"
        )
        assert pane.render_line(rows_of(pane, 5)[0]).text[GUTTER:].rstrip() == "[图]"
        rule = pane.render_line(rows_of(pane, 6)[0]).text[GUTTER : GUTTER + pane.measure]
        bar = rule.strip()
        assert set(bar) == {"─"}
        assert abs(rule.index("─") - (len(rule) - len(rule.rstrip()))) <= 1


# ---------------------------------------------------------------- the link keys


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def fake_open(url: str, *args: object, **kwargs: object) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    return urls


async def test_o_opens_the_links_of_the_cursor_passage_and_l_chooses(opened: list[str]) -> None:
    app = PaneApp(inline_and_markers())
    notes = Notes()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=notes.hook) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: len(opened) == 1, "the first link opened")
        assert opened == ["https://example.com/report?id=1"]
        assert "Opening https://example.com/report?id=1 (link 1 of 3; l: next)" in notes.messages
        await pilot.press("l", "o")
        await until(pilot, lambda: len(opened) == 2, "the second link opened")
        assert opened[1] == "mailto:editor@example.com"
        # The selected link is drawn selected: the mailto link's text is reversed.
        pane = app.query_one(ReadingPane)
        row = cells(pane.render_line(0))
        start = GUTTER + pane.PARAGRAPH_INDENT
        assert row[start + cell_len(LINK_TEXT[:8])][1].reverse
        assert not row[start + cell_len(LINK_TEXT[:2])][1].reverse
        await pilot.press("l", "o")  # javascript: is refused
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert len(opened) == 2
        refused = [n for n in notes.notifications if n.message.startswith("Not opened")]
        assert refused and refused[-1].severity == "warning"
        assert "javascript:alert(1)" in refused[-1].message
        assert all(n.markup is False for n in notes.notifications)


async def test_c_copies_the_link_and_a_passage_without_links_says_so(
    monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    app = PaneApp(inline_and_markers())
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    notes = Notes()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=notes.hook) as pilot:
        await pilot.press("c")
        assert copied == ["https://example.com/report?id=1"]
        assert "Copied https://example.com/report?id=1 (link 1 of 3; l: next)" in notes.messages
        await pilot.press("j", "o", "c")  # the second passage has no link
        await pilot.pause()
        assert notes.messages.count("No link in this passage") == 2
        assert opened == [] and len(copied) == 1


async def test_urls_are_cleaned_before_they_are_shown_or_opened(opened: list[str]) -> None:
    dirty = "https://example.com/\x1b]8;;evil\x07a\u202eb"
    app = PaneApp([DisplayPassage(K.PARAGRAPH, "链接", links=((0, 2, dirty),))])
    notes = Notes()
    async with app.run_test(size=(80, 24), notifications=True, message_hook=notes.hook) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: bool(opened), "the link opened")
        assert opened == ["https://example.com/ab"]
        assert all("\x1b" not in m and "\u202e" not in m for m in notes.messages)


async def test_o_honours_the_browser_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "opened.txt"
    script = tmp_path / "browser"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{out}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", f"{script} %s")
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read $BROWSER again
    monkeypatch.setattr(webbrowser, "_browsers", {})
    if sys.platform == "win32" or not os.access(script, os.X_OK):
        pytest.skip("needs a POSIX shell")
    app = PaneApp(inline_and_markers())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("o")
        await until(pilot, out.exists, "the $BROWSER command ran")
        await app.workers.wait_for_complete()
        assert out.read_text() == "https://example.com/report?id=1"


async def test_search_highlights_land_on_table_cells_and_code() -> None:
    table = code_table_list()[2]
    at = table.text.index("人形机器人")
    code = DisplayPassage(K.CODE, "x = 1\n    机器人 = 2", highlights=((10, 13),))
    passages = [DisplayPassage(K.TABLE, table.text, highlights=((at + 2, at + 5),)), code]
    app = PaneApp(passages)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        hit = pane.get_component_rich_style("reading-pane--highlight").bgcolor

        def lit(y: int) -> str:
            return "".join(c for c, style in cells(pane.render_line(y)) if style.bgcolor == hit)

        table_rows = rows_of(pane, 0)
        assert [lit(y) for y in table_rows] == ["", "", "", "机器人", ""]
        assert [lit(y) for y in rows_of(pane, 1)] == ["", "机器人"]
