"""The CLI in a fresh process (issue 14, item 6): wall and CPU medians per command.

    python bench/cli_speed.py                     # the seeds, 9 runs each
    python bench/cli_speed.py --runs 15 --only list read
    PYTHONPATH=/tmp/old/src python bench/cli_speed.py   # another checkout, same figures

Each command runs ``python -m trendreader …`` in a new process with its own warm
``TRENDREADER_HOME`` (one warm-up run first: the library cache and the index exist, the
words searched were searched before, the byte code is written), output to a pipe. CPU is
the child's user + system time (``resource.getrusage(RUSAGE_CHILDREN)``), which load on a
shared machine inflates less than wall time. Targets: ``list``/``read`` ≤ 120 ms,
``search`` ≤ 250 ms, ``trends`` ≤ 300 ms. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS: dict[str, list[str]] = {
    "version": ["--version"],
    "help": ["--help"],
    "list": ["list"],
    "read": ["read", "001_e66a1ed0cdcaae93"],
    "search": ["search", "芯片"],
    "trends": ["trends"],
    "bookmarks": ["bookmarks", "list"],
}
TARGETS_MS = {"list": 120, "read": 120, "search": 250, "trends": 300}


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh ``trendreader`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trendreader", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", nargs="*", choices=sorted(COMMANDS))
    parser.add_argument("--home", help="a TRENDREADER_HOME to use (default: a new one)")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="cli-speed-")
    env = {**os.environ, "TRENDREADER_HOME": home, "TRENDREADER_UI": "en"}
    # Byte code is written (as an installed wheel has it): with PYTHONDONTWRITEBYTECODE set,
    # every module edited since its .pyc was written would be compiled again in every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"home {home}; load {os.getloadavg()[0]:.1f}; python -c pass:", end=" ")
    bare = [run_bare(env) for _ in range(5)]
    print(f"{statistics.median(bare) * 1000:.0f} ms wall")
    print(f"{'command':10} {'wall p50':>9} {'cpu p50':>9} {'wall min':>9} {'target':>7}")
    for name in args.only or COMMANDS:
        argv = COMMANDS[name]
        run_once(argv, env)  # warm: caches, index, forms of the words
        walls, cpus = zip(*(run_once(argv, env) for _ in range(args.runs)), strict=True)
        target = TARGETS_MS.get(name)
        print(
            f"{name:10} {statistics.median(walls) * 1000:7.0f}ms"
            f" {statistics.median(cpus) * 1000:7.0f}ms"
            f" {min(walls) * 1000:7.0f}ms {f'{target}ms' if target else '':>7}"
        )
    return 0


def run_bare(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=False)
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
