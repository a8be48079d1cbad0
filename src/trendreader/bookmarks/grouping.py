"""Bookmarks grouped by report, every edition of a report in one group: what the bookmarks
screen shows and what the exports write (a section or a note per report).

A bookmark names an edition; the library says which report that edition belongs to.
Groups come in the library's order (newest report first); reports no longer in the library
come last, by title, one group per edition key. Within a group: edition, then passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from trendreader.bookmarks.model import Bookmark
from trendreader.library.model import Edition, Report
from trendreader.library.sanitize import clean_line


class Catalog(Protocol):
    """What grouping needs of the library (:class:`trendreader.library.catalog.Library`)."""

    @property
    def reports(self) -> Sequence[Report]: ...

    def find(self, key: str) -> tuple[Report, Edition] | None: ...


@dataclass(slots=True)
class ReportBookmarks:
    """The bookmarks of one report: ``key`` is the report key (the edition key when the
    report is not in the library, ``report`` None then)."""

    key: str
    title: str
    report: Report | None
    bookmarks: list[Bookmark] = field(default_factory=list)


def group_by_report_of(
    bookmarks: Iterable[Bookmark], library: Catalog | None
) -> list[ReportBookmarks]:
    """``bookmarks`` grouped by report (see the module's docstring); ``library`` None: one
    group per edition key, in first-seen order, as stored."""
    groups: dict[str, ReportBookmarks] = {}
    placed: dict[str, list[tuple[int, Bookmark]]] = {}  # key → (edition index, bookmark)
    for bookmark in bookmarks:
        found = library.find(bookmark.edition_key) if library is not None else None
        if found is None:
            key, report, index = bookmark.edition_key, None, 0
            title = clean_line(bookmark.report_title or bookmark.edition_key)
        else:
            report, edition = found
            key, index = report.key, report.editions.index(edition)
            title = clean_line(report.title or report.key)
        if key not in groups:
            groups[key] = ReportBookmarks(key, title, report)
            placed[key] = []
        placed[key].append((index, bookmark))
    for key, group in groups.items():
        pairs = placed[key]
        if library is not None:
            pairs.sort(key=lambda p: (p[0], p[1].edition_key, p[1].ordinal, p[1].id))
        group.bookmarks = [b for _, b in pairs]
    if library is None:
        return list(groups.values())
    order = {report.key: n for n, report in enumerate(library.reports)}
    last = len(order)
    return sorted(
        groups.values(),
        key=lambda g: (order.get(g.key, last), "" if g.key in order else g.title, g.key),
    )
