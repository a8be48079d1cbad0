"""Title, date, author and source of an edition, guessed from its text.

A sidecar file overrides what is guessed here: see `trendreader.library.sidecar`.
"""

from __future__ import annotations

import re
from datetime import datetime

from trendreader.library.blocks import Block
from trendreader.library.model import Metadata, PassageKind

_COMPACT_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})\s*(\d{1,2}):(\d{2})$")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}):(\d{2}))?$"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_AUTHOR = [
    re.compile(r"主[笔筆]\s*[/:：]\s*([^\s*/|]+)"),
    re.compile(r"作者\s*[/:：]?\s*([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])"),
]
_SOURCE = [
    re.compile(r"[来來]源\s*[/:：]\s*([^\s(（/|]+)"),
    re.compile(r"\]\(/gzh/([^)\s/]+)\)"),
    re.compile(r"-\s*([\u4e00-\u9fff]{2,6})\s*-\s*$", re.MULTILINE),
    re.compile(r"【([\u4e00-\u9fff]{2,8}?)(?:影片[號号]|[视視][频頻][号號])】"),
]
TITLE_SEARCH_BLOCKS = 4


def parse_date_line(text: str) -> datetime | None:
    """A line that is only a date, such as "2023011720:46" (= 2023-01-17 20:46)."""
    plain = text.strip()
    match = _COMPACT_DATETIME.match(plain) or _DATE.match(plain)
    if not match:
        return None
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def take_title_and_date(blocks: list[Block]) -> tuple[str, datetime | None]:
    """Find the title (made a level-1 heading) and remove a date line near the top."""
    found_date: datetime | None = None
    for index, block in enumerate(blocks[: TITLE_SEARCH_BLOCKS + 2]):
        if block.kind == PassageKind.PARAGRAPH and (when := parse_date_line(block.text)):
            found_date = when
            del blocks[index]
            break
    title = ""
    for block in blocks[:TITLE_SEARCH_BLOCKS]:
        if block.kind == PassageKind.HEADING:
            block.level = 1
            title = block.text.replace("*", "").strip()
            break
        if block.kind == PassageKind.PARAGRAPH and len(block.text) > 60:
            break  # prose has started: this edition has no title line
    return title, found_date


def guess_metadata(raw_text: str, title: str, when: datetime | None) -> Metadata:
    raw_text = raw_text.replace("*", "")
    author = _first_match(_AUTHOR, raw_text)
    source = _first_match(_SOURCE, raw_text)
    year = when.year if when else _year_in(title)
    return Metadata(title=title, date=when, year=year, author=author, source=source)


def _first_match(patterns: list[re.Pattern[str]], text: str) -> str:
    for pattern in patterns:
        if match := pattern.search(text):
            return match.group(1).strip()
    return ""


def _year_in(title: str) -> int | None:
    match = _YEAR.search(title)
    return int(match.group(1)) if match else None
