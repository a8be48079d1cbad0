"""What every importer shares: the error, the result, and a builder of clean passages.

Everything an importer reads comes from outside: every text, metadata value and URL goes
through `clean_text` / `clean_line` here, so no importer can forget it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from trendreader.library.metadata import date_in_file_name, parse_date_line, title_year
from trendreader.library.model import (
    Metadata,
    Passage,
    PassageKind,
    Script,
    table_rows,
    table_text,
)
from trendreader.library.sanitize import clean_line, clean_text
from trendreader.script.detect import detect_script

MAX_META = 500  # characters kept of a metadata value
NO_TEXT_MARK = "无文字层的页面"  # the alt text of the marker passage of a page without text


class FormatError(ValueError):
    """The file cannot be read in its format; the message is one line, without the file name."""


@dataclass(frozen=True, slots=True)
class Document:
    """What an importer gives: the same for a PDF, a web page and an EPUB."""

    passages: tuple[Passage, ...]
    script: Script
    meta: Metadata
    encoding: str


def is_cjk(char: str) -> bool:
    """Han, kana, hangul and full-width punctuation: no space when a line break is undone."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
        or char in "“”‘’—…·"
    )


_LATIN_HYPHEN = re.compile(r"[A-Za-z]{2}-$")


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one text: no space between CJK characters, a space
    between Latin words, a Latin word hyphenated at a line end joined again."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif _LATIN_HYPHEN.search(out) and line[0].islower():
            out = out[:-1] + line
        elif is_cjk(out[-1]) or is_cjk(line[0]):
            out += line
        else:
            out += " " + line
    return out


def one_line(text: object) -> str:
    """An untrusted metadata value: one clean line, whitespace folded, length capped."""
    return " ".join(clean_line(text).split())[:MAX_META]


class PassageBuilder:
    """Collects passages for one edition: cleans every text, numbers them, drops empty ones."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.passages: list[Passage] = []

    def add(
        self,
        kind: PassageKind,
        text: str,
        *,
        level: int = 0,
        number: int | None = None,
        depth: int = 0,
        language: str = "",
        emphasis: tuple[tuple[int, int], ...] = (),
        links: tuple[tuple[int, int, str], ...] = (),
        page: int | None = None,
        verbatim: bool = False,
    ) -> Passage | None:
        if kind == PassageKind.TABLE:  # cells one by one: clean_text would turn tabs to spaces
            cleaned = table_text([[one_line(c) for c in row] for row in table_rows(text)])
        else:
            cleaned = clean_text(text)
        if not verbatim:
            cleaned = " ".join(cleaned.split()) if kind != PassageKind.TABLE else cleaned
        if kind == PassageKind.RULE:
            cleaned = "―"
        if len(cleaned) != len(text):  # ranges no longer fit the text: keep the text only
            emphasis, links = (), ()
        if not cleaned.strip() and kind != PassageKind.IMAGE:
            return None
        links = tuple((s, e, one_line(url)) for s, e, url in links)
        passage = Passage(
            self.key,
            len(self.passages),
            kind,
            cleaned,
            emphasis,
            level,
            number=number,
            depth=depth,
            language=one_line(language),
            links=links,
            page=page,
        )
        self.passages.append(passage)
        return passage

    def script(self) -> Script:
        return detect_script("".join(p.text for p in self.passages[:200]))


def parse_when(value: object) -> datetime | None:
    """A date from metadata: ISO 8601, a PDF date (``D:20250102…``), a Unix time, 2025年1月2日."""
    text = one_line(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (10, 13):  # a Unix time (WeChat's ``ct``)
        try:
            return datetime.fromtimestamp(int(text[:10]), tz=UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    pdf = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?", text)
    if pdf:
        parts = [int(g) if g else d for g, d in zip(pdf.groups(), (0, 1, 1, 0, 0), strict=True)]
        return _checked(*parts)
    iso = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?", text)
    if iso:
        return _checked(*(int(g) if g else 0 for g in iso.groups()))
    found = re.search(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    if found:
        return _checked(*(int(g) for g in found.groups()), 0, 0)
    return parse_date_line(text)


def _checked(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def make_metadata(
    title: str, author: str, when: datetime | None, *, source: str = "", file_name: str = ""
) -> Metadata:
    title, author = one_line(title), one_line(author)
    when = when or date_in_file_name(file_name)
    year = when.year if when else title_year(title)
    return Metadata(title=title, date=when, year=year, author=author, source=one_line(source))


@dataclass(slots=True)
class Outline:
    """Headings known from a table of contents: (level, title, page or href)."""

    items: list[tuple[int, str, object]] = field(default_factory=list)
