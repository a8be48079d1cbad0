"""Set-at-a-time query evaluation over Whoosh's postings, with Whoosh's BM25F scores.

Whoosh's matchers walk the postings one document at a time in Python (~7–14 µs a matching
passage: 400 ms for a query matching 30k passages at 10k reports). Here each leaf of the query
(a term, a one-character prefix, a verified phrase) is read from Whoosh's posting blocks in one
go and scored with Whoosh's BM25F formula over whole lists; ``And``/``Or``/``Not`` become dict
and set operations. Per posting, the work is done by C (``map``, ``itemgetter``, ``compress``,
set and dict operations), not by Python bytecode:

- a long posting list (:data:`~trendreader.search.direct_postings.MIN_POSTINGS` documents or
  more) is read from the segment's copy of it as plain arrays (:mod:`direct_postings`: one
  slice, ``frombytes``, ``accumulate``); any other is one read of its extent in the postings
  file, then per block one ``pickle.load`` (its info) and one ``zlib.decompress`` +
  ``pickle.loads`` (its delta-coded ids and weights), as :mod:`whoosh.codec.whoosh3` writes
  them; anything else (inlined postings, another codec) is read through Whoosh's matcher;
- BM25 needs only a document's length class (one byte of the segment's length column) and
  the posting's weight, so a long list is scored from a small table per weight
  (:class:`_Scorer`), looked up in C; the operands and operations are Whoosh's;
- a phrase intersects its words' document numbers (sets, rarest first) and only then checks
  the passage texts (``in`` on each spelling of a Han phrase, the pattern otherwise);
- an ``And`` evaluates its rarest part first (document frequencies from the term index) and
  every other part only on the documents still in: a phrase is then checked, and a ``NOT``
  read, only there. A part holding a phrase comes after the parts holding none, however rare
  (a term is read whole wherever it comes; a phrase checks only the texts left), and the
  parts' scores are still added rarest first.

So:

- the documents are the ones Whoosh's matchers would find (deleted documents skipped, phrases
  checked on the passage text like :class:`~trendreader.search.matching.VerifiedMatcher`),
- each document's score is the sum Whoosh computes (same per-term formula, same operands;
  only the order of a sum of three or more parts may differ, in the last bit),
- the top ``limit`` are ordered like Whoosh's collector: score descending, then document
  number ascending, and ``total`` is exact: every match is counted.

Leaf results are cached per searcher (compact arrays, least recently used out, bounded by
:data:`CACHE_POSTINGS`): a reader retyping or refining a query reads each term once. A phrase
evaluated only on an ``And``'s remaining documents is not cached (it is not the whole leaf).

A query holding anything else raises :class:`Unsupported`; the caller then asks Whoosh.
"""

from __future__ import annotations

import heapq
import io
import pickle
import struct
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from itertools import accumulate, compress, repeat
from operator import add, getitem, itemgetter, mul, not_
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import WrappingMatcher
from whoosh.searching import Searcher

from trendreader.search.direct_postings import DirectPostings
from trendreader.search.matching import (
    HanPrefix,
    PassageTexts,
    TabledBM25F,
    VerifiedPhrase,
    han_spellings,
    length_bytes,
    raw_form_pattern,
    texts_matching,
)

Scored = dict[int, float]  # global document number -> score
Docs = set[int] | frozenset[int]
Within = AbstractSet[int] | None  # only these documents are wanted (None: all)

#: Cached leaf postings, summed over all leaves (12 bytes each: ~24 MB at most).
CACHE_POSTINGS = 2_000_000


class Unsupported(Exception):
    """The query holds a node this engine does not evaluate."""


class Engine:
    """Evaluates our queries on one searcher (see the module docstring)."""

    def __init__(
        self,
        searcher: Searcher,
        texts: PassageTexts | None = None,
        *,
        cache_postings: int | None = None,
    ) -> None:
        weighting = searcher.weighting
        if not isinstance(weighting, TabledBM25F):
            raise Unsupported(f"weighting {type(weighting).__name__}")
        self.searcher = searcher
        self.texts = texts
        self.weighting = weighting
        self.leaves: list[tuple[Searcher, int]] = list(searcher.leaf_searchers())
        self._deleted: list[frozenset[int]] = [_deleted(s.reader()) for s, _o in self.leaves]
        #: leaf number → its long lists as arrays (:mod:`direct_postings`; None: it has none)
        self._direct: dict[int, DirectPostings | None] = {}
        #: (reader id, field) → (reader, each document's length class, the classes' norms)
        self._classes: dict[tuple[int, str], tuple[Any, bytes | list[int], list[float]]] = {}
        #: (leaf number, field) → :attr:`_Scorer.bases`, for as long as the searcher lives
        self._bases: dict[tuple[int, str], dict[float, list[float]]] = {}
        self._cache: OrderedDict[tuple[str, ...], tuple[array[int], array[float]]] = OrderedDict()
        self._cached = 0
        self.cache_postings = CACHE_POSTINGS if cache_postings is None else cache_postings
        self._scoring = True  # False while a leaf's documents are read without scores
        self._size = searcher.doc_count_all()
        #: a range's documents (``year:`` filters), for as long as the searcher lives
        self._ranges: dict[tuple[object, ...], frozenset[int]] = {}

    # --- the entry point -------------------------------------------------------------------

    def run(
        self,
        query: wq.Query,
        *,
        limit: int,
        filter: wq.Query | None = None,
        mask: set[int] | None = None,
    ) -> tuple[list[tuple[int, float]], int]:
        """The best ``limit`` ``(docnum, score)`` pairs and the number of matches."""
        scored = self.matches(query, filter=filter, mask=mask)
        return top(scored, limit), len(scored)

    def matches(
        self,
        query: wq.Query,
        *,
        filter: wq.Query | None = None,
        mask: set[int] | None = None,
    ) -> Scored:
        """Document → score for every match of ``query`` in ``filter`` and not in ``mask``."""
        scored = self.scored(query)
        if filter is not None and scored:
            allowed = self.docs(filter)
            both = list(scored.keys() & allowed)
            scored = dict(zip(both, map(scored.__getitem__, both), strict=True))
        if mask and scored:
            scored = _without(scored, mask)
        return scored

    def docs(self, query: wq.Query, within: Within = None) -> Docs:
        """The documents ``query`` matches (only those of ``within`` when given; do not
        modify the set)."""
        if isinstance(query, wq.NumericRange):
            return self._range_docs(query)
        kind = type(query)
        if kind is wq.Term or kind is HanPrefix or kind is VerifiedPhrase:
            return self._leaf_docs(query, within)
        return set(self.scored(query, within))

    def _range_docs(self, query: wq.NumericRange) -> frozenset[int]:
        """The documents of a numeric range, read once per searcher."""
        key = (query.fieldname, query.start, query.end, query.startexcl, query.endexcl)
        docs = self._ranges.get(key)
        if docs is None:
            docs = self._ranges[key] = frozenset(self.searcher.docs_for_query(query))
        return docs

    # --- evaluation ------------------------------------------------------------------------

    def scored(self, query: wq.Query, within: Within = None) -> Scored:
        """Document → score for every document ``query`` matches (a new dict); with
        ``within``, only for the documents of ``within`` (the others are not scored, nor,
        for a phrase, checked)."""
        if query is wq.NullQuery:
            return {}
        kind = type(query)
        if kind is wq.Term or kind is HanPrefix or kind is VerifiedPhrase:
            return self._leaf(_leaf_key(query), query, within)
        if kind is wq.And:
            return self._and(query.subqueries, query.boost, within)
        if kind is wq.Or:
            return self._or(query.subqueries, query.boost, within)
        if kind is wq.Not:
            return self._not(query, within)
        if kind is wq.Every and query.fieldname in (None, "", "*"):
            docs = self._all_docs() if within is None else within
            return dict.fromkeys(docs, float(query.boost))
        if kind is wq.NumericRange and query.constantscore:
            docs = self._range_docs(query)
            return dict.fromkeys(docs if within is None else docs & within, float(query.boost))
        raise Unsupported(type(query).__name__)

    def _and(self, subs: Iterable[wq.Query], boost: float, within: Within) -> Scored:
        """The intersection, the cheapest part first: each other part is evaluated only on
        the documents still in (the same documents and sums, fewer scored or checked)."""
        positive: list[wq.Query] = []
        negative: list[wq.Query] = []
        constant = 0.0  # Whoosh scores an inverse (NOT) or Every matcher with its weight
        everything = False
        for sub in subs:
            if type(sub) is wq.Not:
                negative.append(sub.query)
                constant += 1.0
            elif type(sub) is wq.Every and sub.fieldname in (None, "", "*"):
                everything = True
                constant += float(sub.boost)
            else:
                positive.append(sub)
        if not positive and not everything:
            return {}
        if positive:
            result = self._intersect(positive, within)
            if not result:
                return {}
        else:
            result = dict.fromkeys(self._all_docs() if within is None else within, 0.0)
        for sub in negative:
            if not result:
                break
            result = _without(result, self.docs(sub, result.keys()))
        if constant:
            result = dict(zip(result, map(constant.__radd__, result.values()), strict=True))
        return _boosted(result, boost)

    def _intersect(self, positive: list[wq.Query], within: Within) -> Scored:
        """The documents every part of ``positive`` matches, each scored with the sum of the
        parts' scores, added in the order of their estimates (rarest first, as always).

        The parts are evaluated in that order too, except that a part holding a phrase comes
        after those that hold none (:func:`_checks_texts`): a term is read and scored whole
        wherever it comes, but a phrase evaluated on fewer documents checks fewer passage
        texts (``(机器人 OR 芯片) 中国``: 机器人 checked only where 中国 is). The sums are
        added in the same order either way, so the scores are the same to the bit."""
        positive.sort(key=self._estimate)
        evaluation = sorted(range(len(positive)), key=lambda i: _checks_texts(positive[i]))
        if evaluation == sorted(evaluation):  # no phrase to put off: one pass, as it was
            result: Scored | None = None
            for sub in positive:
                part = self.scored(sub, within if result is None else result.keys())
                if result is None:
                    result = part
                else:
                    both = list(result.keys() & part.keys())
                    added = map(add, map(result.__getitem__, both), map(part.__getitem__, both))
                    result = dict(zip(both, added, strict=True))
                if not result:
                    return {}
            return result or {}
        parts: dict[int, Scored] = {}
        docs: AbstractSet[int] | None = within
        for number in evaluation:
            part = parts[number] = self.scored(positive[number], docs)
            docs = part.keys() if docs is within else (part.keys() & docs)  # type: ignore[operator]
            if not docs:
                return {}
        assert docs is not None
        final = list(docs)
        total: list[float] = list(map(parts[0].__getitem__, final))
        for number in range(1, len(positive)):
            total = list(map(add, total, map(parts[number].__getitem__, final)))
        return dict(zip(final, total, strict=True))

    def _or(self, subs: Iterable[wq.Query], boost: float, within: Within) -> Scored:
        result: Scored = {}
        for sub in subs:
            part = self.scored(sub, within)
            _sum_into(result, part.keys(), part.values())
        return _boosted(result, boost)

    def _not(self, query: wq.Not, within: Within) -> Scored:
        if within is not None:
            return dict.fromkeys(set(within) - self.docs(query.query, within), 1.0)
        excluded = self.docs(query.query)
        return {d: 1.0 for d in self._all_docs() if d not in excluded}

    def _all_docs(self) -> Iterable[int]:
        for (leaf, offset), deleted in zip(self.leaves, self._deleted, strict=True):
            size = leaf.reader().doc_count_all()
            yield from (offset + d for d in range(size) if d not in deleted)

    def _estimate(self, query: wq.Query) -> int:
        """About how many documents ``query`` matches, from the term index alone (no
        postings read): what orders an intersection."""
        kind = type(query)
        if kind is wq.Term:
            return self._doc_frequency(query.fieldname, query.text)
        if kind is VerifiedPhrase:
            return min((self._doc_frequency(query.fieldname, w) for w in query.words), default=0)
        if kind is wq.Or:
            return sum(map(self._estimate, query.subqueries))
        if kind is wq.And:
            parts = [q for q in query.subqueries if type(q) is not wq.Not]
            return min(map(self._estimate, parts), default=self._size)
        if kind is wq.NumericRange:
            return len(self._range_docs(query))
        if query is wq.NullQuery:
            return 0
        return self._size  # a prefix, everything: read last

    def _doc_frequency(self, field: str, text: Any) -> int:
        try:
            return int(self.searcher.doc_frequency(field, text))
        except Exception:  # an unknown field: nothing to read
            return 0

    # --- leaves ----------------------------------------------------------------------------

    def _leaf(self, key: tuple[str, ...], query: wq.Query, within: Within = None) -> Scored:
        """A leaf's scores, from the cache or read now (and cached). A phrase that is only
        wanted ``within`` some documents is checked on those only (and not cached)."""
        cached = self._cache.get(key)
        restrict = within is not None
        if cached is not None:
            self._cache.move_to_end(key)
            ids: Sequence[int] = cached[0]
            scores: Sequence[float] = cached[1]
        elif within is not None and key[0] == "v":
            ids, scores = self._compute_leaf(key, query, within=within)
            restrict = False  # only documents of ``within`` already
        else:
            ids, scores = self._compute_leaf(key, query)
            self._remember(key, ids, scores)
        if restrict and ids:
            assert within is not None
            keep = list(map(within.__contains__, ids))
            result = dict(zip(compress(ids, keep), compress(scores, keep), strict=True))
        else:
            result = dict(zip(ids, scores, strict=True))
        return _boosted(result, query.boost)

    def _leaf_docs(self, query: wq.Query, within: Within = None) -> set[int]:
        """The documents of a leaf, without scoring them (a ``NOT``, a filter)."""
        key = _leaf_key(query)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return set(cached[0])
        return set(self._compute_leaf(key, query, scoring=False, within=within)[0])

    def _remember(self, key: tuple[str, ...], ids: list[int], scores: list[float]) -> None:
        size = len(ids)
        if size > self.cache_postings // 4:
            return  # one huge leaf would flush everything else (or the cache is off)
        self._cache[key] = (array("I", ids), array("d", scores))
        self._cached += size
        while self._cached > self.cache_postings and self._cache:
            _key, (ids, _scores) = self._cache.popitem(last=False)
            self._cached -= len(ids)

    def _compute_leaf(
        self,
        key: tuple[str, ...],
        query: wq.Query,
        *,
        scoring: bool = True,
        within: Within = None,
    ) -> tuple[list[int], list[float]]:
        """A leaf's documents and scores (``scoring=False``: the weights, not scores);
        ``within``: a phrase checks only those documents (the others may be left out)."""
        self._scoring = scoring
        kind, field, value = key
        if kind == "t":
            return self._term(field, value)
        if kind == "p":
            return self._prefix(field, value)
        assert isinstance(query, VerifiedPhrase)
        check = phrase_check(query.form)
        texts = self.texts
        if check is None or texts is None:
            raise Unsupported("a phrase without its passage texts")
        return self._phrase(field, list(dict.fromkeys(query.words)), check, texts, within)

    def _postings(
        self, index: int, reader: Any, field: str, term: Any
    ) -> tuple[list[int], list[float]]:
        """A term's postings in segment ``index``: its array file's list when it has one
        for the term, else Whoosh's blocks; deleted documents left out."""
        if index not in self._direct:
            self._direct[index] = DirectPostings.of(reader)
        return _read_postings(reader, field, term, self._deleted[index], self._direct[index])

    def _segments(self, field: str) -> Iterable[tuple[int, Any, int, _Scorer | None]]:
        """Per segment: its index, reader, first document number and BM25 scorer."""
        parent = self.searcher
        scorable = self._scoring and parent.schema[field].scorable
        avgfl = parent.avg_field_length(field) or 1
        for index, (leaf, offset) in enumerate(self.leaves):
            scorer = None
            if scorable:
                classes, norms = self._leaf_classes(leaf, field, avgfl)
                bases = self._bases.setdefault((index, field), {})
                scorer = _Scorer(parent, field, self.weighting.K1, classes, norms, bases)
            yield index, leaf.reader(), offset, scorer

    def _term(self, field: str, word: str) -> tuple[list[int], list[float]]:
        """A term's documents and scores, in document order."""
        ids: list[int] = []
        scores: list[float] = []
        for index, reader, offset, scorer in self._segments(field):
            if (field, word) not in reader:
                continue
            local, weights = self._postings(index, reader, field, word)
            scores.extend(weights if scorer is None else scorer.scores(word, local, weights))
            ids.extend(map(offset.__add__, local) if offset else local)
        return ids, scores

    def _prefix(self, field: str, prefix: str) -> tuple[list[int], list[float]]:
        """Every term starting with ``prefix``: each document's scores summed."""
        ids: list[int] = []
        scores: list[float] = []
        for index, reader, offset, scorer in self._segments(field):
            sums: Scored = {}
            for term in _prefix_terms(reader, field, prefix):
                local, weights = self._postings(index, reader, field, term)
                if local:
                    part = weights if scorer is None else scorer.scores(term, local, weights)
                    _sum_into(sums, local, part)
            ids.extend(map(offset.__add__, sums) if offset else sums)
            scores.extend(sums.values())
        return ids, scores

    def _phrase(
        self,
        field: str,
        words: list[str],
        check: Callable[[Sequence[str]], list[Any]],
        texts: PassageTexts,
        within: Within = None,
    ) -> tuple[list[int], list[float]]:
        """The documents holding every word (a set intersection on the document numbers,
        rarest first), then only those whose text holds the phrase, scored: the sum of the
        words' scores, in the words' order."""
        ids: list[int] = []
        scores: list[float] = []
        for index, reader, offset, scorer in self._segments(field):
            if any((field, w) not in reader for w in words):
                continue
            lists = [self._postings(index, reader, field, w) for w in words]
            by_size = sorted((local for local, _w in lists), key=len)
            rarest = by_size[0]
            common = set(rarest)
            for local in by_size[1:]:
                common.intersection_update(local)
                if not common:
                    break
            if common and within is not None:  # the other parts of an AND left these
                both = list(common)
                wanted = map(offset.__add__, both) if offset else both
                common = set(compress(both, map(within.__contains__, wanted)))
            if not common:
                continue
            # in document order, as every list is
            if len(common) == len(rarest):
                found = rarest
            else:
                found = list(compress(rarest, map(common.__contains__, rarest)))
            # the bigram AND is a superset; keep the passages holding the characters in a row
            keep = check(texts.texts_of(list(map(offset.__add__, found)) if offset else found))
            if not all(keep):
                found = list(compress(found, keep))
                if not found:
                    continue
            ids.extend(map(offset.__add__, found) if offset else found)
            if not self._scoring:  # the documents only (a NOT, a filter)
                scores.extend(repeat(0.0, len(found)))
                continue
            kept = common if len(common) == len(found) else set(found)
            classes = None if scorer is None else scorer.classes_of(found)
            total: list[float] | None = None
            for word, (local, weights) in zip(words, lists, strict=True):
                if len(local) != len(found):  # found ⊆ local: the same documents
                    mask = list(map(kept.__contains__, local))
                    weights = list(compress(weights, mask))
                if scorer is None:
                    part: Sequence[float] = weights
                else:
                    part = scorer.scores(word, found, weights, classes)
                total = list(part) if total is None else list(map(add, total, part))
            scores.extend(total or ())
        return ids, scores

    def _leaf_classes(
        self, leaf: Searcher, field: str, avgfl: float
    ) -> tuple[bytes | list[int], list[float]]:
        """Per document of ``leaf``, the index of its BM25 length norm, and the norms:
        ``K1 * ((1 - B) + B * fl / avgfl)`` of whoosh's bm25(). The index is the document's
        byte in the segment's length column (a norm for each of the 256 lengths a byte
        means), else (a segment laid out otherwise) the rank of its length among those."""
        reader = leaf.reader()
        key = (id(reader), field)
        found = self._classes.get(key)
        if found is None or found[0] is not reader:
            weighting = self.weighting
            b = weighting._field_B.get(field, weighting.B)
            k1 = weighting.K1
            column = length_bytes(reader, field)
            if column is not None:  # the stored byte is the class: nothing per document
                raw, decode = column
                norms = [k1 * ((1 - b) + b * fl / avgfl) for fl in decode]
                found = self._classes[key] = (reader, raw, norms)
                return raw, norms
            lengths = weighting.lengths(leaf, field)
            distinct = sorted(set(lengths))
            number = {fl: i for i, fl in enumerate(distinct)}
            norms = [k1 * ((1 - b) + b * fl / avgfl) for fl in distinct]
            classes: bytes | list[int]
            if len(distinct) <= 256:
                classes = bytes(map(number.__getitem__, lengths))
            else:
                classes = list(map(number.__getitem__, lengths))
            found = self._classes[key] = (reader, classes, norms)
        return found[1], found[2]


# --- helpers -------------------------------------------------------------------------------


def top(scored: Scored, limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` items by score, ties by document number (Whoosh's order)."""
    if limit <= 0 or not scored:
        return []
    if len(scored) <= limit:
        items = list(scored.items())
    else:
        # the limit-th best score; of the documents tied at it, the lowest numbers go in
        values = scored.values()
        threshold = heapq.nlargest(limit, values)[-1]
        above = list(compress(scored, map(threshold.__lt__, values)))  # keys: no tuple each
        items = list(zip(above, map(scored.__getitem__, above), strict=True))
        tied = list(compress(scored, map(threshold.__eq__, values)))
        items += [(d, threshold) for d in heapq.nsmallest(limit - len(items), tied)]
    items.sort(key=lambda item: (-item[1], item[0]))
    return items[:limit]


def _checks_texts(query: wq.Query) -> bool:
    """Whether evaluating ``query`` checks passage texts (it holds a phrase)."""
    return any(type(leaf) is VerifiedPhrase for leaf in query.leaves())


def _without(scored: Scored, excluded: set[int] | frozenset[int]) -> Scored:
    """``scored`` without the documents of ``excluded`` (``scored`` may be changed)."""
    if len(excluded) < len(scored) // 4:
        for docnum in excluded:
            scored.pop(docnum, None)
        return scored
    kept = list(scored.keys() - excluded)
    return dict(zip(kept, map(scored.__getitem__, kept), strict=True))


def _boosted(scored: Scored, boost: float) -> Scored:
    if boost == 1.0:
        return scored
    return {d: s * boost for d, s in scored.items()}


def _leaf_key(query: wq.Query) -> tuple[str, ...]:
    """The cache key of a term, a prefix or a phrase."""
    kind = type(query)
    if kind is VerifiedPhrase:
        return ("v", query.fieldname, query.form)
    return ("t" if kind is wq.Term else "p", query.fieldname, _text(query.text))


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _deleted(reader: Any) -> frozenset[int]:
    if not reader.has_deletions():
        return frozenset()
    return frozenset(set(range(reader.doc_count_all())) - set(reader.all_doc_ids()))


def _prefix_terms(reader: Any, field: str, prefix: str) -> list[Any]:
    """Every term of ``field`` starting with ``prefix`` in a segment (no empty term)."""
    return [t for t in reader.expand_prefix(field, prefix) if t]


def _read_postings(
    reader: Any,
    field: str,
    term: Any,
    deleted: frozenset[int],
    direct: DirectPostings | None = None,
) -> tuple[list[int], list[float]]:
    """A term's document numbers (in the segment) and weights, all of them at once: from
    ``direct`` (the segment's long lists as arrays) when it holds the term, else from
    Whoosh's posting blocks."""
    found = None
    if direct is not None:
        try:
            found = direct.get(field, reader._text_to_bytes(field, term))
        except Exception:  # an unknown field: Whoosh's answer below
            found = None
    if found is None:
        found = _bulk_postings(reader, field, term)
    if found is None:
        matcher = reader.postings(field, term)
        leaf = matcher
        while isinstance(leaf, WrappingMatcher) and not isinstance(leaf, W3LeafMatcher):
            leaf = leaf.child  # Whoosh wraps the postings to skip deleted documents
        if isinstance(leaf, W3LeafMatcher):
            found = _read_blocks(leaf)
        else:
            ids, weights = [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
            return ids, weights
    ids, weights = found
    if deleted:
        keep = list(map(not_, map(deleted.__contains__, ids)))
        ids = list(compress(ids, keep))
        weights = list(compress(weights, keep))
    return ids, weights


_MAGIC = b"W3Bl"  # whoosh.codec.whoosh3.WHOOSH3_HEADER_MAGIC
_LENGTH = struct.Struct("!i")  # a block's length (negative: the last block)


def _bulk_postings(reader: Any, field: str, term: Any) -> tuple[list[int], list[float]] | None:
    """A term's postings read in one go from its extent in the postings file (one read, then
    per block: its info pickle, its data pickle, all in C); ``None`` when the segment is not
    laid out as expected (the caller then walks Whoosh's matcher)."""
    terms = getattr(reader, "_terms", None)
    postfile = getattr(terms, "_postfile", None)
    if postfile is None or getattr(reader, "is_closed", False):
        return None
    try:
        info = terms.term_info(field, reader._text_to_bytes(field, term))
    except Exception:
        return None
    if info.is_inlined():
        return None
    start, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps unpack()'s 1-tuple
        length = length[0]
    if not isinstance(start, int) or not isinstance(length, int) or length <= 4:
        return None
    return _decode_blocks(postfile.get(start, length))


def _decode_blocks(raw: bytes) -> tuple[list[int], list[float]] | None:
    """The ids and weights of a whoosh3 posting list's bytes (see
    whoosh.codec.whoosh3.W3PostingsWriter._write_block): a magic tag, then blocks of
    ``length, pickle(info), pickle(delta ids, weights, values)`` (the data zlib'd when
    ``info[3]``); ``None`` for anything else."""
    if raw[:4] != _MAGIC:
        return None
    ids: list[int] = []
    weights: list[float] = []
    stream = io.BytesIO(raw)
    position, size = 4, len(raw)
    unpack, load, loads, decompress = (
        _LENGTH.unpack_from,
        pickle.load,
        pickle.loads,
        zlib.decompress,
    )
    while position < size:
        (length,) = unpack(raw, position)
        last = length < 0
        end = position + 4 + abs(length)
        stream.seek(position + 4)
        count, _maxid, _maxweight, compression, _minlength, _maxlength = load(stream)
        body = raw[stream.tell() : end]
        data = loads(decompress(body) if compression else body)
        deltas = data[0]
        if len(deltas) != count or (count and type(deltas[0]) is not int):
            return None  # byte ids (vectors), not document numbers
        ids.extend(accumulate(deltas))  # each block's first id is absolute
        _extend_weights(weights, data[1], count)
        position = end
        if last:
            return ids, weights
    return None


def _extend_weights(weights: list[float], block_weights: Any, count: int) -> None:
    """Append a block's ``count`` weights as ``W3PostingsWriter._mini_weights`` stored them:
    ``None`` (all 1.0), one float (all the same) or one per posting."""
    if block_weights is None:
        weights.extend(repeat(1.0, count))
    elif isinstance(block_weights, float):
        weights.extend(repeat(block_weights, count))
    else:
        weights.extend(block_weights)


def _read_blocks(matcher: W3LeafMatcher) -> tuple[list[int], list[float]]:
    """Every block of ``matcher`` decoded in a row: the block data is a (zlib) pickle of
    delta-coded ids and weights (see whoosh.codec.whoosh3.W3PostingsWriter._write_block)."""
    ids: list[int] = []
    weights: list[float] = []
    postfile = matcher._postfile
    matcher.reset()
    while True:
        raw = postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        data = pickle.loads(zlib.decompress(raw) if matcher._compression else raw)
        count = matcher._blocklength
        if matcher._byteids:
            raise Unsupported("byte ids")
        ids.extend(accumulate(data[0]))
        _extend_weights(weights, data[1], count)
        if matcher._lastblock:
            return ids, weights
        matcher._goto(matcher._nextoffset)


class _Scorer:
    """``bm25()`` of whoosh.scoring for the postings of one segment's terms:
    ``idf * ((w * k1p) / (w + norm))``, the same operands in the same order, with ``norm``
    that of the document's length. There are few distinct lengths (a byte each) and few
    distinct weights, so a long list is scored from a table per weight, looked up in C.

    The part after ``idf`` depends on the weight and the length only, not on the term:
    ``bases`` keeps it per weight (one list of the norms' values) for every term of the
    segment's field, so a term's table is one multiplication per length, in C."""

    __slots__ = ("bases", "classes", "field", "k1p", "norms", "searcher")

    def __init__(
        self,
        searcher: Searcher,
        field: str,
        k1: float,
        classes: bytes | list[int],
        norms: list[float],
        bases: dict[float, list[float]] | None = None,
    ) -> None:
        self.searcher = searcher
        self.field = field
        self.k1p = k1 + 1
        self.classes = classes
        self.norms = norms
        #: weight → ``(w * k1p) / (w + norm)`` for each norm (shared by the segment's terms)
        self.bases: dict[float, list[float]] = {} if bases is None else bases

    def classes_of(self, ids: Sequence[int]) -> Sequence[int]:
        """The length class of each of ``ids`` (for :meth:`scores`)."""
        return _gather(self.classes, ids)

    def _table(self, idf: float, w: float) -> list[float]:
        """``[idf * ((w * k1p) / (w + n)) for n in norms]``: the same operations, the part
        after ``idf`` kept per weight."""
        base = self.bases.get(w)
        if base is None:
            k1p = self.k1p
            base = self.bases[w] = [(w * k1p) / (w + n) for n in self.norms]
        return list(map(mul, repeat(idf), base))

    def scores(
        self,
        term: Any,
        ids: Sequence[int],
        weights: Sequence[float],
        classes: Sequence[int] | None = None,
    ) -> Sequence[float]:
        """The score of each posting ``(ids[i], weights[i])`` of ``term``; ``classes``: the
        :meth:`classes_of` ``ids``, when already gathered."""
        idf = self.searcher.idf(self.field, term)
        k1p, norms = self.k1p, self.norms
        distinct = set(weights)
        if len(ids) < 2 * len(norms) * len(distinct):  # short: score each posting
            table = self.classes
            return [
                idf * ((w * k1p) / (w + norms[table[d]])) for d, w in zip(ids, weights, strict=True)
            ]
        klass = self.classes_of(ids) if classes is None else classes
        if len(distinct) == 1:
            return _gather(self._table(idf, next(iter(distinct))), klass)
        tables = {w: self._table(idf, w) for w in distinct}
        return list(map(getitem, map(tables.__getitem__, weights), klass))


def _gather(values: Sequence[Any], indexes: Sequence[int]) -> Sequence[Any]:
    """``[values[i] for i in indexes]``, in one C call."""
    if len(indexes) > 1:
        return itemgetter(*indexes)(values)  # type: ignore[no-any-return]
    return [values[i] for i in indexes]


def phrase_check(form: str) -> Callable[[Sequence[str]], list[Any]] | None:
    """Per text, whether the phrase ``form`` is in it (truthy or falsy), on the original
    text (:func:`raw_form_pattern`, see :func:`texts_matching`); ``None``: the form has
    nothing to search for."""
    pattern = raw_form_pattern(form)
    if pattern is None:
        return None
    spellings = han_spellings(form)
    return lambda texts: texts_matching(pattern, texts, spellings=spellings)


def _sum_into(sums: Scored, ids: Iterable[int], scores: Iterable[float]) -> None:
    """``sums[d] = sums[d] + s`` for each pair ``(d, s)``, in C (a new document: ``s``).
    ``ids`` are distinct."""
    if not sums:
        sums.update(zip(ids, scores, strict=True))
        return
    if isinstance(ids, list) and len(ids) < 48:  # a few: cheaper than the sets below
        get = sums.get
        for docnum, score in zip(ids, scores, strict=True):
            previous = get(docnum)
            sums[docnum] = score if previous is None else previous + score
        return
    part = dict(zip(ids, scores, strict=True))
    both = list(sums.keys() & part.keys())
    if both:
        added = list(map(add, map(sums.__getitem__, both), map(part.__getitem__, both)))
        sums.update(part)
        sums.update(zip(both, added, strict=True))
    else:
        sums.update(part)
