"""Inline Markdown emphasis, done by hand.

CommonMark leaves ``**粗体：**文字`` literal (emphasis next to Chinese punctuation does not
satisfy its flanking rules), so we pair ``**`` markers ourselves: empty pairs and runs such
as ``****`` are dropped, the rest pair up left to right, and an odd one out is removed.
"""

from __future__ import annotations

import re

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
