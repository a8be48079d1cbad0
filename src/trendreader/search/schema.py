"""The index schema: one document per passage.

Only what a hit needs to find its passage again is stored (edition key and ordinal); the text,
title and year a hit shows come from the library, in the script the reader is looking at.
``sig`` holds one term per edition (key, content hash, report and year), so the index itself can
say which version of each edition it holds when the manifest beside it cannot be trusted.

The text field keeps no positions: phrases are bigram ANDs checked on the passage text (see
:mod:`trendreader.search.matching`), so positions were never read, yet they were 60% of the
index (10k reports: 198 MB with them) and most of the time spent decoding posting blocks.
"""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from trendreader.search.analyzer import CJKAnalyzer

#: Bump when the schema, the analyzer or the normalization changes: the index is rebuilt.
#: 2: fold table keeps 么 (was 幺); 3: no positions in ``text``; 4: markdown-it passages
SCHEMA_VERSION = 4


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
    )
