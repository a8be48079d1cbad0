"""Layout of the passage kinds beyond prose: code, tables, lists, quotes, images, rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from trendreader.library.model import PassageKind, table_text
from trendreader.typeset.blocks import (
    CODE_CONTINUATION,
    CODE_PAD,
    TABLE_MIN_COLUMN,
    DisplayLine,
    fit_columns,
    inline_runs,
    table_lines,
)
from trendreader.typeset.layout import DisplayPassage, Layout, typeset_passage
from trendreader.typeset.wrap import NO_START

K = PassageKind


def shown(passage: DisplayPassage, line: object) -> str:
    """What a line shows, as text (decorations and slices)."""
    if isinstance(line, DisplayLine):
        return "".join(
            p.literal if p.literal is not None else passage.text[p.start : p.end]
            for p in line.pieces
        )
    return " " * line.indent + passage.text[line.start : line.end]  # type: ignore[attr-defined]


def rows(passage: DisplayPassage, measure: int) -> list[str]:
    return [shown(passage, line) for line in typeset_passage(passage, measure)]


def slices(line: DisplayLine, text: str) -> str:
    return "".join(text[p.start : p.end] for p in line.pieces if p.literal is None)


# ---------------------------------------------------------------- code

CODE = "def f(x):\n    y = x * 2  # _a_ **b**\n\n\n  。不折行，也不挪标点\n# 结束"


def test_code_lines_are_verbatim_with_indentation_and_blank_lines() -> None:
    passage = DisplayPassage(K.CODE, CODE)
    lines = typeset_passage(passage, 60)
    assert [slices(line, CODE) for line in lines] == CODE.split("\n")  # type: ignore[arg-type]
    assert [r[CODE_PAD:] for r in rows(passage, 60)] == CODE.split("\n")
    # Every line is shaded to the measure, blank ones too.
    assert all(isinstance(line, DisplayLine) and line.fill == "code" for line in lines)


def test_code_does_not_apply_chinese_line_breaking() -> None:
    text = "ab，cdefgh"  # a prose wrap would never start a line with "，"
    lines = rows(DisplayPassage(K.CODE, text), CODE_PAD + 2)
    assert lines == ["  ab", CODE_CONTINUATION + " ，", "↪ cd", "↪ ef", "↪ gh"]


def test_long_code_lines_wrap_at_the_cell_with_a_continuation_mark() -> None:
    source = "    x = '" + "a" * 50 + "中文" * 10 + "'"
    passage = DisplayPassage(K.CODE, source)
    lines = typeset_passage(passage, 40)
    texts = [shown(passage, line) for line in lines]
    assert texts[0].startswith("      x = ")  # pad + the four leading spaces
    assert all(t.startswith(CODE_CONTINUATION + " ") for t in texts[1:])
    assert all(cell_len(t) <= 40 for t in texts)
    # Nothing lost or reordered: the slices join back into the source line.
    assert "".join(slices(line, source) for line in lines) == source  # type: ignore[arg-type]
    assert all(line.width == cell_len(t) for line, t in zip(lines, texts, strict=True))


def test_code_tabs_expand_to_stops_and_language_is_a_label_line() -> None:
    passage = DisplayPassage(K.CODE, "a\tb\n\tc", language="go")
    assert rows(passage, 40) == ["  go", "  a   b", "      c"]


# ---------------------------------------------------------------- tables

TABLE = table_text(
    [
        ["技术", "年份", "说明"],
        ["固态电池", "2027", "能量密度高"],
        ["GPU", "2024", "推理"],
    ]
)


def separator_cells(row: str) -> list[int]:
    """Cell columns of every "│"/"┼" in a row (cells, not characters)."""
    return [cell_len(row[:k]) for k, ch in enumerate(row) if ch in "│┼"]


def test_table_is_a_cell_exact_grid_with_cjk_widths() -> None:
    passage = DisplayPassage(K.TABLE, TABLE)
    grid = rows(passage, 60)
    assert grid == [
        "技术     │ 年份 │ 说明      ",
        "─────────┼──────┼───────────",
        "固态电池 │ 2027 │ 能量密度高",
        "GPU      │ 2024 │ 推理      ",
    ]
    columns = {tuple(separator_cells(row)) for row in grid}
    assert columns == {(9, 16)}  # every separator of every row in the same cell column
    lines = typeset_passage(passage, 60)
    header = lines[0]
    assert isinstance(header, DisplayLine)
    assert {p.role for p in header.pieces if p.literal is None} == {"table-header"}
    body = lines[2]
    assert isinstance(body, DisplayLine)
    assert {p.role for p in body.pieces if p.literal is None} == {""}
    # Cells are slices of the passage text (search highlights land on them).
    assert [TABLE[p.start : p.end] for p in body.pieces if p.literal is None] == [
        "固态电池",
        "2027",
        "能量密度高",
    ]


def test_a_table_too_wide_cuts_cells_with_an_ellipsis() -> None:
    passage = DisplayPassage(K.TABLE, TABLE)
    grid = rows(passage, 22)
    assert all(cell_len(row) <= 22 for row in grid)
    assert len({tuple(separator_cells(row)) for row in grid}) == 1
    assert "…" in grid[2]
    assert grid[2].startswith("固态…")  # 5 cells: two CJK characters and the mark


def test_a_table_whose_minimums_do_not_fit_leaves_columns_out_with_a_mark() -> None:
    text = table_text([[f"列{k}" for k in range(12)], [str(k) for k in range(12)]])
    grid = rows(DisplayPassage(K.TABLE, text), 30)
    assert all(cell_len(row) <= 30 for row in grid)
    assert grid[0].endswith(" …") and grid[2].endswith(" …")


def test_ragged_rows_get_empty_cells() -> None:
    grid = rows(DisplayPassage(K.TABLE, "a\tb\tc\n一"), 40)
    assert grid[2] == "一 │   │  "
    assert separator_cells(grid[0]) == separator_cells(grid[2])


@given(
    st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=120),
)
def test_fit_columns(natural: list[int], available: int) -> None:
    widths = fit_columns(natural, available)
    assert len(widths) == len(natural)
    assert all(min(n, TABLE_MIN_COLUMN) <= w <= n for w, n in zip(widths, natural, strict=True))
    if sum(min(n, TABLE_MIN_COLUMN) for n in natural) <= available:
        assert sum(widths) <= available
    if sum(natural) <= available:
        assert widths == natural


def test_table_lines_never_wider_than_the_measure() -> None:
    text = table_text([["名称", "内容"], ["人工智能" * 5, "芯片" * 30]])
    for measure in range(12, 80):
        for line in table_lines(text, measure):
            assert line.width <= measure


# ---------------------------------------------------------------- lists, quotes, images, rules


def test_list_numbers_are_kept_with_a_hanging_indent() -> None:
    text = "第三项" + "很长" * 20 + "。"
    grid = rows(DisplayPassage(K.LIST, text, number=3), 30)
    assert grid[0].startswith("3. 第三项")
    assert all(row.startswith("   ") and row[3] != " " for row in grid[1:])
    wide = rows(DisplayPassage(K.LIST, text, number=12), 30)
    assert wide[0].startswith("12. ") and wide[1].startswith("    ") and wide[1][4] != " "


def test_bullets_and_nesting_by_depth() -> None:
    text = "嵌套" * 20
    top = rows(DisplayPassage(K.LIST, text), 30)
    nested = rows(DisplayPassage(K.LIST, text, depth=1), 30)
    deeper = rows(DisplayPassage(K.LIST, text, depth=2, number=1), 30)

    def hang(row: str) -> int:
        return len(row) - len(row.lstrip(" "))

    assert top[0].startswith("• 嵌") and {hang(r) for r in top[1:]} == {2}
    assert nested[0].startswith("  ◦ 嵌") and {hang(r) for r in nested[1:]} == {4}
    assert deeper[0].startswith("    1. 嵌") and {hang(r) for r in deeper[1:]} == {7}
    assert all(cell_len(r) <= 30 for r in top + nested + deeper)


def test_quote_bars_by_depth() -> None:
    text = "引文" * 30
    assert all(r.startswith("│ 引") for r in rows(DisplayPassage(K.QUOTE, text), 30))
    inner = rows(DisplayPassage(K.QUOTE, text, depth=1), 30)
    assert all(r.startswith("│ │ ") and cell_len(r) <= 30 for r in inner)


def test_image_markers_and_rule() -> None:
    assert rows(DisplayPassage(K.IMAGE, "芯片照片"), 40) == ["[图：芯片照片]"]
    assert rows(DisplayPassage(K.IMAGE, ""), 40) == ["[图]"]
    long = rows(DisplayPassage(K.IMAGE, "照片" * 30), 30)
    assert long[-1].endswith("]") and all(cell_len(r) <= 30 for r in long)
    (rule,) = rows(DisplayPassage(K.RULE, "―"), 40)
    bar = rule.strip()
    assert set(bar) == {"─"} and len(bar) < 40
    assert abs(rule.index("─") - (40 - len(rule))) <= 1  # centred


def test_kinsoku_holds_in_every_prose_kind() -> None:
    text = "这是一句话，后面还有一句话。" * 12 + "「引号」里，（括号）中。"
    cases = [
        DisplayPassage(K.PARAGRAPH, text),
        DisplayPassage(K.HEADING, text),
        DisplayPassage(K.QUOTE, text, depth=1),
        DisplayPassage(K.LIST, text, number=7, depth=1),
        DisplayPassage(K.IMAGE, text),
    ]
    for passage in cases:
        for measure in (17, 23, 30, 41):
            for line in typeset_passage(passage, measure):
                content = passage.text[line.start : line.end]
                assert not content or content[0] not in NO_START, (passage.kind, measure)
                assert line.width <= measure


def test_lazy_layout_of_every_kind_equals_the_eager_one() -> None:
    from tests.tui.kinds_fixture import code_table_list, inline_and_markers

    passages = (code_table_list() + inline_and_markers()) * 20
    eager = Layout(passages, 50)
    lazy = Layout(passages, 50, eager_chars=0)
    lazy.realize_all()
    assert lazy.height == eager.height
    assert [lazy.text_top(k) for k in range(len(passages))] == [
        eager.text_top(k) for k in range(len(passages))
    ]


# ---------------------------------------------------------------- inline runs


def test_inline_runs_cover_the_line_with_the_right_roles() -> None:
    runs = inline_runs(0, 10, [("emphasis", ((2, 6),)), ("link", ((4, 12),))])
    assert runs == [
        (0, 2, ()),
        (2, 4, ("emphasis",)),
        (4, 6, ("emphasis", "link")),
        (6, 10, ("link",)),
    ]
    assert inline_runs(3, 5, []) == [(3, 5, ())]


@given(
    st.text(alphabet=st.sampled_from("ab \t中文，。*#_x"), max_size=80),
    st.integers(min_value=CODE_PAD + 2, max_value=40),  # room for one wide character
)
def test_code_wrap_loses_nothing_and_fits(source: str, measure: int) -> None:
    lines = typeset_passage(DisplayPassage(K.CODE, source), measure)
    assert "".join(slices(line, source) for line in lines) == source.replace("\t", "")  # type: ignore[arg-type]
    for line in lines:
        assert isinstance(line, DisplayLine)
        assert line.width == sum(p.width for p in line.pieces) <= measure
