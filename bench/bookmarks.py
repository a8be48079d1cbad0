"""Bookmarks store timings at 10,000 bookmarks. Run by hand; prints figures, asserts nothing.

    python bench/bookmarks.py [--dir DIR] [--count 10000] [--adds 200]

``--dir`` puts the store on the disk you want to measure (default: a temp dir); the store
commits with ``synchronous=FULL``, so ``add`` includes an fsync of the WAL.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from trendreader.bookmarks.model import Bookmark, group_by_report, make_excerpt, utc_now
from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.model import Passage, PassageKind, passage_anchor

WORDS = [
    "芯片",
    "人工智能",
    "大模型",
    "算力",
    "半导体",
    "新能源",
    "机器人",
    "自动驾驶",
    "云计算",
    "数据中心",
    "量子",
    "通信",
]
REPORTS = 200  # 10,000 bookmarks → 50 a report


def _text(rng: random.Random, n: int) -> str:
    return f"第{n}段：" + "，".join(rng.choice(WORDS) for _ in range(rng.randint(10, 60))) + "。"


def populate(store: BookmarkStore, count: int, rng: random.Random) -> None:
    now = utc_now()
    records = []
    for n in range(count):
        text = _text(rng, n)
        records.append(
            Bookmark(
                id=0,
                report_key=f"report-{n % REPORTS:04d}",
                report_title=f"报告 {n % REPORTS}",
                anchor=passage_anchor(text),
                ordinal=n // REPORTS,
                excerpt=make_excerpt(text),
                note=rng.choice(["", "要点", "回头再读：" + text[:40]]),
                tags=tuple(rng.sample(WORDS, rng.randint(0, 3))),
                created=now,
                updated=now,
            )
        )
    store.insert_records(records)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="where to put the store (default: temp dir)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--adds", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20, help="list runs")
    args = parser.parse_args()
    rng = random.Random(20261124)

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "bookmarks.db"
        t0 = time.perf_counter()
        with BookmarkStore(path) as store:
            populate(store, args.count, rng)
        print(f"populate {args.count} bookmarks (one transaction): {ms(time.perf_counter() - t0)}")
        print(f"store: {path}")

        t0 = time.perf_counter()
        store = BookmarkStore(path)
        open_time = time.perf_counter() - t0
        print(f"open store:                           {ms(open_time)}")

        list_times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            groups = group_by_report(store.list_bookmarks())
            list_times.append(time.perf_counter() - t0)
        total = sum(len(g) for g in groups.values())
        print(
            f"list all + group ({total} in {len(groups)} reports), {args.runs} runs: "
            f"median {ms(statistics.median(list_times))}  p95 {ms(percentile(list_times, 95))}"
            "   (target < 200 ms)"
        )
        t0 = time.perf_counter()
        one = store.list_bookmarks("report-0007")
        print(f"list one report ({len(one)}):                 {ms(time.perf_counter() - t0)}")

        add_times = []
        for n in range(args.adds):
            passage = Passage("bench-add", n, PassageKind.PARAGRAPH, _text(rng, 100_000 + n))
            t0 = time.perf_counter()
            store.add("bench-add", "新报告", passage, note="note", tags=["a"])
            add_times.append(time.perf_counter() - t0)
        print(
            f"add ({args.adds} adds at {args.count}+): median {ms(statistics.median(add_times))}"
            f"  p95 {ms(percentile(add_times, 95))}  max {ms(max(add_times))}"
            "   (target < 10 ms)"
        )

        toggles = []
        for n in range(args.adds):
            passage = Passage("bench-add", n, PassageKind.PARAGRAPH, _text(rng, 100_000 + n))
            t0 = time.perf_counter()
            store.find_by_anchor("bench-add", passage.anchor)
            toggles.append(time.perf_counter() - t0)
        print(f"find_by_anchor (toggle check): median {ms(statistics.median(toggles))}")

        passages = [
            Passage("report-0007", i, PassageKind.PARAGRAPH, _text(rng, 200_000 + i))
            for i in range(300)
        ]
        t0 = time.perf_counter()
        found = store.reanchor("report-0007", passages)
        print(
            f"reanchor 50 bookmarks against 300 new passages (all fuzzy, "
            f"{sum(b.orphaned for b in found)} orphaned): {ms(time.perf_counter() - t0)}"
        )
        store.close()


if __name__ == "__main__":
    main()
