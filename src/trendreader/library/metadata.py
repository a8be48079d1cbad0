"""Title, date, author and source of an edition, guessed from its text.

A sidecar file overrides what is guessed here: see `trendreader.library.sidecar`.
"""

from __future__ import annotations

import re
from datetime import datetime

from trendreader.library.blocks import Block
from trendreader.library.frontmatter import front_date
from trendreader.library.model import Metadata, PassageKind

_COMPACT_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})\s*(\d{1,2}):(\d{2})$")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}):(\d{2}))?$"
)
# A year in a title is the publication year only at its start ("2025年，6大机会", "2024，7大
# 机会", "2024年度报告") or in brackets at its end ("…（2024）"); "1982年的…" is a subject.
_TITLE_YEAR = [
    re.compile(r"^((?:19|20)\d{2})(?:\s*年(?![代的前后後初末底中间間])|(?=\s*[，,、:：\s|｜]))"),
    re.compile(r"[（(\[【]((?:19|20)\d{2})\s*年?[度版]?[）)\]】]$"),
]
_FILE_DATE = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)"),
    re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{4}(?:\d{2})?)?(?!\d)"),
]
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


def take_title_and_date(
    blocks: list[Block], *, has_title: bool = False
) -> tuple[str, datetime | None]:
    """Find the title and remove a date line near the top.

    The title is the first level-1 Markdown heading (ATX or setext, whatever it ends with),
    else a heading near the top (made level 1). With ``has_title`` (front matter gave one)
    only the date line is looked for.
    """
    found_date: datetime | None = None
    for index, block in enumerate(blocks[: TITLE_SEARCH_BLOCKS + 2]):
        if block.kind == PassageKind.PARAGRAPH and (when := parse_date_line(block.plain)):
            found_date = when
            del blocks[index]
            break
    if has_title:
        return "", found_date
    for block in blocks:
        if block.kind == PassageKind.HEADING and block.level == 1 and not block.marked:
            return block.text, found_date
    title = ""
    for block in blocks[:TITLE_SEARCH_BLOCKS]:
        if block.kind == PassageKind.HEADING:
            block.level = 1
            title = block.plain
            break
        if block.kind == PassageKind.PARAGRAPH and len(block.text) > 60:
            break  # prose has started: this edition has no title line
    return title, found_date


def guess_metadata(
    raw_text: str,
    title: str,
    when: datetime | None,
    *,
    front: dict[str, str] | None = None,
    file_name: str = "",
) -> Metadata:
    """Metadata by precedence: front matter, then the text, then the file name."""
    front = front or {}
    raw_text = raw_text.replace("*", "")
    title = front.get("title") or title
    author = front.get("author") or _first_match(_AUTHOR, raw_text)
    source = front.get("source") or _first_match(_SOURCE, raw_text)
    when = front_date(front.get("date", "")) or when or date_in_file_name(file_name)
    year = when.year if when else title_year(title)
    return Metadata(title=title, date=when, year=year, author=author, source=source)


def date_in_file_name(name: str) -> datetime | None:
    """``2024-03-05-…``, ``2024_03_05…`` or ``20240305…`` in a file name (stem)."""
    for pattern in _FILE_DATE:
        if match := pattern.search(name):
            try:
                return datetime(*(int(g) for g in match.groups()[:3]))
            except ValueError:
                continue
    return None


def title_year(title: str) -> int | None:
    """The publication year a title states, if it states one (see `_TITLE_YEAR`)."""
    for pattern in _TITLE_YEAR:
        if match := pattern.search(title.strip()):
            return int(match.group(1))
    return None


def _first_match(patterns: list[re.Pattern[str]], text: str) -> str:
    for pattern in patterns:
        if match := pattern.search(text):
            return match.group(1).strip()
    return ""
