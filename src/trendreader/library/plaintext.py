"""Plain text → blocks: a line is a paragraph; a short unpunctuated line is a heading."""

from __future__ import annotations

import re

from trendreader.library.blocks import Block, is_heading_like
from trendreader.library.boilerplate import is_credit_line, is_noise_line, starts_tail
from trendreader.library.model import PassageKind

_LIST = re.compile(r"^(?:[-*•·]\s+|(\d{1,3})[.、)）]\s*)(.+)$")
_URL = re.compile(r"https?://\S+")


def parse_plaintext(text: str) -> tuple[list[Block], list[str]]:
    """Return the article's blocks and the metadata lines (credits, tail) found."""
    blocks: list[Block] = []
    credits: list[str] = []
    lines = [line.replace("\u00a0", " ").strip() for line in text.split("\n")]
    blank_separated = lines.count("") >= len(lines) // 3
    lines = [line for line in lines if line]
    for index, line in enumerate(lines):
        if starts_tail(line):
            credits.extend(lines[index:])
            break
        if is_credit_line(line):
            credits.append(line)
            continue
        if is_noise_line(line):
            continue
        if match := _LIST.match(line):
            number = int(match.group(1)) if match.group(1) else None
            blocks.append(Block(PassageKind.LIST, match.group(2), marked=True, number=number))
        elif _is_plain_heading(line, spaced=blank_separated):
            blocks.append(Block(PassageKind.HEADING, line, 2, marked=True))
        else:
            blocks.append(Block(PassageKind.PARAGRAPH, line, marked=True))
    _drop_leading_advert(blocks)
    return blocks, credits


def _is_plain_heading(line: str, *, spaced: bool) -> bool:
    """A heading line; in blank-line-separated text a short question may be one too."""
    if line[0] in "(（" and line[-1] in ")）":
        return False  # a picture caption
    if is_heading_like(line):
        return True
    return (
        spaced and len(line) <= 30 and line[-1] in "?？" and line.count("?") + line.count("？") == 1
    )


def _drop_leading_advert(blocks: list[Block]) -> None:
    """Mirror sites prepend an unrelated advert with a URL before the article's title."""
    if len(blocks) >= 2 and _URL.search(blocks[0].text) and blocks[1].kind == PassageKind.HEADING:
        del blocks[0]
