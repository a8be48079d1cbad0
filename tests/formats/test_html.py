"""Web and WeChat pages: fixtures written here as strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library.formats.html import read_html
from trendreader.library.model import PassageKind, table_rows
from trendreader.library.parse import ReportFileError, read_edition

WECHAT = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="og 标题">
<title></title></head><body>
<div id="js_article">
<h1 class="rich_media_title" id="activity-name">  2025年，6大机会  </h1>
<div id="meta_content"><span id="js_author_name">何伊凡</span>
<a id="js_name">甲子光年</a><em id="publish_time"></em></div>
<div class="rich_media_content" id="js_content">
<section><span>几乎每年，我都会听到这样的声音：</span><span>时代好像突然摁下了加速键。</span></section>
<p>推理<strong>芯片</strong>的需求在增长，详见<a href="https://example.com/r">报告原文</a>。</p>
<p><img data-src="x.png" alt="图一：算力曲线"></p>
<section><p>第二段：固态电池。</p></section>
<p>推荐阅读</p>
<p>另一篇文章的标题</p>
</div></div>
<script>var nickname = "甲子光年"; var ct = "1735689600"; var a = 1;</script>
</body></html>"""

ARTICLE = """<html><head><title>站点 - 文章</title>
<meta name="author" content="米磊"><meta property="article:published_time"
 content="2024-03-05T08:00:00+08:00"><meta property="og:title" content="硬科技的十年">
</head><body>
<header><nav><a href="/">首页</a><a href="/a">科技</a><a href="/b">财经</a></nav></header>
<div class="sidebar"><p>热门文章一</p><p>热门文章二</p></div>
<article>
<h1>硬科技的十年</h1>
<p>中国硬科技的发展经历了三个阶段。<b>第一阶段</b>是追赶。</p>
<h2>一、芯片</h2>
<blockquote><p>卡脖子不是终点。</p><blockquote><p>引中引。</p></blockquote></blockquote>
<ul><li>推理芯片</li><li>训练芯片<ol start="3"><li>三</li><li>四</li></ol></li></ul>
<pre><code class="language-python">print("芯片")
print(2)</code></pre>
<table><tr><th>年份</th><th>规模</th></tr><tr><td>2024</td><td>100亿</td></tr></table>
<hr>
<p>结语<a href="javascript:alert(1)">x</a>。</p>
</article>
<div class="comments"><p>评论：写得好</p></div>
<footer><p>版权所有</p></footer>
</body></html>"""

DIVS = """<html><body><div id="menu"><a href="/1">一</a> <a href="/2">二</a></div>
<div class="x"><div class="y">
<p>第一段正文比较长，讲的是自动驾驶的发展历程和未来的挑战。</p>
<p>第二段正文也比较长，讲的是人形机器人的量产进度与成本。</p>
</div></div><div class="z"><p><a href="/3">链接一</a> <a href="/4">链接二</a></p></div>
</body></html>"""


def read(tmp_path: Path, html: str | bytes, name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    return read_edition(path)


def test_wechat_title_author_date_and_body(tmp_path: Path) -> None:
    edition = read(tmp_path, WECHAT)
    assert edition.meta.title == "2025年，6大机会"
    assert edition.meta.author == "何伊凡"
    assert edition.meta.source == "甲子光年"
    assert edition.meta.date is not None and edition.meta.date.year == 2025
    texts = [p.text for p in edition.passages]
    assert texts[0] == "2025年，6大机会"  # the title, as the first heading
    assert "几乎每年，我都会听到这样的声音：时代好像突然摁下了加速键。" in texts
    assert "第二段：固态电池。" in texts
    assert not any("另一篇" in t for t in texts)  # the 推荐阅读 tail is dropped
    image = next(p for p in edition.passages if p.kind == PassageKind.IMAGE)
    assert image.text == "图一：算力曲线"


def test_wechat_bold_and_links(tmp_path: Path) -> None:
    edition = read(tmp_path, WECHAT)
    passage = next(p for p in edition.passages if p.text.startswith("推理芯片"))
    assert passage.text == "推理芯片的需求在增长，详见报告原文。"
    ((start, end),) = passage.emphasis
    assert passage.text[start:end] == "芯片"
    ((start, end, url),) = passage.links
    assert passage.text[start:end] == "报告原文" and url == "https://example.com/r"


def test_general_page_main_content_and_kinds(tmp_path: Path) -> None:
    edition = read(tmp_path, ARTICLE)
    meta = edition.meta
    assert (meta.title, meta.author, meta.year) == ("硬科技的十年", "米磊", 2024)
    kinds = [(p.kind.value, p.text) for p in edition.passages]
    texts = [t for _k, t in kinds]
    assert not {"首页", "热门文章一", "评论：写得好", "版权所有"} & set(texts)
    assert ("heading", "硬科技的十年") in kinds and ("heading", "一、芯片") in kinds
    quotes = [(p.text, p.depth) for p in edition.passages if p.kind == "quote"]
    assert quotes == [("卡脖子不是终点。", 0), ("引中引。", 1)]
    items = [(p.text, p.number, p.depth) for p in edition.passages if p.kind == "list"]
    assert items == [("推理芯片", None, 0), ("训练芯片", None, 0), ("三", 3, 1), ("四", 4, 1)]
    code = next(p for p in edition.passages if p.kind == "code")
    assert code.text == 'print("芯片")\nprint(2)' and code.language == "python"
    table = next(p for p in edition.passages if p.kind == "table")
    assert table_rows(table.text) == (("年份", "规模"), ("2024", "100亿"))
    assert any(p.kind == "rule" for p in edition.passages)
    last = next(p for p in edition.passages if p.text.startswith("结语"))
    assert last.links == ()  # javascript: links are not kept


def test_density_picks_the_text_not_the_links(tmp_path: Path) -> None:
    texts = [p.text for p in read(tmp_path, DIVS).passages]
    assert texts == [
        "第一段正文比较长，讲的是自动驾驶的发展历程和未来的挑战。",
        "第二段正文也比较长，讲的是人形机器人的量产进度与成本。",
    ]


def test_gbk_page_without_charset(tmp_path: Path) -> None:
    page = "<html><body><article><p>芯片产业的国产替代正在加速推进，机会与挑战并存。</p>" * 3
    edition = read(tmp_path, (page + "</article></body></html>").encode("gbk"), "gbk.htm")
    assert edition.passages[0].text == "芯片产业的国产替代正在加速推进，机会与挑战并存。"


def test_charset_from_meta(tmp_path: Path) -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>固态电池</p></body></html>'
    assert read(tmp_path, page.encode("gbk")).passages[0].text == "固态电池"


def test_hostile_text_is_cleaned(tmp_path: Path) -> None:
    page = (
        "<html><head><title>\x1b]0;pwned\x07标题\u202e</title></head><body><p>正文\x1b[31m红"
        "\u202e字</p></body></html>"
    )
    edition = read(tmp_path, page)
    assert edition.meta.title == "标题"
    assert edition.passages[0].text == "正文红字"


def test_html_bomb_one_line(tmp_path: Path) -> None:
    page = "<div>" * 50_000 + "深" + "</div>" * 50_000
    with pytest.raises(ReportFileError) as error:
        read(tmp_path, page)  # refused at once: Lexbor would take half a minute
    assert str(error.value) == (
        "page.html: a page nested more than 1000 elements deep (an HTML bomb?)"
    )
    deep = "<div>" * 900 + "<p>深</p>" + "</div>" * 900  # deep, but a page
    assert "深" in read(tmp_path, deep, "deep.html").full_text()


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02" * 100, b"<html></html>"])
def test_empty_or_binary_page_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ReportFileError) as error:
        read(tmp_path, data, "bad.html")
    assert str(error.value).startswith("bad.html: ") and "\n" not in str(error.value)


def test_read_html_direct() -> None:
    document = read_html(ARTICLE.encode(), "k")
    assert document.encoding == "utf-8"
