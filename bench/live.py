"""One report added to a large library: how long until a search finds it.

    python bench/live.py LIBRARY_DIR HOME [--runs 3]

LIBRARY_DIR is a folder of reports (make one with ``python bench/gen_library.py 2000 DIR``);
HOME a ``TRENDREADER_HOME`` that is reused between runs (the first run fills the caches and
the index: not timed). Two paths are timed, each ``--runs`` times, a new file each run:

- **running reader**: one process has the library loaded, the index open and OpenCC warm
  (as the TUI has); a file is written, then ``load_cached_library`` (what ``ctrl+r`` and the
  folder watcher run), ``SearchService.ensure_index`` and a search for a word only the new
  file holds. Each step is printed.
- **CLI**: ``trendreader --library LIBRARY_DIR search WORD`` in a fresh process, wall time;
  then the same command once more (a new file again) with its steps timed inside the process
  (start-up, walking the folder, reading and writing the cache, parsing, regrouping, the
  search and, within it, the document → edition key table). Timers add a little.

The new files are removed at the end. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from trendreader.library.store import load_cached_library
from trendreader.paths import resolve_paths
from trendreader.search.service import SearchService

WORDS = ("量子霍尔效应", "拓扑绝缘体", "钙钛矿电池", "固态锂金属", "超导量子比特", "磁约束聚变")


def new_report(folder: Path, run: int) -> tuple[Path, str]:
    word = WORDS[run % len(WORDS)]
    path = folder / f"zz_live_{os.getpid()}_{run}.md"
    path.write_text(
        f"# {word}的新进展\n\n2025-01-02\n\n{word}的研究进展很快，这是一份新报告。\n\n"
        "另一段文字，讲芯片与算力。\n",
        "utf-8",
    )
    return path, word


#: run in a fresh process: the CLI's search with its steps timed (printed on stderr)
_STEPS = r"""
import sys, time
started = time.perf_counter()
spent = {}
def timed(owner, name, label):
    original = getattr(owner, name, None)
    if original is None:  # (renamed since this bench was written: said, not timed)
        spent[label + " (" + name + " not found)"] = 0.0
        return
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            out = original(*args, **kwargs)
            return list(out) if label == "walk the folder" else out
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - t0
    setattr(owner, name, wrapper)
from trendreader import cli
from trendreader.atomic import write_pickle
from trendreader.library import editions, listing, parse, store
from trendreader.search import paging, service
timed(listing, "library_names", "walk the folder")
timed(store, "_read_file", "read cache files")
timed(store, "_load", "read cache files")
timed(store, "write_pickle", "write cache files")
timed(listing, "write_pickle", "write cache files")
timed(parse, "read_editions", "parse the new file")
timed(editions, "group_editions", "regroup")
timed(listing, "load_cached_listing", "listing in all")
timed(service.SearchService, "ensure_index", "index the new file")
timed(service.SearchService, "search", "search")
timed(paging.DocKeys, "__init__", "(of the search) document keys")
imported = time.perf_counter() - started
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
total = time.perf_counter() - started
steps = ", ".join(f"{k} {v:.3f}" for k, v in spent.items())
print(f"steps (s): imports {imported:.3f}, {steps}; in all {total:.3f}", file=sys.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("library", type=Path)
    parser.add_argument("home", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = resolve_paths(args.home)
    folders = [args.library]
    started = time.perf_counter()
    library = load_cached_library(paths, folders)
    service = SearchService(paths.index_dir)
    service.ensure_index(library)
    service.search("芯片", limit=5)
    print(
        f"{len(library.reports)} reports; set-up (not timed) {time.perf_counter() - started:.1f} s"
    )
    made: list[Path] = []
    try:
        for run in range(args.runs):
            path, word = new_report(args.library, run)
            made.append(path)
            t0 = time.perf_counter()
            library = load_cached_library(paths, folders)
            t1 = time.perf_counter()
            service.ensure_index(library)
            t2 = time.perf_counter()
            total = service.search(word, limit=5).total
            t3 = time.perf_counter()
            print(
                f"running reader, run {run + 1}: reload {t1 - t0:.3f} s, index {t2 - t1:.3f} s, "
                f"search {t3 - t2:.3f} s: searchable after {t3 - t0:.3f} s ({total} hits)"
            )
        service.close()
        env = {**os.environ, "TRENDREADER_HOME": str(args.home)}
        for run in range(args.runs, 2 * args.runs):
            path, word = new_report(args.library, run)
            made.append(path)
            t0 = time.perf_counter()
            out = subprocess.run(
                ["trendreader", "--library", str(args.library), "search", word],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            wall = time.perf_counter() - t0
            found = sum(1 for line in out.stdout.splitlines() if path.stem in line)
            print(f"CLI, run {run - args.runs + 1}: searchable after {wall:.3f} s ({found} hits)")
        path, word = new_report(args.library, 2 * args.runs)
        made.append(path)
        command = [sys.executable, "-c", _STEPS, "--library", str(args.library), "search", word]
        out = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        print(f"CLI with its steps timed: {out.stderr.strip().splitlines()[-1:]}")
    finally:
        for path in made:
            path.unlink(missing_ok=True)
        # leave the caches as the library is again (not timed)
        load_cached_library(paths, folders)
        SearchService(paths.index_dir).ensure_index(load_cached_library(paths, folders))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
