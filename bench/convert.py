"""Time a script switch of a whole report; prints figures, asserts nothing.

    python bench/convert.py [REPORT.txt ...]      # default: seeds/001_*.txt

For each variant:
  build+first  first conversion of the report, OpenCC converter built inside the timing
  first        first conversion with the converter already built (an empty DisplayCache)
  cached       the same switch again (all passages cached; median of 50)
  per-passage  for comparison: one OpenCC call per passage, no cache
Targets: first switch <= 30 ms, cached <= 5 ms.

Passages are the file's non-empty lines, so the library parser is not needed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from trendreader.library.model import Script
from trendreader.script.convert import get_converter, implementation
from trendreader.script.detect import Region, detect_script, source_region
from trendreader.script.display import DisplayCache, config_for, to_variant
from trendreader.script.variants import CYCLE, Variant

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _ms(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def bench(path: Path) -> None:
    text = path.read_text("utf-8")
    passages = [line for line in text.splitlines() if line.strip()]
    started = time.perf_counter()
    source = detect_script(text)
    region = source_region(text)
    detect_ms = (time.perf_counter() - started) * 1000
    print(
        f"\n{path.name}: {len(text):,} chars, {len(passages)} passages, {source}"
        f" (region {region}), detect {detect_ms:.1f} ms, opencc {implementation()}"
    )
    print(
        f"{'variant':<12}{'config':<8}{'build+first':>12}{'first':>9}{'cached':>9}{'per-passage':>13}"
    )
    for variant in CYCLE:
        config = config_for(source, variant, region) or "-"
        args = (passages, source, variant)
        get_converter.cache_clear()
        with_build = _ms(partial(DisplayCache().convert_passages, *args, region=region))
        switch = partial(DisplayCache().convert_passages, *args, region=region)
        first = _ms(switch)
        cached = statistics.median(_ms(switch) for _ in range(50))
        one_by_one = _ms(partial(_one_by_one, *args, region))
        print(
            f"{variant.value:<12}{config:<8}{with_build:>10.2f}ms{first:>7.2f}ms"
            f"{cached:>7.2f}ms{one_by_one:>11.2f}ms"
        )


def _one_by_one(
    passages: list[str], source: Script, variant: Variant, region: Region | None
) -> list[str]:
    return [to_variant(p, source, variant, region=region) for p in passages]


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted(SEEDS.glob("001_*.txt"))
    for path in paths:
        bench(path)


if __name__ == "__main__":
    main(sys.argv[1:])
