"""Markdown → block calls, from pulldown-cmark's events (pyromark), for the block walker.

pyromark (MIT; the pulldown-cmark Rust crate, wheels for Linux, macOS and Windows) reads a
document into events ~20× faster than markdown-it-py makes its tokens. `walk_events` turns
them into the calls markdown-it's tokens make on the block walker
(`trendreader.library.markdown.BlockWalker`), so both parsers give the same blocks.

Where the two parsers' rules differ, markdown-it-py reads the part in question:

- a paragraph (or a tight list item's text, or an ATX heading) with a marker run that
  the CJK-friendly emphasis rule of ``mdit-py-cjk-friendly`` lets open or close otherwise
  than CommonMark (``**粗体：**文字`` is bold; asked of the plugin's own ``scanDelims``),
  or next to a character the two parsers class otherwise (a symbol such as ``😀``), or,
  when pulldown-cmark left a marker unpaired, any run next to a character beyond ASCII;
  also any ``~`` strikethrough (markdown-it pairs only ``~~``, by its rules). markdown-it
  parses that paragraph's source alone (``reparse_inline``);
- the whole document (`GiveUp`) where that cannot be done: such markers in a table cell or
  a setext heading, a paragraph of several lines inside a quote, link reference
  definitions (pulldown-cmark and markdown-it-py end them differently), a table
  markdown-it would find and pulldown-cmark does not (one column, or inside a quote), a
  code span or raw HTML running over a line break, and anything the options do not enable.
  A paragraph with a tab before a line break is markdown-it's too (it keeps the tab).

A paragraph of clean text and inline links, or of one image alone (96% of the weekly
issues' paragraphs), is read without a run and given to the walker as such
(``plain_paragraph``, ``image_paragraph``); any other is read event by event.

An ordered item's number is the one written before it (as markdown-it gives it), read from
the source at the item's offset, and a fence's info string is the one written.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Protocol

from trendreader.library.inline import Run, RunBuilder, may_be_unsafe
from trendreader.library.model import SpanStyle
from trendreader.library.run_blocks import image_marker, inline_html
from trendreader.library.sanitize import clean_line

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

_DELIMITER_RUN = re.compile(r"[*_~]+")
# An item's range may start at the end of the line before, or before a quote's markers.
_ITEM_NUMBER = re.compile(rb"[ \t\n>]*(\d{1,9})[.)]")
_REFERENCE = re.compile(rb"\[[^\]\n]+\]:")
# A line markdown-it may take for a table's delimiter row, after a line with a "|".
_TABLE_HEAD = re.compile(rb"^[^\n]*\|[^\n]*\n {0,3}[|:-][|: \t-]*$", re.MULTILINE)
_QUOTE_TAB = re.compile(rb">[ ]*\t")  # a tab after a quote's marker
# up to n quote markers (each with one optional space) opening a line
_QUOTE_MARKER = [re.compile(rf"^(?: {{0,3}}> ?){{0,{n}}}") for n in range(1, 9)]
# markdown-it takes "\u3000" for a space (Python's strip) where an HTML block may start
_HTML_WIDE_SPACE = re.compile(rb"^ {0,3}<[^\n]*\xe3\x80\x80", re.MULTILINE)
# a quote's line, then one indented as code: markdown-it and pulldown-cmark disagree
_QUOTE_THEN_INDENT = re.compile(rb"^[ \t]{0,3}>[^\n]*\n(?: {4}|\t)", re.MULTILINE)
_TAB_BREAK = re.compile(rb"\t[ \t]*\n")
# a tab after a list item's marker: the two parsers count its columns differently
_MARKER_TAB = re.compile(rb"^[ \t>]*(?:[-+*]|\d{1,9}[.)]) *\t", re.MULTILINE)
_LIST_MARKER = re.compile(rb"[ \t\n>]*(?:[-+*]|\d{1,9}[.)])[ \t]*")
_ATX_OPEN = re.compile(r"#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


class GiveUp(Exception):
    """The two parsers may differ on this document: markdown-it-py parses it."""


class BlockSink(Protocol):
    """The block walker's calls, as both parsers make them."""

    def paragraph(self, run: Run) -> None: ...
    def plain_paragraph(self, text: str, links: tuple[tuple[int, int, str], ...]) -> None: ...
    def image_paragraph(self, alt: str, src: str) -> None: ...
    def heading(self, level: int, run: Run) -> None: ...
    def code(self, text: str, info: str) -> None: ...
    def rule(self) -> None: ...
    def html(self, source: str) -> None: ...
    def table(self, rows: list[list[Run]]) -> None: ...
    def enter_quote(self) -> None: ...
    def leave_quote(self) -> None: ...
    def enter_list(self, ordered: bool) -> None: ...
    def leave_list(self) -> None: ...
    def enter_item(self, number: int | None) -> None: ...
    def leave_item(self) -> None: ...


_OPTIONS: list[object] = []


def _options() -> object:
    if not _OPTIONS:
        import pyromark

        _OPTIONS.append(pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH)
    return _OPTIONS[0]


def walk_events(
    text: str,
    sink: BlockSink,
    normalize_link: Callable[[str], str],
    reparse_inline: Callable[[str], Run],
) -> None:
    """Feed ``text``'s blocks to ``sink``; raise `GiveUp` where markdown-it must parse it.

    ``normalize_link`` is markdown-it's (it raises `GiveUp` for a link markdown-it would
    not make); ``reparse_inline`` gives markdown-it's run of one paragraph's source.
    ``sink`` may have had calls when `GiveUp` is raised: give markdown-it a fresh one.
    """
    try:
        import pyromark
    except ImportError as error:  # no wheel for this platform: markdown-it-py reads it all
        raise GiveUp from error

    source = text.encode()
    if (
        _REFERENCE.search(source)
        or (b"\t" in source and (_QUOTE_TAB.search(source) or _MARKER_TAB.search(source)))
        or (b"\xe3\x80\x80" in source and _HTML_WIDE_SPACE.search(source))
        or (b">" in source and _QUOTE_THEN_INDENT.search(source))
    ):
        raise GiveUp
    try:  # the parse is eager: iterating the events only makes their Python objects
        events = pyromark.events_with_range(text, options=_options())  # type: ignore[arg-type]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a panic in the Rust parser is a BaseException (pyo3)
        raise GiveUp from error
    walker = _EventWalker(source, sink, normalize_link, reparse_inline)
    walker.walk(events)
    if walker.tables != _table_heads(source):
        raise GiveUp


def _table_heads(source: bytes) -> int:
    """How many header/delimiter line pairs markdown-it could read as a table's start."""
    if b"|" not in source:
        return 0
    heads = _TABLE_HEAD.finditer(source)
    return sum(1 for found in heads if b"-" in found.group().rsplit(b"\n")[-1])


def _cleaned(text: str) -> str:
    """`clean_line` of a text event where it could change it (printable text, nearly all of
    it, is checked by one C call)."""
    return text if text.isprintable() or not may_be_unsafe(text) else clean_line(text)


def _markdown_it_may_differ(source: bytes, *, unpaired: bool) -> bool:
    """Could markdown-it read this inline container's source otherwise: a tab before a
    line break (markdown-it keeps it), or emphasis markers it may pair its own way?"""
    if b"\t" in source and _TAB_BREAK.search(source):
        return True
    markers = b"*" in source or b"_" in source
    return markers and markers_may_differ(source.decode(), unpaired=unpaired)


def markers_may_differ(text: str, *, unpaired: bool) -> bool:
    """Could markdown-it's CJK-friendly emphasis pair this text's markers otherwise than
    pulldown-cmark (CommonMark) did? Its rule changes only what a marker run next to a CJK
    character may open or close. So: a run whose CJK-friendly opening and closing (the
    plugin's own ``scanDelims``) differ from CommonMark's (``**粗体：**文字``: the closing
    run closes only by the CJK rule); a run next to a character the two parsers may class
    otherwise (`_classed_otherwise`); or, when pulldown-cmark left a marker unpaired
    (``unpaired``), any run next to a character beyond ASCII."""
    for found in _DELIMITER_RUN.finditer(text):
        start, end = found.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before <= "\x7f" and after <= "\x7f":
            continue  # the CJK rule leaves a run between ASCII characters as it is
        if (
            unpaired
            or _classed_otherwise(before)
            or _classed_otherwise(after)
            or _cjk_rule_differs(text, start, end)
        ):
            return True
    return False


def _classed_otherwise(char: str) -> bool:
    """Might markdown-it and pulldown-cmark class this character otherwise for the flanking
    rules? pulldown-cmark takes Unicode punctuation and symbols for punctuation (CommonMark
    0.31); markdown-it takes its own list of punctuation, without symbols (``😀``, ``©``)
    or anything beyond the BMP. Characters a newer Unicode assigns count as such."""
    if char <= "\x7f":
        return False  # ASCII: both parsers class it alike
    from markdown_it.common.utils import isPunctChar

    category = unicodedata.category(char)
    return category[0] == "S" or category == "Cn" or isPunctChar(char) != (category[0] == "P")


class _Probe:
    """What markdown-it's ``StateInline.scanDelims`` reads: the source, where it ends,
    and whether the parser has the CJK-friendly rule (the plugin's flag)."""

    __slots__ = ("md", "posMax", "src")

    def __init__(self, src: str, cjk: bool) -> None:
        self.src = src
        self.posMax = len(src)
        self.md = _WithCjkRule if cjk else _WithoutCjkRule


class _WithCjkRule:
    """Stands for a parser that uses the plugin (its flag is all ``scanDelims`` reads)."""

    _cjk_friendly = True


class _WithoutCjkRule:
    _cjk_friendly = False


def _cjk_rule_differs(text: str, start: int, end: int) -> bool:
    """Does the CJK-friendly rule let any marker run in ``text[start:end]`` open or close
    otherwise than CommonMark does? Asked of ``mdit-py-cjk-friendly``'s patched
    ``scanDelims`` itself, with its flag off (CommonMark's answer) and on."""
    import mdit_py_cjk_friendly  # noqa: F401  (patches StateInline.scanDelims)
    from markdown_it.rules_inline.state_inline import StateInline

    scan = StateInline.scanDelims
    plain, cjk = _Probe(text, cjk=False), _Probe(text, cjk=True)
    at = start
    while at < end:  # each run of one marker ("**_" is two)
        split_word = text[at] != "_"  # as markdown-it's emphasis and strikethrough ask
        ours, theirs = scan(plain, at, split_word), scan(cjk, at, split_word)  # type: ignore[arg-type]
        if (ours.can_open, ours.can_close) != (theirs.can_open, theirs.can_close):
            return True
        marker = text[at]
        while at < end and text[at] == marker:
            at += 1
    return False


class _EventWalker:
    __slots__ = (
        "_builder",
        "_code",
        "_code_info",
        "_container",
        "_end_at",
        "_heading",
        "_image",
        "_image_src",
        "_item_at",
        "_normalize",
        "_quotes",
        "_reparse",
        "_row",
        "_rows",
        "_sink",
        "_source",
        "_start_at",
        "_strike",
        "_unpaired",
        "tables",
    )

    def __init__(
        self,
        source: bytes,
        sink: BlockSink,
        normalize_link: Callable[[str], str],
        reparse_inline: Callable[[str], Run],
    ) -> None:
        self._source = source
        self._sink = sink
        self._normalize = normalize_link
        self._reparse = reparse_inline
        self._builder: RunBuilder | None = None  # the inline container being read
        # "paragraph", "item" (a tight item's text), "heading", "cell"; "code", "html"; ""
        self._container = ""
        self._start_at = 0  # the inline container's source bytes
        self._end_at = 0
        self._unpaired = False  # a marker was left as text
        self._strike = False
        self._quotes = 0
        self._heading = 0
        self._code: list[str] = []
        self._code_info = ""
        self._rows: list[list[Run]] | None = None
        self._row: list[Run] | None = None
        self._image: list[str] | None = None  # alt text of the image being read
        self._image_src = ""
        self._item_at = -1  # where the text of the item just opened starts
        self.tables = 0

    # --- inline containers ---

    def _open(self, container: str, span: dict[str, int]) -> RunBuilder:
        self._item_at = -1
        self._builder = builder = RunBuilder()
        self._container = container
        self._start_at, self._end_at = span["start"], span["end"]
        self._unpaired = self._strike = False
        return builder

    def _inline(self, span: dict[str, int]) -> RunBuilder:
        """The open inline container; text straight inside an item opens its tight text."""
        builder = self._builder
        if builder is None:
            if self._container:
                raise GiveUp  # inline content inside a code or HTML block
            item_at = self._item_at
            builder = self._open("item", span)
            if item_at >= 0:  # from the item's marker on (an escape's text starts after
                self._start_at = item_at  # its backslash)
            return builder
        if span["end"] > self._end_at:
            self._end_at = span["end"]
        return builder

    def _close(self) -> Run:
        """The open inline container's run: pulldown-cmark's, or markdown-it's where the
        two may differ."""
        builder, container = self._builder, self._container
        assert builder is not None
        self._builder, self._container = None, ""
        run = builder.build()
        source = self._source[self._start_at : self._end_at]
        if not (self._strike or _markdown_it_may_differ(source, unpaired=self._unpaired)):
            return run
        content = source.strip()
        if container == "heading":
            line = content.decode()
            opened = _ATX_OPEN.match(line)
            if opened is None or "\n" in line:
                raise GiveUp  # a setext heading
            return self._reparse(_ATX_CLOSE.sub("", line[opened.end() :]).strip())
        if container == "cell":
            raise GiveUp
        text = content.decode()
        if self._quotes and "\n" in text:  # its lines after the first carry the markers
            first, *rest = text.split("\n")
            marker = _QUOTE_MARKER[min(self._quotes, len(_QUOTE_MARKER)) - 1]
            text = "\n".join([first, *(marker.sub("", line, count=1) for line in rest)])
        return self._reparse(text)

    def _end_item_text(self) -> None:
        self._item_at = -1  # a block opens or closes: no item's text starts here
        if self._container == "item":
            self._sink.paragraph(self._close())

    def _text(self, value: str, span: dict[str, int]) -> None:
        if self._container == "code" or self._container == "html":
            self._code.append(value)
            return
        builder = self._inline(span)
        if self._image is not None:
            self._image.append(value)
            return
        if "*" in value or "_" in value:
            self._unpaired = True
        if "~" in value:  # (pieces of text come apart: "~~" may be two events)
            self._strike = True
        builder.add(_cleaned(value))

    # --- the walk ---

    def walk(self, events: Iterable[tuple[object, dict[str, int]]]) -> None:
        events = iter(events)
        for event, span in events:
            if type(event) is str:
                if event == "SoftBreak" or event == "HardBreak":
                    builder = self._inline(span)
                    if self._image is None:  # in alt text a break reads as nothing
                        builder.add_break()
                elif event == "Rule":
                    self._end_item_text()
                    self._sink.rule()
                continue
            for key, value in event.items():  # type: ignore[attr-defined]
                if key == "Text":
                    self._text(value, span)
                elif key == "Start":
                    if value == "Paragraph":
                        self._paragraph(events, span)
                    else:
                        self._start(value, span)
                elif key == "End":
                    self._end(value, span)
                elif key == "Code":
                    builder = self._inline(span)
                    if self._image is not None:
                        self._image.append(value)
                    elif b"\n" in self._source[span["start"] : span["end"]]:
                        raise GiveUp
                    else:
                        builder.add_styled(clean_line(value), SpanStyle.CODE)
                elif key == "InlineHtml":
                    if "\n" in value:
                        raise GiveUp
                    inline_html(self._inline(span), value)
                elif key == "Html":
                    if self._container != "html":
                        raise GiveUp
                    self._code.append(value)
                else:
                    raise GiveUp  # math, footnotes, task markers: not enabled

    def _paragraph(
        self, events: Iterator[tuple[object, dict[str, int]]], span: dict[str, int]
    ) -> None:
        """A paragraph: read here when it is clean text and inline links only, or one image
        and nothing else (96% of the weekly issues' paragraphs); otherwise the events read
        so far go through the general walk, which then reads on.

        It makes what the general walk makes of such a paragraph, without a run (checked
        by the tests and ``bench/parser_parity.py``).
        """
        self._item_at = -1  # (`_end_item_text`, inline: a call less a paragraph)
        if self._container == "item":
            self._sink.paragraph(self._close())
        seen: list[tuple[object, dict[str, int]]] = []
        append = seen.append
        parts: list[str] = []
        links: list[tuple[int, int, str]] = []
        length = 0
        link_at = -1  # where the open link's text starts
        link_url = ""
        image: list[str] | None = None  # the image's alt text, while it is read
        image_src = ""
        imaged = False  # the image has been read
        for item in events:
            append(item)
            event = item[0]
            if type(event) is str:
                break  # a break or a rule
            ((key, value),) = event.items()  # type: ignore[attr-defined]
            if key == "Text":
                if image is not None:
                    image.append(value)
                    continue
                if imaged or not value.isprintable() or "*" in value or "_" in value:
                    break
                if "~" in value:
                    break
                parts.append(value)
                length += len(value)
            elif key == "Start":
                if type(value) is not dict:
                    break
                if (target := value.get("Link")) is not None:
                    if link_at >= 0 or imaged or target["link_type"] != "Inline":
                        break
                    link_at = length
                    link_url = clean_line(self._normalize(target["dest_url"]))
                elif (target := value.get("Image")) is not None:
                    if parts or link_at >= 0 or imaged:
                        break
                    image, image_src = [], target["dest_url"]
                else:
                    break
            elif key == "End":
                if value == "Link" and link_at >= 0:
                    if length > link_at:
                        links.append((link_at, length, link_url))
                    link_at = -1
                elif value == "Image" and image is not None:
                    alt, image = clean_line("".join(image)).strip(), None
                    image_src = clean_line(self._normalize(image_src))
                    imaged = True
                elif value == "Paragraph":
                    source = self._source[span["start"] : span["end"]]
                    if (b"*" in source or b"_" in source or b"\t" in source) and (
                        _markdown_it_may_differ(source, unpaired=False)
                    ):
                        break
                    if imaged:
                        self._sink.image_paragraph(alt, image_src)
                        return
                    text = "".join(parts)
                    if not text or text[0].isspace() or text[-1].isspace():
                        break
                    self._sink.plain_paragraph(text, tuple(links))
                    return
                else:
                    break
            else:
                break
        self._open("paragraph", span)
        self.walk(seen)

    def _start(self, tag: object, span: dict[str, int]) -> None:
        sink = self._sink
        if type(tag) is str:
            if tag == "Paragraph":
                self._end_item_text()
                self._open("paragraph", span)
            elif tag == "Emphasis":
                self._inline(span).open(SpanStyle.ITALIC)
            elif tag == "Strong":
                self._inline(span).open("bold")
            elif tag == "Strikethrough":
                self._inline(span).open(SpanStyle.STRIKE)
                self._strike = True
            elif tag == "Item":
                self._end_item_text()
                found = _ITEM_NUMBER.match(self._source, span["start"])
                sink.enter_item(int(found.group(1)) if found else None)
                marker = _LIST_MARKER.match(self._source, span["start"])
                self._item_at = marker.end() if marker else span["start"]
            elif tag == "HtmlBlock":
                self._end_item_text()
                self._container = "html"
                self._code = []
            elif tag == "TableHead" or tag == "TableRow":
                if tag == "TableRow":
                    self._check_row(span["start"])
                self._row = []
                if self._rows is not None:
                    self._rows.append(self._row)
            elif tag == "TableCell":
                self._open("cell", span)
            else:
                raise GiveUp
            return
        for key, value in tag.items():  # type: ignore[attr-defined]
            if key == "Link":
                builder = self._inline(span)
                url = value["dest_url"]
                kind = value["link_type"]
                if kind == "Autolink" or kind == "Email":
                    if "%" in url or "xn--" in url.lower():
                        raise GiveUp  # markdown-it shows such an autolink decoded
                    if kind == "Email":
                        url = "mailto:" + url
                builder.open("link", clean_line(self._normalize(url)))
            elif key == "Image":
                self._inline(span)
                if self._image is not None:
                    raise GiveUp  # an image inside an image's alt text
                self._image = []
                self._image_src = value["dest_url"]
            elif key == "Heading":
                if b"\t" in self._source[span["start"] : span["end"]]:
                    raise GiveUp  # markdown-it ends "#" closings at spaces only
                self._end_item_text()
                self._open("heading", span)
                self._heading = int(value["level"][1])
            elif key == "CodeBlock":
                self._end_item_text()
                self._container = "code"
                self._code = []
                if type(value) is dict:
                    self._code_info = self._fence_info(span["start"])
                else:
                    self._code_info = ""
                    if b"\t" in self._source[span["start"] : span["end"]]:
                        raise GiveUp  # its tabs as columns: the two parsers differ
            elif key == "BlockQuote":
                self._end_item_text()
                self._quotes += 1
                sink.enter_quote()
            elif key == "List":
                self._end_item_text()
                sink.enter_list(value is not None)
            elif key == "Table":
                self._end_item_text()
                self._check_header(span["start"])
                self._rows = []
                self.tables += 1
            else:
                raise GiveUp

    def _check_header(self, start: int) -> None:
        """A header markdown-it trims otherwise (Python's strip takes "\u3000" too)."""
        end = self._source.find(b"\n", start)
        line = self._source[start : end if end >= 0 else len(self._source)].decode()
        if line.strip() != line.strip(" \t"):
            raise GiveUp

    def _check_after_table(self, end: int) -> None:
        """A line right after the table: markdown-it may take it as a row (an empty one)."""
        if end and self._source[end - 1 : end] != b"\n":
            end = self._source.find(b"\n", end) + 1
            if end == 0:
                return
        stop = self._source.find(b"\n", end)
        if self._source[end : stop if stop >= 0 else len(self._source)].decode().strip():
            raise GiveUp

    def _check_row(self, start: int) -> None:
        """A row markdown-it would end the table before: indented as code, or without "|"."""
        line_start = self._source.rfind(b"\n", 0, start) + 1
        end = self._source.find(b"\n", start)
        line = self._source[line_start : end if end >= 0 else len(self._source)]
        if not line.decode().strip().strip("|").strip() or line[:4] == b"    " or line[:1] == b"\t":
            raise GiveUp

    def _fence_info(self, start: int) -> str:
        """The info string as written (markdown-it's; pulldown-cmark's is unescaped)."""
        end = self._source.find(b"\n", start)
        line = self._source[start : end if end >= 0 else len(self._source)].lstrip(b" \t")
        return line.lstrip(line[:1]).decode()

    def _end(self, tag: object, span: dict[str, int]) -> None:
        sink = self._sink
        if type(tag) is str:
            if tag == "Paragraph":
                sink.paragraph(self._close())
            elif tag == "Emphasis":
                self._inline(span).close(SpanStyle.ITALIC)
            elif tag == "Strong":
                self._inline(span).close("bold")
            elif tag == "Strikethrough":
                self._inline(span).close(SpanStyle.STRIKE)
            elif tag == "Link":
                self._inline(span).close("link")
            elif tag == "Image":
                alt = clean_line("".join(self._image or ())).strip()
                self._image = None
                src = clean_line(self._normalize(self._image_src))
                self._inline(span).add_styled(image_marker(alt), "image", src)
            elif tag == "Item":
                self._end_item_text()
                sink.leave_item()
            elif tag == "CodeBlock":
                self._container = ""
                sink.code("".join(self._code), self._code_info)
            elif tag == "HtmlBlock":
                self._container = ""
                if b"\t" in self._source[span["start"] : span["end"]]:
                    raise GiveUp  # pulldown-cmark gives its tabs as spaces
                sink.html("".join(self._code))
            elif tag == "TableCell":
                run = self._close()
                if self._row is not None:
                    self._row.append(run)
            elif tag == "TableHead" or tag == "TableRow":
                self._row = None
            elif tag == "Table":
                self._check_after_table(span["end"])
                rows, self._rows = self._rows, None
                if rows:
                    sink.table(rows)
            return
        for key in tag:  # type: ignore[attr-defined]
            if key == "Heading":
                sink.heading(self._heading, self._close())
            elif key == "BlockQuote":
                self._end_item_text()
                self._quotes -= 1
                sink.leave_quote()
            elif key == "List":
                self._end_item_text()
                sink.leave_list()
