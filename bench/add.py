"""`trendreader add` of a generated folder: throughput, and the time until it is searchable.

    python bench/add.py [--reports 1000]

Generates the folder with bench/gen_library.py (fixed seed) in a temp dir, then, in one
process as the CLI does: validate + parse + de-duplicate + copy every file (add_files), load
the library again, and refresh the search index so the new reports are searchable.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_library import generate

from trendreader.library.importing import add_files
from trendreader.library.store import load_cached_library
from trendreader.paths import resolve_paths
from trendreader.resources import seeds_dir
from trendreader.search.service import SearchService


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="trendreader-add-"))
    folder = work / "inbox"
    generate(args.reports, folder)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    paths = resolve_paths(work / "home")
    folders, builtin = [seeds_dir(), paths.user_library], [seeds_dir()]
    library = load_cached_library(paths, folders, builtin=builtin)
    service = SearchService(paths.index_dir)
    service.ensure_index(library)  # the seeds were already searchable before the add

    start = time.perf_counter()
    outcomes = list(add_files([folder], library, paths.user_library))
    added = sum(1 for o in outcomes if o.added)
    copied = time.perf_counter() - start
    library = load_cached_library(paths, folders, builtin=builtin)
    loaded = time.perf_counter() - start
    status = service.ensure_index(library)
    searchable = time.perf_counter() - start
    hits = service.search("固态电池", limit=5).total

    mb = size / 1e6
    print(f"{args.reports} files, {mb:.1f} MB: {added} added, {len(outcomes) - added} refused")
    print(
        f"  validate + parse + copy   {copied:6.1f} s  {mb / copied:5.2f} MB/s  "
        f"{len(outcomes) / copied:6.0f} reports/s"
    )
    print(f"  library loaded again      {loaded:6.1f} s (parsed-library cache filled)")
    print(f"  searchable after          {searchable:6.1f} s  ({status.passages} passages indexed)")
    print(f"  check: '固态电池' → {hits} passages")


if __name__ == "__main__":
    main()
