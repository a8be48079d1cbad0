"""Re-anchoring: find each bookmark's passage again after its report has changed.

By anchor first (the passage text is unchanged, wherever it moved); else by excerpt, fuzzily
(the passage was edited); else the bookmark is kept and marked orphaned. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.library.model import Passage

#: Least similarity (difflib ratio on the folded excerpts) for an edited passage to match.
FUZZY_THRESHOLD = 0.6
#: Short excerpts (headings such as 一、芯片 / 二、芯片) need to be more alike.
SHORT_EXCERPT = 12
SHORT_THRESHOLD = 0.8
#: Candidates this close to the best ratio count as equally good; the nearest ordinal wins.
RATIO_TIE = 0.05
#: difflib is slow (≈0.4 ms a pair of 200-character excerpts), so only the passages most
#: alike by character bigrams (a set operation) are compared with it.
SHORTLIST = 8
MIN_DICE = 0.2


@dataclass(frozen=True, slots=True)
class Candidate:
    passage: Passage
    excerpt: str
    grams: frozenset[str]

    @classmethod
    def of(cls, passage: Passage) -> Candidate:
        excerpt = make_excerpt(passage.text)
        return cls(passage, excerpt, _bigrams(excerpt))


def _bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset(text)
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _nearest(passages: Sequence[Passage], ordinal: int) -> Passage:
    return min(passages, key=lambda p: (abs(p.ordinal - ordinal), p.ordinal))


def fuzzy_match(bookmark: Bookmark, candidates: Sequence[Candidate]) -> Candidate | None:
    """The candidate most like the bookmark's excerpt (ratio ≥ the threshold), or None;
    among near-equal best ones, the one nearest the bookmark's old ordinal."""
    if not bookmark.excerpt:
        return None
    threshold = SHORT_THRESHOLD if len(bookmark.excerpt) < SHORT_EXCERPT else FUZZY_THRESHOLD
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
    scored: list[tuple[float, Candidate]] = []
    for _, _, candidate in dice[:SHORTLIST]:
        matcher.set_seq1(candidate.excerpt)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        ratio = matcher.ratio()
        if ratio >= threshold:
            scored.append((ratio, candidate))
    if not scored:
        return None
    best = max(r for r, _ in scored)
    close = [c for r, c in scored if r >= best - RATIO_TIE]
    return min(
        close,
        key=lambda c: (abs(c.passage.ordinal - bookmark.ordinal), c.passage.ordinal),
    )


def reanchor(bookmarks: Sequence[Bookmark], passages: Sequence[Passage]) -> list[Bookmark]:
    """The bookmarks of one edition, each re-found in ``passages`` (same order as given).

    Pass no passages when the report is gone: every bookmark comes back orphaned.
    """
    by_anchor: dict[str, list[Passage]] = {}
    for passage in passages:
        by_anchor.setdefault(passage.anchor, []).append(passage)
    candidates: list[Candidate] | None = None  # built on first need
    result: list[Bookmark] = []
    for bookmark in bookmarks:
        same = by_anchor.get(bookmark.anchor)
        if same:
            passage = _nearest(same, bookmark.ordinal)
            result.append(replace(bookmark, ordinal=passage.ordinal, orphaned=False))
            continue
        if candidates is None:
            candidates = [Candidate.of(p) for p in passages]
        match = fuzzy_match(bookmark, candidates)
        if match is None:
            result.append(replace(bookmark, orphaned=True))
        else:
            result.append(
                replace(
                    bookmark,
                    anchor=match.passage.anchor,
                    ordinal=match.passage.ordinal,
                    excerpt=match.excerpt,
                    orphaned=False,
                )
            )
    return result
