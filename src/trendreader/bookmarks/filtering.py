"""The filter of the bookmarks screen, data side: which rows hold every term of a query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def filter_matches(
    haystacks: Sequence[str],
    terms: Sequence[tuple[str, ...]],
    among: Iterable[int] | None = None,
) -> list[int]:
    """Indices of the ``haystacks`` holding, for every term, one of its forms (already folded
    like the haystacks); ``among``: only these indices (the previous keystroke's matches,
    when the new query extends the old one).

    The filter of the bookmarks screen, data side: one comprehension per term over the
    surviving candidates (the rarest term first), the substring tests in C. 200,000
    bookmarks: ~10–40 ms per keystroke (``python bench/bookmarks_filter.py``), where a
    Python call per row took 1.7–3.0 s.
    """
    if not terms:
        return list(range(len(haystacks))) if among is None else list(among)
    ordered = sorted(terms, key=lambda forms: -max(len(f) for f in forms))
    if among is None:  # the first term over every row: enumerate, no indexing
        first = ordered.pop(0)
        if len(first) == 1:
            form = first[0]
            candidates = [i for i, h in enumerate(haystacks) if form in h]
        else:
            candidates = [i for i, h in enumerate(haystacks) if any(f in h for f in first)]
    else:
        candidates = list(among)
    for forms in ordered:
        if not candidates:
            break
        if len(forms) == 1:
            form = forms[0]
            candidates = [i for i in candidates if form in haystacks[i]]
        else:
            candidates = [i for i in candidates if any(f in haystacks[i] for f in forms)]
    return candidates


def narrows(terms: Sequence[tuple[str, ...]], before: Sequence[tuple[str, ...]]) -> bool:
    """Every row ``terms`` let through was let through by ``before`` (so ``before``'s
    matches can be passed as ``among``): each earlier term has a form inside every form of
    some new term (typing on: 机 → 机器, or a word more)."""
    return all(
        any(all(any(old in new for old in forms_before) for new in forms) for forms in terms)
        for forms_before in before
    )


class RowMatches:
    """Sorted row indices (what :func:`filter_matches` returns), sliced by range (a group's
    rows) without a scan of all of them."""

    def __init__(self, indices: list[int]) -> None:
        self.indices = indices

    def range(self, start: int, end: int) -> list[int]:
        from bisect import bisect_left

        low = bisect_left(self.indices, start)
        high = bisect_left(self.indices, end, low)
        return self.indices[low:high]
