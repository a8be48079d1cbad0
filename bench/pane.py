"""Reading pane figures on a 5 MB synthetic report (seed passages repeated, fixed order).

Prints, for terminal sizes 80x24 and 160x50 (headless Textual, `App.run_test`):
  * wrap throughput of `wrap_passage` (µs per character);
  * `Layout(...)` fully eager (what wrapping everything up front would cost);
  * `ReadingPane.show()` (lazy: estimates + the first screens wrapped exactly);
  * rendering one screen of strips (cold line cache), page down, jump to the end, and
    toggling the content (keep_cursor_row) in the middle of the report.
Median of --runs runs. Never asserts on time.

    python bench/pane.py [--mb 5] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult

from trendreader.library.parse import read_edition
from trendreader.script.fold import fold_to_simplified
from trendreader.tui.widgets.reading_pane import ReadingPane
from trendreader.typeset.layout import DisplayPassage, Layout
from trendreader.typeset.wrap import _wrap_cached

ROOT = Path(__file__).resolve().parent.parent


def synthetic_report(megabytes: float) -> list[DisplayPassage]:
    passages: list[DisplayPassage] = []
    editions = [read_edition(path) for path in sorted((ROOT / "seeds").glob("*.txt"))]
    base = [DisplayPassage.from_passage(p) for e in editions for p in e.passages]
    size = 0
    copy = 0
    while size < megabytes * 1_000_000:
        for passage in base:
            # A per-copy suffix keeps texts distinct so the wrap cache cannot help.
            text = f"{passage.text}（{copy}）" if passage.kind != "heading" else passage.text
            passages.append(DisplayPassage(passage.kind, text, passage.level, passage.emphasis))
            size += len(text.encode("utf-8"))
        copy += 1
    return passages


def median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        _wrap_cached.cache_clear()
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class BenchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ReadingPane()


async def pane_figures(
    passages: list[DisplayPassage], size: tuple[int, int], runs: int
) -> dict[str, float]:
    app = BenchApp()
    figures: dict[str, list[float]] = {}

    def clock(name: str, function: Callable[[], object]) -> None:
        start = time.perf_counter()
        function()
        figures.setdefault(name, []).append((time.perf_counter() - start) * 1000)

    toggled = [DisplayPassage(p.kind, fold_to_simplified(p.text), p.level) for p in passages]
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(ReadingPane)
        height = size[1]
        for _ in range(runs):
            _wrap_cached.cache_clear()
            clock("show()", lambda: pane.show(passages))
            await pilot.pause()

            def screen() -> None:
                pane._strips.clear()
                for y in range(height):
                    pane.render_line(y)

            clock("render one screen (cold)", screen)
            clock("page down + render", lambda: (pane.action_page_down(), screen()))
            clock("end (G) + render", lambda: (pane.action_end(), screen()))
            await pilot.pause()
            pane.scroll_to_passage(len(passages) // 2, top=True)
            await pilot.pause()
            clock(
                "script toggle mid-report + render",
                lambda: (
                    pane.show(toggled, cursor=pane.cursor, keep_cursor_row=True),
                    screen(),
                ),
            )
            await pilot.pause()
        layout = pane.layout_model
        assert layout is not None
        figures["(passages wrapped after the run)"] = [
            float(sum(layout.is_realized(k) for k in range(len(layout))))
        ]
    return {name: statistics.median(values) for name, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    passages = synthetic_report(args.mb)
    chars = sum(len(p.text) for p in passages)
    size = sum(len(p.text.encode("utf-8")) for p in passages)
    print(f"report: {len(passages)} passages, {chars:,} characters, {size / 1e6:.1f} MB UTF-8")

    sample = [p.text for p in passages[:3000]]
    sample_chars = sum(map(len, sample))

    def wrap_sample() -> None:
        for text in sample:
            _wrap_cached(text, 76, 4)

    ms = median_ms(wrap_sample, args.runs)
    print(f"wrap_passage: {ms * 1000 / sample_chars:.2f} µs/char")
    eager = median_ms(lambda: Layout(passages, 76, eager_chars=10**12), max(1, args.runs // 2))
    print(f"eager Layout of the whole report (measure 76): {eager:.0f} ms")
    lazy = median_ms(lambda: Layout(passages, 76, eager_chars=0), args.runs)
    print(f"lazy Layout (estimates only): {lazy:.1f} ms")
    for size_ in [(80, 24), (160, 50)]:
        print(f"-- ReadingPane at {size_[0]}x{size_[1]} (median of {args.runs})")
        for name, value in asyncio.run(pane_figures(passages, size_, args.runs)).items():
            if name.startswith("("):
                print(f"   {name}: {value:.0f} of {len(passages)}")
            else:
                print(f"   {name}: {value:.1f} ms")


if __name__ == "__main__":
    main()
