"""Re-anchoring: find each bookmark's passage again after its report has changed.

A bookmark is never moved silently to a passage it was not on. In order:

1. by anchor: a passage with the same text (wherever it moved) keeps the bookmark;
2. by excerpt, exactly: a passage whose excerpt equals the stored one (the stored excerpt is
   what the bookmark was made on, so restoring an edited file brings the bookmark back);
3. by excerpt, fuzzily: a passage at least :data:`FUZZY_THRESHOLD` alike (difflib ratio of the
   folded excerpts) *and* clearly the best one (:data:`MARGIN` ahead of the next passage), so
   that paragraphs written to one pattern do not take each other's bookmarks.

No passage is given to two bookmarks (unless they were both made on it), so a bookmark never
lands on another bookmark's passage. A bookmark matched by none of these stays where it was,
marked ``orphaned`` ("passage changed"), with everything that identifies it (anchor,
ordinal, excerpt, note) unchanged; :func:`nearest_candidate` names the passage most like it,
which the bookmarks screen offers and the user may accept (:meth:`BookmarkStore.accept`).
The stored excerpt is never rewritten here.

How the threshold was measured (``bench``-style, on the seeds; 460 excerpts of ≥ 20
characters, each compared within its own edition): the most alike *different* paragraphs
score 0.597 (p99 0.536, median 0.21), so the old threshold of 0.6 could move a bookmark onto
a different paragraph. The same paragraph with one sentence replaced scores 0.32–0.98
(median 0.747): at 0.7 with the 0.1 margin, 52% of those edits follow their passage (90% of
paragraphs of four or more sentences) and the rest are shown as "passage changed" with the
edited paragraph offered as the candidate. A missed move costs one key; a wrong move loses
the bookmark's place silently, so the threshold sits 0.1 above the worst distinct pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from trendreader.bookmarks.model import Bookmark, BookmarkRecord, make_excerpt
from trendreader.library.model import Passage

#: Least similarity (difflib ratio on the folded excerpts) for an edited passage to match.
FUZZY_THRESHOLD = 0.7
#: Short excerpts (headings such as 一、芯片 / 二、芯片) need to be more alike.
SHORT_EXCERPT = 12
SHORT_THRESHOLD = 0.8
#: The best passage must beat every other (different) passage by this much to be taken.
MARGIN = 0.1
#: Least similarity for a passage to be offered as the candidate of a changed bookmark.
CANDIDATE_MIN = 0.35
#: difflib is slow (≈0.4 ms a pair of 200-character excerpts), so only the passages most
#: alike by character bigrams (a set operation) are compared with it.
SHORTLIST = 8
MIN_DICE = 0.2

#: What is compared: a bookmark, or the store's record of one (read alike).
Listed = Bookmark | BookmarkRecord


@dataclass(frozen=True, slots=True)
class Candidate:
    passage: Passage
    excerpt: str
    grams: frozenset[str]

    @classmethod
    def of(cls, passage: Passage) -> Candidate:
        excerpt = make_excerpt(passage.text)
        return cls(passage, excerpt, _bigrams(excerpt))


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate passage and how alike its excerpt is to a bookmark's (0..1)."""

    candidate: Candidate
    ratio: float

    @property
    def passage(self) -> Passage:
        return self.candidate.passage


def _bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset(text)
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _nearest(passages: Sequence[Passage], ordinal: int) -> Passage:
    return min(passages, key=lambda p: (abs(p.ordinal - ordinal), p.ordinal))


def threshold_for(excerpt: str) -> float:
    """The similarity an edited passage needs to take a bookmark with this excerpt."""
    return SHORT_THRESHOLD if len(excerpt) < SHORT_EXCERPT else FUZZY_THRESHOLD


def score_candidates(
    bookmark: Listed, candidates: Sequence[Candidate], *, floor: float = 0.0
) -> list[Scored]:
    """The candidates most like the bookmark's excerpt (a shortlist by bigrams, then the
    difflib ratio), best first; ties go to the passage nearest the old ordinal."""
    if not bookmark.excerpt:
        return []
    grams = _bigrams(bookmark.excerpt)
    dice: list[tuple[float, int, Candidate]] = []
    for candidate in candidates:
        size = len(grams) + len(candidate.grams)
        score = 2 * len(grams & candidate.grams) / size if size else 0.0
        if score >= MIN_DICE:
            distance = abs(candidate.passage.ordinal - bookmark.ordinal)
            dice.append((score, -distance, candidate))
    dice.sort(key=lambda item: (item[0], item[1]), reverse=True)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(bookmark.excerpt)  # seq2 is the one SequenceMatcher indexes once
    scored: list[Scored] = []
    for _, _, candidate in dice[:SHORTLIST]:
        matcher.set_seq1(candidate.excerpt)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= floor:
            scored.append(Scored(candidate, ratio))
    scored.sort(
        key=lambda s: (-s.ratio, abs(s.passage.ordinal - bookmark.ordinal), s.passage.ordinal)
    )
    return scored


def fuzzy_match(bookmark: Bookmark, candidates: Sequence[Candidate]) -> Candidate | None:
    """The candidate clearly most like the bookmark's excerpt, or None: its ratio is at
    least the threshold and :data:`MARGIN` above any passage with other text."""
    scored = score_candidates(bookmark, candidates)
    if not scored or scored[0].ratio < threshold_for(bookmark.excerpt):
        return None
    best = scored[0]
    rival = next((s.ratio for s in scored[1:] if s.candidate.excerpt != best.candidate.excerpt), 0)
    if best.ratio - rival < MARGIN:
        return None
    same = [s.passage for s in scored if s.candidate.excerpt == best.candidate.excerpt]
    nearest = _nearest(same, bookmark.ordinal)
    return next(s.candidate for s in scored if s.passage is nearest)


def reanchor(bookmarks: Sequence[Bookmark], passages: Sequence[Passage]) -> list[Bookmark]:
    """The bookmarks of one edition, each re-found in ``passages`` (same order as given).

    Only ``anchor``, ``ordinal`` and ``orphaned`` ever change; a bookmark not found is
    returned orphaned with its anchor and ordinal as they were. Pass no passages when the
    report is gone: every bookmark comes back orphaned.
    """
    by_anchor: dict[str, list[Passage]] = {}
    for passage in passages:
        by_anchor.setdefault(passage.anchor, []).append(passage)
    result: list[Bookmark | None] = [None] * len(bookmarks)
    taken: set[int] = set()  # ordinals of passages that hold a bookmark
    # 1. same anchor: the passage text is unchanged
    for i, bookmark in enumerate(bookmarks):
        same = by_anchor.get(bookmark.anchor)
        if same:
            passage = _nearest(same, bookmark.ordinal)
            result[i] = replace(
                bookmark, ordinal=passage.ordinal, orphaned=False, page=passage.page
            )
            taken.add(passage.ordinal)
    if all(r is not None for r in result):
        return [r for r in result if r is not None]
    candidates = [Candidate.of(p) for p in passages]
    # 2. the stored excerpt, exactly (a free passage, nearest the old ordinal)
    by_excerpt: dict[str, list[Passage]] = {}
    for candidate in candidates:
        by_excerpt.setdefault(candidate.excerpt, []).append(candidate.passage)
    for i, bookmark in enumerate(bookmarks):
        if result[i] is not None or not bookmark.excerpt:
            continue
        free = [p for p in by_excerpt.get(bookmark.excerpt, ()) if p.ordinal not in taken]
        if free:
            passage = _nearest(free, bookmark.ordinal)
            result[i] = _moved(bookmark, passage)
            taken.add(passage.ordinal)
    # 3. fuzzily, best pairs first, each free passage to one bookmark at most
    wanted: list[tuple[float, int, Passage]] = []
    for i, bookmark in enumerate(bookmarks):
        if result[i] is None:
            match = fuzzy_match(bookmark, candidates)
            if match is not None:
                ratio = SequenceMatcher(None, match.excerpt, bookmark.excerpt, False).ratio()
                wanted.append((ratio, i, match.passage))
    for _, i, passage in sorted(wanted, key=lambda w: (-w[0], w[1])):
        if passage.ordinal not in taken:
            result[i] = _moved(bookmarks[i], passage)
            taken.add(passage.ordinal)
    # 4. the rest stay as they were, marked
    return [
        r if r is not None else replace(bookmarks[i], orphaned=True) for i, r in enumerate(result)
    ]


def _moved(bookmark: Bookmark, passage: Passage) -> Bookmark:
    return replace(
        bookmark,
        anchor=passage.anchor,
        ordinal=passage.ordinal,
        orphaned=False,
        page=passage.page,
    )


def held_ordinals(bookmarks: Iterable[Listed]) -> set[int]:
    """Ordinals of the passages that (found) bookmarks sit on."""
    return {b.ordinal for b in bookmarks if not b.orphaned}


def candidates_of(passages: Iterable[Passage]) -> list[Candidate]:
    """The passages of an edition as :func:`nearest_candidate` compares them (build once)."""
    return [Candidate.of(p) for p in passages]


def nearest_candidate(
    bookmark: Listed, candidates: Sequence[Candidate], held: Iterable[int] = ()
) -> Scored | None:
    """The passage most like a changed bookmark's excerpt (at least :data:`CANDIDATE_MIN`),
    among those no other bookmark sits on (``held``: their ordinals); None if there is none.
    This is offered to the user, never applied on its own."""
    busy = set(held)
    free = [c for c in candidates if c.passage.ordinal not in busy]
    scored = score_candidates(bookmark, free, floor=CANDIDATE_MIN)
    return scored[0] if scored else None
