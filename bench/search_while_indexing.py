"""A search typed in the reader while the reader builds its index (issue 14, item 3).

Each run: the library's cache is warm, its index removed; the reader starts in tmux (120x40,
``--ui en``), and once its "Indexing" line is on the screen ``/`` is pressed and the query
typed. The clock runs from the last key of the query to the first hits count in the status
line ("373 hits"), and the line is kept: while the build runs it ends in "results may be
incomplete". Median of N runs.

    python bench/search_while_indexing.py --library /path/to/markdown [--query 机器人] [--runs 5]
    python bench/search_while_indexing.py --library 2000   # the seeds + 2,000 generated reports

Run it with another tree's code by putting its ``src`` first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import CLEAN_ENV, SESSION, generated_library

SIZE = (120, 40)
HITS = re.compile(r"^ *([\d,]+) hits?\b.*$", re.MULTILINE)


def screen() -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True
    ).stdout


def wait_for(test: re.Pattern[str] | str, timeout: float) -> tuple[float, str]:
    """Seconds until ``test`` is on the screen, and the matching line (or the marker)."""
    started = time.perf_counter()
    while True:
        text = screen()
        found = test.search(text) if isinstance(test, re.Pattern) else test in text
        if found:
            line = found.group(0).strip() if isinstance(found, re.Match) else test
            return time.perf_counter() - started, line
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{test!r} never appeared:\n{text}")
        time.sleep(0.005)


def one_run(command: list[str], index_dir: Path, query: str) -> tuple[float, str]:
    """(seconds from the query's last key to the hits count, the status line)."""
    shutil.rmtree(index_dir, ignore_errors=True)
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    tmux = ["tmux", "new-session", "-d", "-s", SESSION, "-x", str(SIZE[0]), "-y", str(SIZE[1])]
    subprocess.run([*tmux, *CLEAN_ENV, *command], check=True)
    try:
        wait_for("Indexing", 60)
        subprocess.run(["tmux", "send-keys", "-t", SESSION, "/"], check=True)
        wait_for("ctrl+o order", 10)  # the search screen's header
        subprocess.run(["tmux", "send-keys", "-t", SESSION, "-l", query], check=True)
        return wait_for(HITS, 600)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--library", required=True, help="a folder, or N generated reports")
    parser.add_argument("--query", default="机器人")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed")
    folder = generated_library(int(args.library)) if args.library.isdigit() else args.library
    home = Path(tempfile.mkdtemp(prefix="trendreader-bench-"))
    base = [sys.executable, "-m", "trendreader", "--data-dir", str(home), "--library", folder]
    subprocess.run([*base, "list"], check=True, capture_output=True)  # the cache, warm
    command = [sys.executable, "-m", "trendreader", "--ui", "en", "--data-dir", str(home)]
    command += ["--library", str(folder), "--script", "original"]
    index_dir = home / "cache" / "index"
    times, lines = [], []
    for _run in range(args.runs):
        seconds, line = one_run(command, index_dir, args.query)
        times.append(seconds)
        lines.append(line)
    shutil.rmtree(home, ignore_errors=True)
    print(f"search while the reader builds its index: {folder}, query {args.query!r}")
    print(
        f"  query's last key -> hits on screen, median of {args.runs}: "
        f"{statistics.median(times) * 1000:,.0f} ms "
        f"(min {min(times) * 1000:,.0f}, max {max(times) * 1000:,.0f})"
    )
    print(f"  status line of the median run: {lines[times.index(statistics.median_low(times))]}")


if __name__ == "__main__":
    main()
