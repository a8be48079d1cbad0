"""An edition's passages kept packed: pickles in a zlib stream, unpacked when read.

A running reader holds every edition of its library, but reads a few at a time. Held as
objects, 10,000 reports' 259,395 passages were ~117 MB (their texts 55.7, the ``Passage``
objects 33.6, their anchors 16.1); packed (their texts, then their other fields, two
pickles in one zlib stream) they are ~69 MB of bytes (~40 MB compressed, see
:data:`LEVEL`), and a warm start unpickles no passage at all. :class:`PackedPassages` is
a read-only sequence, so code that reads ``edition.passages`` (iterates it, indexes it,
slices it, takes its length) works on it as on the tuple it stands for; the last
:data:`KEEP_UNPACKED` unpacked are kept, so reading one edition, or going back and forth
between a few, unpacks each once (~0.1 ms an edition).

An edition's passages are packed when it is pickled (the library's cache, a shard, the pipe
to the index builder): :meth:`trendreader.library.model.Edition.__reduce__`. Once the packed
bytes are in a file of the library's cache, they are let go and read back from there when
needed (:meth:`PackedPassages.place`, ~10 µs): the reader then holds ~150 bytes an edition
(40 MB less at 10,000 reports). Bytes that do not read back as they were (the file
written again, by this process or another) are found again by the file's owner
(:class:`BlobSource`, the cache's shard: :mod:`trendreader.library.store`).
"""

from __future__ import annotations

import io
import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, overload

#: what is packed: `trendreader.library.model.Passage` (not imported: the model imports us)
Passage = Any

#: how many editions' passages stay unpacked (the most recently read)
KEEP_UNPACKED = 64
#: zlib's level 0 ("stored": no compression, the same format, so a cache packed at another
#: level reads as before). Level 1 made the weekly files' passages 11.4 → 6.1 MB (68.6 →
#: 40.2 MB at 10,000 reports) but cost 0.19 s of the 0.30 s of CPU that packing them took,
#: a tenth of a cold load; the bytes are held only until they are in the cache's shard
#: file, and read back from there faster uncompressed.
LEVEL = 0

_unpacked: OrderedDict[int, tuple[PackedPassages, tuple[Passage, ...]]] = OrderedDict()
_lock = threading.Lock()


class BlobSource(Protocol):
    """Where packed bytes were put (a shard file of the library's cache)."""

    def read_blob(self, offset: int, size: int) -> bytes | None:
        """The ``size`` bytes at ``offset``, if the file is still the one they were put in."""
        ...

    def recover(self, name: str, key: str) -> tuple[bytes, int]:
        """The packed passages of the file ``name`` (edition ``key``) as they are now, and
        how many: its entry as the file now holds it, else the file parsed again."""
        ...


class PackedPassages(Sequence[Passage]):
    """A tuple of passages as zlib-compressed pickles (see the module's docstring and
    :meth:`pack`), held in memory or at a place in a file."""

    __slots__ = ("_held", "_key", "_name", "_offset", "_size", "_source", "length")

    def __init__(self, blob: bytes, length: int) -> None:
        self._held: bytes | None = blob
        self.length = length
        self._source: BlobSource | None = None
        self._offset = self._size = 0
        self._name = self._key = ""

    @property
    def blob(self) -> bytes:
        """The packed bytes (read from their file if they are there)."""
        held = self._held
        if held is not None:
            return held
        assert self._source is not None
        found = self._source.read_blob(self._offset, self._size)
        return found if found is not None else self._recovered()

    @property
    def in_memory(self) -> bytes | None:
        """The packed bytes if they are held in memory (None: at their place in a file)."""
        return self._held

    def place(self, source: BlobSource, offset: int, name: str, key: str) -> None:
        """The packed bytes are in ``source`` at ``offset``: let them go from memory. The
        caller has just written them there (or read them from there)."""
        self._source, self._offset, self._size = source, offset, len(self.blob)
        self._name, self._key = name, key
        self._held = None

    def hold(self) -> None:
        """Read the packed bytes back into memory (their file is about to be written again:
        :meth:`place` then puts them at their new place)."""
        if self._held is None:
            self._held = self.blob

    def _recovered(self) -> bytes:
        """The bytes did not read back: found again by their source, then held."""
        assert self._source is not None
        blob, self.length = self._source.recover(self._name, self._key)
        self._held = blob
        return blob

    @classmethod
    def pack(cls, passages: Sequence[Passage]) -> PackedPassages:
        """Two pickles, compressed together: the texts, then the passages' class and the
        rest of their fields (``packed_fields``), so that :meth:`texts` reads the first
        alone (a scan: 45 instead of 105 µs an edition)."""
        stream = io.BytesIO()
        if passages:
            kind = type(passages[0])
            texts, rows = kind.packed_fields(passages)
            pickle.dump(texts, stream, pickle.HIGHEST_PROTOCOL)
            pickle.dump((kind, rows), stream, pickle.HIGHEST_PROTOCOL)
        return cls(zlib.compress(stream.getvalue(), LEVEL), len(passages))

    def unpacked(self) -> tuple[Passage, ...]:
        """The passages as a tuple (the same tuple while it is among the last kept)."""
        key = id(self)
        with _lock:
            kept = _unpacked.get(key)
            if kept is not None:
                _unpacked.move_to_end(key)
                return kept[1]
        try:
            passages = _passages(self.blob)
        except Exception:  # read from a file written again since: found again
            if self._held is not None and self._source is None:
                raise
            passages = _passages(self._recovered())
        if len(passages) != self.length:  # (bytes that unpickled, by chance, as others)
            passages = _passages(self._recovered())
        with _lock:
            _unpacked[key] = (self, passages)  # (self kept alive, so its id is not reused)
            while len(_unpacked) > KEEP_UNPACKED:
                _unpacked.popitem(last=False)
        return passages

    def texts(self) -> tuple[str, ...]:
        """The passages' texts alone (no passage is made, none kept unpacked)."""
        with _lock:
            kept = _unpacked.get(id(self))
        if kept is not None:
            return tuple(passage.text for passage in kept[1])
        try:
            texts = _texts(self.blob)
        except Exception:  # as :meth:`unpacked`
            if self._held is not None and self._source is None:
                raise
            texts = _texts(self._recovered())
        if len(texts) != self.length:
            texts = _texts(self._recovered())
        return texts

    def __len__(self) -> int:
        return self.length

    def __bool__(self) -> bool:
        return self.length > 0

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Passage, ...]: ...
    def __getitem__(self, index: int | slice) -> Passage | tuple[Passage, ...]:
        return self.unpacked()[index]

    def __iter__(self) -> Iterator[Passage]:
        return iter(self.unpacked())

    def __reversed__(self) -> Iterator[Passage]:
        return reversed(self.unpacked())

    def __contains__(self, value: object) -> bool:
        return value in self.unpacked()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedPassages):
            if self is other:
                return True
            return self.blob == other.blob or self.unpacked() == other.unpacked()
        if isinstance(other, tuple):
            return self.unpacked() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.unpacked())  # as the tuple's: equal to it, hashed as it

    def __reduce__(self) -> tuple[type[PackedPassages], tuple[Any, ...]]:
        return (PackedPassages, (self.blob, self.length))

    def __repr__(self) -> str:
        where = "in memory" if self._held is not None else f"at {self._offset} of a file"
        return f"PackedPassages({self.length} passages, {where})"


def _texts(blob: bytes) -> tuple[str, ...]:
    data = zlib.decompress(blob)
    return pickle.loads(data) if data else ()  # (the first of its two pickles)


def _passages(blob: bytes) -> tuple[Passage, ...]:
    stream = io.BytesIO(zlib.decompress(blob))
    if not stream.getbuffer().nbytes:
        return ()
    texts = pickle.load(stream)
    kind, rows = pickle.load(stream)
    return kind.from_rows(texts, rows)  # type: ignore[no-any-return]


def texts_of(passages: Sequence[Passage]) -> Sequence[str]:
    """The texts of ``passages``: packed ones read without making their passages."""
    if isinstance(passages, PackedPassages):
        return passages.texts()
    return [passage.text for passage in passages]


def packed(passages: Sequence[Passage]) -> Sequence[Passage]:
    """``passages`` packed: as they are if packed already or empty."""
    if isinstance(passages, PackedPassages) or not passages:
        return passages
    return PackedPassages.pack(passages)


def held_as_objects(passages: Sequence[Passage]) -> bool:
    """Whether ``passages`` are held as passage objects (a tuple of them, as parsed), not
    packed nor left out: reading one costs nothing then."""
    return bool(passages) and not isinstance(passages, PackedPassages)


def forget_unpacked() -> None:
    """Drop the kept unpacked passages (tests; memory measurements)."""
    with _lock:
        _unpacked.clear()
