"""The CLI in a fresh process (issue 14, item 6): wall and CPU medians per command.

    python bench/cli_speed.py                     # the seeds, 9 runs each
    python bench/cli_speed.py --runs 15 --only list read
    python bench/cli_speed.py --against /tmp/old/src   # another checkout, runs interleaved
    python bench/cli_speed.py --entry script      # the installed `trendreader` script
    python bench/cli_speed.py --library LIB --home H --only search phrase \
        --against OLD/src --against-home H_OLD     # 10,000 reports: homes made beforehand

Each command runs ``python -m trendreader …`` (or, with ``--entry script``, the
``trendreader`` console script beside this Python: what a user types; it skips ``runpy``)
in a new process with its own warm ``TRENDREADER_HOME`` (one warm-up run first: the library
cache and the index exist, the words searched were searched before, the byte code is
written), output to a pipe. CPU is the child's user + system time (``os.wait4``'s usage
of that child), which load on a shared machine inflates less than wall time; peak RSS is that
child's ``ru_maxrss`` (never below this script's own RSS at the fork: Linux keeps it across
``exec``). ``--against SRC`` runs the same commands from the checkout whose ``src``
is SRC (``PYTHONPATH``), its runs interleaved with this checkout's (each with its own warm
home), and prints both medians and their ratio. Targets: ``list``/``read`` ≤ 120 ms,
``search`` ≤ 250 ms, ``trends`` ≤ 300 ms; with ``--library`` (a generated library of 10,000
reports) ``search`` and ``phrase`` ≤ 400 ms, peak RSS ≤ 250 MB. ``--library LIB`` passes
``--library LIB`` to every command; a home for it takes minutes to make (the library cache and
the index), so give it as ``--home`` (and ``--against-home`` for the other checkout, whose
index may differ: another schema). Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS: dict[str, list[str]] = {
    "version": ["--version"],
    "help": ["--help"],
    "list": ["list"],
    "read": ["read", "001_e66a1ed0cdcaae93"],
    "search": ["search", "芯片"],
    "phrase": ["search", "机器人"],  # two bigrams: each candidate's text is checked
    "trends": ["trends"],
    "bookmarks": ["bookmarks", "list"],
}
TARGETS_MS = {"list": 120, "read": 120, "search": 250, "trends": 300}
#: with ``--library`` (10,000 reports, issue 14 items 6 and 8)
LIBRARY_TARGETS_MS = {"search": 400, "phrase": 400}
SRC = Path(__file__).resolve().parent.parent / "src"


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall and CPU seconds and peak RSS (MB) of one fresh ``trendreader`` process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = 0  # reaped here
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def entry_command(entry: str) -> list[str]:
    """How ``trendreader`` is started: ``python -m trendreader`` or the console script."""
    if entry == "module":
        return [sys.executable, "-m", "trendreader"]
    script = Path(sys.executable).with_name("trendreader")
    if not script.exists():
        raise SystemExit(f"no console script at {script}: install the project, or --entry module")
    return [sys.executable, str(script)]


def checkout_env(src: Path | None, home: str) -> dict[str, str]:
    env = {**os.environ, "TRENDREADER_HOME": home, "TRENDREADER_UI": "en"}
    # Byte code is written (as an installed wheel has it): with PYTHONDONTWRITEBYTECODE set,
    # every module edited since its .pyc was written would be compiled again in every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f}ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", nargs="*", choices=sorted(COMMANDS))
    parser.add_argument("--home", help="a TRENDREADER_HOME to use (default: a new one)")
    parser.add_argument("--against", metavar="SRC", help="another checkout's src/ to compare")
    parser.add_argument("--entry", choices=("module", "script"), default="module")
    parser.add_argument("--library", metavar="LIB", help="--library LIB for every command")
    parser.add_argument("--against-home", metavar="H", help="the --against checkout's home")
    args = parser.parse_args()
    start = entry_command(args.entry)
    if args.library:
        start = [*start, "--library", str(Path(args.library).resolve())]
    home = args.home or tempfile.mkdtemp(prefix="cli-speed-")
    # this checkout's src first on the path: the console script imports whatever is installed
    env = checkout_env(SRC, home)
    other = None
    if args.against:
        other_home = args.against_home or tempfile.mkdtemp(prefix="cli-speed-")
        other = checkout_env(Path(args.against).resolve(), other_home)
    targets = LIBRARY_TARGETS_MS if args.library else TARGETS_MS
    load = os.getloadavg()[0]
    print(f"home {home}; load {load:.1f}; entry {args.entry}; python -c pass:", end=" ")
    bare = [run_bare(env) for _ in range(5)]
    print(f"{statistics.median(bare) * 1000:.0f} ms wall")
    if other is None:
        print(
            f"{'command':10} {'wall p50':>9} {'cpu p50':>9} {'wall min':>9} {'rss max':>8}"
            f" {'target':>7}"
        )
    else:
        print(
            f"{'command':10} {'cpu p50':>9} {'against':>9} {'ratio':>6} {'wall p50':>9}"
            f" {'against':>9} {'rss':>6} {'against':>7} {'target':>7}"
        )
    for name in args.only or COMMANDS:
        command = [*start, *COMMANDS[name]]
        target = targets.get(name)
        shown = f"{target}ms" if target else ""
        run_once(command, env)  # warm: caches, index, forms of the words
        if other is None:
            runs = [run_once(command, env) for _ in range(args.runs)]
            walls, cpus, rss = zip(*runs, strict=True)
            print(
                f"{name:10} {ms(statistics.median(walls))} {ms(statistics.median(cpus))}"
                f" {ms(min(walls))} {max(rss):6.0f}MB {shown:>7}"
            )
            continue
        run_once(command, other)
        ours, theirs = [], []
        for _ in range(args.runs):  # back to back, in turn
            ours.append(run_once(command, env))
            theirs.append(run_once(command, other))
        mine = statistics.median(r[1] for r in ours)
        against = statistics.median(r[1] for r in theirs)
        print(
            f"{name:10} {ms(mine)} {ms(against)} {mine / against:6.2f}"
            f" {ms(statistics.median(r[0] for r in ours))}"
            f" {ms(statistics.median(r[0] for r in theirs))}"
            f" {max(r[2] for r in ours):4.0f}MB {max(r[2] for r in theirs):5.0f}MB {shown:>7}"
        )
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    return 0


def run_bare(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=False)
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
