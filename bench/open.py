"""Opening a report from the sidebar, and switching its script, inside a running app.

Times `open_report` plus the refresh that paints it (the reading pane's render of the
visible lines), median of N, after one warm-up. Prints figures; asserts nothing.

    python bench/open.py [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time

from trendreader.library.catalog import load_library
from trendreader.paths import resolve_paths
from trendreader.resources import seeds_dir
from trendreader.script.variants import Variant
from trendreader.tui.app import TrendReaderApp

KEY_001 = "001_e66a1ed0cdcaae93"
KEY_004 = "004_0a39d42c6e4d68c6"


async def measure(runs: int) -> dict[str, list[float]]:
    paths = resolve_paths(tempfile.mkdtemp(prefix="trendreader-bench-"))
    app = TrendReaderApp(paths=paths, library=load_library([seeds_dir()]), open_key=KEY_004)
    results: dict[str, list[float]] = {"open 001 (37 KB)": [], "t: switch 001 to 臺灣": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        def painted() -> None:
            pane = app.reader
            for y in range(pane.size.height):
                pane.render_line(y)

        for attempt in range(runs + 1):
            app.set_variant(Variant.ORIGINAL)
            app.open_report(KEY_004)
            await pilot.pause()
            start = time.perf_counter()
            app.open_report(KEY_001)
            painted()
            opened = time.perf_counter() - start
            start = time.perf_counter()
            app.set_variant(Variant.TAIWAN)
            painted()
            switched = time.perf_counter() - start
            if attempt:  # the first round is the warm-up
                results["open 001 (37 KB)"].append(opened)
                results["t: switch 001 to 臺灣"].append(switched)
            await pilot.pause()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results = asyncio.run(measure(args.runs))
    for name, times in results.items():
        print(
            f"{name:<24} median {statistics.median(times) * 1000:6.1f} ms  "
            f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )


if __name__ == "__main__":
    main()
