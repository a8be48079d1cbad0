"""Markdown → blocks, by pulldown-cmark's events (pyromark) or markdown-it-py.

CommonMark plus GFM tables and strikethrough, YAML front matter and TOML front matter
(``+++``), and ``mdit-py-cjk-friendly`` so that emphasis next to Chinese punctuation pairs
(``**粗体：**文字`` is bold). Both parsers make the same calls on one `BlockWalker`:
pyromark's events (`trendreader.library.markdown_events`, ~20× faster) where they give the
same blocks as markdown-it-py, and markdown-it-py's tokens (`walk_tokens`) for the rest.
Soft line breaks are joined without a space between wide characters and with one
elsewhere. Files detected as WeChat exports get the passes of `trendreader.library.wechat`
over those blocks instead (a newline there is a paragraph break, and the export's
decoration and boilerplate go).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from trendreader.library.blocks import Block
from trendreader.library.frontmatter import parse_yaml, split_front_matter, split_toml
from trendreader.library.inline import BREAK, Run, RunBuilder, is_wide, may_be_unsafe
from trendreader.library.markdown_events import BlockSink, GiveUp, walk_events
from trendreader.library.model import PassageKind, SpanStyle, passage_anchor
from trendreader.library.run_blocks import (
    BR_TAG,
    IMG_ALT,
    block_from_run,
    image_block,
    image_marker,
    inline_html,
    split_edge_images,
    table_block,
)
from trendreader.library.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

RULE_TEXT = "―"
_TAG = re.compile(r"<[^>]*>")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# markdown-it stops (and drops the rest) past ``maxNesting`` levels; deeper quote and list
# markers on one line are cut to `MAX_MARKERS` before parsing, so every word is kept.
MAX_NESTING = 100
MAX_MARKERS = 30
_MARKER = r"[ \t]{0,3}(?:>|[-*+][ \t])"
_DEEP_PREFIX = re.compile(rf"^(?:{_MARKER}){{{MAX_MARKERS + 1},}}", re.MULTILINE)
_ONE_MARKER = re.compile(_MARKER)


@dataclass(slots=True)
class ParsedMarkdown:
    blocks: list[Block]
    credits: list[str] = field(default_factory=list)
    front_matter: dict[str, str] = field(default_factory=dict)


@cache
def _parser(wechat: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_cjk_friendly import cjk_friendly
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(front_matter_plugin).use(cjk_friendly)
    md.inline.ruler.at("text", _text_rule)
    md.normalizeLink = _fast_normalize(md.normalizeLink)  # type: ignore[method-assign]
    if wechat:
        md.disable("code")  # exports indent prose with spaces; there is no indented code
    return md


def parse_tokens(text: str, *, wechat: bool = False) -> tuple[list[Token], dict[str, str]]:
    """markdown-it's tokens for ``text`` and the front matter's values."""
    front, text = split_toml(text)
    tokens = _parser(wechat).parse(_shallow(text))
    if tokens and tokens[0].type == "front_matter":
        front = parse_yaml(tokens[0].content)
    return tokens, front


# Speed (markdown-it's pure-Python loops are most of the parse time): the same "text" rule as
# markdown-it's, as one regex match instead of a loop over characters; and URLs that are
# already plain ASCII with nothing to encode skip mdurl's parse/encode round trip.
_TEXT_RUN = re.compile(r"[^\n!#$%&*+\-:<=>@\[\\\]^_`{}~]+")
_PLAIN_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.-]+(?:[/?#][!#$&-;=?-Z_a-z~]*)?")


def _fast_normalize(slow: Callable[[str], str]) -> Callable[[str], str]:
    def normalize(url: str) -> str:
        return url if _PLAIN_URL.fullmatch(url) else slow(url)

    return normalize


def _text_rule(state: StateInline, silent: bool) -> bool:
    match = _TEXT_RUN.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        state.pending += match.group()
    state.pos = match.end()
    return True


def _shallow(text: str) -> str:
    """Quote and list markers past `MAX_MARKERS` on one line cut (see `MAX_NESTING`)."""
    if ">>" in text or "- - " in text or "* * " in text or "+ + " in text:
        return _DEEP_PREFIX.sub(_shallower, text)
    return text


_BAD_PROTOCOL = re.compile(r"\s*(?:vbscript|javascript|file|data):", re.IGNORECASE)
_GOOD_DATA = re.compile(r"\s*data:image/(?:gif|png|jpeg|webp);", re.IGNORECASE)


def _normalize_link(url: str) -> str:
    """markdown-it's normalized URL; `GiveUp` for one it refuses to link (it stays text)."""
    if _PLAIN_URL.fullmatch(url):
        return url
    if _BAD_PROTOCOL.match(url) and not _GOOD_DATA.match(url):
        raise GiveUp
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


def _inline_run_of(source: str) -> Run:
    """markdown-it's run of one paragraph's inline source."""
    tokens = _parser(False).parseInline(source)
    return inline_run(tokens[0]) if tokens else Run()


def _shallower(match: re.Match[str]) -> str:
    return "".join(_ONE_MARKER.findall(match.group(0))[:MAX_MARKERS])


def parse_markdown(text: str, *, wechat: bool = False) -> ParsedMarkdown:
    """The article's blocks, the credit lines found (WeChat exports) and the front matter.

    pulldown-cmark's events (`trendreader.library.markdown_events`) give the blocks where
    they would be the same as markdown-it-py's; the rest, and WeChat exports (no indented
    code there), markdown-it-py parses.
    """
    if wechat:
        from trendreader.library.wechat import clean_export, prepare_export

        text = prepare_export(text)
    else:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        front, body = split_front_matter(text)
        walker = BlockWalker(wechat=False)
        try:
            walk_events(_shallow(body), walker, _normalize_link, _inline_run_of)
        except GiveUp:
            pass
        else:
            return ParsedMarkdown(walker.blocks, [], front)
    tokens, front = parse_tokens(text, wechat=wechat)
    walker = BlockWalker(wechat)
    walk_tokens(tokens, walker)
    credits: list[str] = []
    blocks = walker.blocks
    if wechat:
        blocks, credits = clean_export(blocks)
    return ParsedMarkdown(blocks, credits, front)


def inline_run(token: Token) -> Run:
    """An inline token's children as one run (breaks left in place as `BREAK`)."""
    builder = RunBuilder()
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            content = child.content
            builder.add(clean_line(content) if may_be_unsafe(content) else content)
        elif kind == "softbreak" or kind == "hardbreak":
            builder.add_break()
        elif kind == "strong_open":
            builder.open("bold")
        elif kind == "strong_close":
            builder.close("bold")
        elif kind == "em_open":
            builder.open(SpanStyle.ITALIC)
        elif kind == "em_close":
            builder.close(SpanStyle.ITALIC)
        elif kind == "s_open":
            builder.open(SpanStyle.STRIKE)
        elif kind == "s_close":
            builder.close(SpanStyle.STRIKE)
        elif kind == "code_inline":
            builder.add_styled(clean_line(child.content), SpanStyle.CODE)
        elif kind == "link_open":
            builder.open("link", clean_line(str(child.attrs.get("href", ""))))
        elif kind == "link_close":
            builder.close("link")
        elif kind == "image":
            alt = clean_line("".join(c.content for c in child.children or ())).strip()
            src = clean_line(str(child.attrs.get("src", "")))
            builder.add_styled(image_marker(alt), "image", src)
        elif kind == "html_inline":
            inline_html(builder, child.content)
    return builder.build()


def join_breaks(run: Run) -> Run:
    """Soft and hard breaks read as nothing between wide characters, else as a space."""
    if not run.breaks:
        return run
    text = run.text
    drop: list[int] = []
    for position in run.breaks:
        before = text[position - 1 : position]
        after = text[position + 1 : position + 2]
        if (is_wide(before) and is_wide(after)) or not before or not after:
            drop.append(position)
        else:
            run.replace_char(position, " ")
            text = run.text
    joined = run.delete(drop)
    joined.breaks = []
    return joined


def walk_tokens(tokens: list[Token], sink: BlockSink) -> None:
    """markdown-it's block tokens → the block walker's calls."""
    index, count = 0, len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        if kind == "paragraph_open":
            sink.paragraph(inline_run(tokens[index + 1]))
            index += 1
        elif kind == "heading_open":
            sink.heading(int(token.tag[1:]), inline_run(tokens[index + 1]))
            index += 1
        elif kind == "blockquote_open":
            sink.enter_quote()
        elif kind == "blockquote_close":
            sink.leave_quote()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            sink.enter_list(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            sink.leave_list()
        elif kind == "list_item_open":
            sink.enter_item(int(token.info) if token.info.isdigit() else None)
        elif kind == "list_item_close":
            sink.leave_item()
        elif kind in ("fence", "code_block"):
            sink.code(token.content, token.info)
        elif kind == "hr":
            sink.rule()
        elif kind == "html_block":
            sink.html(token.content)
        elif kind == "table_open":
            rows: list[list[Run]] = []
            while tokens[index].type != "table_close":
                cell = tokens[index]
                if cell.type == "tr_open":
                    rows.append([])
                elif cell.type == "inline" and rows:
                    rows[-1].append(inline_run(cell))
                index += 1
            if rows:
                sink.table(rows)
        index += 1


class BlockWalker:
    """The block calls of either parser → `Block`s, tracking quote and list nesting."""

    def __init__(self, wechat: bool) -> None:
        self.wechat = wechat
        self.blocks: list[Block] = []
        self._quote = 0
        self._lists: list[bool] = []  # ordered?
        self._items: list[list[object]] = []  # [number, emitted]

    def enter_quote(self) -> None:
        self._quote += 1

    def leave_quote(self) -> None:
        self._quote -= 1

    def enter_list(self, ordered: bool) -> None:
        self._lists.append(ordered)

    def leave_list(self) -> None:
        self._lists.pop()

    def enter_item(self, number: int | None) -> None:
        self._items.append([number if self._lists and self._lists[-1] else None, False])

    def leave_item(self) -> None:
        self._items.pop()

    def rule(self) -> None:
        self._add(Block(PassageKind.RULE, RULE_TEXT))

    def _add(self, block: Block) -> None:
        self.blocks.append(block)

    def heading(self, level: int, run: Run) -> None:
        run = join_breaks(run).strip()
        if self.wechat:
            from trendreader.library.wechat import export_heading

            self.blocks.extend(export_heading(level, run))
            return
        _before, rest, _after = split_edge_images(run)
        if rest.text:
            self._add(block_from_run(PassageKind.HEADING, rest, level=level))

    def _place(self) -> tuple[PassageKind, int | None, int]:
        """A paragraph's kind, number and depth here: an item's first text is its LIST
        passage (the item then counts as emitted), text in a quote a QUOTE one."""
        if self._items:
            item = self._items[-1]
            if not item[1]:
                item[1] = True
                return PassageKind.LIST, item[0], len(self._lists) - 1
        elif self._quote:
            return PassageKind.QUOTE, None, self._quote - 1
        return PassageKind.PARAGRAPH, None, 0

    def plain_paragraph(self, text: str, links: tuple[tuple[int, int, str], ...]) -> None:
        """A paragraph of clean text (not empty, no edge spaces, no breaks) and links only:
        what `paragraph` makes of such a run, without the run (from the events walker,
        which never reads a WeChat export)."""
        kind, number, depth = self._place()
        self._add(Block(kind, text, links=links, number=number, depth=depth))

    def image_paragraph(self, alt: str, src: str) -> None:
        """A paragraph that is one image and nothing else: what `paragraph` makes of it
        (from the events walker, as `plain_paragraph`)."""
        kind, _number, _depth = self._place()
        anchor = passage_anchor(f"{image_marker(alt)}{src}")
        self._add(Block(PassageKind.IMAGE, alt, anchor=anchor))
        if kind == PassageKind.LIST and self._items:
            self._items[-1][1] = False  # an image-only item: its text may follow

    def paragraph(self, run: Run) -> None:
        kind, number, depth = self._place()
        if self.wechat:
            from trendreader.library.wechat import export_paragraph

            self.blocks.extend(export_paragraph(kind, run, number=number, depth=depth))
            return
        before, rest, after = split_edge_images(join_breaks(run))
        for image in before:
            self._add(image_block(image))
        if rest.text:
            self._add(block_from_run(kind, rest, number=number, depth=depth))
        elif kind == PassageKind.LIST and self._items:
            self._items[-1][1] = False  # an image-only item: its text may follow
        for image in after:
            self._add(image_block(image))

    def code(self, text: str, info: str) -> None:
        text = clean_text(text) if may_be_unsafe(text.replace("\n", "")) else text
        text = text.rstrip("\n")
        if not text.strip():
            return
        language = clean_line(info.split()[0]) if info.strip() else ""
        self._add(Block(PassageKind.CODE, text, language=language))

    def html(self, source: str) -> None:
        """Raw HTML: its text content (tags dropped), one paragraph per blank-line block."""
        images = _IMG_TAG.findall(source) if "<img" in source.lower() else []
        text = html.unescape(_TAG.sub("", BR_TAG.sub("\n", source)))
        text = clean_text(text)
        for chunk in re.split(r"\n[ \t]*\n", text):
            lines = [line.strip() for line in chunk.split("\n") if line.strip()]
            if lines:
                run = join_breaks(Run(BREAK.join(lines), breaks=_break_positions(lines)))
                self._add(block_from_run(PassageKind.PARAGRAPH, run))
        if not self.wechat:
            for tag in images:
                found = IMG_ALT.search(tag)
                alt = (
                    clean_line(html.unescape(found.group(1) or found.group(2) or ""))
                    if found
                    else ""
                )
                anchor = passage_anchor(f"{image_marker(alt.strip())}{clean_line(tag)}")
                self._add(Block(PassageKind.IMAGE, alt.strip(), anchor=anchor))

    def table(self, rows: list[list[Run]]) -> None:
        self._add(table_block([[join_breaks(cell).strip() for cell in row] for row in rows]))


def _break_positions(lines: list[str]) -> list[int]:
    positions, total = [], 0
    for line in lines[:-1]:
        total += len(line)
        positions.append(total)
        total += 1
    return positions
