"""Titles for display: natural order (第 2 期 before 第 10 期) and cutting to a width with "…"."""

from __future__ import annotations

import re

ELLIPSIS = "…"
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[str | int, ...]:
    """A sort key that orders digit runs by value: "第 2 期" < "第 10 期", "a9" < "a10".

    The key alternates text and number (text first), so two keys always compare like with like.
    """
    parts = _DIGITS.split(text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def fit_title(title: str, cells: int) -> str:
    """``title`` cut to at most ``cells`` terminal cells, ending in "…" when it was cut."""
    from rich.cells import cell_len

    if cells <= 0:
        return ""
    if cell_len(title) <= cells:
        return title
    room = cells - 1  # the ellipsis is one cell wide
    out: list[str] = []
    used = 0
    for char in title:
        width = cell_len(char)
        if used + width > room:
            break
        out.append(char)
        used += width
    return "".join(out).rstrip() + ELLIPSIS
