"""The running reader's memory (issue 14, item 8: peak RSS while searching 10,000 reports
≤ 250 MB), measured in a real terminal (tmux) as a person uses it.

    python bench/reader_memory.py --library 10000 --home /tmp/h10000
    python bench/reader_memory.py --library 10000 --home H --query 机器人 --size 120x40
    python bench/reader_memory.py --library 10000 --home H --cold   # a first start
    python bench/reader_memory.py --library DIR --home H   # any folder (the seeds copied in)

``--library N``: N reports from bench/gen_library.py plus the five seeds (as bench/keys.py:
made once under the temp dir). The app (``python -m trendreader --library DIR --data-dir
HOME``) runs on a private tmux server. Unless ``--cold``, it is started once first and left
to finish its start-up work (parse, index, trend counts: until it uses under 5% of a core
for a second), then quit, so the measured start is a warm one, as every start after a
user's first; ``--cold`` empties the home's cache first. Then: wait until the app is idle
again and read its ``VmRSS``; press ``/``, type the query, wait for its hit count and
until idle, read ``VmRSS``; press enter (the first hit opens), wait until idle plus
``--settle`` seconds; read ``VmRSS`` and ``VmHWM`` (the peak since the process started)
from ``/proc/PID/status``. Linux only. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import keys  # bench/keys.py: its tmux driving

TARGET_MB = 250.0
SEARCH_READY = keys.re.compile(r"[\d,]+ hits? \(showing|\b0 hits\b|[\d,]+ hits? ·")


def status_mb(pid: int) -> dict[str, float]:
    """The ``Vm*`` and ``Rss*`` lines of ``/proc/PID/status``, in MB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name.startswith(("Vm", "Rss")) and value.strip().endswith("kB"):
            out[name] = int(value.split()[0]) / 1024
    return out


def start(library: keys.Library, home: Path, size: tuple[int, int]) -> int:
    """Start the reader in tmux and wait until it is ready and idle; its pid."""
    keys.launch(library, home, size, indexing=False, control=False)
    pid = int(keys.tmux("display-message", "-p", "-t", keys.SESSION, "#{pane_pid}").stdout)
    keys.wait_idle(pid)
    return pid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", required=True, help="N generated reports, or a folder")
    parser.add_argument("--home", help="the app's --data-dir (default: a fresh temp dir)")
    parser.add_argument("--query", default="机器人")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--settle", type=float, default=12.0, help="seconds after the search")
    parser.add_argument("--cold", action="store_true", help="measure a first start")
    args = parser.parse_args()
    if args.library.isdigit():
        library = keys.library_for(args.library)
    else:  # the report bench/keys.py opens is a seed
        library = keys.Library(Path(args.library).resolve(), args.library)
        for seed in (keys.ROOT / "seeds").iterdir():
            if seed.is_file() and not (library.folder / seed.name).exists():
                shutil.copy2(seed, library.folder / seed.name)
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="trendreader-mem-"))
    size = keys.parse_size(args.size)
    with keys.tmux_server():
        if args.cold:
            shutil.rmtree(home / "cache", ignore_errors=True)
        else:
            print("warming the home (a first start, then quit) …", flush=True)
            start(library, home, size)
            keys.tmux("kill-session", "-t", keys.SESSION)
        began = time.perf_counter()
        pid = start(library, home, size)
        ready = time.perf_counter() - began
        at_rest = status_mb(pid)
        keys.send("/")
        keys.wait_for(lambda s: keys.SCREEN_MARKERS["/"].search(s.text) is not None, 30, 0.05)
        for character in args.query:
            keys.send(character)
        screen = keys.wait_for(lambda s: SEARCH_READY.search(s.text) is not None, 120, 0.05)
        keys.wait_idle(pid)
        searched = status_mb(pid)
        keys.send("Enter")  # open the first hit
        keys.wait_still(0.05, still=1.0)
        keys.wait_idle(pid)
        time.sleep(args.settle)
        after = status_mb(pid)
    kind = "first start" if args.cold else "warm start"
    print(f"{library.folder} — {kind}, {size[0]}x{size[1]}, ready and idle in {ready:.1f} s")
    print(f"  at rest after start-up: VmRSS {at_rest['VmRSS']:.0f} MB")
    said = next((line.strip() for line in screen.plain if SEARCH_READY.search(line)), "")
    print(f"  searching {args.query!r} ({said}): VmRSS {searched['VmRSS']:.0f} MB")
    print(
        f"  the first hit open (+{args.settle:.0f} s): VmRSS {after['VmRSS']:.0f} MB,"
        f" RssAnon {after.get('RssAnon', 0):.0f} MB"
    )
    verdict = "PASS" if after["VmHWM"] <= TARGET_MB else "MISS"
    print(f"  peak VmHWM {after['VmHWM']:.0f} MB (target ≤ {TARGET_MB:.0f} MB: {verdict})")


if __name__ == "__main__":
    main()
