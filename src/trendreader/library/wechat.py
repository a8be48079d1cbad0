"""WeChat exports: passes over markdown-it's blocks that make them read as the article.

The exports (the ``.txt`` seeds, files with ``mmbiz.qpic.cn`` images or ``/gzh/`` links) are
Markdown in syntax but not in spirit: a newline is a paragraph break — blank lines are
decoration — and a line that stops mid-sentence was soft-wrapped; headings are bold-only
lines; images and link-only lines are decoration; credits, mirror boilerplate and a
"推荐阅读" tail surround the article. Measured on the seeds, splitting a paragraph at every
line that ends a sentence (and joining lines that stop on a Han character, a letter or a
digit, or whose successor starts with closing punctuation) keeps the articles' paragraphs as
they read; CommonMark's joining does not: seed 001 gives 24 paragraphs (the longest 1,263
characters, 3 headings, 7 with stray ``*``, 4 with URLs) instead of 63 (428, 7 headings,
none), seed 004 50 instead of 124. Only these files get it (none of the 514 files of the two
public corpora in bench/fidelity.py is detected as one): in other Markdown a single newline
is a soft break, as the author meant.
"""

from __future__ import annotations

import re

from trendreader.library.blocks import CLOSING_PUNCT, Block, is_heading_like
from trendreader.library.boilerplate import is_credit_line, is_noise_line, starts_tail
from trendreader.library.inline import BREAK, Run, is_wide
from trendreader.library.model import PassageKind
from trendreader.library.run_blocks import block_from_run, split_edge_images

_EMPTY_BOLD = re.compile(r"\*\*([ \t]*)\*\*")
_WRAPPED_DESTINATION = re.compile(r"\]\(([^()]{0,3000}?)\)")
_EXPORT_SIGNS = re.compile(r"mmbiz\.qpic\.cn|\]\(/gzh/|公[众眾][号號]【")
_LIST_MARKER = re.compile(r"^(\d{1,3})[.、)）]\s*(?=\S)")
_NEW_BLOCK = re.compile(r"^(?:\d{1,3}[.、)）]|[-+]\s|[#>])")
_STATEMENT_END = "。；;…"
_ASCII_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9]")


def is_wechat_export(suffix: str, text: str) -> bool:
    """A ``.txt`` Markdown export, or Markdown carrying WeChat's image host or mirror links."""
    return suffix.lower() == ".txt" or _EXPORT_SIGNS.search(text[:200_000]) is not None


def prepare_export(text: str) -> str:
    """Source fixes before parsing: empty bold pairs, URLs wrapped across lines."""
    text = text.replace("\u00a0", " ")
    previous = None
    while previous != text:  # "** ** **" collapses in steps
        previous = text
        text = _EMPTY_BOLD.sub(r"\1", text)
    return _WRAPPED_DESTINATION.sub(_unwrap, text)


def _unwrap(match: re.Match[str]) -> str:
    inside = match.group(1)
    return match.group(0) if "\n" not in inside else "](" + inside.replace("\n", "") + ")"


def export_heading(level: int, run: Run) -> list[Block]:
    """A ``#`` line; the exports put ``#`` on statements too (…。), and those read as prose.

    A heading that asks or exclaims (？！) stays a heading, as everywhere.
    """
    run = _tidy(run)
    if not run.text:
        return []
    if run.text[-1] in _STATEMENT_END:
        return [block_from_run(PassageKind.PARAGRAPH, run)]
    return [block_from_run(PassageKind.HEADING, run, level=level)]


def export_paragraph(
    kind: PassageKind, run: Run, *, number: int | None = None, depth: int = 0
) -> list[Block]:
    """One markdown-it paragraph → the export's blocks (a line that ends a sentence ends one)."""
    blocks: list[Block] = []
    for index, segment in enumerate(_segments(run)):
        segment_kind = kind if index == 0 or kind == PassageKind.QUOTE else PassageKind.PARAGRAPH
        blocks.extend(_classify(segment_kind, segment, number if index == 0 else None, depth))
    return blocks


def _segments(run: Run) -> list[Run]:
    text = run.text
    pieces: list[Run] = []
    start = 0
    drop: list[int] = []
    for position in run.breaks:
        before = text[start:position].rstrip(" *")
        after = text[position + 1 :].lstrip(" *")
        in_link = any(a <= position < b for a, b, _url in run.links)
        if not before or not after or in_link or _joins(run.slice(start, position), before, after):
            if before and after and _ASCII_END.search(before) and _ASCII_START.match(after):
                run.replace_char(position, " ")
                text = run.text
            else:
                drop.append(position)
            continue
        pieces.append(_without(run.slice(start, position), drop, start))
        drop = []
        start = position + 1
    pieces.append(_without(run.slice(start, len(text)), drop, start))
    return pieces


def _without(run: Run, drop: list[int], offset: int) -> Run:
    joined = run.delete([p - offset for p in drop])
    joined.breaks = []
    return joined


def _joins(segment: Run, before: str, after: str) -> bool:
    """Does the line after a break continue the sentence of the line before it?"""
    if after[0] in CLOSING_PUNCT:
        return True
    if _NEW_BLOCK.match(after) or _is_bold_heading(segment):
        return False
    last = before[-1]
    return (
        bool(_ASCII_END.search(last))
        or ("\u4e00" <= last <= "\u9fff")
        or ("\u3400" <= last <= "\u4dbf")
    )


def _is_bold_heading(segment: Run) -> bool:
    run = _tidy(segment)
    return bool(run.text) and run.emphasis() == ((0, len(run.text)),) and is_heading_like(run.text)


def _tidy(run: Run) -> Run:
    """Decoration images at the edges, stray ``*``, spaces between Chinese characters."""
    _before, run, _after = split_edge_images(run)
    text = run.text
    drop = [
        i
        for i, char in enumerate(text)
        if (char == "*" and not run.in_code(i))
        or (
            char in " \t"
            and i > 0
            and is_wide(text[i - 1])
            and _next_visible_is_wide(text, i)
            and not run.in_code(i)
        )
    ]
    return run.delete(drop).strip()


def _next_visible_is_wide(text: str, index: int) -> bool:
    for char in text[index + 1 :]:
        if char not in " \t*":
            return is_wide(char)
    return False


def _classify(kind: PassageKind, run: Run, number: int | None, depth: int) -> list[Block]:
    head = _leading_bold_heading(run) if kind == PassageKind.PARAGRAPH else None
    if head is not None:
        heading, rest = head
        return [
            block_from_run(PassageKind.HEADING, heading, level=2),
            *_classify(PassageKind.PARAGRAPH, rest, None, 0),
        ]
    run = _tidy(run)
    if not run.text:
        return []
    if kind == PassageKind.PARAGRAPH:
        if match := _LIST_MARKER.match(run.text):
            rest = run.slice(match.end(), len(run.text))
            return [block_from_run(PassageKind.LIST, rest, number=int(match.group(1)))]
        if run.emphasis() == ((0, len(run.text)),) and is_heading_like(run.text):
            return [block_from_run(PassageKind.HEADING, run, level=2)]
    return [block_from_run(kind, run, number=number, depth=depth)]


def _leading_bold_heading(run: Run) -> tuple[Run, Run] | None:
    """``**小标题** 正文…`` on one line: a heading and a paragraph."""
    stripped = run.strip()
    text = stripped.text
    bold = stripped.emphasis()
    if not bold or bold[0][0] != 0 or BREAK in text:
        return None
    end = bold[0][1]
    if end >= len(text) or (not text[end].isspace() and text[end] != "*"):
        return None
    head, rest = _tidy(stripped.slice(0, end)), _tidy(stripped.slice(end, len(text)))
    if is_heading_like(head.text, max_chars=24) and rest.text and len(head.text) <= 24:
        return head, rest
    return None


def clean_export(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Drop boilerplate, take credit lines out, and cut the promotion tail."""
    kept: list[Block] = []
    credits: list[str] = []
    for block in blocks:
        if block.kind in (PassageKind.RULE, PassageKind.IMAGE):
            continue
        plain = block.text.lstrip("#> ").strip()
        if block.kind != PassageKind.CODE:
            if starts_tail(plain):
                credits.append(plain)
                break
            if is_credit_line(plain):
                credits.append(plain)
                continue
            if is_noise_line(plain) or _is_link_label_only(block):
                continue
        kept.append(block)
    return kept, credits


def _is_link_label_only(block: Block) -> bool:
    """A link whose label is its URL, and nothing else: decoration."""
    text = block.text
    return (
        len(block.links) == 1
        and block.links[0][:2] == (0, len(text))
        and text.startswith(("http://", "https://"))
    )
