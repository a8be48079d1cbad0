"""Time to first paint in a real terminal (tmux), trendreader vs a bare Textual app.

Both show seed 000. The clock starts when tmux launches the command and stops when the
first line of the report's prose is on the screen (capture-pane polled every 5 ms).
Median of N runs after one warm-up run each; the two apps take turns.

    python bench/startup.py [--runs 5] [--key 000_933e302ea0e991db]
    python bench/startup.py --library 2000   # the seeds + 2,000 generated reports (issue 14:
                                             # first paint within 1.3x the seeds' one)
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSION = "trendreader-bench"
SIZE = (120, 40)
KEEPALIVE = "trendreader-bench-keepalive"  # keeps the tmux server up between runs
# A user's installed package has bytecode (pip compiles it; an editable install writes it
# on first import). Some shells export PYTHONDONTWRITEBYTECODE, which would make every run
# compile our modules from source while Textual's wheel has its .pyc: drop it for both apps.
CLEAN_ENV = ["env", "-u", "PYTHONDONTWRITEBYTECODE"]


def first_paint(command: list[str], marker: str, size: tuple[int, int]) -> float:
    return screen_times(command, [marker], size)[0]


def launch(command: list[str], size: tuple[int, int]) -> float:
    """Start ``command`` in a fresh tmux session of ``size``; returns the launch time."""
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    start = time.perf_counter()
    tmux = ["tmux", "new-session", "-d", "-s", SESSION, "-x", str(size[0]), "-y", str(size[1])]
    subprocess.run([*tmux, *CLEAN_ENV, *command], check=True)
    return start


def screen_times(command: list[str], markers: list[str], size: tuple[int, int]) -> list[float]:
    """Seconds from launch until each marker is first on the screen."""
    start = launch(command, size)
    seen: dict[str, float] = {}
    try:
        while True:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True
            ).stdout
            now = time.perf_counter() - start
            for marker in markers:
                if marker in screen:
                    seen.setdefault(marker, now)
            if len(seen) == len(markers):
                return [seen[m] for m in markers]
            if now > 30:
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
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed")
    path = next((ROOT / "seeds").glob(args.key + ".*"))
    home = tempfile.mkdtemp(prefix="trendreader-bench-")
    python = sys.executable
    script = ["--script", args.script] if args.script else []
    # --ui en: the footer marker below is "Quit" (the interface follows the locale otherwise)
    library = ["--library", str(generated_library(int(args.library)))] if args.library else []
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
    bare_marker = first_words(python, args.key, [])  # the file as it is
    marker = first_words(python, args.key, script)  # as trendreader shows it
    commands = {
        "bare textual": [python, str(ROOT / "bench" / "bare_app.py"), str(path)],
        "trendreader": ours,
    }
    results: dict[str, list[float]] = {}
    subprocess.run(["tmux", "new-session", "-d", "-s", KEEPALIVE, "sleep", "3600"], check=True)
    try:
        first_paint(commands["bare textual"], bare_marker, SIZE)  # warm-up: bytecode, caches
        first_paint(ours, marker, SIZE)  # and the parsed library
        if script:
            read_for_a_while(ours, 3.0)
        results = {name: [] for name in commands}
        chrome: list[float] = []  # trendreader: until the footer's keys are in as well
        for _ in range(args.runs):  # alternate, so a busy moment hits both apps alike
            results["bare textual"].append(first_paint(commands["bare textual"], bare_marker, SIZE))
            page, keys = screen_times(commands["trendreader"], [marker, "Quit"], SIZE)
            results["trendreader"].append(page)
            chrome.append(keys)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", KEEPALIVE], capture_output=True)
    bare = statistics.median(results["bare textual"])
    what = f"seeds + {args.library} reports" if args.library else "the seeds"
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


if __name__ == "__main__":
    main()
