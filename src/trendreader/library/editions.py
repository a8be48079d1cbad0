"""Same-article detection across scripts: 000 (繁體) and 001 (简体) are one report.

Both texts are folded to simplified characters, stripped of everything but letters and
Han characters, and cut into 4-character shingles. A sample of the shingles finds
candidate pairs cheaply; a pair whose shingle containment (shared / smaller set) reaches
EDITION_CONTAINMENT is one article in two editions.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Callable, MutableMapping, Sequence
from functools import lru_cache

from trendreader.library.model import Edition
from trendreader.script.fold import fold_to_simplified

SHINGLE = 4
EDITION_CONTAINMENT = 0.5
_SAMPLE_MODULUS = 8
_MAX_POSTINGS = 64
_MIN_SHARED_SAMPLES = 4
_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)


def shingles(text: str) -> frozenset[str]:
    """Normalized 4-character shingles of a text."""
    folded = _NOT_WORD.sub("", fold_to_simplified(text)).lower()
    return frozenset(folded[i : i + SHINGLE] for i in range(max(0, len(folded) - SHINGLE + 1)))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def sample_shingles(text: str) -> tuple[str, ...]:
    """The 1/8 sample of a text's shingles that finds candidate pairs (fixed by a CRC)."""
    return tuple(sorted(s for s in shingles(text) if zlib.crc32(s.encode()) % _SAMPLE_MODULUS == 0))


def group_editions(
    editions: Sequence[Edition],
    samples: MutableMapping[str, tuple[str, ...]] | None = None,
    verdicts: MutableMapping[tuple[str, str], bool] | None = None,
    *,
    text_of: Callable[[Edition], str] | None = None,
) -> list[list[Edition]]:
    """Partition editions into articles; an article's editions are in different scripts.

    ``samples`` (content hash → :func:`sample_shingles`) and ``verdicts`` (pair of content
    hashes → one article or not) are what an earlier call worked out: given them, only new
    editions are shingled and only new pairs compared, so adding one report to a large
    library regroups in a fraction of the time. Both are filled in as a side effect; the
    groups are the same with or without them. ``text_of`` gives an edition's full text
    (default ``Edition.full_text``; the cache's listing holds editions without passages).
    """
    full_text = text_of or Edition.full_text
    # Only a 1/8 sample of each edition's shingles is kept for all editions at once (memory
    # stays small at 10k reports); full sets are computed for candidate pairs only.
    if samples is None:
        samples = {}
    if verdicts is None:
        verdicts = {}
    postings: dict[str, list[int]] = {}
    counts = [0] * len(editions)
    for index, edition in enumerate(editions):
        sample = samples.get(edition.content_hash)
        if sample is None:
            sample = samples[edition.content_hash] = sample_shingles(full_text(edition))
        for shingle in sample:
            members = postings.get(shingle)
            if members is None:
                postings[shingle] = [index]
            else:
                members.append(index)
        counts[index] = len(sample)

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

    shared: dict[tuple[int, int], int] = defaultdict(int)
    script_of = [edition.script for edition in editions]
    for members in postings.values():
        if len(members) < 2 or len(members) > _MAX_POSTINGS:
            continue
        for i, a in enumerate(members):
            script = script_of[a]
            for b in members[i + 1 :]:
                if script_of[b] != script:
                    shared[(a, b)] += 1
    parent = list(range(len(editions)))
    # the scripts of each group, kept at its root (was recomputed over every edition for
    # every candidate pair: 6.5 s of a 1,000-report load)
    scripts = [{edition.script} for edition in editions]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), count in sorted(shared.items()):
        estimate = count / max(1, min(counts[a], counts[b]))
        if count < _MIN_SHARED_SAMPLES or estimate < EDITION_CONTAINMENT * 0.8:
            continue  # the sample already says they are different articles
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


def _trigrams(text: str) -> set[str]:
    folded = _NOT_WORD.sub("", fold_to_simplified(text))
    return {folded[i : i + 3] for i in range(max(1, len(folded) - 2))}


def corresponding_passage(text: str, ordinal: int, source_count: int, target: Edition) -> int:
    """The ordinal in ``target`` (another edition) that best matches a passage's text.

    Scores trigram overlap of the folded texts; ties go to the passage nearest the same
    relative position. Used to keep the reader's place when switching editions.
    """
    if not target.passages:
        return 0
    wanted = _trigrams(text)
    expected = ordinal * len(target.passages) / max(1, source_count)
    best, best_score = 0, (-1.0, 0.0)
    for passage in target.passages:
        overlap = len(wanted & _trigrams(passage.text)) / max(1, len(wanted))
        score = (round(overlap, 3), -abs(passage.ordinal - expected))
        if score > best_score:
            best, best_score = passage.ordinal, score
    return best
