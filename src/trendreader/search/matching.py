"""Fast exact matching: phrases without positions, one-character prefixes as one array.

Whoosh's positional phrase matching is pure Python and dominated query time once thousands of
passages match (自动驾驶: 66 ms of a 1k-report library's 80 ms p95). So a phrase is searched
as an AND of its bigram terms (no positions read; Whoosh scores that intersection exactly as it
scores the phrase, the sum of the terms' BM25 scores) and every candidate is then checked
against the passage text with a regular expression that is exact by construction:

- :func:`raw_form_pattern` matches a normalized form *on the original text*: each character
  becomes the class of every character that :func:`~trendreader.search.analyzer.normalize`
  maps to it (机 → ``[机機]``), so no passage has to be normalized at query time (0.6 µs a
  passage instead of 13 µs);
- its runs and separators follow the analyzer (see
  :func:`~trendreader.search.snippets.form_pattern`): Han runs in a row, Latin words whole,
  so 自动驾驶 never matches 自动 … 驾驶 apart.

The passage texts come from the library the service holds (:class:`PassageTexts`: one list of
references per searcher, no copies, each read when a phrase first checks its document).
Without them (another index, a test calling Whoosh directly) :class:`VerifiedPhrase` falls
back to Whoosh's positional phrase, which needs an index with positions (the service's has
none, see :mod:`trendreader.search.schema`).

A one-character Han query is the prefix of every token starting with that character; Whoosh
ORs hundreds of terms in a binary tree of union matchers whose ``replace()`` bookkeeping cost
730 ms for 人 (9k passages). :class:`HanPrefix` ORs them with Whoosh's array matcher instead,
same scores, ~60 ms.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from whoosh import matching, scoring
from whoosh import query as wq
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.searching import Searcher

from trendreader.library.model import Edition
from trendreader.script.fold import t2s_table
from trendreader.search.analyzer import normalize, width_case_table
from trendreader.search.snippets import form_pattern

Predicate = Callable[[int], bool]


# --- exact patterns on the original text ---------------------------------------------------


@cache
def _sources() -> dict[str, str]:
    """Normalized character → every character that normalizes to it (itself first when it
    is its own normal form)."""
    table: dict[str, list[str]] = {}
    for code in set(t2s_table()) | set(width_case_table()):
        char = chr(code)
        table.setdefault(normalize(char), []).append(char)
    out: dict[str, str] = {}
    for target, chars in table.items():
        own = [target] if normalize(target) == target else []
        out[target] = "".join(dict.fromkeys([*own, *sorted(chars)]))
    return out


def char_class(char: str) -> str:
    """A regex matching every character whose normal form is ``char``."""
    sources = _sources().get(char)
    if sources is None or sources == char:
        return re.escape(char)
    return "[" + "".join(re.escape(c) for c in sources) + "]"


@cache
def raw_form_pattern(form: str) -> re.Pattern[str] | None:
    """``form`` (normalized) as a pattern for the *original* text: it matches where
    :func:`~trendreader.search.snippets.form_pattern` matches the normalized text."""
    pattern = form_pattern(form, char=char_class)
    return None if pattern is None else re.compile(pattern, re.IGNORECASE)


# --- passage texts by document number ------------------------------------------------------


_UNREAD = object()


class _DocTable:
    """Document number → value, each read from the searcher's stored fields when first
    asked for: a phrase checks only the passages holding all its bigrams, so a query reads
    a few stored fields instead of all of them (the whole table was ~0.45 s at 2,000
    reports, 52k passages, and was built anew whenever the index changed)."""

    def __init__(self, owner: PassageTexts, column: int) -> None:
        self._owner = owner
        self._column = column

    def __len__(self) -> int:
        return len(self._owner._cells)

    def __getitem__(self, docnum: int) -> Any:
        cell = self._owner._cells[docnum]
        if cell is _UNREAD:
            cell = self._owner._read(docnum)
        return cell[self._column]


class PassageTexts:
    """Document number → passage text (a reference into the library, not a copy), for one
    searcher; each document's stored fields are read the first time it is asked for."""

    def __init__(
        self,
        searcher: Searcher,
        editions: Mapping[str, Edition],
        whole: Callable[[Edition], Edition] | None = None,
    ) -> None:
        self.searcher = searcher
        self._library = editions
        self._whole = whole
        self._reader = searcher.reader()
        self._cells: list[Any] = [_UNREAD] * searcher.doc_count_all()
        #: document number → passage text (None: not in the library any more)
        self.texts: _DocTable = _DocTable(self, 0)
        #: document number → the library's edition (None: not in the library any more)
        self.editions: _DocTable = _DocTable(self, 1)
        self._offsets = {id(leaf): offset for leaf, offset in searcher.leaf_searchers()}

    def _read(self, docnum: int) -> tuple[str | None, Edition | None]:
        if self._reader.is_deleted(docnum):  # replaced by a newer copy of its report
            self._cells[docnum] = (None, None)
            return (None, None)
        fields = self._reader.stored_fields(docnum) or {}
        edition = self._library.get(fields.get("key", ""))
        ordinal = fields.get("ordinal")
        cell: tuple[str | None, Edition | None] = (None, None)
        if edition is not None and isinstance(ordinal, int):
            if self._whole is not None:
                edition = self._whole(edition)
            text = edition.passages[ordinal].text if 0 <= ordinal < len(edition.passages) else None
            cell = (text, edition)
        self._cells[docnum] = cell
        return cell

    def predicate(self, leaf: Searcher, pattern: re.Pattern[str]) -> Predicate | None:
        """Whether document ``n`` of ``leaf`` (a segment's searcher) matches ``pattern``;
        ``None`` for a searcher this table was not built for."""
        offset = self._offsets.get(id(leaf))
        if offset is None:
            return None
        texts = self.texts
        search = pattern.search

        def check(docnum: int) -> bool:
            text = texts[offset + docnum]
            return text is not None and search(text) is not None

        return check


class VerifiedMatcher(WrappingMatcher):
    """The documents of ``child`` that pass ``predicate`` (scores untouched)."""

    def __init__(self, child: Any, predicate: Predicate, boost: float = 1.0) -> None:
        super().__init__(child, boost=boost)
        self.predicate = predicate
        self._find_next()

    def _find_next(self) -> bool:
        child, predicate = self.child, self.predicate
        moved = False
        while child.is_active() and not predicate(child.id()):
            moved = child.next() or moved
        return moved

    def copy(self) -> VerifiedMatcher:
        return VerifiedMatcher(self.child.copy(), self.predicate, self.boost)

    def _replacement(self, newchild: Any) -> Any:
        if not newchild.is_active():
            return matching.NullMatcher()
        return VerifiedMatcher(newchild, self.predicate, self.boost)

    def reset(self) -> None:
        self.child.reset()
        self._find_next()

    def next(self) -> bool:
        moved = self.child.next()
        return self._find_next() or bool(moved)

    def skip_to(self, id: int) -> bool:
        moved = self.child.skip_to(id)
        return self._find_next() or bool(moved)

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.child.skip_to_quality(minquality / self.boost)
        self._find_next()
        return int(skipped or 0)

    def all_ids(self) -> Iterator[int]:
        predicate = self.predicate
        return (docnum for docnum in self.child.all_ids() if predicate(docnum))


# --- queries -------------------------------------------------------------------------------


class VerifiedPhrase(wq.Phrase):
    """A phrase of a normalized ``form``: the AND of its terms, each candidate checked on the
    passage text when :attr:`texts` is set (see the module docstring), else positional (an
    index without positions then raises Whoosh's QueryError)."""

    def __init__(self, fieldname: str, words: Sequence[str], form: str) -> None:
        super().__init__(fieldname, list(words))
        self.form = form
        self.texts: PassageTexts | None = None

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and super().__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.fieldname!r}, {self.words!r}, {self.form!r})"

    def copy(self) -> VerifiedPhrase:
        copied = VerifiedPhrase(self.fieldname, self.words, self.form)
        copied.boost, copied.texts = self.boost, self.texts
        return copied

    def __deepcopy__(self, memo: dict[int, Any]) -> VerifiedPhrase:
        return self.copy()  # share the texts table, never copy it

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        pattern = raw_form_pattern(self.form)
        predicate = None
        if self.texts is not None and pattern is not None:
            predicate = self.texts.predicate(searcher, pattern)
        if predicate is None:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        terms = list(dict.fromkeys(self.words))
        if any((self.fieldname, word) not in reader for word in terms):
            return matching.NullMatcher()
        conjunction = wq.And([wq.Term(self.fieldname, word) for word in terms])
        child = conjunction.matcher(searcher, context)
        if not child.is_active():
            return matching.NullMatcher()
        return VerifiedMatcher(child, predicate, boost=self.boost)


class HanPrefix(wq.Prefix):
    """One Han character: every token it starts, ORed by Whoosh's array matcher."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and super().__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        reader = searcher.reader()
        terms = [wq.Term(self.fieldname, word) for word in self._btexts(reader) if word]
        if not terms:
            return matching.NullMatcher()
        if len(terms) == 1:
            return terms[0].matcher(searcher, context)
        union = wq.Or(terms, boost=self.boost)
        union.matcher_type = wq.Or.ARRAY_MATCHER
        return union.matcher(searcher, context)


def bind_texts(query: wq.Query, texts: PassageTexts | None) -> None:
    """Let every :class:`VerifiedPhrase` in ``query`` check its candidates on ``texts``."""
    for leaf in query.leaves():
        if isinstance(leaf, VerifiedPhrase):
            leaf.texts = texts


class TabledBM25F(scoring.BM25F):
    """Whoosh's BM25F, scores unchanged, with each segment's document lengths read once into
    a table: looking them up in the column per posting was a third of a big query's time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tables: dict[tuple[int, str], tuple[Any, array[int]]] = {}

    def lengths(self, searcher: Searcher, fieldname: str) -> array[int]:
        reader = searcher.reader()
        key = (id(reader), fieldname)
        cached = self._tables.get(key)
        if cached is None or cached[0] is not reader:
            for old in [k for k, (r, _t) in self._tables.items() if getattr(r, "is_closed", 0)]:
                del self._tables[old]  # segments a refreshed searcher let go of
            table = _bulk_lengths(reader, fieldname)
            if table is None:
                length = reader.doc_field_length
                size = reader.doc_count_all()
                table = array("I", (length(d, fieldname, 1) for d in range(size)))
            cached = self._tables[key] = (reader, table)
        return cached[1]

    def scorer(self, searcher: Searcher, fieldname: str, text: Any, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if callable(getattr(scorer, "dfl", None)):
            scorer.dfl = self.lengths(searcher, fieldname).__getitem__
        return scorer


def _bulk_lengths(reader: Any, fieldname: str) -> array[int] | None:
    """``reader.doc_field_length(d, fieldname, 1)`` for every document, from one read of the
    segment's length column (one byte a document; 0.5 s less than asking per document at 10k
    reports); ``None`` when the segment is not laid out as expected."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.columns import NumericColumn
    from whoosh.util.numeric import byte_to_length

    perdoc = getattr(reader, "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if cached_reader is None:
        return None
    size = reader.doc_count_all()
    column = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return array("I", [1]) * size
    if type(column) is not NumericColumn.Reader or column._typecode != "B":
        return None
    count = min(column._count, size)
    raw = column._dbfile.get(column._basepos, count)
    decode = [1, *(byte_to_length(b) for b in range(1, 256))]  # byte 0: the default, 1
    table = array("I", map(decode.__getitem__, raw))
    table.extend([1] * (size - count))
    return table
