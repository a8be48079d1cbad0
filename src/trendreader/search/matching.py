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
  so 自动驾驶 never matches 自动 … 驾驶 apart;
- a Han phrase's pattern is found exactly where one of its spellings occurs
  (:func:`han_spellings`: 机器人, 機器人, …), so candidates are checked with ``in``, in C,
  spelling after spelling (:func:`texts_matching`), a tenth of a regex call each.

The passage texts (:class:`PassageTexts`: one table per searcher, each text read when a phrase
first checks its document) come from the index's ``passage`` column for the editions the
service holds without their passages (``trendreader search`` loads the cache's listing: loading
the editions of ~30,000 candidates was 1.3 s and ~400 MB at 10,000 reports), read many at a time
(:mod:`trendreader.search.passage_column`); a library held whole (the reader's) is read in
place, by reference, its documents' keys read from the stored column in bulk
(:func:`stored_many`).
Without them (another index, a test calling Whoosh directly) :class:`VerifiedPhrase` falls
back to Whoosh's positional phrase, which needs an index with positions (the service's has
none, see :mod:`trendreader.search.schema`).

A one-character Han query is the prefix of every token starting with that character; Whoosh
ORs hundreds of terms in a binary tree of union matchers whose ``replace()`` bookkeeping cost
730 ms for 人 (9k passages). :class:`HanPrefix` ORs them with Whoosh's array matcher instead,
same scores, ~60 ms.
"""

from __future__ import annotations

import pickle
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from functools import cache
from itertools import compress, repeat
from operator import contains, itemgetter, not_
from typing import Any

from whoosh import matching, scoring
from whoosh import query as wq
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.searching import Searcher

from trendreader.library.model import Edition
from trendreader.script.fold import t2s_table
from trendreader.search.analyzer import RUNS, normalize, width_case_table
from trendreader.search.passage_column import column_of, column_texts, read_spans
from trendreader.search.snippets import form_pattern

Predicate = Callable[[int], bool]


# --- exact patterns on the original text ---------------------------------------------------


@cache
def _sources() -> dict[str, str]:
    """Normalized character → every character that normalizes to it (itself first when it
    is its own normal form). Normalized in one call (it maps character for character): one
    call per character was ~0.2 s on a first phrase query."""
    chars = sorted(chr(code) for code in set(t2s_table()) | set(width_case_table()))
    normal = _normalize_each(chars)
    table: dict[str, list[str]] = {}
    for char, target in zip(chars, normal, strict=True):
        table.setdefault(target, []).append(char)
    targets = list(table)
    out: dict[str, str] = {}
    for target, again in zip(targets, _normalize_each(targets), strict=True):
        own = [target] if again == target else []
        out[target] = "".join(dict.fromkeys([*own, *sorted(table[target])]))
    return out


def _normalize_each(chars: list[str]) -> list[str]:
    """``[normalize(c) for c in chars]``, in one call when it keeps the length."""
    joined = normalize("".join(chars))
    if len(joined) == len(chars):
        return list(joined)
    return [normalize(c) for c in chars]  # pragma: no cover - normalize keeps lengths


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
    pattern = form_pattern(form, char=char_class, scan_first=True)
    return None if pattern is None else re.compile(pattern, re.IGNORECASE)


#: a Han phrase of at most this many spellings is found with ``in`` alone
MAX_SPELLINGS = 8


@cache
def han_spellings(form: str) -> tuple[tuple[str, ...], bool] | None:
    """The spellings of ``form`` in the original text, ``form`` itself first, and whether
    they are all of them; for a ``form`` that is one run of Han characters, ``None`` for
    any other.

    :func:`raw_form_pattern` of such a form is the concatenation of each character's
    class (no separators, no word edges, and Han has no case), so it matches a text
    exactly where one of its spellings (one character of each class, in a row) occurs.
    At most :data:`MAX_SPELLINGS` are listed; beyond that, only ``form`` (when it is one)."""
    runs = list(RUNS.finditer(form))
    if len(runs) != 1 or runs[0].lastgroup != "han" or runs[0].group() != form:
        return None
    sources = _sources()
    classes = [sources.get(char) or char for char in form]  # exactly char_class(char)
    count = 1
    for chars in classes:
        count *= len(set(chars))
    if count > MAX_SPELLINGS:  # the form and its other spelling in full, then the pattern
        if not all(char in chars for char, chars in zip(form, classes, strict=True)):
            return None
        other = "".join(
            next((c for c in chars if c != char and not _compatibility(c)), char)
            for char, chars in zip(form, classes, strict=True)
        )
        return tuple(dict.fromkeys((form, other))), False
    spellings = [""]
    for chars in classes:
        spellings = [s + c for s in spellings for c in dict.fromkeys(chars)]

    def rarity(spelling: str) -> tuple[bool, int, int]:
        # the form; then without compatibility ideographs, the most changed first
        changed = sum(a != b for a, b in zip(spelling, form, strict=True))
        return (spelling != form, sum(map(_compatibility, spelling)), -changed)

    return tuple(sorted(spellings, key=rarity)), True


def _compatibility(char: str) -> bool:
    """A CJK compatibility ideograph (its own code point for a unified one: 器 U+FA38)."""
    return 0xF900 <= ord(char) <= 0xFAFF


def texts_matching(
    pattern: re.Pattern[str],
    texts: Sequence[str],
    *,
    spellings: tuple[tuple[str, ...], bool] | None = None,
) -> list[Any]:
    """Per text, whether ``pattern`` is found in it (a truthy or falsy value).

    ``spellings``: :func:`han_spellings` of the pattern's form. The texts holding the first
    are found with ``in`` (a tenth of a regex call), the others tried with the next, and so
    on; what is left is searched with ``pattern`` unless the spellings were all of them."""
    if spellings is None:
        return list(map(pattern.search, texts))
    needles, complete = spellings
    found: list[Any] = list(map(contains, texts, repeat(needles[0])))
    if all(found):
        return found
    # the texts without a spelling yet; their places in ``texts`` only once some of them
    # hold the next spelling and others not (every one of them holding it is the usual end)
    rest: Sequence[str] = list(compress(texts, map(not_, found)))
    places: list[int] | None = None
    for needle in needles[1:]:
        if not rest:
            break
        hit = list(map(contains, rest, repeat(needle)))
        if not any(hit):
            continue
        if places is None:
            if all(hit):  # the others all hold this one: every text matches
                return [True] * len(texts)
            places = list(compress(range(len(texts)), map(not_, found)))
        for index in compress(places, hit):
            found[index] = True
        missed = list(map(not_, hit))
        places = list(compress(places, missed))
        rest = list(compress(rest, missed))
    if rest and not complete:
        if places is None:
            places = list(compress(range(len(texts)), map(not_, found)))
        search = pattern.search
        for index, text in zip(places, rest, strict=True):
            if search(text) is not None:
                found[index] = True
    return found


def _gather(values: Sequence[Any], indexes: Sequence[int]) -> Sequence[Any]:
    """``[values[i] for i in indexes]``, in one C call."""
    if len(indexes) > 1:
        return itemgetter(*indexes)(values)  # type: ignore[no-any-return]
    return [values[i] for i in indexes]


# --- passage texts by document number ------------------------------------------------------


_UNREAD = object()
#: from this many documents on, stored fields are read in bulk (:func:`stored_many`)
BULK_READ = 16
#: a searcher's table keeps at most this many texts copied from the index's column (~15 MB
#: of CJK), and one query's more; past it, it starts again empty. Counting a reader's
#: trends in three scripts read ~110,000 texts at 10,000 reports (24 MB) and kept them for
#: the searcher's life; a phrase reads again, from the column, in ~2 µs a text, what it finds
#: forgotten (at 5,000 reports, leaf cache off, p95 16.8 ms with 65,536; 28.5 with 32,768).
KEEP_TEXTS = 65_536


class _DocTable:
    """Document number → value, each read when first asked for (``read(docnum)`` fills
    ``column``): a phrase checks only the passages holding all its bigrams, so a query reads a
    few texts instead of all of them (the whole table was ~0.45 s at 2,000 reports, 52k
    passages, and was built anew whenever the index changed)."""

    def __init__(self, column: list[Any], read: Callable[[int], object], *, text: bool = False):
        self._column = column
        self._fill = read
        self._text = text  # "" stands for None

    def __len__(self) -> int:
        return len(self._column)

    def __getitem__(self, docnum: int) -> Any:
        value = self._column[docnum]
        if value is _UNREAD:
            self._fill(docnum)
            value = self._column[docnum]
        return (value or None) if self._text else value

    def __iter__(self) -> Iterator[Any]:
        return (self[d] for d in range(len(self)))


class PassageTexts:
    """Document number → passage text, for one searcher; each document's text is read the
    first time it is asked for.

    With ``doc_keys`` (document number → edition key, :meth:`DocKeys.edition_keys
    <trendreader.search.paging.DocKeys.edition_keys>`) and ``current`` (the edition keys the
    library holds as the index does: the same signature), the text of a document of a
    ``current`` edition is the index's own (its ``passage`` column,
    :mod:`trendreader.search.passage_column`), which is then the library's passage: no edition
    is loaded. Every other document, and every document without them, is looked up in the
    library: its stored key and ordinal, then that passage of the edition (a reference, not a
    copy); not in the library any more, or deleted: no text."""

    def __init__(
        self,
        searcher: Searcher,
        editions: Mapping[str, Edition],
        whole: Callable[[Edition], Edition] | None = None,
        *,
        doc_keys: Sequence[str | None] | None = None,
        current: Container[str] | None = None,
    ) -> None:
        self.searcher = searcher
        self._library = editions
        self._whole = whole
        self._reader = searcher.reader()
        # two lists, no tuple per document: a first phrase query reads thousands, and
        # allocating that many containers set off the collector over the whole library
        self._texts: list[Any] = [_UNREAD] * searcher.doc_count_all()  # "" for none
        self._editions: list[Any] = [_UNREAD] * len(self._texts)
        #: document number → passage text (None: not in the library any more)
        self.texts: _DocTable = _DocTable(self._texts, self._read, text=True)
        #: document number → the library's edition (None: not in the library any more)
        self.editions: _DocTable = _DocTable(self._editions, self._read_edition)
        self._copies_since = 0  # `from_column` when the table was last emptied
        self._leaves = list(searcher.leaf_searchers())
        self._offsets = {id(leaf): offset for leaf, offset in self._leaves}
        usable = doc_keys is not None and current is not None and len(doc_keys) == len(self._texts)
        self._doc_keys = doc_keys if usable else None
        self._current = current if usable else None
        self._columns: dict[int, Any] = {}  # leaf number → its passage column (None: none)
        #: documents whose text came from the index's column (for tests and benchmarks)
        self.from_column = 0

    def texts_of(self, docnums: Sequence[int]) -> Sequence[str]:
        """The passage text of each of ``docnums`` (``""``: not in the library any more),
        the documents not read yet read now."""
        if not docnums:
            return []
        texts = self._texts
        found = itemgetter(*docnums)(texts) if len(docnums) > 1 else (texts[docnums[0]],)
        if _UNREAD in found:
            if self._make_room():
                self._read_many(list(docnums))
            else:
                self._read_many([d for d in docnums if texts[d] is _UNREAD])
            found = itemgetter(*docnums)(texts) if len(docnums) > 1 else (texts[docnums[0]],)
        return found  # type: ignore[no-any-return]

    def _read(self, docnum: int) -> None:
        self._make_room()
        self._read_many([docnum])

    def _read_edition(self, docnum: int) -> None:
        self._make_room()
        self._read_stored(docnum)

    def _make_room(self) -> bool:
        """Before reading more: empty the table if it holds more than :data:`KEEP_TEXTS`
        copies from the index's column (whether it did; a text of a passage held as an
        object is the library's own string, kept at no cost). In place: the tables and
        predicates handed out read from the same lists, and read again what they find
        unread."""
        if self.from_column - self._copies_since <= KEEP_TEXTS:
            return False
        self._texts[:] = [_UNREAD] * len(self._texts)
        self._editions[:] = [_UNREAD] * len(self._editions)
        self._copies_since = self.from_column
        return True

    def _read_many(self, docnums: list[int]) -> None:
        """Read the texts of ``docnums``: from the index's column where it holds the
        library's text, the others from the library through their stored fields, segment by
        segment, from the stored column in bulk (:func:`stored_many`; ~2 µs a document
        instead of ~20 µs asking Whoosh for each); a few are read one by one."""
        if self._current is not None:
            docnums = self._read_columns(docnums)
        if len(docnums) < BULK_READ:
            for docnum in docnums:
                self._read_stored(docnum)
            return
        for leaf, offset in self._leaves:
            reader = leaf.reader()
            end = offset + reader.doc_count_all()
            docs = sorted(d for d in docnums if offset <= d < end)
            if not docs:
                continue
            local = list(map((-offset).__add__, docs)) if offset else docs
            fields = stored_many(reader, local)
            if fields is None:
                for docnum in docs:
                    self._read_stored(docnum)
                continue
            deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            library, whole = self._library.get, self._whole
            texts, editions = self._texts, self._editions
            for docnum, number, found in zip(docs, local, fields, strict=True):
                text, edition = "", None
                if found and number not in deleted:  # as _keep() does, inline
                    edition = library(found.get("key", ""))
                    ordinal = found.get("ordinal")
                    if edition is not None and isinstance(ordinal, int):
                        if whole is not None:
                            edition = whole(edition)
                        passages = edition.passages
                        if 0 <= ordinal < len(passages):
                            text = passages[ordinal].text
                    else:
                        edition = None
                texts[docnum] = text
                editions[docnum] = edition

    def _read_columns(self, docnums: list[int]) -> list[int]:
        """Fill the texts of the documents of ``docnums`` whose edition is current from the
        index's column (their editions stay unread: :attr:`editions` reads them when asked);
        the documents left for the library, in their order."""
        keys, current = self._doc_keys, self._current
        assert keys is not None and current is not None
        if len(docnums) > 1:
            is_current = list(map(current.__contains__, itemgetter(*docnums)(keys)))
        else:
            is_current = [keys[docnums[0]] in current]
        wanted = sorted(compress(docnums, is_current))
        if not wanted:
            return docnums
        left = list(compress(docnums, map(not_, is_current)))
        texts = self._texts
        for number, (leaf, offset) in enumerate(self._leaves):
            reader = leaf.reader()
            low = bisect_left(wanted, offset)
            high = bisect_left(wanted, offset + reader.doc_count_all(), low)
            if low == high:
                continue
            docs = wanted[low:high]
            column = self._column(number, reader)
            if column is None:
                left.extend(docs)
                continue
            if reader.has_deletions():  # deleted: the library's answer (no text)
                deleted = reader.deleted_docs_set
                left.extend(d for d in docs if d - offset in deleted)
                docs = [d for d in docs if d - offset not in deleted]
            local = list(map((-offset).__add__, docs)) if offset else docs
            for docnum, text in zip(docs, column_texts(column, local), strict=True):
                texts[docnum] = text
            self.from_column += len(docs)
        return left

    def _column(self, number: int, reader: Any) -> Any | None:
        """The passage column of leaf ``number`` (opened once: its offsets are read then)."""
        if number not in self._columns:
            self._columns[number] = column_of(reader)
        return self._columns[number]

    def _read_stored(self, docnum: int) -> tuple[str | None, Edition | None]:
        """Text and edition of ``docnum`` from the library, through its stored fields."""
        if self._reader.is_deleted(docnum):  # replaced by a newer copy of its report
            return self._keep(docnum, None)
        return self._keep(docnum, self._reader.stored_fields(docnum) or {})

    def _keep(
        self, docnum: int, fields: Mapping[str, Any] | None
    ) -> tuple[str | None, Edition | None]:
        """The text and edition of ``docnum`` from its stored fields (None: a deleted
        document), kept."""
        text: str | None = None
        edition: Edition | None = None
        if fields is not None:
            edition = self._library.get(fields.get("key", ""))
            ordinal = fields.get("ordinal")
            if edition is not None and isinstance(ordinal, int):
                if self._whole is not None:
                    edition = self._whole(edition)
                passages = edition.passages
                text = passages[ordinal].text if 0 <= ordinal < len(passages) else None
            else:
                edition = None
        self._texts[docnum] = text or ""
        self._editions[docnum] = edition
        return (text, edition)

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


def stored_many(reader: Any, docnums: Sequence[int]) -> list[Any] | None:
    """The stored fields of ``docnums`` (a segment's numbers, best in ascending order;
    ``None`` for a document with none), as ``reader.stored_fields`` would give them, read
    from whoosh3's stored column (a zlib'd pickle per document) in C: one read per window of
    the column, the values sliced out of it. ``None`` when the segment is not laid out as
    expected."""
    from whoosh.codec.whoosh3 import STORED_COLUMN
    from whoosh.columns import CompressedBytesColumn, PickleColumn

    perdoc = getattr(reader, "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if cached_reader is None or not docnums:
        return None
    column = cached_reader("_stored", STORED_COLUMN)
    child = getattr(column, "_child", None)
    if type(column) is not PickleColumn.Reader or type(child) is not CompressedBytesColumn.Reader:
        return None
    lengths = list(_gather(child._lengths, docnums))
    starts = list(map(child._basepos.__add__, _gather(child._offsets, docnums)))
    # windows of about STORED_WINDOW bytes, one read each (in document order)
    raw = read_spans(child._dbfile.get, starts, lengths, STORED_WINDOW)
    decompress, loads = child._decompress, pickle.loads
    return [loads(decompress(value)) if value else None for value in raw]


#: :func:`stored_many` reads the stored column in windows of this many bytes
STORED_WINDOW = 1 << 20


def _bulk_lengths(reader: Any, fieldname: str) -> array[int] | None:
    """``reader.doc_field_length(d, fieldname, 1)`` for every document, from one read of the
    segment's length column (one byte a document; 0.5 s less than asking per document at 10k
    reports); ``None`` when the segment is not laid out as expected."""
    found = length_bytes(reader, fieldname)
    if found is None:
        return None
    raw, decode = found
    return array("I", map(decode.__getitem__, raw))


def length_bytes(reader: Any, fieldname: str) -> tuple[bytes, list[int]] | None:
    """The segment's length column as it is stored, one byte a document (every document,
    ``0`` for those past the column's end), and what each byte means: the length
    ``reader.doc_field_length(d, fieldname, 1)`` is ``decode[raw[d]]``. ``None`` when the
    segment is not laid out as expected."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.columns import NumericColumn
    from whoosh.util.numeric import byte_to_length

    perdoc = getattr(reader, "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if cached_reader is None:
        return None
    size = reader.doc_count_all()
    decode = [1, *(byte_to_length(b) for b in range(1, 256))]  # byte 0: the default, 1
    column = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(size), decode
    if type(column) is not NumericColumn.Reader or column._typecode != "B":
        return None
    count = min(column._count, size)
    raw = column._dbfile.get(column._basepos, count)
    if len(raw) != count:
        return None
    return raw + bytes(size - count), decode
