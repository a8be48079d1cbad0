"""Whoosh's segment writer with two measured hot spots of a build cut (same index bytes).

Profiled on a 300-report build (7.9k passages, 558k postings; ``limitmb=1024``, 24 s under
cProfile): 6.4 s went to ``doc_field_length``, which Whoosh calls once per *posting* while
writing the postings, each time seeking into the just-written lengths column for one byte;
2.4 s to ``PostingPool.add``, mostly two ``assert isinstance`` per posting. Here the lengths
are read once per field into a list (one read per document), and the pool's ``add`` keeps
the same size accounting (so it spills to disk exactly when Whoosh's would) without the
assertions (our documents are always bytes terms and bytes values).
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

_BYTE_TO_LENGTH = [byte_to_length(b) for b in range(256)]


class _FastPool(PostingPool):  # type: ignore[misc]
    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        # item = (fieldname, tbytes, docnum, weight, vbytes); PostingPool.add's accounting
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or "")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)


class _Lengths:
    """``doc_field_length`` from lists read once, for ``FieldWriter.add_postings``."""

    _SLOW: list[int] = []  # marker: ask Whoosh's reader (something unexpected happened)

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._tables: dict[str, list[int] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        try:
            table = self._tables[fieldname]
        except KeyError:
            table = self._tables[fieldname] = self._read(fieldname)
        if table is None:  # a field without lengths (ID fields), as Whoosh answers
            return default
        if table is self._SLOW or docnum >= len(table):
            return self._reader.doc_field_length(docnum, fieldname, default)
        length = table[docnum]
        return default if length < 0 else length

    def _read(self, fieldname: str) -> list[int] | None:
        try:
            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                return None
            count = self._reader.doc_count_all()
            return [_BYTE_TO_LENGTH[b] if b else -1 for b in (column[i] for i in range(count))]
        except Exception:  # anything unexpected: Whoosh's own per-posting lookup
            return self._SLOW

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """``ix.writer(**options)`` for one process, with the cuts described above."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool.__class__ = _FastPool

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        self.fieldwriter.add_postings(self.schema, _Lengths(pdr) if pdr else None, postings)
        self.fieldwriter.close()
        if pdr:
            pdr.close()
