"""Find text in the passages shown, as a page's find does: every occurrence of the query
(spaces folded), in any script (traditional and simplified fold together, ASCII case is
ignored). No index, no Textual: the find bar's answer when the search index has none for
the edition on screen (or is not built yet)."""

from __future__ import annotations

from collections.abc import Sequence

from trendreader.script.fold import fold_for_matching

Ranges = tuple[tuple[int, int], ...]


def find_in_texts(texts: Sequence[str], query: str) -> dict[int, Ranges]:
    """Passage index → the (start, end) ranges of ``query`` in its text (only passages with
    at least one; ranges never overlap)."""
    needle = fold_for_matching(" ".join(query.split()))
    if not needle:
        return {}
    found: dict[int, Ranges] = {}
    for index, text in enumerate(texts):
        folded = fold_for_matching(text)
        if len(folded) != len(text):
            continue  # a fold that changed the length: offsets would not map back
        ranges = []
        start = folded.find(needle)
        while start >= 0:
            ranges.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
        if ranges:
            found[index] = tuple(ranges)
    return found
