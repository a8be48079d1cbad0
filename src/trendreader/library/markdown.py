"""WeChat-style Markdown → blocks, with the export noise removed.

The exports are not CommonMark documents in spirit: a newline is a paragraph break (blank
lines are decoration), image URLs wrap across lines, bold runs abut Chinese punctuation,
and headings are often bold-only lines. So this is a small line-oriented parser of our
own rather than markdown-it.
"""

from __future__ import annotations

import re

from trendreader.library.blocks import CLOSING_PUNCT, SENTENCE_END, Block, is_heading_like
from trendreader.library.boilerplate import is_credit_line, is_noise_line, starts_tail
from trendreader.library.inline import strip_emphasis_markup
from trendreader.library.model import PassageKind

IMAGE_MARKER = "[图]"
_IMG = "\x00"  # sentinel for an image while we decide whether to keep a marker
_LINK_OPEN, _LINK_CLOSE = "\x01", "\x02"

_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)]{0,3000}\)")
_LINK = re.compile(r"\[([^\]]{0,500})\]\(([^)]{0,3000})\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_ATX = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^>\s?(.*)$")
_LIST = re.compile(r"^(?:[-*+]\s+|\d{1,3}[.、)）]\s*)(.+)$")
_LEADING_BOLD_HEADING = re.compile(r"^\*\*([^*]{1,24})\*\*\s+(?=[^*\s])(.+)$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9]")
_WIDE = r"\u3000-\u9fff\uff00-\uffef"
# WeChat puts spaces between adjacent bold runs: "**今天** **我们**" reads "今天我们".
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{_WIDE}])(\*\*)?[ \t]+(\*\*)?(?=[{_WIDE}])")


def _replace_link(match: re.Match[str]) -> str:
    label = match.group(1).replace("\n", "").strip()
    return f"{_LINK_OPEN}{label}{_LINK_CLOSE}"


def _resolve_inline_markup(text: str) -> str:
    text = _IMAGE.sub(_IMG, text)
    text = _LINK.sub(_replace_link, text)
    return _AUTOLINK.sub(r"\1", text)


def _is_link_or_image_only(line: str) -> bool:
    """Images and links with no label text, and nothing else: decoration."""
    rest = re.sub(f"{_LINK_OPEN}[^{_LINK_CLOSE}]*{_LINK_CLOSE}", _label_or_nothing, line)
    rest = rest.replace(_IMG, "").replace("*", "").strip()
    return rest == "" and line.strip() != ""


def _label_or_nothing(match: re.Match[str]) -> str:
    label = match.group(0)[1:-1].replace(_IMG, "").replace("*", "").strip()
    return "" if label.startswith(("http://", "https://")) else label


def _finish_line(line: str) -> str:
    """Drop link sentinels; keep an image marker only inside prose."""
    line = line.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "").replace("\u00a0", " ")
    if _IMG not in line:
        return line
    head = line.lstrip(" *" + _IMG)
    prefix = line[: len(line) - len(head)].replace(_IMG, "")
    line = prefix + head
    line = re.sub(f"{_IMG}+", IMAGE_MARKER, line)
    return line


def _has_text(line: str) -> bool:
    return bool(line.replace("*", "").replace(IMAGE_MARKER, "").strip())


def _all_bold(text: str) -> bool:
    plain, ranges = strip_emphasis_markup(text)
    return bool(plain) and len(ranges) == 1 and ranges[0] == (0, len(plain))


def _classify(line: str) -> list[Block]:
    """One cleaned source line → one or two blocks."""
    if match := _ATX.match(line):
        level, body = len(match.group(1)), match.group(2)
        plain = body.replace("*", "").strip()
        if not plain:
            return []
        if plain[-1] in SENTENCE_END:
            return [Block(PassageKind.PARAGRAPH, body)]
        return [Block(PassageKind.HEADING, body, level)]
    if match := _QUOTE.match(line):
        body = match.group(1)
        return [Block(PassageKind.QUOTE, body)] if _has_text(body) else []
    if match := _LEADING_BOLD_HEADING.match(line.strip()):
        head, rest = match.group(1), match.group(2)
        if is_heading_like(head, max_chars=24) and _has_text(rest):
            return [Block(PassageKind.HEADING, head, 2), Block(PassageKind.PARAGRAPH, rest)]
    stripped = line.strip()
    if match := _LIST.match(stripped):
        return [Block(PassageKind.LIST, match.group(1))]
    if stripped.startswith("**") and _all_bold(stripped) and is_heading_like(stripped):
        return [Block(PassageKind.HEADING, stripped, 2)]
    return [Block(PassageKind.PARAGRAPH, stripped)]


def _ends_mid_sentence(text: str) -> bool:
    tail = text.rstrip(" *")
    return bool(tail) and (bool(_ASCII_WORD_END.search(tail)) or _is_han(tail[-1]))


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _ends_ascii(text: str) -> bool:
    return bool(_ASCII_WORD_END.search(text.rstrip(" *")))


def _continues(previous: Block, line: str) -> bool:
    """Is this source line a soft-wrapped continuation of the previous block?

    WeChat exports end every real paragraph with punctuation; a line that stops on a
    letter, digit or Han character was wrapped, and so is a line that starts with
    closing punctuation.
    """
    if previous.kind == PassageKind.QUOTE:
        match = _QUOTE.match(line)
        if not match:
            return False
        line = match.group(1)
    head = line.lstrip(" *")
    if not head or head[0] in "#>":
        return False
    if head[0] in CLOSING_PUNCT:
        return True  # even after a "heading": it was the start of this sentence
    if previous.kind not in (PassageKind.PARAGRAPH, PassageKind.LIST) or _LIST.match(head):
        return False
    return _ends_mid_sentence(previous.text)


def parse_markdown(text: str) -> tuple[list[Block], list[str]]:
    """Return the article's blocks and the metadata lines (credits) found along the way."""
    resolved = _resolve_inline_markup(text)
    blocks: list[Block] = []
    credits: list[str] = []
    for raw in resolved.split("\n"):
        if _is_link_or_image_only(raw):
            continue
        line = _finish_line(raw).rstrip()
        if not _has_text(line) or _RULE.match(line.strip()):
            continue
        plain = line.replace("*", "").lstrip("#> ").strip()
        if starts_tail(plain):
            credits.append(plain)
            break
        if is_credit_line(plain):
            credits.append(plain)
            continue
        if is_noise_line(plain):
            continue
        if blocks and _continues(blocks[-1], line):
            prev = blocks[-1]
            if prev.kind == PassageKind.HEADING:
                prev.kind, prev.level = PassageKind.PARAGRAPH, 0
            if prev.kind == PassageKind.QUOTE:
                line = _QUOTE.sub(r"\1", line)
            head = line.lstrip(" *")
            sep = " " if _ASCII_WORD_START.match(head) and _ends_ascii(prev.text) else ""
            prev.text = _SPACE_BETWEEN_HAN.sub(r"\1\2", prev.text.rstrip() + sep + line.strip())
            continue
        for block in _classify(line):
            block.text = _SPACE_BETWEEN_HAN.sub(r"\1\2", block.text)
            blocks.append(block)
    return blocks, credits
