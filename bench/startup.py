"""Time to first paint in a real terminal (tmux), trendreader vs a bare Textual app.

Both show seed 000. The clock starts when tmux launches the command and stops when the
first line of the report's prose is on the screen (capture-pane polled every 5 ms).
Median of N runs after one warm-up run each; the two apps take turns.

    python bench/startup.py [--runs 5] [--key 000_933e302ea0e991db]
    python bench/startup.py --library 2000   # the seeds + 2,000 generated reports (issue 14:
                                             # first paint within 1.3x the seeds' one)
    python bench/startup.py --cold --library 2000   # the cache removed before each run
    python bench/startup.py --cold --folder DIR --key issue-300   # any folder of reports

With ``--cold`` the reader's cache (the parsed library, the index) is removed before each
run of trendreader: a first start on that library. The reading state stays (the key is
given anyway). Each cold run also times until the whole library is in: until the reader has
written the cache's ``library.pickle`` (the last thing its background reading does).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
SESSION = "trendreader-bench"
SIZE = (120, 40)
KEEPALIVE = "trendreader-bench-keepalive"  # keeps the tmux server up between runs
# A user's installed package has bytecode (pip compiles it; an editable install writes it
# on first import). Some shells export PYTHONDONTWRITEBYTECODE, which would make every run
# compile our modules from source while Textual's wheel has its .pyc: drop it for both apps.
CLEAN_ENV = ["env", "-u", "PYTHONDONTWRITEBYTECODE"]
T = TypeVar("T")


def first_paint(command: list[str], marker: str, size: tuple[int, int]) -> float:
    return screen_times(command, [marker], size)[0]


class SessionLost(Exception):
    """The tmux server went away under a run (another tmux user on the machine killed it)."""


def launch(command: list[str], size: tuple[int, int]) -> float:
    """Start ``command`` in a fresh tmux session of ``size``; returns the launch time."""
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    keep_alive()
    start = time.perf_counter()
    tmux = ["tmux", "new-session", "-d", "-s", SESSION, "-x", str(size[0]), "-y", str(size[1])]
    if subprocess.run([*tmux, *CLEAN_ENV, *command], capture_output=True).returncode:
        raise SessionLost
    return start


def keep_alive() -> None:
    """The session that keeps the tmux server up between runs (started again if gone)."""
    if subprocess.run(["tmux", "has-session", "-t", KEEPALIVE], capture_output=True).returncode:
        subprocess.run(["tmux", "new-session", "-d", "-s", KEEPALIVE, "sleep", "3600"])


def retried(run: Callable[[], T], attempts: int = 3) -> T:
    """``run()``, again if the tmux server went away under it."""
    for attempt in range(attempts):
        try:
            return run()
        except SessionLost:
            if attempt == attempts - 1:
                raise
            print("  (tmux server lost: run again)", file=sys.stderr)
            time.sleep(0.5)
    raise AssertionError("unreachable")


def screen_times(
    command: list[str], markers: list[str], size: tuple[int, int], *, file: Path | None = None
) -> list[float]:
    """Seconds from launch until each marker is first on the screen (and, with ``file``,
    then until that file exists: the last of the list)."""
    start = launch(command, size)
    written: float | None = None
    seen: dict[str, float] = {}
    try:
        while True:
            captured = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True
            )
            if captured.returncode:
                raise SessionLost
            screen = captured.stdout
            now = time.perf_counter() - start
            for marker in markers:
                if marker in screen:
                    seen.setdefault(marker, now)
            if file is not None and written is None and file.exists():
                written = now
            if len(seen) == len(markers) and (file is None or written is not None):
                return [seen[m] for m in markers] + ([written] if written is not None else [])
            if now > 60:
                raise TimeoutError(f"{markers!r} never all appeared:\n{screen}")
            time.sleep(0.005)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def first_words(python: str, key: str, script: list[str]) -> str:
    """The first six characters of the report's first paragraph (not its title)."""
    out = subprocess.run(
        [python, "-m", "trendreader", *script, "read", key, "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    passages = json.loads(out)["passages"]
    text = next(p["text"] for p in passages if p["kind"] == "paragraph" and len(p["text"]) > 12)
    return text[:6]


def generated_library(count: int) -> Path:
    """The seeds plus ``count`` generated reports in one folder (made once, then kept)."""
    folder = Path(tempfile.gettempdir()) / f"trendreader-startup-{count}"
    if not (folder / "seeds-in").exists():
        folder.mkdir(exist_ok=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen_library.py"), str(count), str(folder)],
            check=True,
        )
        for seed in (ROOT / "seeds").iterdir():
            if seed.is_file():
                shutil.copy2(seed, folder / seed.name)
        (folder / "seeds-in").write_text("", encoding="utf-8")
    return folder


def read_for_a_while(command: list[str], seconds: float) -> None:
    launch(command, SIZE)
    time.sleep(seconds)
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--key", default="000_933e302ea0e991db")
    parser.add_argument(
        "--script",
        help="open in this script (e.g. simplified); a first run reads it for 3 s, as a user "
        "would, so its conversion is saved",
    )
    parser.add_argument(
        "--library",
        help="N: the seeds plus N reports from bench/gen_library.py (made once under the temp "
        "dir), opened with --library; the first run parses it, the measured runs use its cache",
    )
    parser.add_argument("--folder", help="open this folder of reports (with --key one of them)")
    parser.add_argument(
        "--cold", action="store_true", help="remove the reader's cache before each of its runs"
    )
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed")
    seed = args.key if not args.folder else "000_933e302ea0e991db"  # the bare app's page
    path = next((ROOT / "seeds").glob(seed + ".*"))
    home = tempfile.mkdtemp(prefix="trendreader-bench-")
    cache = Path(home) / "cache"
    python = sys.executable
    script = ["--script", args.script] if args.script else []
    # --ui en: the footer marker below is "Quit" (the interface follows the locale otherwise)
    library = ["--library", str(generated_library(int(args.library)))] if args.library else []
    if args.folder:
        library = ["--library", str(Path(args.folder).resolve())]
    ours = [
        python,
        "-m",
        "trendreader",
        "--ui",
        "en",
        "--data-dir",
        home,
        *library,
        *script,
        "open",
        args.key,
    ]
    bare_marker = first_words(python, seed, [])  # the file as it is
    # as trendreader shows it (a scratch home: the user's own cache is left alone)
    marker = first_words(python, args.key, ["--data-dir", home, *library, *script])
    commands = {
        "bare textual": [python, str(ROOT / "bench" / "bare_app.py"), str(path)],
        "trendreader": ours,
    }
    results: dict[str, list[float]] = {}
    keep_alive()
    try:
        # warm-up: bytecode, caches
        retried(lambda: first_paint(commands["bare textual"], bare_marker, SIZE))
        # and the parsed library: a first start reads it after its first paint, then writes
        # the cache (until then, quitting leaves the next start cold)
        retried(lambda: screen_times(ours, [marker], SIZE, file=cache / "library.pickle"))
        if script:
            read_for_a_while(ours, 3.0)
        results = {name: [] for name in commands}
        chrome: list[float] = []  # trendreader: until the footer's keys are in as well
        whole: list[float] = []  # --cold: until the whole library is in (cache written)
        watch = cache / "library.pickle" if args.cold else None

        def our_run() -> list[float]:
            if args.cold:
                shutil.rmtree(cache, ignore_errors=True)
            return screen_times(commands["trendreader"], [marker, "Quit"], SIZE, file=watch)

        for _ in range(args.runs):  # alternate, so a busy moment hits both apps alike
            bare_run = retried(lambda: first_paint(commands["bare textual"], bare_marker, SIZE))
            results["bare textual"].append(bare_run)
            times = retried(our_run)
            results["trendreader"].append(times[0])
            chrome.append(times[1])
            if args.cold:
                whole.append(times[2])
    finally:
        subprocess.run(["tmux", "kill-session", "-t", KEEPALIVE], capture_output=True)
    bare = statistics.median(results["bare textual"])
    what = f"seeds + {args.library} reports" if args.library else "the seeds"
    if args.folder:
        what = args.folder
    if args.cold:
        what += ", cold cache"
    print(f"first paint, median of {args.runs} (120x40, tmux, {what}):")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"  {name:<13} {median * 1000:7.1f} ms   (min {min(times) * 1000:.1f}, "
            f"max {max(times) * 1000:.1f})   ratio {median / bare:.2f}x"
        )
    print(
        f"  trendreader, header, sidebar and footer in as well: "
        f"{statistics.median(chrome) * 1000:.1f} ms"
    )
    if whole:
        print(
            f"  trendreader, the whole library in (the cache written): "
            f"{statistics.median(whole) * 1000:.1f} ms   (min {min(whole) * 1000:.1f}, "
            f"max {max(whole) * 1000:.1f})"
        )


if __name__ == "__main__":
    main()
