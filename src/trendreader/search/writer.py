"""Whoosh's segment writer, with the postings of a build kept per term (same index bytes).

Profiled on a 300-report build (7.9k passages, 550k postings, 19.9 s CPU with Whoosh's own
writer path): a posting went through the analyzer's ``Token`` objects, ``Frequency.word_values``,
one tuple in Whoosh's sorting pool (``PostingPool.add``: two ``assert isinstance`` and the size
accounting), the sort of every tuple at the end, then ``FieldWriter.add_postings`` and
``W3PostingsWriter.add_posting`` (four asserts, seven attribute updates), and for each posting
a seek into the just-written lengths column (``doc_field_length``). That is ~35 µs a posting.

Here :meth:`FastSegmentWriter.add_document` counts a passage's terms with
:func:`~trendreader.search.analyzer.index_terms` and a ``Counter`` and appends the document
number and frequency to two arrays kept per term: postings arrive in document order, so
nothing is sorted but the terms. At the end each term's arrays are cut into Whoosh's blocks
and handed to Whoosh's own postings writer (``_write_block``: the same pickles, the same zlib,
the same block statistics), so the files are byte for byte those Whoosh writes
(``tests/search/test_writer.py`` builds both and compares them), plus one file of the
segment's long lists as plain arrays (:mod:`~trendreader.search.direct_postings`; the
engine reads those without unpickling). Memory: two 4-byte arrays per term instead of a
~150-byte tuple per posting, so a build never spills to disk.

Anything else — a field format other than ``Existence``/``Frequency`` (positions, vectors),
boosts, or postings that Whoosh's merge policy adds from older segments (``add_reader``) —
goes through Whoosh's pool as before; the per-term arrays join it then, and Whoosh's path
writes everything (with the two cuts of the first version: lengths read once per field, the
pool's accounting without its assertions).
"""

from __future__ import annotations

import struct
from array import array
from collections import Counter
from collections.abc import Callable
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3FieldWriter, W3PostingsWriter, _lenfield
from whoosh.formats import Existence, Frequency
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from trendreader.search.analyzer import CJKAnalyzer, index_terms
from trendreader.search.direct_postings import DirectWriter

_BYTE_TO_LENGTH = [byte_to_length(b) for b in range(256)]
#: terms written between two calls of :attr:`FastSegmentWriter.pause` (~5 ms of work)
PAUSE_EVERY = 500

#: per field: term → (document numbers, frequencies), both ``array("I")``
_Postings = dict[Any, tuple["array[int]", "array[int]"]]


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
        table = self.table(fieldname)
        if table is None:  # a field without lengths (ID fields), as Whoosh answers
            return default
        if table is self._SLOW or docnum >= len(table):
            return self._reader.doc_field_length(docnum, fieldname, default)
        length = table[docnum]
        return default if length < 0 else length

    def table(self, fieldname: str) -> list[int] | None:
        """Per document, its length in ``fieldname`` as the reader gives it (-1: none);
        ``None``: the field keeps no lengths; :attr:`_SLOW`: ask the reader each time."""
        try:
            return self._tables[fieldname]
        except KeyError:
            table = self._tables[fieldname] = self._read(fieldname)
            return table

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
        #: field name → its postings, for the fields :func:`_counted` takes
        self._postings: dict[str, _Postings] = {}
        self._kinds = {name: _counted(field) for name, field in self.schema.items()}
        #: every indexed field is one :func:`_counted` takes (else Whoosh's path throughout)
        #: called every :data:`PAUSE_EVERY` terms while the postings are written (the long
        #: step of a commit): a build in a reader's thread lets the reader have the CPU there
        self.pause: Callable[[], None] | None = None
        self._bulk = (
            isinstance(self.fieldwriter, W3FieldWriter)
            and self.docbase == 0
            and all(self._kinds[name] is not None for name, f in self.schema.items() if f.indexed)
        )

    def add_document(self, **fields: Any) -> None:
        if not self._bulk or any(name.startswith("_") for name in fields):
            super().add_document(**fields)  # boosts and stored overrides: Whoosh's path
            return
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        names = sorted(fields)
        self._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    counts = self._counts(name, field, value, docnum)
                    if field.scorable:
                        length = sum(counts.values())
                    if counts:
                        self._add_counts(name, docnum, counts)
                perdocwriter.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _counts(self, name: str, field: Any, value: Any, docnum: int) -> Counter[Any]:
        """Term → frequency of one field of one document; what Whoosh's path would write
        differently (a list of words, a weight other than 1) goes to Whoosh's pool."""
        if self._kinds[name] == "text" and isinstance(value, str):
            return Counter(index_terms(value))
        counts: Counter[Any] = Counter()
        for tbytes, freq, weight, vbytes in field.index(value):
            if weight == 1.0 and freq == 1 and not vbytes:
                counts[tbytes] += 1
            else:
                self.pool.add((name, tbytes, docnum, weight, vbytes))  # flushed Whoosh's way
        return counts

    def _add_counts(self, name: str, docnum: int, counts: Counter[Any]) -> None:
        postings = self._postings.get(name)
        if postings is None:
            postings = self._postings[name] = {}
        get = postings.get
        for term, freq in counts.items():
            lists = get(term)
            if lists is None:
                lists = postings[term] = (array("I"), array("I"))
            lists[0].append(docnum)
            lists[1].append(freq)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr) if pdr else None
        pool = self.pool
        if not self._bulk or pool.current or pool.runs:
            self._postings_to_pool()  # merged or unusual postings: Whoosh writes them all
            self.fieldwriter.add_postings(self.schema, lengths, pool.iter_postings())
        else:
            self._write_postings(lengths)
        self.fieldwriter.close()
        if pdr:
            pdr.close()

    def _postings_to_pool(self) -> None:
        add = self.pool.add
        for name, postings in self._postings.items():
            boost = self.schema[name].format.field_boost
            text = self._kinds[name] == "text"
            for term, (docs, freqs) in postings.items():
                tbytes = term.encode("utf-8") if text else term
                for docnum, freq in zip(docs, freqs, strict=True):
                    if text:
                        add((name, tbytes, docnum, freq * boost, struct.pack("!I", freq)))
                    else:
                        add((name, tbytes, docnum, 1.0, b""))
        self._postings.clear()

    def _write_postings(self, lengths: _Lengths | None) -> None:
        writer: W3FieldWriter = self.fieldwriter
        direct = DirectWriter(self.newsegment, self.storage)  # long lists as arrays too
        written = 0  # terms, all fields
        for name in sorted(self._postings):
            postings = self._postings[name]
            field = self.schema[name]
            text = self._kinds[name] == "text"
            table = lengths.table(name) if lengths is not None else None
            if table is _Lengths._SLOW:
                table = [lengths.doc_field_length(d, name, -1) for d in range(self.docnum)]  # type: ignore[union-attr]
            writer.start_field(name, field)
            plain = text and field.format.field_boost == 1.0  # weights: the frequencies
            terms = sorted(
                ((term.encode("utf-8") if text else term), lists)
                for term, lists in postings.items()
            )
            for tbytes, (docs, freqs) in terms:
                written += 1
                if self.pause is not None and written % PAUSE_EVERY == 0:
                    self.pause()
                writer.start_term(tbytes)
                _write_term(writer._postwriter, field.format, text, docs, freqs, table)
                writer.finish_term()
                if plain:
                    direct.add(name, tbytes, docs, freqs)
            writer.finish_field()
        direct.close()
        self._postings.clear()


def _counted(field: Any) -> str | None:
    """How :class:`FastSegmentWriter` takes a field's postings: ``"text"`` (our analyzer, term
    frequencies), ``"terms"`` (Whoosh's terms, presence only), ``None`` (Whoosh's path)."""
    if not field.indexed or field.vector or field.separate_spelling():
        return None
    fmt = field.format
    if type(fmt) is Frequency and type(field.analyzer) is CJKAnalyzer:
        return "text"
    if type(fmt) is Existence:
        return "terms"
    return None


def _write_term(
    postwriter: W3PostingsWriter,
    fmt: Any,
    text: bool,
    docs: array[int],
    freqs: array[int],
    lengths: list[int] | None,
) -> None:
    """One term's postings, block by block, through Whoosh's own block writer: what
    ``add_posting`` would have buffered, set at once (``finish_term`` writes the last block)."""
    boost = fmt.field_boost
    limit = postwriter._blocklimit
    count = len(docs)
    for start in range(0, count, limit):
        ids = docs[start : start + limit]
        if text:
            counts = freqs[start : start + limit]
            if boost == 1.0:
                weights = array("f", counts)
                top = float(max(counts))
            else:
                values = [freq * boost for freq in counts]
                weights, top = array("f", values), max(values)
            postwriter._values = [struct.pack(f"!{len(counts)}I", *counts)]
        else:
            weights, top = array("f", [1.0]) * len(ids), 1.0  # see FastSegmentWriter._counts
            postwriter._values = []
        postwriter._ids = ids
        postwriter._weights = weights
        postwriter._maxweight = top if top > 0 else 0  # add_posting's: from 0, kept if greater
        if lengths is None:
            postwriter._minlength, postwriter._maxlength = None, 0
        else:
            present = [length for length in map(lengths.__getitem__, ids) if length > 0]
            postwriter._minlength = min(present) if present else None
            postwriter._maxlength = max(present) if present else 0
        if start + limit < count:
            postwriter._write_block()


class _FastSubWriterTask(SubWriterTask):  # type: ignore[misc]
    """Whoosh's writer process, writing its own segment with :class:`FastSegmentWriter`."""

    def run(self) -> None:  # SubWriterTask.run, multisegment only, with our writer
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = FastSegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        segment = writer._finalize_segment()
        self.resultqueue.put((None, writer.pool.fieldnames, segment), timeout=5)


class FastMpWriter(MpWriter):  # type: ignore[misc]
    """``ix.writer(procs=N, multisegment=True)``: N processes, each writing one segment with
    :class:`FastSegmentWriter` (Whoosh's merging of sub-segments, without ``multisegment``,
    reads the pools' spilled runs, which a per-term build does not make)."""

    def __init__(self, ix: Any, procs: int, **kwargs: Any) -> None:
        kwargs["multisegment"] = True
        super().__init__(ix, procs=procs, **kwargs)

    def _new_task(self) -> SubWriterTask:
        task = _FastSubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task
