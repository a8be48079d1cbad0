"""``trendreader trends`` answers from what an earlier run saved (issue 14, item 6): the same
output, without Whoosh; never from figures of another library state."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from trendreader.script.variants import Variant
from trendreader.trends.model import Trend
from trendreader.trends.saved import (
    COUNTS_FILE,
    MentionCounts,
    ReportCount,
    SavedTrends,
    code_state,
)

CHECK = (
    "import sys\nfrom trendreader.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print('WHOOSH' if 'whoosh' in sys.modules else 'NO-WHOOSH', file=sys.stderr)\n"
    "raise SystemExit(status)"
)


def trends(home: Path, library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRENDREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    argv = ["--library", str(library), "trends", *args]
    return subprocess.run(
        [sys.executable, "-c", CHECK, *argv], capture_output=True, text=True, env=env, timeout=300
    )


def write_library(folder: Path, mentions: int) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "a.md").write_text(
        "# 2024年的报告\n\n" + "".join(f"第{n}段谈自动驾驶。\n\n" for n in range(mentions)),
        "utf-8",
    )
    (folder / "b.md").write_text("# 2023年的报告\n\n固态电池。\n\n自动驾驶。\n", "utf-8")


def counts_of(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(name + "\t"))


def test_a_second_run_is_the_same_without_whoosh(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    write_library(library, 3)
    first = trends(tmp_path / "home", library)
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip().endswith("WHOOSH") and "NO-WHOOSH" not in first.stderr
    again = trends(tmp_path / "home", library)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert "NO-WHOOSH" in again.stderr
    assert counts_of(again.stdout, "自动驾驶").split("\t")[2:4] == ["2", "4"]
    for variant in ("tw", "s"):  # another script: searched once, then saved too
        shown = trends(tmp_path / "home", library, "--script", variant)
        assert shown.returncode == 0 and "NO-WHOOSH" not in shown.stderr
        assert trends(tmp_path / "home", library, "--script", variant).stdout == shown.stdout


def test_a_changed_report_is_counted_again(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    write_library(library, 3)
    assert trends(tmp_path / "home", library).returncode == 0
    write_library(library, 7)
    changed = trends(tmp_path / "home", library)
    assert changed.returncode == 0, changed.stderr
    assert "NO-WHOOSH" not in changed.stderr  # searched again
    assert counts_of(changed.stdout, "自动驾驶").split("\t")[2:4] == ["2", "8"]


def test_a_new_trend_of_the_users_is_counted(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    write_library(library, 2)
    home = tmp_path / "home"
    assert trends(home, library).returncode == 0
    env = {**os.environ, "TRENDREADER_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "trendreader", "--library", str(library), "trends", "add", "电池"],
        check=True,
        capture_output=True,
        env=env,
    )
    listed = trends(home, library)
    assert counts_of(listed.stdout, "电池").split("\t")[1:4] == ["user", "1", "1"]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"format": 99})])
def test_a_damaged_or_foreign_file_is_ignored(tmp_path: Path, damage: bytes) -> None:
    library = tmp_path / "lib"
    write_library(library, 3)
    home = tmp_path / "home"
    good = trends(home, library).stdout
    (home / "cache" / COUNTS_FILE).write_bytes(damage)
    again = trends(home, library)
    assert again.returncode == 0 and again.stdout == good
    assert SavedTrends(home / "cache", "x").suggested(("any",)) is None


def test_figures_of_another_state_are_not_used(tmp_path: Path) -> None:
    trend = Trend("自动驾驶", ("自动驾驶",))
    counts = MentionCounts(trend, Variant.TAIWAN, (ReportCount("a", 2024, 3),), 3)
    saved = SavedTrends(tmp_path, "state-1")
    saved.remember_counts(counts)
    saved.remember_suggested("key", [trend])
    saved.save()
    same = SavedTrends(tmp_path, "state-1")
    assert same.counts(trend, Variant.TAIWAN) == counts
    assert same.counts(trend, Variant.SIMPLIFIED) is None
    assert same.suggested("key") == [trend]
    assert same.counts(trend, Variant.TAIWAN).by_year() == {2024: 3}  # type: ignore[union-attr]
    other = SavedTrends(tmp_path, "state-2")
    assert other.counts(trend, Variant.TAIWAN) is None and other.suggested("key") is None
    assert len(code_state()) == 32


def test_a_term_index_pickles_with_each_report_number_once(seed_library) -> None:  # type: ignore[no-untyped-def]
    """Read back, the index is the one built, its report numbers shared objects (an int a
    posting was ~415,000 objects, 11 MB, at 10,000 reports)."""
    from trendreader.trends.keywords import TermIndex, build_term_index

    built = build_term_index(seed_library)
    loaded = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    assert loaded == built and loaded.keywords() == built.keywords()
    # numbers past the interpreter's small ints (a library of more than 256 reports)
    size = 1_000
    where = {"机器人": tuple(range(300, size)), "芯片": tuple(range(500, size, 2))}
    big = TermIndex(tuple(map(str, range(size))), (2024,) * size, where, {"机器人": 9, "芯片": 4})
    loaded = pickle.loads(pickle.dumps(big, protocol=pickle.HIGHEST_PROTOCOL))
    assert loaded == big and loaded.where == where and type(loaded.where["芯片"]) is tuple
    numbers = {id(n) for reports in loaded.where.values() for n in reports}
    assert len(numbers) == len(set(where["机器人"]) | set(where["芯片"]))


def _reader_catalog(home: Path, service, library, store):  # type: ignore[no-untyped-def]
    from trendreader.trends.catalog import TrendCatalog
    from trendreader.trends.mentions import MentionFinder
    from trendreader.trends.saved import library_state

    def saved_for(lib):  # type: ignore[no-untyped-def]
        return SavedTrends(home, library_state(lib), terms_only=True)

    return TrendCatalog(store, MentionFinder(service, library), library, saved_for=saved_for)


def test_the_reader_reads_its_term_index_and_year_table_back_without_segmenting(
    tmp_path: Path, seed_service, seed_library, store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A reader's second start: the term index and the first trend's year table come from
    the cache folder, no word is segmented (rjieba, ~33 MB once loaded, is not loaded) and
    everything shown is the same; the CLI's counts file is neither read nor written."""
    from trendreader.trends import keywords

    first = _reader_catalog(tmp_path, seed_service, seed_library, store)
    trends = first.trends()
    years = first.years(trends[0], Variant.SIMPLIFIED)
    assert (tmp_path / "trends-terms.pickle").exists()
    assert (tmp_path / "trends-years.pickle").exists()
    assert not (tmp_path / COUNTS_FILE).exists()

    def no_segmenting(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("segmented again")

    monkeypatch.setattr(keywords, "segment", no_segmenting)
    again = _reader_catalog(tmp_path, seed_service, seed_library, store)
    assert again.trends() == trends
    assert again.years(trends[0], Variant.SIMPLIFIED) == years
    assert again.term_index() == first.term_index()
    assert not (tmp_path / COUNTS_FILE).exists()


def test_a_year_table_of_partial_mentions_is_not_saved(
    tmp_path: Path, seed_service, seed_library, store
) -> None:  # type: ignore[no-untyped-def]
    """Mentions found while the index lacked editions (scanned) may differ from the whole
    index's: their year table is shown, not kept for the next start."""
    from dataclasses import replace

    catalog = _reader_catalog(tmp_path, seed_service, seed_library, store)
    trend = catalog.trends()[0]
    whole = catalog.finder.mentions(trend, Variant.ORIGINAL)
    catalog.finder.mentions = lambda t, v=Variant.ORIGINAL: replace(whole, partial=True)  # type: ignore[method-assign]
    assert catalog.years(trend, Variant.ORIGINAL)
    saved = catalog.saved
    assert saved is not None
    assert saved.years((trend.name, trend.aliases, trend.query, "original")) is None
