"""Cold parse speed over a folder of reports, in MB/s; prints figures, asserts nothing.

    python bench/parse_speed.py DIR [--repeat N]

Every ``.md``/``.markdown``/``.txt`` file under DIR is read into memory first; then each is
parsed from its bytes as the library does (`read_edition`: decode, pulldown-cmark's events
or markdown-it-py, passes, metadata, script detection; no cache). For comparison the
markdown-it-py tokenizer alone and pyromark's events alone are timed over the same texts.
The best CPU (process) time of N rounds is reported.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from trendreader.library.markdown import parse_tokens
from trendreader.library.model import REPORT_SUFFIXES
from trendreader.library.parse import ReportFileError, read_edition


def _best(rounds: int, func: Callable[[], None]) -> float:
    """Best CPU time of ``rounds`` runs (process time: steadier than wall time on a shared box)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(
        p for p in args.folder.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
    )
    texts = [p.read_text("utf-8", errors="replace") for p in files]
    size = sum(p.stat().st_size for p in files) / 1e6
    problems: list[str] = []

    def parse_all() -> None:
        problems.clear()
        for path in files:
            try:
                read_edition(path)
            except ReportFileError as error:
                problems.append(str(error))

    def tokenize_all() -> None:
        for text in texts:
            parse_tokens(text)

    def events_all() -> None:
        import pyromark

        for text in texts:
            for _event in pyromark.events_with_range(text):
                pass

    parse_all()  # warm the imports and the parser objects, as a running app has them
    full = _best(args.repeat, parse_all)
    tokens = _best(args.repeat, tokenize_all)
    events = _best(args.repeat, events_all)
    print(f"files: {len(files)}  size: {size:.2f} MB  refused: {len(problems)}")
    print(f"read_edition (cold, no cache): {full:.2f} s CPU  {size / full:.2f} MB/s")
    print(f"markdown-it tokens only:       {tokens:.2f} s CPU  {size / tokens:.2f} MB/s")
    print(f"pyromark events only:          {events:.2f} s CPU  {size / events:.2f} MB/s")
    print(f"beyond the events:             {100 * (full - events) / full:.0f}% of read_edition")
    return 0


if __name__ == "__main__":
    sys.exit(main())
