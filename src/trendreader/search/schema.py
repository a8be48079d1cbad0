"""The index schema: one document per passage.

Only what a hit needs to find its passage again is stored (edition key and ordinal); the text,
title and year a hit shows come from the library, in the script the reader is looking at.
The passage text as indexed is kept in a column (``passage``, :class:`PassageColumn`: Whoosh's
``COLUMN`` of UTF-8 bytes, uncompressed: a passage is too short for zlib to save much), so a
phrase is checked on it without loading the library's editions (see
:mod:`trendreader.search.passage_column`).
``sig`` holds one term per edition (key, content hash, report and year), so the index itself can
say which version of each edition it holds when the manifest beside it cannot be trusted.

The text field keeps no positions: phrases are bigram ANDs checked on the passage text (see
:mod:`trendreader.search.matching`), so positions were never read, yet they were 60% of the
index (10k reports: 198 MB with them) and most of the time spent decoding posting blocks.
"""

from __future__ import annotations

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema

from trendreader.search.analyzer import CJKAnalyzer
from trendreader.search.passage_column import PASSAGE_COLUMN, encode_text

__all__ = ["PASSAGE_COLUMN", "SCHEMA_VERSION", "PassageColumn", "build_schema"]

#: Bump when the schema, the analyzer or the normalization changes: the index is rebuilt.
#: 2: fold table keeps 么 (was 幺); 3: no positions in ``text``; 4: markdown-it passages;
#: 5: the passage text in the ``passage`` column; 6: long posting lists also as arrays
#: (:mod:`trendreader.search.direct_postings`)
SCHEMA_VERSION = 6


class PassageColumn(COLUMN):  # type: ignore[misc]
    """Whoosh's ``COLUMN`` of bytes (:class:`~whoosh.columns.VarBytesColumn`), given the
    passage text itself: a document hands the writer the same string for ``text`` and for
    this column, so a build in writer processes pickles it once (bytes would be twice, and
    pickled by Whoosh's protocol 2 as a Latin-1 string: ~6 bytes a Han character)."""

    def __init__(self) -> None:
        super().__init__(VarBytesColumn())

    def to_column_value(self, value: str | bytes) -> bytes:
        return encode_text(value) if isinstance(value, str) else value


def build_schema(*, stored_text: bool = False, positions: bool = False) -> Schema:
    """The passage schema; ``stored_text`` also stores the passage text and ``positions``
    records token positions (both for measurements and tests, not used by the service)."""
    return Schema(
        key=ID(stored=True),  # edition key
        report=ID,  # report key (the first edition's key)
        sig=ID,  # edition signature, see module docstring
        ordinal=STORED,
        year=NUMERIC(int, bits=32, signed=False),
        kind=ID,
        text=TEXT(analyzer=CJKAnalyzer(), phrase=positions, stored=stored_text),
        passage=PassageColumn(),
    )
