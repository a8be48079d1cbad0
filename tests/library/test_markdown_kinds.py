"""markdown-it-based parsing: every passage kind, inline ranges, front matter, WeChat rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trendreader.library.model import Passage, PassageKind, SpanStyle, table_rows
from trendreader.library.parse import parse_text
from trendreader.library.sanitize import clean_text


def parse(source: str, name: str = "report.md") -> tuple[tuple[Passage, ...], object]:
    passages, _script, meta = parse_text("k", Path(name), source)
    return passages, meta


def kinds(source: str) -> list[tuple[str, str]]:
    return [(p.kind.value, p.text) for p in parse(source)[0]]


FENCED = """# 代码

```python
L = D * T
  _private_ = 1  # 注释

    缩进保留
```

后文。
"""


def test_fenced_code_is_verbatim_with_language() -> None:
    passages, _ = parse(FENCED)
    code = next(p for p in passages if p.kind == PassageKind.CODE)
    assert code.text == "L = D * T\n  _private_ = 1  # 注释\n\n    缩进保留"
    assert code.language == "python"
    assert passages[-1].text == "后文。"


def test_indented_code_is_verbatim() -> None:
    source = "前文。\n\n    x = a * b * c\n    # 不是标题\n\n      _y_ = 2\n\n后文。\n"
    passages, _ = parse(source)
    assert [p.kind for p in passages] == [PassageKind.PARAGRAPH, PassageKind.CODE, "paragraph"]
    assert passages[1].text == "x = a * b * c\n# 不是标题\n\n  _y_ = 2"
    assert passages[1].language == ""


def test_ordered_list_keeps_its_numbers_from_three() -> None:
    passages, _ = parse("3. 第三\n4. 第四\n5. 第五\n")
    assert [(p.kind, p.number, p.text) for p in passages] == [
        (PassageKind.LIST, 3, "第三"),
        (PassageKind.LIST, 4, "第四"),
        (PassageKind.LIST, 5, "第五"),
    ]


def test_nested_lists_have_depth() -> None:
    passages, _ = parse("- 甲\n  - 乙\n    1. 丙\n- 丁\n")
    assert [(p.text, p.depth, p.number) for p in passages] == [
        ("甲", 0, None),
        ("乙", 1, None),
        ("丙", 2, 1),
        ("丁", 0, None),
    ]
    assert {p.kind for p in passages} == {PassageKind.LIST}


def test_list_and_following_paragraph_stay_apart() -> None:
    assert kinds("- 项目一\n- 项目二\n\n之后的段落\n") == [
        ("list", "项目一"),
        ("list", "项目二"),
        ("paragraph", "之后的段落"),
    ]


def test_gfm_table_with_chinese_cells() -> None:
    source = (
        "| 领域 | 机会 |\n|:---|---:|\n| 太空经济 | 航天平民化 |\n"
        "| 人形机器人 | [每人一台](https://e.cn/r) |\n"
    )
    passages, _ = parse(source)
    (table,) = passages
    assert table.kind == PassageKind.TABLE
    assert table_rows(table.text) == (
        ("领域", "机会"),
        ("太空经济", "航天平民化"),
        ("人形机器人", "每人一台"),
    )
    ((start, end, url),) = table.links
    assert table.text[start:end] == "每人一台" and url == "https://e.cn/r"


def test_setext_headings() -> None:
    passages, meta = parse("大标题\n===\n\n小标题\n---\n\n正文。\n")
    assert [(p.kind, p.level, p.text) for p in passages[:2]] == [
        (PassageKind.HEADING, 1, "大标题"),
        (PassageKind.HEADING, 2, "小标题"),
    ]
    assert meta.title == "大标题"


def test_yaml_front_matter_is_metadata_not_prose() -> None:
    source = (
        '---\ntitle: "前置标题：2024 回顾"\ndate: 2024-03-05\nauthor: 张三\n'
        "tags: [芯片, 机器人]\n---\n\n# 正文里的标题\n\n第一段。\n"
    )
    passages, meta = parse(source)
    assert meta.title == "前置标题：2024 回顾"
    assert meta.date == datetime(2024, 3, 5) and meta.year == 2024
    assert meta.author == "张三"
    assert [p.text for p in passages] == ["正文里的标题", "第一段。"]


def test_toml_front_matter_is_metadata_not_prose() -> None:
    source = '+++\ntitle = "TOML 标题"\ndate = 2023-11-02T08:00:00+08:00\n+++\n\n第一段。\n'
    passages, meta = parse(source)
    assert meta.title == "TOML 标题"
    assert meta.date == datetime(2023, 11, 2, 8, 0)
    assert [p.text for p in passages] == ["第一段。"]


def test_front_matter_values_are_cleaned() -> None:
    _passages, meta = parse('---\ntitle: "坏\x1b[31m标题\u202e"\n---\n\n正文。\n')
    assert meta.title == "坏标题"


def test_cjk_bold_next_to_punctuation() -> None:
    (passage,), _ = parse("**粗体：**文字继续。\n")
    assert passage.text == "粗体：文字继续。"
    assert passage.emphasis == ((0, 3),)


def test_soft_breaks_join_without_space_between_han() -> None:
    (passage,), _ = parse("第一行中文\n第二行中文\nand English\nwords\n")
    assert passage.text == "第一行中文第二行中文 and English words"


def test_newsletter_item_is_three_passages() -> None:
    source = (
        "1、[标题文字](https://example.com/a)\n\n![](https://img.example.com/1.png)\n\n描述文字。\n"
    )
    passages, _ = parse(source)
    assert [p.kind for p in passages] == [
        PassageKind.PARAGRAPH,
        PassageKind.IMAGE,
        PassageKind.PARAGRAPH,
    ]
    first = passages[0]
    assert first.text == "1、标题文字"  # the item number is kept
    ((start, end, url),) = first.links
    assert first.text[start:end] == "标题文字" and url == "https://example.com/a"
    assert passages[1].text == ""  # no alt text
    assert passages[2].text == "描述文字。"


def test_heading_ending_in_question_mark_is_heading_and_title() -> None:
    passages, meta = parse("# 为什么要读这份报告？\n\n正文。\n\n## 机会在哪里！\n\n更多。\n")
    assert passages[0].kind == PassageKind.HEADING and passages[0].level == 1
    assert passages[2].kind == PassageKind.HEADING and passages[2].text == "机会在哪里！"
    assert meta.title == "为什么要读这份报告？"


def test_inline_styles_links_and_escapes() -> None:
    (passage,), _ = parse(
        "看 [链接](https://e.com/x) 与 *斜体* 和 `a*b` 和 ~~删除~~，a\\~b，一<br>二\n"
    )
    text = passage.text
    assert text == "看 链接 与 斜体 和 a*b 和 删除，a~b，一二"  # <br> between Han: joined
    assert [(text[s:e], u) for s, e, u in passage.links] == [("链接", "https://e.com/x")]
    styles = {(text[s:e], style) for s, e, style in passage.spans}
    assert styles == {
        ("斜体", SpanStyle.ITALIC),
        ("a*b", SpanStyle.CODE),
        ("删除", SpanStyle.STRIKE),
    }


def test_images_quotes_rules_and_html() -> None:
    source = (
        "![芯片照片](https://e.com/c.png)\n\n> 引文一\n>\n> > 更深一层\n\n---\n\n"
        '<div align="center"><b>HTML 里的字</b><br/>第二行</div>\n\n正文中间![图注](x.png)继续。\n'
    )
    passages, _ = parse(source)
    assert [(p.kind.value, p.text, p.depth) for p in passages] == [
        ("image", "芯片照片", 0),
        ("quote", "引文一", 0),
        ("quote", "更深一层", 1),
        ("rule", "―", 0),
        ("paragraph", "HTML 里的字第二行", 0),
        ("paragraph", "正文中间[图：图注]继续。", 0),
    ]


def test_link_urls_carry_no_controls() -> None:
    (passage,), _ = parse("[链接](https://e.com/a&#27;b) 文字 &#27;[31m\n")
    ((_s, _e, url),) = passage.links
    assert clean_text(url) == url and "\x1b" not in url
    assert "\x1b" not in passage.text


def test_wechat_export_lines_are_paragraphs_and_noise_goes() -> None:
    source = (
        "# 文章标题\n\n"
        "![](https://mmbiz.qpic.cn/a/640?wx_fmt=png\n&from=appmsg)\n\n"
        "第一句话结束了。\n第二句话也结束了。\n这一句没有写完\n接着写完了。\n"
        "**小标题**\n正文。\n\n推荐阅读\n\n广告。\n"
    )
    passages, _ = parse(source, name="export.md")  # WeChat's image host: an export
    assert [(p.kind.value, p.text) for p in passages] == [
        ("heading", "文章标题"),
        ("paragraph", "第一句话结束了。"),
        ("paragraph", "第二句话也结束了。"),
        ("paragraph", "这一句没有写完接着写完了。"),
        ("heading", "小标题"),
        ("paragraph", "正文。"),
    ]


def test_plain_markdown_lines_join_into_one_paragraph() -> None:
    passages, _ = parse("第一句话结束了。\n第二句话也结束了。\n")
    assert [p.text for p in passages] == ["第一句话结束了。第二句话也结束了。"]


def _all_clean(passage: Passage) -> bool:
    if passage.kind == PassageKind.TABLE:
        return all(clean_text(c) == c for row in table_rows(passage.text) for c in row)
    return clean_text(passage.text) == passage.text and all(
        clean_text(url) == url for _s, _e, url in passage.links
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                *"#*_`~>-+|=[]()!<>\\&;:\n \t1.、中文字",
                *["\x1b", "\u202e", "&#27;", "<br>", "mmbiz.qpic.cn", "```", "---\n", "+++\n"],
            ]
        ),
        max_size=120,
    ).map("".join),
    st.sampled_from(["r.md", "r.txt"]),
)
def test_arbitrary_markdown_never_raises_and_is_clean(source: str, name: str) -> None:
    passages, _script, meta = parse_text("k", Path(name), source)
    for passage in passages:
        assert _all_clean(passage)
        for start, end in passage.emphasis:
            assert 0 <= start < end <= len(passage.text)
        for start, end, _value in passage.spans + passage.links:
            assert 0 <= start < end <= len(passage.text)
    assert clean_text(meta.title) == meta.title  # type: ignore[attr-defined]


@pytest.mark.parametrize("depth", [25, 200])
def test_deep_nesting_keeps_the_text(depth: int) -> None:
    passages, _ = parse(">" * depth + " 深处\n\n" + "- " * depth + "项\n")
    body = "".join(p.text for p in passages)
    assert "深处" in body and "项" in body


def test_wechat_heading_questions_stay_headings_statements_become_prose() -> None:
    source = (
        "![](https://mmbiz.qpic.cn/a.png)\n\n# 机会在哪里？\n\n# 个人观点，仅供参考。\n\n正文。\n"
    )
    assert kinds(source) == [
        ("heading", "机会在哪里？"),
        ("paragraph", "个人观点，仅供参考。"),
        ("paragraph", "正文。"),
    ]


def test_images_without_alt_text_have_distinct_anchors() -> None:
    passages, _ = parse("![](a.png)\n\n![](b.png)\n\n<p><img src='c.png'></p>\n")
    assert [p.kind for p in passages] == [PassageKind.IMAGE] * 3
    assert len({p.anchor for p in passages}) == 3
