"""What ``trendreader open`` starts the reader from (context.start_loader): the cache's
listing when it is current, else the report to open parsed and the rest to read; where the
reader left off is the report parsed when no key is given (open_cmd.resume_keys)."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from trendreader.commands.open_cmd import resume_keys
from trendreader.context import attach_context
from trendreader.library.catalog import Library

KEY_004 = "004_0a39d42c6e4d68c6"


def context(home: Path, folder: Path) -> argparse.Namespace:
    args = argparse.Namespace(data_dir=str(home), library=str(folder), command="open")
    attach_context(args)
    return args


def test_a_cold_start_then_a_warm_one(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    args = context(tmp_path / "home", folder)
    library, counts, rest = args.start_loader(KEY_004, lambda: [])
    assert rest is not None and rest.done == 1
    assert [e.key for e in library.editions()] == [KEY_004] and counts[KEY_004] > 0
    rest.workers = 0
    assert rest.read(lambda batch: None) is not None  # the whole library, the cache written
    library, _counts, rest = context(tmp_path / "home", folder).start_loader(KEY_004, list)
    assert rest is None and len(library.reports) == 4  # the listing: every report, light
    assert all(not e.passages for e in library.editions())


def test_an_ambiguous_key_loads_the_whole_library(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    library, _counts, rest = context(tmp_path / "home", folder).start_loader("00", list)
    assert rest is None and len(library.reports) == 4  # its error names the candidates


def test_where_the_reader_left_off(tmp_path: Path) -> None:
    from trendreader.bookmarks.reading_state import ReadingState, save_position
    from trendreader.bookmarks.state_store import open_state_store

    paths = context(tmp_path / "home", SEEDS).paths
    assert resume_keys(paths) == []  # a first start
    state = ReadingState(report_key="000_933e302ea0e991db", edition_key="001_e66a1ed0cdcaae93")
    with open_state_store(paths.state_dir, paths.bookmarks_db) as store:
        save_position(store, state)
    assert resume_keys(paths) == ["000_933e302ea0e991db", "001_e66a1ed0cdcaae93"]


def test_open_keeps_no_hold_on_the_library_it_starts_the_reader_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up's listing is the app's to let go (once the whole library is in): the
    command that made it holds none of it while the reader runs."""
    import trendreader.tui.app as app_module
    from trendreader.commands.open_cmd import run_open

    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    args = context(tmp_path / "home", folder)
    args.key, args.variant = None, None
    seen: list[int] = []

    class App:
        return_code = 0

        def __init__(self, *, library: Library, **_: object) -> None:
            self.library = library

        def run(self) -> None:
            # held by this app alone (its attribute, and getrefcount's own argument); a
            # running function's local is seen by no gc.get_referrers, by its count only
            seen.append(sys.getrefcount(self.library))

    monkeypatch.setattr(app_module, "TrendReaderApp", App)
    assert run_open(args) == 0
    assert seen == [2]
