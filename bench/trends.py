"""Trend figures: the trend view of the seeds must open in under 150 ms.

    python bench/trends.py                 # the seeds
    python bench/trends.py --reports 2000  # + a generated library (gen_library.py)
    python bench/trends.py --folder DIR    # + a folder of your own (e.g. a newsletter)

"Open" is what happens between choosing a trend in the sidebar and seeing its view: finding
the mentions (cold: no cached search) and building the view (chart bars, passage rows), then
mounting the screen in a headless app and rendering it (as bench/bookmarks_screen.py does:
push_screen, then the compositor renders every strip; the harness floor is printed too).
Also: keyword extraction (the term index: rjieba over the whole library), suggestions from
it, every trend year by year, "what's new" in the last year, every trend's sidebar count
(cold). Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from textual.app import App, ComposeResult  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Footer, Static  # noqa: E402

from trendreader.library.catalog import Library, load_library  # noqa: E402
from trendreader.resources import seeds_dir, styles_dir  # noqa: E402
from trendreader.script.variants import Variant  # noqa: E402
from trendreader.search.service import SearchService  # noqa: E402
from trendreader.trends.catalog import TrendCatalog  # noqa: E402
from trendreader.trends.keywords import build_term_index  # noqa: E402
from trendreader.trends.mentions import MentionFinder  # noqa: E402
from trendreader.trends.store import TrendStore  # noqa: E402
from trendreader.trends.suggest import suggest_terms  # noqa: E402
from trendreader.trends.yearly import whats_new  # noqa: E402
from trendreader.tui.screens.trend import TrendScreen  # noqa: E402

VIEW_TRENDS = ["自动驾驶", "卡脖子", "芯片与半导体", "空间计算", "人形机器人"]
VARIANT = Variant.SIMPLIFIED


class Host(App[None]):
    CSS_PATH = [styles_dir() / "trends.tcss"]


class Bare(Screen[None]):
    """The harness floor: a line of text and a Footer."""

    def compose(self) -> ComposeResult:
        yield Static("bare")
        yield Footer()


async def _open_views(catalog: TrendCatalog, names: list[str]) -> list[tuple[str, float, float]]:
    figures = []
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        floor = []
        for _ in range(3):
            started = time.perf_counter()
            await app.push_screen(Bare())
            app.screen._compositor.render_strips()
            floor.append((time.perf_counter() - started) * 1000)
            app.pop_screen()
            await pilot.pause()
        print(f"harness floor (Static + Footer screen): median {statistics.median(floor):.1f} ms")
        for name in names:
            trend = catalog.find(name)
            if trend is None:
                continue
            catalog.finder.clear()
            started = time.perf_counter()
            mentions = catalog.mentions(trend, VARIANT)
            years = catalog.years(trend, VARIANT)  # the term index is built already
            screen = TrendScreen(
                mentions, catalog.library, VARIANT, store=catalog.store, years=years
            )
            built = time.perf_counter()
            await app.push_screen(screen)  # mounted and laid out
            app.screen._compositor.render_strips()  # rendered
            shown = time.perf_counter()
            figures.append((name, (built - started) * 1000, (shown - built) * 1000))
            app.pop_screen()
            await pilot.pause()
    return figures


def bench(label: str, library: Library, builtin: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        service = SearchService(Path(tmp) / "index")
        started = time.perf_counter()
        service.ensure_index(library)
        index_s = time.perf_counter() - started
        store = TrendStore(Path(tmp) / "trends.toml", builtin)
        catalog = TrendCatalog(store, MentionFinder(service, library), library)
        print(f"\n== {label}: {len(library.reports)} reports (index built in {index_s:.1f} s)")

        started = time.perf_counter()
        index = build_term_index(library)
        print(
            f"keywords (term index, {index.size} reports read, {len(index.where)} terms, "
            f"{len(index.boilerplate_lines)} boilerplate lines, {len(index.boilerplate_terms)} "
            f"furniture terms): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        started = time.perf_counter()
        terms = suggest_terms(library, index=index)
        print(f"suggestions from the index: {(time.perf_counter() - started) * 1000:.0f} ms")
        print("  " + " ".join(s.term for s in terms))
        catalog._index = index  # what catalog.term_index() would build
        years = [y for y in set(index.report_years) if y is not None]
        if years:
            started = time.perf_counter()
            rising, falling = whats_new(index, max(years))
            print(
                f"what's new in {max(years)}: {(time.perf_counter() - started) * 1000:.0f} ms  "
                f"rising {' '.join(c.term for c in rising[:8])}  "
                f"falling {' '.join(c.term for c in falling[:8])}"
            )

        started = time.perf_counter()
        rows = catalog.sidebar_rows(VARIANT)
        print(
            f"sidebar counts, {len(catalog.trends())} trends (cold, incl. suggestions cached): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms, {len(rows)} shown"
        )
        started = time.perf_counter()
        for trend in catalog.trends():
            catalog.years(trend, VARIANT)
        print(
            f"year by year, every trend (mentions cached): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )
        names = [n for n in VIEW_TRENDS if catalog.find(n)] or [r[0] for r in rows[:5]]
        for _ in range(2):  # the first round warms Textual and the conversion caches
            figures = asyncio.run(_open_views(catalog, names))
        totals = []
        for name, build_ms, mount_ms in figures:
            passages = catalog.mentions(catalog.find(name), VARIANT).total  # type: ignore[arg-type]
            total = build_ms + mount_ms
            totals.append(total)
            print(
                f"open {name:<8} {passages:>5} passages: build {build_ms:6.1f} ms + "
                f"mount {mount_ms:6.1f} ms = {total:6.1f} ms"
            )
        print(
            f"open: median {statistics.median(totals):.1f} ms, max {max(totals):.1f} ms "
            "(budget 150 ms)"
        )
        service.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=0, help="also a generated library")
    parser.add_argument("--folder", type=Path, help="also the reports of this folder")
    args = parser.parse_args()
    seeds = seeds_dir()
    bench("seeds", load_library([seeds], builtin=[seeds]), [seeds / "trends.toml"])
    if args.folder:
        bench(str(args.folder), load_library([args.folder]), [seeds / "trends.toml"])
    if args.reports:
        from gen_library import generate

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "gen"
            generate(args.reports, folder)
            bench(f"generated {args.reports}", load_library([folder]), [seeds / "trends.toml"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
