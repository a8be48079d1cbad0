"""What the reading pane draws again after a key, and that the lines it keeps are never stale.

The pane keeps its drawn lines (strips) by line number. A cursor move repaints only the two
passages whose gutter changed; a scroll draws only the lines it brings into view; a wrap that
changes a passage's height (lines below it move) forgets them all.
"""

from __future__ import annotations

from tests.tui.test_reading_pane import PaneApp, sectioned, seed_passages
from trendreader.library.model import PassageKind
from trendreader.tui.widgets.reading_pane import CURSOR_GLYPH, ReadingPane
from trendreader.typeset.layout import EAGER_CHARS, DisplayPassage, Layout

P = PassageKind.PARAGRAPH


def count_draws(pane: ReadingPane) -> list[int]:
    """Record every line ``y`` the pane draws from its layout (not from its kept strips)."""
    drawn: list[int] = []
    original = pane._render_layout_line

    def spy(layout: Layout, y: int, width: int):
        drawn.append(y)
        return original(layout, y, width)

    pane._render_layout_line = spy  # type: ignore[method-assign]
    return drawn


def fresh_text(pane: ReadingPane, y: int) -> str:
    """Line ``y`` of the view drawn now from the layout, bypassing every cache."""
    layout = pane.layout_model
    assert layout is not None
    width = pane.scrollable_content_region.width
    return pane._render_layout_line(layout, round(pane.scroll_y) + y, width).text


async def test_a_cursor_move_draws_only_the_two_passages_again() -> None:
    app = PaneApp(sectioned(40))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        layout = pane.layout_model
        assert layout is not None
        drawn = count_draws(pane)
        await pilot.press("j")
        await pilot.pause()
        old = set(range(layout.text_top(0), layout.text_bottom(0) + 1))
        new = set(range(layout.text_top(1), layout.text_bottom(1) + 1))
        assert drawn, "the move drew nothing"
        assert set(drawn) <= old | new
        assert len(drawn) < pane.scrollable_content_region.height
        # and what is on the screen is what a full redraw gives
        for y in range(pane.scrollable_content_region.height):
            assert pane.render_line(y).text == fresh_text(pane, y), y
        assert pane.render_line(layout.text_top(1)).text.lstrip()[0] == CURSOR_GLYPH


async def test_a_scroll_draws_only_the_lines_it_brings_into_view() -> None:
    app = PaneApp(sectioned(60))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        height = pane.scrollable_content_region.height
        for y in range(height):  # everything on screen is drawn and kept
            pane.render_line(y)
        drawn = count_draws(pane)
        pane.scroll_to(y=3, animate=False, immediate=True)
        await pilot.pause()
        for y in range(height):
            pane.render_line(y)
        # lines 3 .. height-1 were on screen before: of those, only the passage the cursor
        # was dragged to (its gutter changed) is drawn again; the 3 new lines are drawn
        layout = pane.layout_model
        assert layout is not None
        cursor_lines = set(range(layout.text_top(pane.cursor), layout.text_bottom(pane.cursor) + 1))
        assert {y for y in drawn if y < height} <= cursor_lines
        assert set(range(height, height + 3)) <= set(drawn)
        assert len(set(drawn)) <= 3 + len(cursor_lines)


async def test_kept_lines_are_never_stale_after_lazy_wrapping() -> None:
    """A long report is wrapped as it is read: wraps above the view move every line below;
    after any sequence of keys the screen equals a redraw from scratch."""
    base = seed_passages("001")
    words = "interoperability of heterogeneous accelerators 异构加速器的互操作性 " * 6
    passages: list[DisplayPassage] = []
    while sum(len(p.text) for p in passages) <= 3 * EAGER_CHARS:
        for passage in base:  # every other passage has long words: its estimate is off
            passages += [passage, DisplayPassage(base[1].kind, words)]
    app = PaneApp(passages)
    async with app.run_test(size=(50, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        layout = pane.layout_model
        assert layout is not None
        assert not layout.exact
        revisions = {layout.revision}
        for key in ["G", "k", "k", "pageup", "g", "pagedown", "pagedown", "j", "]", "G", "pageup"]:
            await pilot.press(key)
            await pilot.pause()
            revisions.add(layout.revision)
            for y in range(pane.scrollable_content_region.height):
                assert pane.render_line(y).text == fresh_text(pane, y), (key, y)
        assert len(revisions) > 1  # wraps did move lines during the run


def test_a_wrap_that_changes_a_height_bumps_the_revision() -> None:
    passages = [DisplayPassage(p.kind, p.text) for p in seed_passages("001")[:40]]
    layout = Layout(passages, 30, eager_chars=0)
    before = layout.revision
    changes = [layout.realize(k) for k in range(len(passages))]
    moved = sum(1 for change in changes if change)
    assert moved  # the estimates were off for some passages
    assert layout.revision == before + moved
    assert layout.realize(0) == 0 and layout.revision == before + moved  # wrapped already


def test_a_layout_like_another_script_takes_its_heights_as_estimates() -> None:
    """The same passages in another script wrap to the same heights (nearly always): a
    layout made ``like`` the old one starts exact where they do, so no line moves."""
    from trendreader.script.convert import convert

    words = "interoperabilities heterogeneousness 软件 " * 6  # one long word a line at 36
    simplified = []
    for passage in seed_passages("001"):  # every other one wraps unlike its estimate
        simplified += [DisplayPassage(passage.kind, passage.text), DisplayPassage(P, words)]
    taiwan = [DisplayPassage(p.kind, convert(p.text, "s2twp")) for p in simplified]
    old = Layout(simplified, 36, eager_chars=0)
    old.realize_all()
    guessed = Layout(taiwan, 36, eager_chars=0)
    hinted = Layout(taiwan, 36, eager_chars=0, like=old)
    assert hinted.height == old.height
    hinted.realize_all()
    guessed.realize_all()
    assert hinted.height == guessed.height  # the same lines in the end
    assert hinted.revision < guessed.revision / 4  # but far fewer moves on the way
    other_measure = Layout(taiwan, 50, eager_chars=0, like=old)
    assert other_measure.height != old.height  # a hint at another measure is not used
