"""Search results as the search screen lists them: grouped by report (a title row first,
then its hits), in relevance or date order, a hit on the title itself shown once (in the
title row). No Textual, no search import (hits are anything with these fields)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from trendreader.library.catalog import Library

Order = Literal["relevance", "date"]
ORDERS: tuple[Order, ...] = ("relevance", "date")


class Hit(Protocol):
    @property
    def report_key(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One row: a report's title row (``hit`` is the hit it opens: its title hit, else its
    best) or a hit row. ``count``: the report's hits among those loaded."""

    report_key: str
    hit: int
    is_title: bool
    count: int = 0
    title_hit: bool = False
    """For a title row: the hit it opens is a hit on the title itself."""


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_title_hit(hit: Hit) -> bool:
    """A hit on the report's title (its heading says the title and nothing more)."""
    return hit.kind == "heading" and _folded(hit.text) == _folded(hit.title)


def group_hits(
    hits: Sequence[Hit],
    order: Order = "relevance",
    dates: Mapping[str, tuple[int, str]] | None = None,
) -> list[ResultRow]:
    """Rows for ``hits`` (best first): reports in order of their best hit (``relevance``) or
    newest first (``date``: ``dates`` maps a report key to ``(year or 0, ISO date or "")``,
    ties keep relevance), each a title row and then its other hits, best first."""
    groups: dict[str, list[int]] = {}
    for index, hit in enumerate(hits):
        groups.setdefault(hit.report_key, []).append(index)
    keys = list(groups)
    if order == "date":
        known = dates or {}
        keys.sort(key=lambda key: known.get(key, (0, "")), reverse=True)  # stable
    rows: list[ResultRow] = []
    for key in keys:
        members = groups[key]
        title = next((i for i in members if is_title_hit(hits[i])), None)
        opens = title if title is not None else members[0]
        rows.append(ResultRow(key, opens, True, len(members), title is not None))
        rows.extend(ResultRow(key, i, False) for i in members if i != title)
    return rows


def report_dates(library: Library) -> dict[str, tuple[int, str]]:
    """Report key → ``(year or 0, ISO date or "")`` (its first edition's date): "newest
    first" sorts on it, ties keeping relevance."""
    dates = {}
    for report in library.reports:
        meta = report.editions[0].meta if report.editions else None
        when = meta.date.isoformat() if meta is not None and meta.date else ""
        dates[report.key] = (report.year or 0, when)
    return dates
