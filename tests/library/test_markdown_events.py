"""The fast parser (pulldown-cmark's events, by pyromark) gives markdown-it-py's blocks.

`parse_markdown` takes the events where the two parsers agree and markdown-it-py where they
may not; these tests hold the two paths to the same blocks on what we write, show which
documents fall back, and that a panic in the Rust parser costs nothing but speed.
"""

from __future__ import annotations

import pytest

from trendreader.library import markdown, markdown_events
from trendreader.library.blocks import Block
from trendreader.library.frontmatter import split_front_matter
from trendreader.library.markdown import (
    BlockWalker,
    parse_markdown,
    parse_tokens,
    walk_tokens,
)
from trendreader.library.markdown_events import GiveUp, markers_may_differ, walk_events
from trendreader.library.model import PassageKind


def by_events(text: str) -> tuple[list[Block], dict[str, str]]:
    """The blocks of the events path alone; raises `GiveUp` where it would fall back."""
    front, body = split_front_matter(text)
    walker = BlockWalker(wechat=False)
    walk_events(body, walker, markdown._normalize_link, markdown._inline_run_of)
    return walker.blocks, front


def by_markdown_it(text: str) -> tuple[list[Block], dict[str, str]]:
    tokens, front = parse_tokens(text)
    walker = BlockWalker(wechat=False)
    walk_tokens(tokens, walker)
    return walker.blocks, front


# Documents the events path reads itself: each block kind, and the CJK cases it reparses.
AGREE = {
    "headings": "# 芯片\n\n## 第二节 ##\n\n正文。\n",
    "soft breaks": "第一行\n第二行\nmixed English\nwords here\n",
    "hard break": "上一行  \n下一行\\\n末行\n",
    "cjk bold before punctuation": "**粗体：**文字，以及**重点**。\n",
    "cjk bold in a list": "- **电池：**固态\n- *斜体*、正文\n",
    "cjk bold in a heading": "## **标题：**副题\n",
    "tilde range": "预计 1~3 年内量产，~5% 的份额。\n",
    "strikethrough": "这是~~删除~~的字，~单~个。\n",
    "nested ordered lists": "3. 第三\n4. 第四\n   1. 子项\n   2. 子项二\n5. 第五\n",
    "loose list": "- 一\n\n- 二\n\n  续段。\n",
    "quote": "> 引文一行\n>\n> 第二段\n\n正文\n",
    "quote of many lines with bold": "> **注：**第一行\n> 第二行\n",
    "nested quote": "> 外层\n>> 内层\n",
    "fenced code": "```python\nx = 1  # 注释\n\n    缩进\n```\n",
    "tilde fence with info": "~~~ js title\nlet a\n~~~\n",
    "indented code": "段落。\n\n    code line\n    second\n",
    "indented code behind a tab": "段落\n\n\tcode\n",
    "rule": "上文\n\n---\n\n下文\n",
    "table": "| 年份 | 芯片 |\n|:--|--:|\n| 2023 | **3nm** |\n| 2024 | 2nm |\n",
    "one-column table": "| 年份 |\n|---|\n| 2024 |\n",
    "table without outer pipes": "a | b\n-- | --\n1 | 2\n",
    "links and images": "见[报告](https://example.com/a b)和![图一](x.png)，<https://a.cn>。\n",
    "email autolink": "写信 <me@example.com>。\n",
    "inline code and html": "用 `pip install` 装<br>再看 <b>粗</b>。\n",
    "html block": '<div align="center">\n<img src="a.png" alt="封面">\n</div>\n\n正文\n',
    "escapes and entities": "\\*不是斜体\\* &amp; &copy; &#x4e2d;\n",
    "yaml front matter": "---\ntitle: 芯片趋势\ndate: 2024-01-02\ntags: [芯片, AI]\n---\n\n正文\n",
    "yaml ended by dots": "---\ntitle: 点号\n...\n正文\n",
    "toml front matter": '+++\ntitle = "电池"\n+++\n\n正文\n',
    "unclosed front matter": "---\ntitle: 无尾\n\n正文\n",
    "crlf": "# 标题\r\n\r\n第一行\r\n第二行\r\n",
    "setext": "大标题\n===\n\n小标题\n---\n",
}


@pytest.mark.parametrize("text", AGREE.values(), ids=AGREE.keys())
def test_events_path_gives_markdown_its_blocks(text: str) -> None:
    text = text.replace("\r\n", "\n")
    assert by_events(text) == by_markdown_it(text)


# Documents where the two parsers may differ: markdown-it-py reads the whole of each.
FALL_BACK = {
    "reference definition": "见[报告][r]。\n\n[r]: https://example.com\n",
    "cjk markers in a table cell": "| 甲 | 乙 |\n|---|---|\n| **注：**值 | 二 |\n",
    "cjk markers in a setext heading": "**注：**标题\n===\n",
    "table in a quote": "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",
    "code span over a line break": "这是 `多行\n代码` 段\n",
    "tab after a list marker": "-\t项目\n",
    "tab inside indented code": "段落\n\n\tco\tde\n",
}


@pytest.mark.parametrize("text", FALL_BACK.values(), ids=FALL_BACK.keys())
def test_documents_the_parsers_may_differ_on_fall_back_to_markdown_it(text: str) -> None:
    with pytest.raises(GiveUp):
        by_events(text)
    parsed = parse_markdown(text)
    assert (parsed.blocks, parsed.front_matter) == by_markdown_it(text)


def test_cjk_bold_next_to_punctuation_is_bold_on_the_fast_path() -> None:
    blocks, _ = by_events("**粗体：**文字\n")
    (block,) = blocks
    assert block.text == "粗体：文字"
    assert block.emphasis == ((0, 3),)


def test_marker_rule_only_reparses_where_cjk_flanking_matters() -> None:
    assert markers_may_differ("**粗体：**文字", unpaired=False)
    assert not markers_may_differ("普通**粗体**文字", unpaired=False)
    assert not markers_may_differ("plain **bold** words", unpaired=True)
    assert markers_may_differ("中*文", unpaired=True)


# Emphasis next to Chinese that CommonMark pairs as the CJK-friendly rule does: no reparse.
SAME_PAIRING = {
    "bold sentence ending in a stop": "这是**重点。**\n",
    "bold title in brackets, with spaces": "本周的资料是 **《深度剖析》**，值得一读。\n",
    "bold between han": "普通**粗体**文字\n",
    "underscores between ascii": "中文 __bold__ 字\n",
    "bold at a paragraph's start": "**（注）** 见下文\n",
}
# ... and emphasis the two rules pair otherwise, or that markdown-it classes otherwise.
OTHER_PAIRING = {
    "bold closing after a colon": "**粗体：**文字\n",
    "bold closing before a comma": "**荡然无存**，不再是\n",
    "an underscore closing before kana": "_a_あ\n",
    "underscores between han": "中__文__字\n",
    "a symbol beside the markers": "😀__bc__ 文字\n",
    "a sign beside the markers": "中**©**文\n",
}


def _reparses(text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reparsed: list[str] = []

    def counting(source: str) -> markdown.Run:
        reparsed.append(source)
        return markdown._inline_run_of(source)

    walker = BlockWalker(wechat=False)
    walk_events(text, walker, markdown._normalize_link, counting)
    assert walker.blocks == by_markdown_it(text)[0]
    return reparsed


@pytest.mark.parametrize("text", SAME_PAIRING.values(), ids=SAME_PAIRING.keys())
def test_emphasis_the_two_rules_pair_alike_is_not_reparsed(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not markers_may_differ(text, unpaired=False)
    assert _reparses(text, monkeypatch) == []


@pytest.mark.parametrize("text", OTHER_PAIRING.values(), ids=OTHER_PAIRING.keys())
def test_emphasis_the_rules_may_pair_otherwise_is_reparsed(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert markers_may_differ(text, unpaired=False)
    assert _reparses(text, monkeypatch) == [text.strip()]


def test_ordered_item_numbers_are_the_ones_written() -> None:
    blocks, _ = by_events("7. 七\n8. 八\n")
    assert [b.text for b in blocks] == ["七", "八"]
    assert blocks == by_markdown_it("7. 七\n8. 八\n")[0]
    assert all(b.kind == PassageKind.LIST for b in blocks)


class CountingWalker(BlockWalker):
    """The block walker, counting which of its paragraph calls the events walker made."""

    def __init__(self) -> None:
        super().__init__(wechat=False)
        self.calls: list[str] = []

    def paragraph(self, run: markdown.Run) -> None:
        self.calls.append("paragraph")
        super().paragraph(run)

    def plain_paragraph(self, text: str, links: tuple[tuple[int, int, str], ...]) -> None:
        self.calls.append("plain")
        super().plain_paragraph(text, links)

    def image_paragraph(self, alt: str, src: str) -> None:
        self.calls.append("image")
        super().image_paragraph(alt, src)


# Paragraphs the events walker reads on its short path (text and links, or one image)...
SHORT_PATH = {
    "plain": ("芯片正在变小，功耗也在降。\n", ["plain"]),
    "links": ('见[报告](https://example.com/a_b)和[另一篇](http://x.cn "题")。\n', ["plain"]),
    "a link alone": ("[只有链接](https://example.com)\n", ["plain"]),
    "an image alone": ("![封面](cover.png)\n", ["image"]),
    "an image without alt": ("![](a.png)\n", ["image"]),
    "an image in a quote": ("> ![图](q.png)\n", ["image"]),
    "items of links": ("- [甲](u)\n\n- [乙](v)\n", ["plain", "plain"]),
    "an item's image, then its text": (
        "- ![图](a.png)\n\n  正文\n- 二\n",
        ["image", "plain", "plain"],
    ),
    "a quote's paragraphs": ("> 第一段\n>\n> 第二段\n", ["plain", "plain"]),
    "an empty link": ("[](u)文字\n", ["plain"]),
    "an alt's marker after cjk punctuation": ("![图：_x](a.png)\n", ["image"]),
}
# ... and paragraphs it hands to the general walk, which reads them as before.
GENERAL_PATH = {
    "soft break": "一行\n二行\n",
    "image then text": "![图](a.png)文字\n",
    "text then image": "文字![图](a.png)\n",
    "two images": "![a](1.png)![b](2.png)\n",
    "autolink": "见 <https://a.cn>\n",
    "email autolink": "写信 <me@example.com>\n",
    "bold": "**粗**体\n",
    "cjk bold": "**注：**正文\n",
    "code span": "用 `x` 装\n",
    "linked image": "[![图](a.png)](u)\n",
    "a control character": "文字\x07响\n",
    "a space from an entity": "&#32;文字\n",
    "tilde": "1~3 年\n",
    "underscores": "中_文_字\n",
    "a tab before the end": "文字\t\n",
    "an underscore between han in an image's alt": "![中_文](a_b.png)\n",
    "html inline": "上<br>下\n",
}


@pytest.mark.parametrize("text, calls", SHORT_PATH.values(), ids=SHORT_PATH.keys())
def test_plain_paragraphs_take_the_short_path_and_give_the_same_blocks(
    text: str, calls: list[str]
) -> None:
    walker = CountingWalker()
    walk_events(text, walker, markdown._normalize_link, markdown._inline_run_of)
    assert walker.calls == calls
    assert walker.blocks == by_markdown_it(text)[0]


@pytest.mark.parametrize("text", GENERAL_PATH.values(), ids=GENERAL_PATH.keys())
def test_other_paragraphs_go_through_the_general_walk_and_give_the_same_blocks(
    text: str,
) -> None:
    walker = CountingWalker()
    try:
        walk_events(text, walker, markdown._normalize_link, markdown._inline_run_of)
    except GiveUp:
        pytest.fail("the events path gave up")
    assert walker.calls == ["paragraph"]
    assert walker.blocks == by_markdown_it(text)[0]


def test_the_short_path_keeps_link_ranges_and_image_anchors() -> None:
    blocks, _ = by_events("见[报告](https://example.com/a)和[另一篇](b)。\n\n![图](p.png)\n")
    assert blocks[0].text == "见报告和另一篇。"
    assert blocks[0].links == ((1, 3, "https://example.com/a"), (4, 7, "b"))
    assert blocks[1].kind == PassageKind.IMAGE and blocks[1].text == "图"
    assert blocks[1].anchor == markdown.passage_anchor("[图：图]p.png")


class FakePanic(BaseException):
    """What pyo3 raises for a panic in Rust: a BaseException, not an Exception."""


def test_a_panic_in_the_rust_parser_falls_back_to_markdown_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pyromark

    def panic(*args: object, **kwargs: object) -> object:
        raise FakePanic("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(pyromark, "events_with_range", panic)
    text = "# 标题\n\n正文**重点**。\n"
    with pytest.raises(GiveUp):
        by_events(text)
    parsed = parse_markdown(text)
    assert [b.text for b in parsed.blocks] == ["标题", "正文重点。"]


def test_an_interrupt_during_the_parse_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyromark

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(pyromark, "events_with_range", interrupted)
    with pytest.raises(KeyboardInterrupt):
        parse_markdown("正文\n")


def test_a_mismatch_midway_leaves_no_half_walk_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks the events path made before it gave up are not mixed into markdown-it's."""
    text = "# 前文\n\n见[报告][r]。\n\n[r]: https://example.com\n"
    walked: list[int] = []
    real = markdown_events.walk_events

    def spy(*args: object, **kwargs: object) -> None:
        walked.append(1)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(markdown, "walk_events", spy)
    parsed = parse_markdown(text)
    assert walked == [1]
    assert [b.text for b in parsed.blocks] == ["前文", "见报告。"]


def test_without_pyromark_markdown_it_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyromark", None)  # import pyromark raises ImportError
    text = "# 标题\n\n- **注：**一\n- 二\n"
    with pytest.raises(GiveUp):
        by_events(text)
    parsed = parse_markdown(text)
    assert (parsed.blocks, parsed.front_matter) == by_markdown_it(text)
    assert [b.text for b in parsed.blocks] == ["标题", "注：一", "二"]
