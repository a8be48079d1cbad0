"""One page of a query's matches: every match counted per report, ordered by relevance or
newest first across all of them, then ``offset``/``limit`` cut out.

A match is an indexed document (``docnum``, score) or a scanned passage (edition key,
ordinal; see :mod:`trendreader.search.scan`), so the search service pages the complete and
the partial index the same way. No Textual; Whoosh only through a searcher it is handed.
Which report holds a document comes from each segment's document → edition key table
(:class:`SegmentKeys`), kept in memory and beside the index, so a search after a commit
reads only the new segments' keys (all of them at 2,000 reports: 0.3–0.5 s).
"""

from __future__ import annotations

import contextlib
import heapq
import os
import pickle
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from whoosh.searching import Searcher

from trendreader.library.catalog import Library
from trendreader.reading.result_groups import report_dates

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

__all__ = [
    "DocKeys",
    "DocReport",
    "Order",
    "Page",
    "Ref",
    "SegmentKeys",
    "cut_page",
    "edition_reports",
    "report_dates",
]

Order = Literal["relevance", "date"]

Ref = int | tuple[str, int]
"""An indexed document number, or a scanned passage ``(edition key, ordinal)``."""


class SegmentKeys:
    """Document number → edition key of each index segment, by segment id: in memory for the
    process, and beside the index (``doc-keys-SEGMENT.pickle``) for the next one.

    A Whoosh segment never changes once written (a commit adds a segment or merges some into
    a new one; a deletion only marks documents of a segment deleted, never renumbers), so a
    segment's table is read once from the ``key`` field's postings and kept; a new searcher
    reads only its new segments. A document deleted after its segment's table was read keeps
    its key there: no search matches a deleted document. Tables of segments of fewer than
    :data:`SAVE_MIN_DOCS` documents (one added file) are not written: reading them is cheaper
    than the file. ``directory=None``: in memory only. A file that cannot be read or written
    is read from the postings again; nothing here raises ``OSError``.
    """

    SAVE_MIN_DOCS = 1000
    _VERSION = 1
    _PREFIX = "doc-keys-"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._tables: dict[str, list[str | None]] = {}

    def table(self, reader: IndexReader) -> list[str | None]:
        """The edition key of each document of a segment's ``reader`` (``None``: deleted when
        the table was read); read from the postings only when neither memory nor file has it."""
        segment = _segment_id(reader)
        count = reader.doc_count_all()
        if segment is None:  # not a segment (an empty or in-memory reader): read, keep nothing
            return _read_keys(reader)
        table = self._tables.get(segment)
        if table is None or len(table) != count:
            table = self._load(segment, count)
        if table is None:
            table = _read_keys(reader)
            if count >= self.SAVE_MIN_DOCS:
                self._save(segment, table)
        self._tables[segment] = table
        return table

    def keep_only(self, segments: Iterable[str]) -> None:
        """Forget (and remove the files of) every segment but ``segments``: those an up-to-date
        searcher reads. Another process's older searcher may still need a removed file: it
        reads the postings again."""
        wanted = set(segments)
        for segment in [s for s in self._tables if s not in wanted]:
            del self._tables[segment]
        if self.directory is None:
            return
        try:
            names = [
                entry.name
                for entry in os.scandir(self.directory)
                if entry.name.startswith(self._PREFIX) and entry.name.endswith(".pickle")
            ]
        except OSError:
            return
        for name in names:
            if name[len(self._PREFIX) : -len(".pickle")] not in wanted:
                with contextlib.suppress(OSError):
                    (self.directory / name).unlink()

    def _file(self, segment: str) -> Path | None:
        if self.directory is None or not _SEGMENT_NAME.fullmatch(segment):
            return None
        return self.directory / f"{self._PREFIX}{segment}.pickle"

    def _load(self, segment: str, count: int) -> list[str | None] | None:
        path = self._file(segment)
        if path is None:
            return None
        try:
            with path.open("rb") as handle:
                found = pickle.load(handle)
        except Exception:  # none yet, or a damaged or foreign file: read the postings again
            return None
        if (
            isinstance(found, tuple)
            and len(found) == 3
            and found[0] == (self._VERSION, segment)
            and found[1] == count
            and isinstance(found[2], list)
            and len(found[2]) == count
        ):
            return found[2]
        return None

    def _save(self, segment: str, table: list[str | None]) -> None:
        path = self._file(segment)
        if path is None:
            return
        from trendreader.atomic import write_pickle

        with contextlib.suppress(OSError):  # a cache: read from the postings next time
            write_pickle(path, ((self._VERSION, segment), len(table), table))


_SEGMENT_NAME = re.compile(r"[A-Za-z0-9_]+")


def _segment_id(reader: IndexReader) -> str | None:
    """The segment id of a leaf reader (``MAIN_abc123``), or None if it is no segment's."""
    segment = getattr(reader, "segment", None)
    if segment is None:
        return None
    try:
        found = segment()
        return str(found.segment_id()) if found is not None else None
    except Exception:
        return None


def _read_keys(reader: IndexReader) -> list[str | None]:
    """One pass over the ``key`` postings of a leaf reader (one posting per document)."""
    keys: list[str | None] = [None] * reader.doc_count_all()
    for term in reader.lexicon("key"):
        text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        for docnum in reader.postings("key", term).all_ids():
            keys[docnum] = text
    return keys


class DocKeys:
    """Document number → edition key for one searcher: each segment's table from
    ``segments`` (only the segments it has not seen are read; see :class:`SegmentKeys`), or,
    without it, read from the ``key`` field's postings (one posting per passage; no stored
    fields)."""

    def __init__(self, searcher: Searcher, segments: SegmentKeys | None = None) -> None:
        self.searcher = searcher
        tables = segments if segments is not None else SegmentKeys()
        keys: list[str | None] = []
        seen: list[str] = []
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if len(keys) != offset:  # leaves are numbered one after another
                keys = (keys + [None] * offset)[:offset]
            keys.extend(tables.table(reader))
            segment = _segment_id(reader)
            if segment is not None:
                seen.append(segment)
        if segments is not None:
            segments.keep_only(seen)
        self._keys = keys

    def get(self, docnum: int) -> str | None:
        return self._keys[docnum] if 0 <= docnum < len(self._keys) else None

    def edition_keys(self) -> list[str | None]:
        """The edition key of every document number of the searcher (do not modify it)."""
        return self._keys


def edition_reports(library: Library) -> dict[str, str]:
    """Edition key → report key, for every edition of ``library``."""
    return {edition.key: report.key for report in library.reports for edition in report.editions}


@dataclass(frozen=True, slots=True)
class Page:
    refs: list[tuple[Ref, float]]  # the page's matches, in order, with their scores
    total: int  # every match
    per_report: dict[str, int]  # report key → its matches (all of them, not the page's)


def cut_page(
    scored: Mapping[int, float],
    scanned: Iterable[tuple[str, int]],
    *,
    doc_report: Mapping[int, str | None] | DocReport,
    key_report: Mapping[str, str],
    order: Order,
    dates: Mapping[str, tuple[int, str]],
    offset: int,
    limit: int,
) -> Page:
    """The page ``[offset, offset + limit)`` of the indexed matches ``scored`` (best first,
    ties by document number: Whoosh's order) followed by the ``scanned`` ones (in scan
    order); with ``order="date"`` all of them newest report first, ties keeping that order."""
    offset, limit = max(0, offset), max(0, limit)
    if isinstance(doc_report, DocReport):  # one or two lookups a match, counted, all in C
        counts: Counter[str | None] = Counter(doc_report.reports_of(scored))
        report_of = doc_report.get
    else:
        get = doc_report.get
        counts = Counter(map(get, scored))
        report_of = get
    counts.pop(None, None)
    scans = list(scanned)
    counts.update(r for r in map(key_report.get, [key for key, _o in scans]) if r is not None)
    per_report: dict[str, int] = dict(counts)  # type: ignore[assignment]  # None popped
    total = len(scored) + len(scans)
    end = offset + limit
    if order == "relevance":
        if end <= len(scored):
            best = _top(scored, end)
            return Page([(d, s) for d, s in best[offset:end]], total, per_report)
        ranked: list[tuple[Ref, float]] = list(_top(scored, len(scored)))
        ranked += [((key, ordinal), 0.0) for key, ordinal in scans]
        return Page(ranked[offset:end], total, per_report)
    ranked = list(_top(scored, len(scored)))
    ranked += [((key, ordinal), 0.0) for key, ordinal in scans]

    def newest(item: tuple[Ref, float]) -> tuple[int, str]:
        ref = item[0]
        report = report_of(ref) if isinstance(ref, int) else key_report.get(ref[0])
        return dates.get(report, (0, "")) if report is not None else (0, "")

    ranked.sort(key=newest, reverse=True)  # stable: relevance within a date
    return Page(ranked[offset:end], total, per_report)


class DocReport:
    """Document number → report key (None: its edition is no longer in the library)."""

    def __init__(self, keys: DocKeys, key_report: Mapping[str, str]) -> None:
        self.keys = keys
        self.key_report = key_report

    _table: list[str | None] | None = None

    def get(self, docnum: int) -> str | None:
        key = self.keys.get(docnum)
        return self.key_report.get(key) if key is not None else None

    def reports_of(self, docnums: Collection[int]) -> Iterable[str | None]:
        """The report key (or None) of each of ``docnums`` (the searcher's numbers), in C.

        A query matching many documents builds, once, each document's report key
        (:meth:`table`; 130,000 lookups at 5,000 reports): one lookup a match from then on
        instead of two (its edition key, then that edition's report)."""
        table = self._table
        if table is None and len(docnums) * TABLE_SHARE >= len(self.keys.edition_keys()):
            table = self.table()
        if table is not None:
            return map(table.__getitem__, docnums)
        # None (a deleted document's key) is no edition key: get() gives None for it
        edition_keys = self.keys.edition_keys()
        return map(self.key_report.get, map(edition_keys.__getitem__, docnums))  # type: ignore[arg-type]

    def table(self) -> list[str | None]:
        """Document number → report key (None: deleted, or its edition left the library)."""
        if self._table is None:
            self._table = list(map(self.key_report.get, self.keys.edition_keys()))  # type: ignore[arg-type]
        return self._table


#: :meth:`DocReport.reports_of` builds the whole table for a query matching at least one
#: document in this many
TABLE_SHARE = 8


def _top(scored: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` by score, ties by document number (the engine's ``top``)."""
    if limit <= 0 or not scored:
        return []
    if limit >= len(scored):
        return sorted(scored.items(), key=_rank)
    # the limit-th best score, then only the documents at or above it (compared in C; the
    # keys, not the items: a tuple for each of 47,000 matches was most of the time)
    values = scored.values()
    threshold = heapq.nlargest(limit, values)[-1]
    best = list(compress(scored, map(threshold.__le__, values)))
    items = list(zip(best, map(scored.__getitem__, best), strict=True))
    items.sort(key=_rank)
    return items[:limit]


def _rank(item: tuple[int, float]) -> tuple[float, int]:
    return (-item[1], item[0])
