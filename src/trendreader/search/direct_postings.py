"""A segment's long posting lists a second time, as plain arrays: read without unpickling.

Whoosh's whoosh3 postings are blocks of 128: per block a pickled info tuple and a zlib'd pickle
of the ids and weights. Decoding them is ~10 µs a block, ~2.5 ms for a 15,000-document term
(机器: 40% of 机器人's query with the leaf cache off). So the build writes, for every text term of
at least :data:`MIN_POSTINGS` documents, its document numbers (delta-coded) and frequencies as
little-endian arrays into one more file of the segment (``<segment>.tpl``, assembled into the
segment's compound file with Whoosh's own, and deleted with them). Reading a list is then one
slice of the file, ``array.frombytes`` and ``accumulate`` in C (~0.4 ms for 15,000).

What a list holds is what :mod:`whoosh.codec.whoosh3` decodes for the same term: the same
document numbers (deleted ones too: the caller skips them) and the same weights (the frequency
as a float; only fields without a boost are written). A segment without the file (written by
Whoosh's own writer, a merge, an index of an older version) is read from Whoosh's blocks.

Layout: ``MAGIC``, then each term's ids and weights, then the pickled directory
``{(field, term bytes): (offset, count, first id, ids typecode, weights typecode)}`` (an empty
weights typecode: every weight is 1.0), then the directory's offset (``<Q``) and ``MAGIC``.
"""

from __future__ import annotations

import pickle
import struct
import sys
from array import array
from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import itemgetter, sub
from typing import Any

__all__ = ["EXT", "MIN_POSTINGS", "DirectPostings", "DirectWriter"]

#: the file's extension, after the segment id (Whoosh's segment files are ``<id>.<ext>``)
EXT = ".tpl"
#: a term of at least this many postings in a segment is written (8 of Whoosh's blocks)
MIN_POSTINGS = 1024
MAGIC = b"TRP1"
_TRAILER = struct.Struct("<Q4s")
_BIG_ENDIAN = sys.byteorder == "big"
#: frequency → weight, for the frequencies of one byte
_FLOATS = [float(n) for n in range(256)]

Entry = tuple[int, int, int, str, str]  # offset, count, first id, ids code, weights code


def _typecode(largest: int) -> str:
    """The smallest unsigned array typecode holding ``largest``."""
    for code in ("B", "H", "I", "L", "Q"):
        if largest < 1 << (8 * array(code).itemsize):
            return code
    raise OverflowError(largest)


def _little(values: array[int]) -> bytes:
    if _BIG_ENDIAN and values.itemsize > 1:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_little(code: str, raw: bytes) -> array[int]:
    values = array(code)
    values.frombytes(raw)
    if _BIG_ENDIAN and values.itemsize > 1:
        values.byteswap()
    return values


class DirectWriter:
    """Writes one segment's file, created with the first term long enough (none: no file)."""

    def __init__(self, segment: Any, storage: Any, *, minimum: int | None = None) -> None:
        self._segment = segment
        self._storage = storage
        self.minimum = MIN_POSTINGS if minimum is None else minimum
        self._file: Any = None
        self._position = 0
        self._directory: dict[tuple[str, bytes], Entry] = {}

    def add(self, field: str, term: bytes, docs: array[int], freqs: array[int]) -> None:
        """One term's postings (ascending document numbers, their frequencies), if it has
        at least :attr:`minimum`."""
        count = len(docs)
        if count < max(self.minimum, 1) or len(freqs) != count:
            return
        try:  # ascending, as a build adds them (else Whoosh's blocks alone answer)
            deltas = array("L", map(sub, docs[1:], docs[:-1]))
        except OverflowError:
            return
        ids = array(_typecode(max(deltas, default=0)), deltas)
        top = max(freqs)
        weights = array("B") if top == 1 and min(freqs) == 1 else array(_typecode(top), freqs)
        if self._file is None:
            self._file = self._segment.create_file(self._storage, EXT)
            self._file.write(MAGIC)
            self._position = len(MAGIC)
        body = _little(ids) + _little(weights)
        self._directory[(field, term)] = (
            self._position,
            count,
            docs[0],
            ids.typecode,
            weights.typecode if len(weights) else "",
        )
        self._file.write(body)
        self._position += len(body)

    def close(self) -> None:
        """Write the directory and close the file (if any term was written)."""
        if self._file is None:
            return
        directory = pickle.dumps(self._directory, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(directory)
        self._file.write(_TRAILER.pack(self._position, MAGIC))
        self._file.close()
        self._file = None


class DirectPostings:
    """The long posting lists of one segment's reader (:meth:`of`), by field and term."""

    def __init__(self, file: Any, directory: dict[tuple[str, bytes], Entry]) -> None:
        self._file = file
        self._directory = directory

    @classmethod
    def of(cls, reader: Any) -> DirectPostings | None:
        """The file of a segment's ``reader``; ``None`` when it has none (or not readable)."""
        try:
            storage = reader.storage()
            name = reader.segment().make_filename(EXT)
            if not storage.file_exists(name):
                return None
            length = storage.file_length(name)
            file = storage.open_file(name)
            start, magic = _TRAILER.unpack(file.get(length - _TRAILER.size, _TRAILER.size))
            if magic != MAGIC or file.get(0, len(MAGIC)) != MAGIC:
                return None
            directory = pickle.loads(file.get(start, length - _TRAILER.size - start))
        except Exception:  # no such file, another layout: Whoosh's blocks
            return None
        if not isinstance(directory, dict):
            return None
        return cls(file, directory)

    def __len__(self) -> int:
        return len(self._directory)

    def get(self, field: str, term: bytes) -> tuple[list[int], list[float]] | None:
        """The term's document numbers and weights, as Whoosh's blocks hold them; ``None``
        for a term not written here."""
        entry = self._directory.get((field, term))
        if entry is None:
            return None
        offset, count, first, ids_code, weights_code = entry
        id_bytes = (count - 1) * array(ids_code).itemsize
        raw = self._file.get(
            offset, id_bytes + (count * array(weights_code).itemsize if weights_code else 0)
        )
        ids = list(accumulate(_from_little(ids_code, raw[:id_bytes]), initial=first))
        if not weights_code:
            return ids, list(repeat(1.0, count))
        return ids, _weights(_from_little(weights_code, raw[id_bytes:]))


def _weights(freqs: Sequence[int]) -> list[float]:
    """Each frequency as the float Whoosh's blocks give for it."""
    if len(freqs) > 1 and max(freqs) < len(_FLOATS):
        return list(itemgetter(*freqs)(_FLOATS))
    return list(map(float, freqs))
