"""A report's outline: its headings with their levels, and which one the cursor is under.
No Textual (the TUI's outline popup and its "Go to section…" palette show it)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from trendreader.library.model import Edition, PassageKind
from trendreader.library.sanitize import clean_line
from trendreader.reading.texts import passage_texts
from trendreader.script.variants import Variant


@dataclass(frozen=True, slots=True)
class Section:
    """One heading: passage ``ordinal``, its ``level`` (1 for ``#``; 0 when unknown) and its
    text in the reader's script (one cleaned line)."""

    ordinal: int
    level: int
    title: str


def outline(edition: Edition, variant: Variant) -> list[Section]:
    """Every heading of ``edition`` in document order, its text as ``variant``."""
    texts = passage_texts(edition, variant)
    return [
        Section(passage.ordinal, max(passage.level, 1), clean_line(texts[index]))
        for index, passage in enumerate(edition.passages)
        if passage.kind == PassageKind.HEADING and clean_line(texts[index])
    ]


def current_section(sections: Sequence[Section], cursor: int) -> int | None:
    """The index in ``sections`` of the heading passage ``cursor`` is under (None: the cursor
    is before the first heading, or there is none)."""
    index = bisect_right([section.ordinal for section in sections], cursor) - 1
    return index if index >= 0 else None


def indent_levels(sections: Sequence[Section]) -> list[int]:
    """How deep to indent each section: its level minus the shallowest level present (a
    report whose top headings are ``##`` starts at 0)."""
    if not sections:
        return []
    top = min(section.level for section in sections)
    return [section.level - top for section in sections]


def slug(text: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as
    ``-`` (Chinese characters kept: ``## 芯片 与 AI`` → ``芯片-与-ai``)."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def section_for_fragment(sections: Sequence[Section], fragment: str) -> Section | None:
    """The heading a ``#fragment`` link points to (by its slug or its exact text)."""
    wanted = unquote(fragment.removeprefix("#"))
    if not wanted:
        return None
    by_slug = slug(wanted)
    for section in sections:
        if section.title == wanted or slug(section.title) == by_slug:
            return section
    return None
