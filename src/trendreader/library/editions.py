"""Same-article detection across scripts: 000 (繁體) and 001 (简体) are one report.

Both texts are folded to simplified characters, stripped of everything but letters and
Han characters, and cut into 4-character shingles. A sample of the shingles finds
candidate pairs cheaply; a pair whose shingle containment (shared / smaller set) reaches
EDITION_CONTAINMENT is one article in two editions.

The samples' postings (shingle → editions) and the candidate pairs they give are kept in a
:class:`ShingleTable`, which the cache stores: adding or removing a few editions changes only
their shingles' postings, so a new report in a library of 2,000 regroups in milliseconds.
"""

from __future__ import annotations

import operator
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress, islice, pairwise

from trendreader.library.model import Edition
from trendreader.script.fold import fold_to_simplified

SHINGLE = 4
EDITION_CONTAINMENT = 0.5
_SAMPLE_MODULUS = 8
# A shingle is sampled when a tabulation hash of its code's 8 bytes (each byte looked up in
# a table of its own, the 8 lookups XORed) falls in the lowest eighth of a byte. The tables
# are fixed random bytes; each lookup is a `bytes.translate`, so a whole text hashes in C.
_SAMPLE_BELOW = 256 // _SAMPLE_MODULUS
_SAMPLE_KEPT = bytes(int(byte < _SAMPLE_BELOW) for byte in range(256))
_MAX_POSTINGS = 64
_MIN_SHARED_SAMPLES = 4
_WORD_RUN = re.compile(r"[^\W_]+")
#: the first 16 bits of a shingle code beyond the BMP (a surrogate: never in a shingle)
_BEYOND_BMP = 0xD800 << 48


def shingles(text: str) -> frozenset[str]:
    """Normalized 4-character shingles of a text."""
    return _shingles_of(_folded(text))


def _folded(text: str) -> str:
    """The text shingles are taken from: simplified, lower-case, word characters only."""
    return _word_characters(text).lower()


def _word_characters(text: str) -> str:
    """``text`` folded to simplified characters, with its word characters only."""
    return "".join(_WORD_RUN.findall(fold_to_simplified(text)))


def _shingles_of(folded: str) -> frozenset[str]:
    return frozenset(folded[i : i + SHINGLE] for i in range(max(0, len(folded) - SHINGLE + 1)))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


#: A text's shingle sample: its shingles' codes (:func:`sample_codes`), 8 bytes each.
Sample = array


@cache
def _sample_tables() -> tuple[bytes, ...]:
    """The tabulation hash's eight tables of 256 bytes (built on first use: hashlib loads
    OpenSSL, which the reader's start-up does not need)."""
    import hashlib

    table = hashlib.shake_256(b"trendreader shingle sample").digest(8 * 256)
    return tuple(table[i : i + 256] for i in range(0, 8 * 256, 256))


def is_sampled(code: int) -> bool:
    """Is the shingle of this :func:`shingle_code` in every sample (one in ~8)?"""
    hashed = 0
    for shift, table in zip(range(56, -8, -8), _sample_tables(), strict=True):
        hashed ^= table[(code >> shift) & 0xFF]
    return hashed < _SAMPLE_BELOW


def sample_shingles(text: str) -> Sample:
    """The 1/8 sample of a text's shingles that finds candidate pairs (:func:`is_sampled`),
    as their codes. The cache keeps one for every edition and the reader holds them while it
    runs: as a tuple of 4-character strings they were ~180 MB at 10,000 reports (2 million
    strings), as codes 16 MB.

    Everything runs in C over the text's UTF-16 bytes: the hash of every shingle at once
    (:func:`_sampled_mask`), then its code read off one of four arrays of 8-byte windows
    only where the mask keeps it: 0.57 s of CPU for the 418 weekly files' 2.5 million
    characters of text, the folding included, where a remainder of each code (the rule
    before) took 1.13 s."""
    folded = _folded(text)
    packed = folded.encode("utf-16-be", "surrogatepass")
    count = len(folded) - SHINGLE + 1
    if count <= 0:
        return array("Q")
    if len(packed) != 2 * len(folded):  # a character beyond the BMP: one shingle at a time
        codes = set(filter(is_sampled, map(shingle_code, _shingles_of(folded))))
        return array("Q", sorted(codes))
    mask = _sampled_mask(packed, count)
    codes = set()
    for start in range(SHINGLE):  # the shingles at start, start + 4, start + 8…
        window = array("Q")
        window.frombytes(packed[2 * start : 2 * start + (len(packed) - 2 * start) // 8 * 8])
        if sys.byteorder == "little":
            window.byteswap()
        codes.update(compress(window, mask[start::SHINGLE]))
    return array("Q", sorted(codes))


def _sample_each(texts: list[str]) -> list[Sample]:
    return [sample_shingles(text) for text in texts]


#: Below this many characters to sample, one process does it (as `parse.PARALLEL_MIN_BYTES`).
PARALLEL_MIN_CHARS = 700_000


def sample_texts(texts: list[str], *, workers: int | None = None) -> list[Sample]:
    """:func:`sample_shingles` of each text, in worker processes when there are many
    characters (the first edition of a second script in a library of one: every edition is
    sampled then, ~12 million characters a second of CPU)."""
    from trendreader.library.workers import map_in_workers, worker_limit

    if workers is None:
        workers = worker_limit()
    sizes = [len(text) for text in texts]
    if workers >= 2 and len(texts) >= 2 and sum(sizes) >= PARALLEL_MIN_CHARS:
        found = map_in_workers(_sample_each, texts, sizes, workers)
        if found is not None:
            return found
    return _sample_each(texts)


def _sampled_mask(packed: bytes, count: int) -> bytes:
    """One byte for each of the first ``count`` shingles of BMP text packed as UTF-16-BE
    (shingle ``i`` is bytes ``2i`` to ``2i + 8``): 1 where :func:`is_sampled` keeps it.
    Byte ``j`` of every shingle is one slice; its lookups are one ``translate``, and the
    XOR of the eight is one of two big integers."""
    hashed = 0
    for j, table in enumerate(_sample_tables()):
        hashed ^= int.from_bytes(packed[j : j + 2 * count : 2].translate(table), "big")
    return hashed.to_bytes(count, "big").translate(_SAMPLE_KEPT)


def as_codes(sample: Sample | Sequence[str]) -> Sample:
    """A sample as codes, also one kept as strings (a cache written before codes)."""
    return sample if isinstance(sample, array) else sample_codes(tuple(sample))


def shingle_code(shingle: str) -> int:
    """A shingle as a 64-bit number: its four code points, 16 bits each, when they are all
    in the BMP (one number for one shingle only); a shingle with a character beyond the BMP
    gets a 48-bit digest under a prefix no BMP shingle has (a surrogate)."""
    packed = shingle.encode("utf-16-be", "surrogatepass")
    if len(packed) == 2 * SHINGLE:
        return int.from_bytes(packed, "big")
    from hashlib import blake2b

    digest = blake2b(shingle.encode("utf-8", "surrogatepass"), digest_size=6).digest()
    return _BEYOND_BMP | int.from_bytes(digest, "big")


def sample_codes(sample: Sequence[str]) -> array:
    """The :func:`shingle_code` of each shingle of a sample, sorted and distinct."""
    packed = "".join(sample).encode("utf-16-be", "surrogatepass")
    if len(packed) == 2 * SHINGLE * len(sample) and all(map(SHINGLE.__eq__, map(len, sample))):
        codes = array("Q")
        codes.frombytes(packed)  # all in the BMP: each shingle is 8 bytes, big-endian
        if sys.byteorder == "little":
            codes.byteswap()
        if all(map(operator.lt, codes, codes[1:])):  # sample_shingles sorts them
            return codes
        return array("Q", sorted(set(codes)))
    return array("Q", sorted({shingle_code(s) for s in sample}))


def _is_candidate(shared: int, size_a: int, size_b: int) -> bool:
    """What the samples say of a pair: worth comparing whole, or surely different articles."""
    estimate = shared / max(1, min(size_a, size_b))
    return shared >= _MIN_SHARED_SAMPLES and estimate >= EDITION_CONTAINMENT * 0.8


def _active(size: int) -> bool:
    """A posting that counts: shared by two editions or more, and not too common."""
    return 2 <= size <= _MAX_POSTINGS


@dataclass
class ShingleTable:
    """The sampled shingles' postings of a set of editions and the candidate pairs they give.

    Each edition (by key and content hash) has a slot. ``codes``/``slots`` are the postings,
    one row per (shingle code, slot), sorted, kept only while the editions are of two
    scripts or more (pairs are only ever across scripts); ``candidates`` holds every pair
    of slots whose samples make it worth comparing (see :func:`_is_candidate`) with its
    shared count. :meth:`sync` brings it to a new set of editions touching only the changed
    editions' shingles; :meth:`groups` is then the union of the candidate pairs that are one
    article.
    """

    slot_of: dict[tuple[str, str], int] = field(default_factory=dict)
    script: dict[int, str] = field(default_factory=dict)
    size: dict[int, int] = field(default_factory=dict)  # the sample's length
    codes_of: dict[int, array] = field(default_factory=dict)  # a slot's codes, sorted
    codes: array = field(default_factory=lambda: array("Q"))
    slots: array = field(default_factory=lambda: array("I"))
    candidates: dict[tuple[int, int], int] = field(default_factory=dict)
    next_slot: int = 0
    unsampled: set[int] = field(default_factory=set)  # slots not sampled (one script yet)

    def sync(
        self,
        editions: Sequence[Edition],
        sample_of: Callable[[Edition], Sample | Sequence[str]],
        *,
        sample_many: Callable[[list[Edition]], list[Sample | Sequence[str]]] | None = None,
    ) -> None:
        """Make the table describe ``editions`` (keys unique): drop the slots of editions no
        longer there, add the new ones (``sample_of`` gives their :func:`sample_shingles`;
        ``sample_many``, if given, those of many at once).

        A pair is a candidate only across scripts: while the editions are of one script
        there is none, so nothing is sampled (a cold load of the weekly files: 0.21 s of
        CPU less) and no postings are kept (they sorted 375,000 for nothing). The slots
        added then wait in ``unsampled``; once a second script comes, every waiting edition
        is sampled and the postings are built anew."""
        wanted = {(e.key, e.content_hash): e for e in editions}
        removed = {slot for ident, slot in self.slot_of.items() if ident not in wanted}
        new = [e for ident, e in wanted.items() if ident not in self.slot_of]
        if not removed and not new:
            return
        scripts = {s for slot, s in self.script.items() if slot not in removed}
        scripts.update(str(edition.script) for edition in new)
        one_script = len(scripts) < 2
        waiting: list[tuple[int, Edition]] = []
        if not one_script:
            waiting = [
                (slot, wanted[ident])
                for ident, slot in self.slot_of.items()
                if slot in self.unsampled and slot not in removed
            ]
        # every sample first: a sampler that raises leaves the table as it was
        to_sample = [*new, *(edition for _slot, edition in waiting)] if not one_script else []
        if sample_many is not None and to_sample:
            found = [as_codes(sample) for sample in sample_many(to_sample)]
        else:
            found = [as_codes(sample_of(edition)) for edition in to_sample]
        for (slot, _edition), codes in zip(waiting, found[len(new) :], strict=True):
            self.size[slot], self.codes_of[slot] = len(codes), codes
            self.unsampled.discard(slot)
        added: list[int] = []
        for index, edition in enumerate(new):
            slot = self.next_slot
            self.next_slot += 1
            self.slot_of[(edition.key, edition.content_hash)] = slot
            self.script[slot] = str(edition.script)
            if one_script:
                self.size[slot] = 0
                self.unsampled.add(slot)
            else:
                self.size[slot], self.codes_of[slot] = len(found[index]), found[index]
            added.append(slot)
        if one_script:
            self._drop(removed)
            self.codes, self.slots, self.candidates = array("Q"), array("I"), {}
            return
        if waiting:  # the postings were left out while there was one script
            self.codes = array("Q")
        if not self.codes:  # no postings yet (or only one script had been seen): all anew
            self._drop(removed)
            everything = sorted(self.codes_of)
            after = self._first_postings(everything)
            self._update_candidates(after, everything[0] if everything else 0, set())
            return
        touched: dict[int, list[int]] = defaultdict(list)  # code → added slots (ascending)
        for slot in added:
            for code in self.codes_of[slot]:
                touched[code].append(slot)
        for slot in removed:
            for code in self.codes_of[slot]:
                touched.setdefault(code, [])
        after = self._postings_after(sorted(touched), touched, removed)
        self._update_candidates(after, added[0] if added else self.next_slot, removed)
        self._drop(removed)

    def _drop(self, removed: set[int]) -> None:
        """Forget the ``removed`` slots (their postings and pairs are the caller's)."""
        if not removed:
            return
        for ident in [i for i, slot in self.slot_of.items() if slot in removed]:
            del self.slot_of[ident]
        for slot in removed:
            del self.script[slot], self.size[slot]
            self.codes_of.pop(slot, None)
            self.unsampled.discard(slot)

    def _first_postings(self, added: list[int]) -> dict[int, tuple[int, list[int]]]:
        """The postings of an empty table given the ``added`` slots (ascending), and the
        slots of each shingle code that two to :data:`_MAX_POSTINGS` slots share (the others
        count for no pair; in an empty table they change none, see `_update_candidates`).
        Each posting is one integer, the code above the slot, so one sort of plain integers
        in C orders them by code and then slot: with a posting at a time in Python, the sync
        of 418 editions (250,000 postings) into an empty table took 1.1 s; with a sort of
        positions by code and a count of the codes, 0.63 s; with this, 0.42 s. The codes and
        slots go straight into their arrays, a range of codes at a time (:func:`_code_ranges`;
        each slot's codes are sorted, so a range of them is a slice): at 10,000 editions
        (2.1 million postings) three lists of them as Python integers held at once were
        ~360 MB of a first start's peak, one list ~130 MB; the slots of codes shared too
        widely ~110 MB more in generated reports (their paragraphs come from the same
        seeds)."""
        codes_of = self.codes_of
        total = sum(len(codes_of[slot]) for slot in added)
        self.codes = codes = array("Q", [0]) * total
        self.slots = slots = array("I", [0]) * total
        _fill_postings(codes_of, added, codes, slots)
        after: dict[int, tuple[int, list[int]]] = {}
        common: set[int] = set()  # codes of more than _MAX_POSTINGS slots
        # each posting whose code the next one has too (found in C): the shared codes' runs
        shared = map(operator.eq, codes, islice(codes, 1, None))
        for index in compress(range(len(codes) - 1), shared):
            code = codes[index]
            if code in after:
                members = after[code][1]
                members.append(slots[index + 1])
                if len(members) > _MAX_POSTINGS:
                    del after[code]
                    common.add(code)
            elif code not in common:
                after[code] = (0, [slots[index], slots[index + 1]])
        return after

    def _postings_after(
        self, codes: list[int], added: dict[int, list[int]], removed: set[int]
    ) -> dict[int, tuple[int, list[int]]]:
        """Rewrite the postings of ``codes`` (sorted); give each one's size before and its
        slots after."""
        out_codes, out_slots = array("Q"), array("I")
        after: dict[int, tuple[int, list[int]]] = {}
        start = 0
        for code in codes:
            low = bisect_left(self.codes, code, start)
            high = bisect_right(self.codes, code, low)
            before = self.slots[low:high]
            members = [m for m in before if m not in removed] if removed else before.tolist()
            members.extend(added[code])
            after[code] = (high - low, members)
            out_codes.extend(self.codes[start:low])
            out_slots.extend(self.slots[start:low])
            out_codes.extend(array("Q", [code]) * len(members))
            out_slots.extend(array("I", members))
            start = high
        out_codes.extend(self.codes[start:])
        out_slots.extend(self.slots[start:])
        self.codes, self.slots = out_codes, out_slots
        return after

    def _size_now(self, code: int, after: dict[int, tuple[int, list[int]]]) -> int:
        if code in after:
            return len(after[code][1])
        return bisect_right(self.codes, code) - bisect_left(self.codes, code)

    def _update_candidates(
        self, after: dict[int, tuple[int, list[int]]], first_added: int, removed: set[int]
    ) -> None:
        """Bring ``candidates`` up to date with the postings ``after`` changed (the added
        slots are ``first_added`` and up: the last members of a posting)."""
        script, size = self.script, self.size
        kept = {
            pair: n
            for pair, n in self.candidates.items()
            if pair[0] not in removed and pair[1] not in removed
        }
        # pairs of unchanged editions change only where a posting started or stopped counting
        delta: dict[tuple[int, int], int] = defaultdict(int)
        recount: set[tuple[int, int]] = set()
        # pairs with a new edition, counted as the full grouping counts them
        shared: dict[tuple[int, int], int] = defaultdict(int)
        for size_before, members in after.values():
            was, now = _active(size_before), _active(len(members))
            new_from = bisect_left(members, first_added)
            if was != now:
                for i, a in enumerate(members[:new_from]):
                    for b in members[i + 1 : new_from]:
                        if script[a] == script[b]:
                            continue
                        if (a, b) in kept:
                            delta[(a, b)] += 1 if now else -1
                        elif now:
                            recount.add((a, b))
            if now and new_from < len(members):
                for i, a in enumerate(members):
                    script_a = script[a]
                    for b in members[max(i + 1, new_from) :]:
                        if script[b] != script_a:
                            shared[(a, b)] += 1
        for pair, change in delta.items():
            count = kept[pair] + change
            if _is_candidate(count, size[pair[0]], size[pair[1]]):
                kept[pair] = count
            else:
                del kept[pair]
        if recount:
            active: dict[int, bool] = {code: _active(len(m)) for code, (_n, m) in after.items()}
            sets: dict[int, set[int]] = {}
            for a, b in recount:
                if a not in sets:
                    sets[a] = set(self.codes_of[a])
                common = sets[a].intersection(self.codes_of[b])
                count = 0
                for code in common:
                    if code not in active:
                        active[code] = _active(self._size_now(code, after))
                    count += active[code]
                if _is_candidate(count, size[a], size[b]):
                    kept[(a, b)] = count
        for (a, b), count in shared.items():
            if _is_candidate(count, size[a], size[b]):
                kept[(a, b)] = count
        self.candidates = kept

    def groups(
        self,
        editions: Sequence[Edition],
        verdicts: MutableMapping[tuple[str, str], bool],
        full_text: Callable[[Edition], str],
    ) -> list[list[Edition]]:
        """The articles of ``editions`` (what :meth:`sync` was last given)."""
        index = {self.slot_of[(e.key, e.content_hash)]: i for i, e in enumerate(editions)}
        pairs = sorted(
            (min(index[a], index[b]), max(index[a], index[b])) for a, b in self.candidates
        )
        return _union(editions, pairs, verdicts, full_text)


def _fill_postings(
    codes_of: dict[int, array], added: list[int], codes: array, slots: array
) -> None:
    """Write the postings of the ``added`` slots into ``codes`` and ``slots`` sorted by code,
    then slot, a range of codes at a time (:func:`_code_ranges`; each slot's codes are
    sorted, as :func:`sample_shingles` and :func:`sample_codes` make them, so a range of
    them is a slice)."""
    at = 0
    for low, high in _code_ranges([codes_of[slot] for slot in added]):
        postings = []
        for slot in added:
            mine = codes_of[slot]
            start = bisect_left(mine, low)
            end = bisect_left(mine, high, start)
            if end > start:
                postings.extend([code << 32 | slot for code in mine[start:end]])
        postings.sort()
        for posting in postings:
            codes[at], slots[at] = posting >> 32, posting & 0xFFFF_FFFF
            at += 1


#: How many ranges of codes `ShingleTable._first_postings` sorts one after another.
CODE_RANGES = 16


def _code_ranges(samples: Sequence[array]) -> list[tuple[int, int]]:
    """Ranges ``[low, high)`` that cover every 64-bit code, each holding about as many of
    the codes of ``samples`` as the others (cut at quantiles of ~4,000 codes picked evenly
    across them all: a code is a shingle's UTF-16 bytes, so its top bits are anything but
    even)."""
    step = max(1, sum(map(len, samples)) // (CODE_RANGES * 256))
    picks: list[int] = []
    offset = 0
    for sample in samples:  # every step-th code of all the samples one after another
        picks.extend(sample[-offset % step :: step])
        offset += len(sample)
    picks.sort()
    if not picks:
        return [(0, 1 << 64)]
    cuts = sorted({picks[len(picks) * i // CODE_RANGES] for i in range(1, CODE_RANGES)})
    return list(pairwise([0, *(cut for cut in cuts if cut > 0), 1 << 64]))


def _union(
    editions: Sequence[Edition],
    pairs: list[tuple[int, int]],
    verdicts: MutableMapping[tuple[str, str], bool],
    full_text: Callable[[Edition], str],
) -> list[list[Edition]]:
    """Join the candidate ``pairs`` (indexes, in order) that are one article, at most one
    edition of a script in each group."""

    @lru_cache(maxsize=64)
    def full_set(index: int) -> frozenset[str]:
        return shingles(full_text(editions[index]))

    def same_article(a: int, b: int) -> bool:
        pair = (editions[a].content_hash, editions[b].content_hash)
        verdict = verdicts.get(pair)
        if verdict is None:
            verdict = containment(full_set(a), full_set(b)) >= EDITION_CONTAINMENT
            verdicts[pair] = verdict
        return verdict

    parent = list(range(len(editions)))
    # the scripts of each group, kept at its root (was recomputed over every edition for
    # every candidate pair: 6.5 s of a 1,000-report load)
    scripts = [{edition.script} for edition in editions]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        if same_article(a, b):
            ra, rb = root(a), root(b)
            if editions[b].script not in scripts[ra]:
                low, high = min(ra, rb), max(ra, rb)
                parent[high] = low
                if high != low:
                    scripts[low] = scripts[low] | scripts[high]
    groups: dict[int, list[Edition]] = defaultdict(list)
    for index, edition in enumerate(editions):
        groups[root(index)].append(edition)
    return [sorted(group, key=lambda e: e.key) for group in groups.values()]


def group_editions(
    editions: Sequence[Edition],
    samples: MutableMapping[str, Sample | Sequence[str]] | None = None,
    verdicts: MutableMapping[tuple[str, str], bool] | None = None,
    *,
    text_of: Callable[[Edition], str] | None = None,
    table: ShingleTable | None = None,
    sample_texts: Callable[[list[str]], list[Sample]] | None = None,
) -> list[list[Edition]]:
    """Partition editions into articles; an article's editions are in different scripts.

    ``samples`` (content hash → :func:`sample_shingles`) and ``verdicts`` (pair of content
    hashes → one article or not) are what an earlier call worked out: given them, only new
    editions are shingled and only new pairs compared. ``table`` (a :class:`ShingleTable`
    of an earlier call, brought up to date here) spares counting the pairs of the editions
    that did not change. All three are filled in as a side effect; the groups are the same
    with or without them. ``text_of`` gives an edition's full text (default
    ``Edition.full_text``; the cache's listing holds editions without passages);
    ``sample_texts`` samples many texts at once (default: one by one, here; the cache's
    loads give :func:`sample_texts`, which uses worker processes for many).
    """
    full_text = text_of or Edition.full_text
    if sample_texts is None:
        sample_texts = _sample_each
    if samples is None:
        samples = {}
    if verdicts is None:
        verdicts = {}

    def sample_of(edition: Edition) -> Sample | Sequence[str]:
        sample = samples.get(edition.content_hash)
        if sample is None:
            sample = samples[edition.content_hash] = sample_shingles(full_text(edition))
        return sample

    def sample_many(many: list[Edition]) -> list[Sample | Sequence[str]]:
        missing = [e for e in many if e.content_hash not in samples]
        if missing:
            texts = [full_text(edition) for edition in missing]
            for edition, sample in zip(missing, sample_texts(texts), strict=True):
                samples[edition.content_hash] = sample
        return [samples[edition.content_hash] for edition in many]

    if table is None:
        table = ShingleTable()
    table.sync(editions, sample_of, sample_many=sample_many)
    return table.groups(editions, verdicts, full_text)


def _trigrams(text: str) -> set[str]:
    folded = _word_characters(text)
    return {folded[i : i + 3] for i in range(max(1, len(folded) - 2))}


def corresponding_passage(text: str, ordinal: int, source_count: int, target: Edition) -> int:
    """The ordinal in ``target`` (another edition) that best matches a passage's text.

    Scores trigram overlap of the folded texts; ties go to the passage nearest the same
    relative position. Used to keep the reader's place when switching editions. A passage
    with no counterpart in ``target`` (a title the other edition does not have:
    ``2025年，6大机会`` shares only ``2025年`` with a passage in the middle) keeps its
    relative position instead of jumping to a chance match.
    """
    if not target.passages:
        return 0
    wanted = _trigrams(text)
    expected = ordinal * len(target.passages) / max(1, source_count)
    best, best_score, best_shared = 0, (-1.0, 0.0), 0
    for passage in target.passages:
        shared = len(wanted & _trigrams(passage.text))
        score = (round(shared / max(1, len(wanted)), 3), -abs(passage.ordinal - expected))
        if score > best_score:
            best, best_score, best_shared = passage.ordinal, score, shared
    if best_score[0] < MIN_OVERLAP and best_shared < MIN_SHARED:
        nearest = min(target.passages, key=lambda p: abs(p.ordinal - expected))
        return nearest.ordinal
    return best


MIN_OVERLAP = 0.5
MIN_SHARED = 8
"""A passage with fewer trigrams than these in common with any passage of the other edition
(and less than half of its own) has no counterpart there: a paragraph the other edition
splits in two still has dozens in common with each half."""
