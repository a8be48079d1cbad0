"""Inline text: runs with character ranges (Markdown), and ``**`` pairing (plain text).

`Run` and `RunBuilder` hold what the Markdown parser reads from markdown-it's inline tokens:
plain text plus bold, italic/code/strike, link and image ranges, kept right through slicing,
stripping and deleting characters.

`strip_emphasis_markup` is for plain-text reports that carry ``**`` anyway: empty pairs and
runs such as ``****`` are dropped, the rest pair up left to right, and an odd one out is
removed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

_EMPTY_BOLD = re.compile(r"\*\*(\s*)\*\*")
_BOLD_RUN = re.compile(r"\*{2,}")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w])_(\S(?:.*?\S)?)_(?![\w])")
_LONE_STAR = re.compile(r"(?<!\*)\*(?!\*)")


def strip_emphasis_markup(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Return the text without ``**``/``*``/``_`` markup and the bold ranges in it."""
    previous = None
    while previous != text:  # "** ** **" collapses in steps
        previous = text
        text = _EMPTY_BOLD.sub(r"\1", text)
    text = _ITALIC_UNDERSCORE.sub(r"\1", text)
    text = _LONE_STAR.sub("", text)
    pieces: list[str] = []
    ranges: list[tuple[int, int]] = []
    markers = list(_BOLD_RUN.finditer(text))
    usable = len(markers) - (len(markers) % 2)
    position = 0
    length = 0
    open_at: int | None = None
    for index, marker in enumerate(markers):
        chunk = text[position : marker.start()]
        pieces.append(chunk)
        length += len(chunk)
        position = marker.end()
        if index >= usable:
            continue
        if open_at is None:
            open_at = length
        else:
            if length > open_at:
                ranges.append((open_at, length))
            open_at = None
    tail = text[position:]
    pieces.append(tail)
    plain = "".join(pieces)
    return _trim(plain, ranges)


def _trim(plain: str, ranges: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Strip surrounding whitespace and shift the ranges to match."""
    left = len(plain) - len(plain.lstrip())
    stripped = plain.strip()
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        start, end = max(0, start - left), min(len(stripped), end - left)
        # do not embolden leading/trailing spaces
        while start < end and stripped[start].isspace():
            start += 1
        while end > start and stripped[end - 1].isspace():
            end -= 1
        if end > start:
            if out and out[-1][1] >= start - 1 and stripped[out[-1][1] : start].strip() == "":
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
    return stripped, tuple(out)


# --- inline runs: plain text with character ranges, built from markdown-it's inline tokens ---

BREAK = "\n"  # a soft or hard line break, resolved (kept as a split, a space or nothing) later
_WIDE_CHARS = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_MAY_BE_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def is_wide(char: str) -> bool:
    """A Han character, CJK punctuation or a full-width form (one character)."""
    return bool(char) and _WIDE_CHARS.match(char) is not None


def may_be_unsafe(text: str) -> bool:
    """Could `clean_text` change ``text``? (Cheap pre-check; entities can decode to controls.)"""
    return _MAY_BE_UNSAFE.search(text) is not None


Range = tuple[int, int]
StyledRange = tuple[int, int, str]


@dataclass(slots=True)
class Run:
    """One block's inline content: plain text and ranges over it.

    ``bold``, ``spans`` (italic/code/strike), ``links`` (url) and ``images`` (src) are
    half-open character ranges of ``text``; ``breaks`` are the positions of `BREAK`.
    """

    text: str = ""
    bold: list[Range] = field(default_factory=list)
    spans: list[StyledRange] = field(default_factory=list)
    links: list[StyledRange] = field(default_factory=list)
    images: list[StyledRange] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)

    def slice(self, start: int, end: int) -> Run:
        """The part of the run from ``start`` to ``end``, ranges clipped and shifted."""
        if start <= 0 and end >= len(self.text):
            return self

        def clip2(ranges: list[Range]) -> list[Range]:
            return [
                (max(a, start) - start, min(b, end) - start)
                for a, b in ranges
                if min(b, end) > max(a, start)
            ]

        def clip3(ranges: list[StyledRange]) -> list[StyledRange]:
            return [
                (max(a, start) - start, min(b, end) - start, v)
                for a, b, v in ranges
                if min(b, end) > max(a, start)
            ]

        return Run(  # (most runs have no ranges of most kinds: no comprehension for those)
            self.text[start:end],
            clip2(self.bold) if self.bold else [],
            clip3(self.spans) if self.spans else [],
            clip3(self.links) if self.links else [],
            clip3(self.images) if self.images else [],
            [p - start for p in self.breaks if start <= p < end] if self.breaks else [],
        )

    def strip(self) -> Run:
        """Without leading and trailing whitespace."""
        text = self.text
        if text and not text[0].isspace() and not text[-1].isspace():
            return self
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return self.slice(start, end) if end > start else Run()

    def delete(self, positions: list[int]) -> Run:
        """The run without the characters at ``positions`` (sorted, unique)."""
        if not positions:
            return self
        cut = set(positions)
        text = "".join(c for i, c in enumerate(self.text) if i not in cut)

        def move(i: int) -> int:
            return i - bisect_left(positions, i)

        def fix2(ranges: list[Range]) -> list[Range]:
            return [(move(a), move(b)) for a, b in ranges if move(b) > move(a)]

        def fix3(ranges: list[StyledRange]) -> list[StyledRange]:
            return [(move(a), move(b), v) for a, b, v in ranges if move(b) > move(a)]

        return Run(
            text,
            fix2(self.bold),
            fix3(self.spans),
            fix3(self.links),
            fix3(self.images),
            [move(p) for p in self.breaks if p not in cut],
        )

    def replace_char(self, position: int, char: str) -> None:
        """Put ``char`` (one character) at ``position``; no range moves."""
        self.text = self.text[:position] + char + self.text[position + 1 :]

    def in_code(self, position: int) -> bool:
        return any(a <= position < b for a, b, style in self.spans if style == "code")

    def emphasis(self) -> tuple[Range, ...]:
        """Bold ranges, sorted, trimmed of whitespace, touching ones merged."""
        return _merge_ranges(self.text, self.bold) if self.bold else ()

    def styled(self) -> tuple[StyledRange, ...]:
        return tuple(sorted(set(self.spans))) if self.spans else ()

    def link_ranges(self) -> tuple[StyledRange, ...]:
        return tuple(sorted(set(self.links))) if self.links else ()


def _merge_ranges(text: str, ranges: list[Range]) -> tuple[Range, ...]:
    out: list[Range] = []
    for start, end in sorted(ranges):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        if (out and start <= out[-1][1]) or (out and text[out[-1][1] : start].strip() == ""):
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)


class RunBuilder:
    """Accumulates text and open/close marks while walking inline tokens."""

    __slots__ = ("_length", "_open", "_parts", "run")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._open: dict[str, list[tuple[int, str]]] = {}
        self.run = Run()

    @property
    def length(self) -> int:
        return self._length

    def add(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._length += len(text)

    def add_break(self) -> None:
        self.run.breaks.append(self._length)
        self.add(BREAK)

    def open(self, style: str, value: str = "") -> None:
        self._open.setdefault(style, []).append((self._length, value))

    def close(self, style: str) -> None:
        stack = self._open.get(style)
        if not stack:
            return
        start, value = stack.pop()
        if self._length <= start:
            return
        if style == "bold":
            self.run.bold.append((start, self._length))
        elif style == "link":
            self.run.links.append((start, self._length, value))
        else:
            self.run.spans.append((start, self._length, style))

    def add_styled(self, text: str, style: str, value: str = "") -> None:
        """Text with its own range: a code span or an image marker."""
        start = self._length
        self.add(text)
        if self._length > start:
            if style == "image":
                self.run.images.append((start, self._length, value))
            else:
                self.run.spans.append((start, self._length, style))

    def build(self) -> Run:
        self.run.text = "".join(self._parts)
        return self.run
