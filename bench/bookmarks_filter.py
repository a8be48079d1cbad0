"""The bookmarks filter, data side, at 200,000 bookmarks: ms per keystroke; asserts nothing.

    python bench/bookmarks_filter.py [--bookmarks 200000] [--corpus DIR]

Haystacks are folded passage excerpts (≤ 200 characters) with a note on every tenth, taken
from the corpus (default: the seeds). Each query is typed one character at a time; every
prefix is filtered as the screen filters it: ``filter_matches`` over all rows, and narrowed
from the previous keystroke's matches when the new query extends the old one. For
comparison, a Python function call per row (the screen's former ``row_matches``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from trendreader.bookmarks.store import filter_matches
from trendreader.library.catalog import load_library
from trendreader.script.fold import fold_to_simplified

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["芯片", "人工智能", "机器人 特斯拉", "ai芯片", "新能源汽车", "zzz不存在"]


def terms_of(query: str) -> list[tuple[str, ...]]:
    return [(fold_to_simplified(w).casefold(),) for w in query.split()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookmarks", type=int, default=200_000)
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    args = parser.parse_args()
    library = load_library([args.corpus])
    texts = [p.text[:200] for e in library.editions() for p in e.passages if p.text]
    haystacks = [
        fold_to_simplified(texts[i % len(texts)]).casefold() + ("\n我的笔记" if i % 10 else "")
        for i in range(args.bookmarks)
    ]

    def per_row(terms: list[tuple[str, ...]]) -> list[int]:
        def matches(h: str) -> bool:
            return all(any(f in h for f in forms) for forms in terms)

        return [i for i, h in enumerate(haystacks) if matches(h)]

    full: list[float] = []
    narrowed: list[float] = []
    old: list[float] = []
    for query in QUERIES:
        previous: list[int] | None = None
        for end in range(1, len(query) + 1):
            terms = terms_of(query[:end])
            started = time.perf_counter()
            found = filter_matches(haystacks, terms)
            full.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            again = filter_matches(haystacks, terms, among=previous)
            narrowed.append((time.perf_counter() - started) * 1000)
            assert again == found  # a bench, but a wrong fast answer must not be quoted
            previous = found  # the query only grew: its matches are among the last ones
            if end == len(query):
                started = time.perf_counter()
                per_row(terms)
                old.append((time.perf_counter() - started) * 1000)

    def line(name: str, times: list[float]) -> str:
        times = sorted(times)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        median = statistics.median(times)
        return f"  {name}: median {median:.1f} ms  p95 {p95:.1f}  max {times[-1]:.1f}"

    print(f"{args.bookmarks:,} bookmarks, {len(full)} keystrokes over {len(QUERIES)} queries")
    print(line("filter_matches, all rows", full))
    print(line("filter_matches, narrowed from the last keystroke", narrowed))
    print(line("a Python call per row (whole queries only)", old))
    return 0


if __name__ == "__main__":
    sys.exit(main())
