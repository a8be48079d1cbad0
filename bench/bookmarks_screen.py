"""The bookmarks screen (``B``) at 10,000 bookmarks. Run by hand; prints figures, asserts nothing.

    python bench/bookmarks_screen.py [--count 10000] [--runs 7]

Half the bookmarks are on passages of the seed reports (their text is converted as the
reader converts it), half on reports not in the library (their stored excerpt is
converted). Headless, from building the screen: "painted" is until it is mounted, its messages are
processed and every line of it has been rendered once (the store is not read yet: that
starts once the screen has painted); "rows on screen" until the rows are in and rendered
(target < 200 ms).
"filter" is one keystroke's worth of ``set_filter`` + render (the first one also folds the
text of every bookmark for the filter). For scale, the same harness paints an empty screen
with a Static and a Footer in about half the "painted" time.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Footer, Static

from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.catalog import Library, load_library
from trendreader.library.model import passage_anchor
from trendreader.resources import seeds_dir, styles_dir
from trendreader.script.variants import Variant
from trendreader.tui.screens.bookmarks import (
    BookmarkList,
    BookmarksScreen,
    build_groups,
    excerpts_in_variant,
)

WORDS = ["芯片", "人工智能", "大模型", "算力", "半导体", "机器人", "自动驾驶", "云计算"]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def populate(store: BookmarkStore, library: Library, count: int, rng: random.Random) -> None:
    editions = list(library.editions())
    records = []
    for n in range(count):
        created = datetime.fromtimestamp(NOW.timestamp() - rng.randint(0, 3 * 365 * 86400), UTC)
        stamp = created.isoformat()
        if n % 2 and editions:
            edition = editions[n % len(editions)]
            passage = edition.passages[(n // len(editions)) % len(edition.passages)]
            key, title, text, anchor, ordinal = (
                edition.key,
                edition.title,
                passage.text,
                passage.anchor,
                passage.ordinal,
            )
        else:
            text = f"第{n}段：" + "，".join(rng.choice(WORDS) for _ in range(rng.randint(10, 60)))
            key, title = f"gone-{n % 200:03d}", f"旧报告 {n % 200}"
            anchor, ordinal = passage_anchor(text), n
        records.append(
            Bookmark(
                id=0,
                report_key=key,
                report_title=title,
                anchor=anchor,
                ordinal=ordinal,
                excerpt=make_excerpt(text),
                note=rng.choice(["", "要点", "回头再读：" + text[:40]]),
                tags=tuple(rng.sample(WORDS, rng.randint(0, 3))),
                created=stamp,
                updated=stamp,
                orphaned=n % 7 == 0,
            )
        )
    store.insert_records(records)


class Host(App[None]):
    CSS_PATH = sorted(styles_dir().glob("*.tcss"))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


async def time_show(groups: list, library: Library, variant: Variant) -> float:
    """set_groups and the first render of every visible line (excerpts converted)."""
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        listing = BookmarkList(
            excerpts=lambda bookmarks: excerpts_in_variant(bookmarks, library, variant)
        )
        await app.screen.mount(listing)
        await pilot.pause()
        height = listing.scrollable_content_region.height
        t0 = time.perf_counter()
        listing.set_groups(groups, now=NOW)
        listing.render_lines(Region(0, 0, listing.size.width, height))
        return time.perf_counter() - t0


class Bare(Screen[None]):
    """The harness floor: a screen with a line of text and a Footer, no bookmarks."""

    def compose(self) -> ComposeResult:
        yield Static("bare")
        yield Footer()


async def time_open(store: BookmarkStore, library: Library, variant: Variant, runs: int) -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        bare: list[float] = []
        painted: list[float] = []
        opens: list[float] = []
        filters: list[float] = []
        listing: BookmarkList | None = None
        for _ in range(runs):
            t0 = time.perf_counter()
            await app.push_screen(Bare())
            await pilot.pause()
            app.screen._compositor.render_strips()
            bare.append(time.perf_counter() - t0)
            app.pop_screen()
            await pilot.pause()

            t0 = time.perf_counter()
            screen = BookmarksScreen(store, library, variant, now=lambda: NOW)
            await app.push_screen(screen)
            app.screen._compositor.render_strips()
            painted.append(time.perf_counter() - t0)
            while not screen.loaded:
                await asyncio.sleep(0.0005)
            app.screen._compositor.render_strips()
            opens.append(time.perf_counter() - t0)
            listing = screen.query_one(BookmarkList)
            for query in ("机", "機器", "機器人", "回头", ""):
                t0 = time.perf_counter()
                listing.set_filter(query)
                await pilot.pause()
                app.screen._compositor.render_strips()
                filters.append(time.perf_counter() - t0)
            app.pop_screen()
            await pilot.pause()
        assert listing is not None
        shown = listing.total_count

        def figures(values: list[float]) -> str:
            return (
                f"first {ms(values[0])}  median {ms(statistics.median(values))}"
                f"  max {ms(max(values))}"
            )

        print(f"[{variant.value}]")
        print(f"  harness floor (Static + Footer screen):  {figures(bare)}")
        print(f"  bookmarks screen painted (loading):       {figures(painted)}")
        print(f"  {shown} rows on screen:                   {figures(opens)}   (target < 200 ms)")
        print(f"  filter keystroke + render:                {figures(filters)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    library = load_library([seeds_dir()])
    with tempfile.TemporaryDirectory() as tmp:
        store = BookmarkStore(Path(tmp) / "bookmarks.db")
        populate(store, library, args.count, random.Random(20260101))
        for variant in (Variant.ORIGINAL, Variant.TAIWAN):
            full_reads, reads, builds, shows = [], [], [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                store.list_bookmarks()
                t1 = time.perf_counter()
                records = store.list_records()  # what the screen reads
                t2 = time.perf_counter()
                groups = build_groups(records, library, variant)
                t3 = time.perf_counter()
                full_reads.append(t1 - t0)
                reads.append(t2 - t1)
                builds.append(t3 - t2)
                shows.append(asyncio.run(time_show(groups, library, variant)))
            print(
                f"[{variant.value}] (store.list_bookmarks {ms(statistics.median(full_reads))})  "
                f"store.list_records {ms(statistics.median(reads))}  "
                f"build_groups {ms(statistics.median(builds))}  "
                f"set_groups + render 40 lines {ms(statistics.median(shows))}  (medians)"
            )
        for variant in (Variant.ORIGINAL, Variant.TAIWAN, Variant.SIMPLIFIED):
            asyncio.run(time_open(store, library, variant, args.runs))
        store.close()


if __name__ == "__main__":
    main()
