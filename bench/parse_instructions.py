"""Instructions a cold parse takes, counted by valgrind: a figure that does not move with the
load of a shared box (CPU times there vary ±20% from run to run; instruction counts by <0.1%).
Prints figures, asserts nothing.

    python bench/parse_instructions.py DIR [--every N]

Every N-th ``.md``/``.txt`` file under DIR (sorted; default every 8th) is parsed as a cold
``list`` parses it in its workers (`read_edition`, then the shingle sample of its text), once
under ``valgrind --tool=cachegrind --cache-sim=no`` and once doing only the imports; the
difference is the parse's own count. Compare two trees by running it with each on
``PYTHONPATH`` (e.g. a ``git worktree`` of the commit before). Needs valgrind.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _files(folder: Path, every: int) -> list[Path]:
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".md", ".txt"))
    return found[::every]


def _parse(files: list[Path]) -> None:
    from trendreader.library.editions import sample_shingles
    from trendreader.library.parse import ReportFileError, read_edition

    for path in files:
        with contextlib.suppress(ReportFileError):  # a refused file costs what it costs
            sample_shingles(read_edition(path).full_text())


def _count(folder: Path, every: int, *, parse: bool) -> int:
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        str(folder),
        "--every",
        str(every),
        "--inside" if parse else "--imports-only",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found = _REFS.search(done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--every", type=int, default=8)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--imports-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = _files(args.folder, args.every)
    if args.inside or args.imports_only:  # run under valgrind by the outer process
        import trendreader.library.editions
        import trendreader.library.parse  # noqa: F401

        if args.inside:
            _parse(files)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    size = sum(p.stat().st_size for p in files) / 1e6
    own = _count(args.folder, args.every, parse=True) - _count(args.folder, args.every, parse=False)
    print(f"files: {len(files)}  size: {size:.2f} MB")
    print(f"parse + sample: {own / 1e6:,.0f} M instructions  ({own / size / 1e6:,.0f} M per MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
