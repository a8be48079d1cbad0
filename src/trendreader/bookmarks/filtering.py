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
