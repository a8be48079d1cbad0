"""Set-at-a-time query evaluation over Whoosh's postings, with Whoosh's BM25F scores.

Whoosh's matchers walk the postings one document at a time in Python (~7–14 µs a matching
passage: 400 ms for a query matching 30k passages at 10k reports). Here each leaf of the query
(a term, a one-character prefix, a verified phrase) is read from Whoosh's posting blocks in one
go and scored with Whoosh's BM25F formula over whole lists (comprehensions, dicts and sets, all
loops in C as far as Python allows); ``And``/``Or``/``Not`` become dict and set operations. So:

- the documents are the ones Whoosh's matchers would find (deleted documents skipped, phrases
  checked on the passage text like :class:`~trendreader.search.matching.VerifiedMatcher`),
- each document's score is the sum Whoosh computes (same per-term formula, same operands;
  only the order of a sum of three or more parts may differ, in the last bit),
- the top ``limit`` are ordered like Whoosh's collector: score descending, then document
  number ascending, and ``total`` is exact: every match is counted.

Leaf results are cached per searcher (compact arrays, least recently used out, bounded by
:data:`CACHE_POSTINGS`): a reader retyping or refining a query reads each term once.

A query holding anything else raises :class:`Unsupported`; the caller then asks Whoosh.
"""

from __future__ import annotations

import heapq
import pickle
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from itertools import accumulate, repeat
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import WrappingMatcher
from whoosh.searching import Searcher

from trendreader.search.matching import (
    HanPrefix,
    PassageTexts,
    TabledBM25F,
    VerifiedPhrase,
    raw_form_pattern,
)

Scored = dict[int, float]  # global document number -> score

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
        self._norms: dict[tuple[int, str], array[float]] = {}
        self._cache: OrderedDict[tuple[str, ...], tuple[array[int], array[float]]] = OrderedDict()
        self._cached = 0
        self.cache_postings = CACHE_POSTINGS if cache_postings is None else cache_postings
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
            scored = {d: s for d, s in scored.items() if d in allowed}
        if mask and scored:
            if len(mask) < len(scored):
                for docnum in mask:
                    scored.pop(docnum, None)
            else:
                scored = {d: s for d, s in scored.items() if d not in mask}
        return scored

    def docs(self, query: wq.Query) -> set[int]:
        """The documents ``query`` matches."""
        if isinstance(query, wq.NumericRange):
            return set(self._range_docs(query))
        return set(self.scored(query))

    def _range_docs(self, query: wq.NumericRange) -> frozenset[int]:
        """The documents of a numeric range, read once per searcher."""
        key = (query.fieldname, query.start, query.end, query.startexcl, query.endexcl)
        docs = self._ranges.get(key)
        if docs is None:
            docs = self._ranges[key] = frozenset(self.searcher.docs_for_query(query))
        return docs

    # --- evaluation ------------------------------------------------------------------------

    def scored(self, query: wq.Query) -> Scored:
        """Document → score for every document ``query`` matches (a new dict)."""
        if query is wq.NullQuery:
            return {}
        kind = type(query)
        if kind is wq.Term:
            return self._leaf(("t", query.fieldname, _text(query.text)), query)
        if kind is HanPrefix:
            return self._leaf(("p", query.fieldname, _text(query.text)), query)
        if kind is VerifiedPhrase:
            return self._leaf(("v", query.fieldname, query.form), query)
        if kind is wq.And:
            return self._and(query.subqueries, query.boost)
        if kind is wq.Or:
            return self._or(query.subqueries, query.boost)
        if kind is wq.Not:
            return self._not(query)
        if kind is wq.Every and query.fieldname in (None, "", "*"):
            return dict.fromkeys(self._all_docs(), float(query.boost))
        if kind is wq.NumericRange and query.constantscore:
            return dict.fromkeys(self._range_docs(query), float(query.boost))
        raise Unsupported(type(query).__name__)

    def _and(self, subs: Iterable[wq.Query], boost: float) -> Scored:
        positive: list[Scored] = []
        excluded: set[int] = set()
        constant = 0.0  # Whoosh scores an inverse (NOT) or Every matcher with its weight
        everything = False
        for sub in subs:
            if type(sub) is wq.Not:
                excluded |= self.docs(sub.query)
                constant += 1.0
            elif type(sub) is wq.Every and sub.fieldname in (None, "", "*"):
                everything = True
                constant += float(sub.boost)
            else:
                positive.append(self.scored(sub))
        if not positive:
            if not everything:
                return {}
            positive.append(dict.fromkeys(self._all_docs(), 0.0))
        positive.sort(key=len)
        result = positive[0]
        for other in positive[1:]:
            result = {d: s + other[d] for d, s in result.items() if d in other}
        if excluded:
            result = {d: s for d, s in result.items() if d not in excluded}
        if constant:
            result = {d: s + constant for d, s in result.items()}
        return _boosted(result, boost)

    def _or(self, subs: Iterable[wq.Query], boost: float) -> Scored:
        result: Scored = {}
        for sub in subs:
            _add_into(result, self.scored(sub))
        return _boosted(result, boost)

    def _not(self, query: wq.Not) -> Scored:
        excluded = self.docs(query.query)
        return {d: 1.0 for d in self._all_docs() if d not in excluded}

    def _all_docs(self) -> Iterable[int]:
        for (leaf, offset), deleted in zip(self.leaves, self._deleted, strict=True):
            size = leaf.reader().doc_count_all()
            yield from (offset + d for d in range(size) if d not in deleted)

    # --- leaves ----------------------------------------------------------------------------

    def _leaf(self, key: tuple[str, ...], query: wq.Query) -> Scored:
        cached = self._cache.get(key)
        if cached is None:
            ids, scores = self._compute_leaf(key, query)
            cached = (array("I", ids), array("d", scores))
            self._remember(key, cached)
        else:
            self._cache.move_to_end(key)
        result = dict(zip(*cached, strict=True))
        return _boosted(result, query.boost)

    def _remember(self, key: tuple[str, ...], value: tuple[array[int], array[float]]) -> None:
        size = len(value[0])
        if size > self.cache_postings // 4:
            return  # one huge leaf would flush everything else
        self._cache[key] = value
        self._cached += size
        while self._cached > self.cache_postings and self._cache:
            _key, (ids, _scores) = self._cache.popitem(last=False)
            self._cached -= len(ids)

    def _compute_leaf(self, key: tuple[str, ...], query: wq.Query) -> tuple[list[int], list[float]]:
        kind, field, value = key
        if kind == "t":
            return self._term_lists(field, [value])
        if kind == "p":
            return self._term_lists(field, None, prefix=value)
        assert isinstance(query, VerifiedPhrase)
        pattern = raw_form_pattern(query.form)
        texts = self.texts
        if pattern is None or texts is None:
            raise Unsupported("a phrase without its passage texts")
        words = list(dict.fromkeys(query.words))
        parts = [dict(zip(*self._term_lists(field, [w]), strict=True)) for w in words]
        parts.sort(key=len)
        found = parts[0]
        for other in parts[1:]:
            found = {d: s + other[d] for d, s in found.items() if d in other}
        search, table = pattern.search, texts.texts
        # the bigram AND is a superset; keep the passages holding the characters in a row
        kept = [d for d in found if (t := table[d]) is not None and search(t) is not None]
        return kept, [found[d] for d in kept]

    def _term_lists(
        self, field: str, words: list[str] | None, *, prefix: str | None = None
    ) -> tuple[list[int], list[float]]:
        """Documents and summed scores of ``words`` (or of every term starting with
        ``prefix``), in document order."""
        ids: list[int] = []
        scores: list[float] = []
        parent = self.searcher
        scorable = parent.schema[field].scorable
        weighting = self.weighting
        k1 = weighting.K1
        avgfl = parent.avg_field_length(field) or 1
        for index, (leaf, offset) in enumerate(self.leaves):
            reader = leaf.reader()
            if prefix is not None:
                terms = [t for t in reader.expand_prefix(field, prefix) if t]
            else:
                terms = [w for w in words or () if (field, w) in reader]
            if not terms:
                continue
            norm = self._leaf_norms(leaf, field, avgfl) if scorable else None
            sums: Scored = {}
            for term in terms:
                local, weights = _read_postings(reader, field, term, self._deleted[index])
                if norm is None:  # Whoosh's WeightScorer: the weight is the score
                    part = dict(zip(local, weights, strict=True))
                else:
                    idf = parent.idf(field, term)
                    k1p = k1 + 1
                    # bm25() of whoosh.scoring, same operations in the same order
                    part = {
                        d: idf * ((w * k1p) / (w + norm[d]))
                        for d, w in zip(local, weights, strict=True)
                    }
                if len(terms) == 1:
                    sums = part
                else:
                    _add_into(sums, part)
            docs = sorted(sums)
            ids.extend(offset + d for d in docs)
            scores.extend(sums[d] for d in docs)
        return ids, scores

    def _leaf_norms(self, leaf: Searcher, field: str, avgfl: float) -> array[float]:
        """Per document of ``leaf``: ``K1 * ((1 - B) + B * fl / avgfl)`` of whoosh's bm25()."""
        reader = leaf.reader()
        key = (id(reader), field)
        norms = self._norms.get(key)
        if norms is None:
            weighting = self.weighting
            b = weighting._field_B.get(field, weighting.B)
            k1 = weighting.K1
            lengths = weighting.lengths(leaf, field)
            by_length = {fl: k1 * ((1 - b) + b * fl / avgfl) for fl in set(lengths)}
            norms = self._norms[key] = array("d", map(by_length.__getitem__, lengths))
        return norms


# --- helpers -------------------------------------------------------------------------------


def top(scored: Scored, limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` items by score, ties by document number (Whoosh's order)."""
    if limit <= 0 or not scored:
        return []
    if len(scored) <= limit:
        items = list(scored.items())
    else:
        # the limit-th best score; of the documents tied at it, the lowest numbers go in
        threshold = heapq.nlargest(limit, scored.values())[-1]
        items = [(d, s) for d, s in scored.items() if s > threshold]
        tied = [d for d, s in scored.items() if s == threshold]
        items += [(d, threshold) for d in heapq.nsmallest(limit - len(items), tied)]
    items.sort(key=lambda item: (-item[1], item[0]))
    return items[:limit]


def _add_into(target: Scored, part: Scored) -> None:
    if not target:
        target.update(part)
        return
    get = target.get
    for docnum, score in part.items():
        previous = get(docnum)
        target[docnum] = score if previous is None else previous + score


def _boosted(scored: Scored, boost: float) -> Scored:
    if boost == 1.0:
        return scored
    return {d: s * boost for d, s in scored.items()}


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _deleted(reader: Any) -> frozenset[int]:
    if not reader.has_deletions():
        return frozenset()
    return frozenset(set(range(reader.doc_count_all())) - set(reader.all_doc_ids()))


def _read_postings(
    reader: Any, field: str, term: Any, deleted: frozenset[int]
) -> tuple[Iterable[int], Iterable[float]]:
    """A term's document numbers (in the segment) and weights, all of them at once."""
    matcher = reader.postings(field, term)
    leaf = matcher
    while isinstance(leaf, WrappingMatcher) and not isinstance(leaf, W3LeafMatcher):
        leaf = leaf.child  # Whoosh wraps the postings to skip deleted documents
    if not isinstance(leaf, W3LeafMatcher):
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return ids, weights
    ids, weights = _read_blocks(leaf)
    if deleted:
        keep = [i for i, d in enumerate(ids) if d not in deleted]
        ids = [ids[i] for i in keep]
        weights = [weights[i] for i in keep]
    return ids, weights


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
        block_weights = data[1]
        if block_weights is None:
            weights.extend(repeat(1.0, count))
        elif isinstance(block_weights, float):
            weights.extend(repeat(block_weights, count))
        else:
            weights.extend(block_weights)
        if matcher._lastblock:
            return ids, weights
        matcher._goto(matcher._nextoffset)
