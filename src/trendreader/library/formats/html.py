"""Web pages → passages with selectolax (MIT, Lexbor): WeChat articles and general pages.

A WeChat article's body is ``#js_content``, its title ``#activity-name``, its account
``#js_name`` and its author ``#js_author_name`` (or the ``author`` meta); the publish time is
``#publish_time`` or the ``ct`` Unix time in the page script. Any other page: the main content
is ``article``/``main``/``[role=main]`` or, failing those, the element whose paragraphs hold
the most text that is not link text (readability's idea). Navigation, scripts, forms, asides
and share/ad/comment boxes are dropped, and so is a "推荐阅读" tail.

h1–h6 → heading, p → paragraph (bold → emphasis, a href → links), blockquote → quote (with
depth), ul/ol/li → list items (number, depth), pre → code (language from ``language-x``),
table → table, img → image (alt), hr → rule. The charset comes from the BOM, the ``<meta>``
or, when the page names none, the bytes (a GBK page without a charset reads right).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from trendreader.i18n import _
from trendreader.library.boilerplate import starts_tail
from trendreader.library.encoding import UndecodableError, decode_bytes
from trendreader.library.formats.common import (
    Document,
    FormatError,
    PassageBuilder,
    make_metadata,
    one_line,
    parse_when,
)
from trendreader.library.model import PassageKind, table_text

MAX_DEPTH = 120  # deeper nesting (an HTML bomb) is read as the text of the element
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DROP = (
    "script, style, noscript, template, iframe, svg, canvas, form, button, input, select, "
    "textarea, nav, aside, header nav, footer"
)
_NOISE = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|sidebar|share|social|advert|ads?|banner|comment|related|"
    r"recommend|breadcrumb|footer|cookie|popup|subscribe|qr_?code)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {
    "p", "div", "section", "article", "main", "blockquote", "ul", "ol", "li", "pre", "table",
    "hr", "figure", "figcaption", "dl", "dt", "dd", "body", "center", "details", "summary",
    "address", *_HEADINGS,
}  # fmt: skip
_BOLD = {"b", "strong"}
_SKIP = {
    "script", "style", "noscript", "template", "head", "title", "svg", "iframe", "-comment",
    "rt", "rp",  # ruby annotations (pinyin, zhuyin) over the text: not read inline
}  # fmt: skip


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and the encoding it was read in."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, "replace"), name
    match = _CHARSET.search(data[:8192])
    if match:
        name = match.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80"):
            name = "gb18030"  # a superset: pages labelled gb2312 use GBK characters
        try:
            codecs.lookup(name)
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label: the bytes decide
    try:
        decoded = decode_bytes(data)
    except UndecodableError as error:
        raise FormatError(str(error)) from None
    return decoded.text, decoded.encoding


@dataclass(slots=True)
class _Inline:
    """The inline text being gathered for one passage, with its bold and link ranges."""

    text: str = ""
    bold: list[tuple[int, int]] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, text: str) -> None:
        text = re.sub(r"\s+", " ", text)
        if self.text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        self.text += text


class _Walker:
    """Turns an element tree into passages."""

    def __init__(self, builder: PassageBuilder, *, stop_at_tail: bool) -> None:
        self.out = builder
        self.stop_at_tail = stop_at_tail
        self.stopped = False

    def flush(self, inline: _Inline, kind: PassageKind = PassageKind.PARAGRAPH, **kw) -> None:
        lead = len(inline.text) - len(inline.text.lstrip())
        text = inline.text.strip()
        if not text:
            return
        tail = kind in (PassageKind.PARAGRAPH, PassageKind.HEADING) and (
            starts_tail(text) or text in ("推荐阅读", "往期推荐", "相关阅读", "延伸阅读")
        )
        if self.stop_at_tail and tail:
            self.stopped = True
            return
        shift = lambda s, e: (max(0, s - lead), min(len(text), e - lead))  # noqa: E731
        bold = tuple(r for r in (shift(s, e) for s, e in inline.bold) if r[0] < r[1])
        links = tuple(
            (*shift(s, e), u) for s, e, u in inline.links if shift(s, e)[0] < shift(s, e)[1]
        )
        if bold == ((0, len(text)),) and kind == PassageKind.HEADING:
            bold = ()
        self.out.add(kind, text, emphasis=bold, links=links, **kw)

    def block(self, node, depth: int = 0, quote: int = -1, lists: tuple = ()) -> None:
        """The children of a block element; inline runs between blocks become paragraphs."""
        inline = _Inline()
        kind = PassageKind.QUOTE if quote >= 0 else PassageKind.PARAGRAPH
        extra = {"depth": quote} if quote >= 0 else {}
        for child in node.iter(include_text=True):
            if self.stopped:
                return
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == "-text":
                inline.add(child.text(deep=False))
            elif tag == "br":
                self.flush(inline, kind, **extra)
                inline = _Inline()
            elif tag in _BLOCKS or (tag == "img" and not inline.text.strip()):
                self.flush(inline, kind, **extra)
                inline = _Inline()
                self.element(child, depth + 1, quote, lists)
            else:
                self.inline(child, inline, depth + 1)
        self.flush(inline, kind, **extra)

    def inline(self, node, inline: _Inline, depth: int) -> None:
        tag = node.tag
        if tag == "img":
            alt = one_line(node.attributes.get("alt") or "")
            if alt:
                inline.add(f"[图：{alt}]")
            return
        start = len(inline.text)
        if depth > MAX_DEPTH:
            inline.add(node.text(deep=True))
        else:
            for child in node.iter(include_text=True):
                if child.tag == "-text":
                    inline.add(child.text(deep=False))
                elif child.tag == "br":
                    inline.add(" ")
                elif child.tag not in _SKIP:
                    self.inline(child, inline, depth + 1)
        end = len(inline.text)
        if end > start:
            if tag in _BOLD:
                inline.bold.append((start, end))
            elif tag == "a":
                href = (node.attributes.get("href") or "").strip()
                if href and not href.lower().startswith(("javascript:", "data:", "#")):
                    inline.links.append((start, end, href))

    def element(self, node, depth: int, quote: int, lists: tuple) -> None:
        tag = node.tag
        if depth > MAX_DEPTH:
            self.out.add(PassageKind.PARAGRAPH, node.text(deep=True))
            return
        if tag in _HEADINGS:
            inline = _Inline()
            self.inline(node, inline, depth)
            self.flush(inline, PassageKind.HEADING, level=_HEADINGS[tag])
        elif tag == "blockquote":
            self.block(node, depth, quote + 1, lists)
        elif tag in ("ul", "ol"):
            start = node.attributes.get("start") or "1"
            number = int(start) if tag == "ol" and start.isdigit() else None
            for child in node.iter(include_text=False):
                if child.tag == "li":
                    self.item(child, depth, len(lists), number)
                    number = number + 1 if number is not None else None
                elif child.tag in ("ul", "ol"):
                    self.element(child, depth + 1, quote, (*lists, tag))
        elif tag == "li":
            self.item(node, depth, len(lists), None)
        elif tag == "pre":
            code = node.css_first("code")
            classes = ((code or node).attributes.get("class") or "").split()
            language = next((c[9:] for c in classes if c.startswith("language-")), "")
            text = node.text(deep=True).strip("\n")
            self.out.add(PassageKind.CODE, text, language=language, verbatim=True)
        elif tag == "table":
            rows = []
            for row in node.css("tr"):
                cells = [" ".join(c.text(deep=True).split()) for c in row.css("th, td")]
                if any(cells):
                    rows.append(cells)
            if rows:
                width = max(len(r) for r in rows)
                self.out.add(
                    PassageKind.TABLE, table_text([r + [""] * (width - len(r)) for r in rows])
                )
        elif tag == "img":
            self.out.add(PassageKind.IMAGE, one_line(node.attributes.get("alt") or ""))
        elif tag == "hr":
            self.out.add(PassageKind.RULE, "―")
        else:
            self.block(node, depth, quote, lists)

    def item(self, node, depth: int, level: int, number: int | None) -> None:
        inline = _Inline()
        nested = []
        for child in node.iter(include_text=True):
            if child.tag in ("ul", "ol"):
                nested.append(child)
            elif child.tag == "-text":
                inline.add(child.text(deep=False))
            elif child.tag in ("p", "div", "span", "section") or child.tag not in _SKIP:
                self.inline(child, inline, depth + 1)
        self.flush(inline, PassageKind.LIST, number=number, depth=level)
        for child in nested:
            self.element(child, depth + 1, -1, ("li",) * (level + 1))


def _clean_tree(root) -> None:
    for node in root.css(_DROP):
        node.decompose()
    for node in root.css("[class], [id]"):
        marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _NOISE.search(marks) and node.tag not in ("body", "html", "article", "main"):
            node.decompose()
    for node in root.css('[style*="display:none"], [style*="display: none"], [hidden]'):
        node.decompose()


def _meta(tree, *names: str) -> str:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
        if node is not None and (value := (node.attributes.get("content") or "").strip()):
            return value
    return ""


def _text_of(tree, selector: str) -> str:
    node = tree.css_first(selector)
    return " ".join(node.text(deep=True).split()) if node is not None else ""


def _density_pick(body):
    """The element whose own paragraphs hold the most text that is not link text."""
    best, best_score = body, 0
    for node in [body, *body.css("div, section, td")]:
        score = 0
        for child in node.iter(include_text=False):
            if child.tag in ("p", "h2", "h3", "blockquote", "ul", "ol", "pre", "table"):
                text = len(child.text(deep=True).strip())
                links = sum(len(a.text(deep=True)) for a in child.css("a"))
                score += text - 2 * links
        if score > best_score:
            best, best_score = node, score
    return best


def _wechat_time(html: str, tree) -> str:
    for pattern in (
        r'\bvar\s+ct\s*=\s*"(\d{10})"',
        r"\bct\s*[:=]\s*['\"]?(\d{10})",
        r'create_time\s*[:=]\s*["\']?(\d{10})',
    ):
        if match := re.search(pattern, html):
            return match.group(1)
    return _text_of(tree, "#publish_time") or _meta(tree, "article:published_time")


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_NOT_NESTING = {
    "p", "li", "td", "th", "tr", "option", "dt", "dd", "br", "img", "hr", "meta", "link",
    "input", "wbr", "source", "area", "base", "col", "embed", "param", "track",
}  # fmt: skip
MAX_NESTING = 1000


def check_nesting(html: str) -> None:
    """Refuse a page nested deeper than any real page (an HTML bomb): the HTML parser would
    take minutes on it."""
    depth = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _NOT_NESTING or match.group(3):
            continue
        depth += -1 if match.group(1) else 1
        if depth > MAX_NESTING:
            raise FormatError(
                _("a page nested more than {depth} elements deep (an HTML bomb?)").format(
                    depth=MAX_NESTING
                )
            )


def read_html(data: bytes, key: str, file_name: str = "", *, whole: bool = False) -> Document:
    """A web page (``whole``: an EPUB chapter, whose body is all content)."""
    from selectolax.lexbor import LexborHTMLParser

    html, encoding = decode_html(data)
    check_nesting(html)
    try:
        tree = LexborHTMLParser(html)
    except Exception as error:
        raise FormatError(_("not a readable web page ({reason})").format(reason=error)) from None
    builder = PassageBuilder(key)
    fill_passages(tree, html, builder, whole=whole)
    title, author, when, source = page_metadata(tree, html)
    meta = make_metadata(title, author, parse_when(when), source=source, file_name=file_name)
    return Document(tuple(builder.passages), builder.script(), meta, encoding)


def page_metadata(tree, html: str) -> tuple[str, str, str, str]:
    if tree.css_first("#js_content") is not None:  # WeChat
        title = _text_of(tree, "#activity-name") or _meta(tree, "og:title", "twitter:title")
        author = _text_of(tree, "#js_author_name") or _meta(tree, "author")
        account = _text_of(tree, "#js_name") or _meta(tree, "og:site_name")
        return title, author or account, _wechat_time(html, tree), account
    title = (
        _meta(tree, "og:title", "twitter:title") or _text_of(tree, "h1") or _text_of(tree, "title")
    )
    author = _meta(tree, "author", "article:author", "dc.creator", "byl")
    when = _meta(tree, "article:published_time", "pubdate", "publishdate", "date", "dc.date")
    if not when and (node := tree.css_first("time[datetime]")) is not None:
        when = node.attributes.get("datetime") or ""
    return title, author, when, _meta(tree, "og:site_name")


def fill_passages(tree, html: str, builder: PassageBuilder, *, whole: bool = False) -> None:
    body = tree.body or tree.root
    if body is None:
        return
    content = tree.css_first("#js_content")
    wechat = content is not None
    if not wechat:
        _clean_tree(body)
        content = (
            body
            if whole
            else (
                tree.css_first("article")
                or tree.css_first("main")
                or tree.css_first('[role="main"]')
                or _density_pick(body)
            )
        )
    else:
        for node in content.css("script, style, mpvoice, mpprofile, qqmusic"):
            node.decompose()
    walker = _Walker(builder, stop_at_tail=not whole)
    title = _text_of(tree, "#activity-name") if wechat else ""
    if title:
        builder.add(PassageKind.HEADING, title, level=1)
    try:
        walker.block(content)
    except RecursionError:
        raise FormatError(_("an HTML page nested too deeply to read")) from None
