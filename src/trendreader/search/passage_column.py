"""The passage texts the index keeps in its ``passage`` column, read many at a time.

A phrase is checked on the text of every passage holding all its bigrams (see
:mod:`trendreader.search.matching`): ~30,000 passages for 机器人 at 10,000 reports. Taken from
the library, that loaded nearly every edition from the cache's shards (1.3 s and ~400 MB in a
fresh ``trendreader search``); the column is one file per segment, and the texts wanted are
cut out of windows of it read in one call each (:func:`read_spans`), then decoded in C.

The column is Whoosh's own :class:`~whoosh.columns.VarBytesColumn` (the schema's ``COLUMN``
field ``passage``), so the index stays an ordinary Whoosh index; a segment laid out otherwise
(another column type, an index written before the column existed) answers ``None`` and the
caller reads the library instead.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import partial
from operator import add, itemgetter, le
from typing import Any

from whoosh.columns import VarBytesColumn

__all__ = [
    "PASSAGE_COLUMN",
    "WINDOW",
    "column_of",
    "column_texts",
    "decode_text",
    "encode_text",
    "read_spans",
]

#: the schema's column holding each document's passage text (UTF-8), as it was indexed
PASSAGE_COLUMN = "passage"

#: values are read from a column in windows of about this many bytes, one read each
WINDOW = 1 << 20


def encode_text(text: str) -> bytes:
    """A passage text as the column holds it (any string round-trips, lone surrogates too)."""
    return text.encode("utf-8", "surrogatepass")


#: the text of a value of the column, as :func:`encode_text` wrote it
decode_text: Callable[[bytes], str] = partial(str, encoding="utf-8", errors="surrogatepass")


def column_of(reader: Any) -> Any | None:
    """The ``passage`` column of one segment's reader, as Whoosh reads it; ``None`` when the
    segment has none or it is not laid out as :func:`column_texts` expects."""
    try:
        if PASSAGE_COLUMN not in reader.schema or not reader.has_column(PASSAGE_COLUMN):
            return None
        column = reader.column_reader(PASSAGE_COLUMN, translate=False)
    except Exception:  # another reader type, a closed reader: the caller reads the library
        return None
    if type(column) is not VarBytesColumn.Reader:
        return None
    return column


def column_texts(column: Any, docnums: Sequence[int]) -> list[str]:
    """The text of each of ``docnums`` (the segment's numbers, best in ascending order) in
    ``column`` (from :func:`column_of`): what ``column[d]`` holds, decoded."""
    if not docnums:
        return []
    gather = itemgetter(*docnums)
    if len(docnums) == 1:
        lengths, offsets = [column._lengths[docnums[0]]], [column._offsets[docnums[0]]]
    else:
        lengths, offsets = list(gather(column._lengths)), list(gather(column._offsets))
    starts = list(map(column._basepos.__add__, offsets))
    raw = read_spans(column._dbfile.get, starts, lengths)
    return list(map(decode_text, raw))


def read_spans(
    get: Callable[[int, int], bytes],
    starts: Sequence[int],
    lengths: Sequence[int],
    window: int = WINDOW,
) -> list[bytes]:
    """``[get(s, n) for s, n in zip(starts, lengths)]`` with one ``get`` per window of about
    ``window`` bytes when ``starts`` ascend (each value sliced out of it); one ``get`` per
    value when they do not. ``get(position, length)`` is Whoosh's ``StructFile.get``."""
    if not all(map(le, starts, starts[1:])):  # not in file order: one read each
        return list(map(get, starts, lengths))
    raw: list[bytes] = []
    first = 0
    while first < len(starts):
        low = starts[first]
        last = max(first + 1, bisect_right(starts, low + window, first))
        high = max(map(add, starts[first:last], lengths[first:last]))
        if last - first == 1:
            raw.append(get(low, high - low) if high > low else b"")
        else:
            span = get(low, high - low) if high > low else b""
            begins = list(map((-low).__add__, starts[first:last]))
            ends = map(add, begins, lengths[first:last])
            raw.extend(map(span.__getitem__, map(slice, begins, ends)))
        first = last
    return raw
