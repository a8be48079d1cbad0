"""Passages of every kind, built directly (no parser): for the pane's kind tests and snapshots."""

from __future__ import annotations

from trendreader.library.model import PassageKind, SpanStyle, table_text
from trendreader.typeset.layout import DisplayPassage

K = PassageKind

CODE = "\n".join(
    [
        "def power(d: float, t: float) -> float:",
        "    # 功率 = 电流 * 时间（*、_、# 原样保留）",
        "",
        "    return d * t  # L = D * T",
        "        print('a line long enough to run past the eighty-cell measure of the pane')",
    ]
)

TABLE = table_text(
    [
        ["技术", "成熟度", "说明"],
        ["固态电池", "2027", "能量密度高，安全"],
        ["人形机器人", "试产", "Figure 02、擎天柱"],
        ["GPU", "量产", "推理芯片"],
    ]
)


def code_table_list() -> list[DisplayPassage]:
    """A heading, a code block, a table and a nested list: the first snapshot's screen."""
    return [
        DisplayPassage(K.HEADING, "代码、表格与列表", level=2),
        DisplayPassage(K.CODE, CODE, language="python"),
        DisplayPassage(K.TABLE, TABLE),
        DisplayPassage(
            K.LIST,
            "第三项从 3 开始编号：这一项写得很长很长很长，需要折行，"
            "折行之后的文字应当对齐在编号之后的正文下面。",
            number=3,
        ),
        DisplayPassage(K.LIST, "嵌套的无序项目", depth=1),
        DisplayPassage(
            K.LIST,
            "更深一层的项目，也写得很长很长很长很长很长很长很长，需要折行才能显示完全，看第二行的缩进。",
            depth=2,
        ),
        DisplayPassage(K.LIST, "第四项", number=4),
    ]


LINK_TEXT = "详见官方报告和补充材料，以及一个不能打开的链接。"
LINKS = (
    (2, 6, "https://example.com/report?id=1"),  # 官方报告
    (7, 11, "mailto:editor@example.com"),  # 补充材料
    (16, 23, "javascript:alert(1)"),  # 不能打开的链接
)


def inline_and_markers() -> list[DisplayPassage]:
    """Links, spans, a nested quote, an image and a rule: the second snapshot's screen."""
    text = "这里有斜体、行内代码 x * y 和删除线三种样式。"
    return [
        DisplayPassage(K.PARAGRAPH, LINK_TEXT, links=LINKS),
        DisplayPassage(
            K.PARAGRAPH,
            text,
            emphasis=((0, 2),),
            spans=(
                (3, 5, SpanStyle.ITALIC),  # 斜体
                (11, 16, SpanStyle.CODE),  # x * y
                (18, 21, SpanStyle.STRIKE),  # 删除线
            ),
        ),
        DisplayPassage(K.QUOTE, "外层引用。", depth=0),
        DisplayPassage(
            K.QUOTE,
            "内层引用，很长很长很长很长很长很长很长很长很长很长很长很长，看两道竖线。",
            depth=1,
        ),
        DisplayPassage(K.IMAGE, "一块芯片的照片"),
        DisplayPassage(K.IMAGE, ""),
        DisplayPassage(K.RULE, "―"),
        DisplayPassage(K.PARAGRAPH, "分隔线之后的段落。"),
    ]
