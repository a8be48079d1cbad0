"""A sidecar (``NAME.meta.toml``) added, edited or removed after its report was cached is
seen by every reading of the cache: the full load, the listing, the kept library, the
reader's start and its background reading. The report file itself is not touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from trendreader.library import listing
from trendreader.library.catalog import Library, library_names, report_version
from trendreader.library.start import load_start_library
from trendreader.library.store import load_cached_library
from trendreader.paths import AppPaths

REPORT = "# 旧标题\n\n正文一段，关于芯片与电池。\n\n第二段，关于机器人。\n"
OTHER = "# 另一篇\n\n别的正文，关于自动驾驶。\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.md").write_text(REPORT, "utf-8")
    (folder / "b.md").write_text(OTHER, "utf-8")
    return folder


def _write_sidecar(folder: Path, text: str, mtime_s: int) -> None:
    """Write ``a.meta.toml`` with a set mtime (two writes in one clock tick stay apart)."""
    sidecar = folder / "a.meta.toml"
    sidecar.write_text(text, "utf-8")
    os.utime(sidecar, ns=(mtime_s * 10**9, mtime_s * 10**9))


def _title_and_year(found: Library) -> tuple[str, int | None]:
    report = next(r for r in found.reports if r.key == "a")
    return report.editions[0].meta.title, report.year


def _listed(paths: AppPaths, folder: Path) -> tuple[str, int | None]:
    found = listing.load_cached_listing(paths, [folder], update=True)
    assert found is not None
    return _title_and_year(found[0])


def _loaded(paths: AppPaths, folder: Path) -> tuple[str, int | None]:
    return _title_and_year(load_cached_library(paths, [folder]))


@pytest.mark.parametrize("read", [_listed, _loaded], ids=["listing", "full load"])
def test_a_sidecar_added_edited_and_removed_after_caching_is_seen(
    library: Path, paths: AppPaths, read
) -> None:
    report_stat = (library / "a.md").stat()
    assert _loaded(paths, library) == ("旧标题", None)  # cached without a sidecar
    assert read(paths, library) == ("旧标题", None)

    _write_sidecar(library, 'title = "新标题"\n', 1_700_000_000)
    assert read(paths, library) == ("新标题", None)
    assert read(paths, library) == ("新标题", None)  # and again, from what was cached

    _write_sidecar(library, 'title = "又改的标题"\nyear = 2031\n', 1_700_000_100)
    assert read(paths, library) == ("又改的标题", 2031)

    (library / "a.meta.toml").unlink()
    assert read(paths, library) == ("旧标题", None)
    after = (library / "a.md").stat()
    assert (after.st_size, after.st_mtime_ns) == (report_stat.st_size, report_stat.st_mtime_ns)


def test_the_kept_library_is_not_read_back_over_a_changed_sidecar(
    library: Path, paths: AppPaths
) -> None:
    _write_sidecar(library, 'title = "第一版"\n', 1_700_000_000)
    assert _loaded(paths, library) == ("第一版", None)  # writes the kept library too
    assert _listed(paths, library) == ("第一版", None)  # read back: nothing changed
    # the same size, another mtime: an edit the kept library must not hide
    _write_sidecar(library, 'title = "第二版"\n', 1_700_000_200)
    assert _listed(paths, library) == ("第二版", None)


def test_the_readers_start_parses_a_report_whose_sidecar_changed(
    library: Path, paths: AppPaths
) -> None:
    load_cached_library(paths, [library])  # both files in the cache's listing
    _write_sidecar(library, 'title = "新标题"\n', 1_700_000_000)
    started = load_start_library(paths, [library], budget=0)
    assert started is not None
    found, _counts, rest = started
    keys = [r.key for r in found.reports]
    # b is as cached; a is new to the cache, so it is read later (or now, as the one page)
    assert "b" in keys
    if "a" in keys:
        assert _title_and_year(found) == ("新标题", None)
    whole = rest.read(lambda batch: None, every=lambda: 0.0)
    assert whole is not None
    assert _title_and_year(whole) == ("新标题", None)


def test_a_background_parse_is_not_reused_once_the_sidecar_changed(
    library: Path, paths: AppPaths
) -> None:
    """What the reader parsed before the sidecar was written is parsed again by the load."""
    from trendreader.library.background import parse_chunk

    jobs = [(library / "a.md", "a", False), (library / "b.md", "b", False)]
    parsed = dict(parse_chunk(jobs))
    assert parsed[str(library / "a.md")][2].meta.title == "旧标题"
    _write_sidecar(library, 'title = "新标题"\n', 1_700_000_000)
    assert _title_and_year(load_cached_library(paths, [library], parsed=parsed)) == (
        "新标题",
        None,
    )


def test_a_version_is_the_mtime_alone_without_a_sidecar(library: Path) -> None:
    report = library / "a.md"
    stat = report.stat()
    sidecars: set[str] = set()
    library_names([library], sidecars=sidecars)
    assert report_version(str(report), stat) == stat.st_mtime_ns
    assert report_version(str(report), stat, sidecars) == stat.st_mtime_ns

    _write_sidecar(library, 'title = "x"\n', 1_700_000_000)
    # a sidecar the scan did not find is not looked up when the scan's findings are given
    assert report_version(str(report), stat, sidecars) == stat.st_mtime_ns
    library_names([library], sidecars=sidecars)
    with_sidecar = report_version(str(report), stat, sidecars)
    assert with_sidecar == report_version(str(report), stat)  # the same, looked up or not
    sidecar = (library / "a.meta.toml").stat()
    assert with_sidecar == (
        stat.st_mtime_ns,
        sidecar.st_size,
        1_700_000_000 * 10**9,
        sidecar.st_ctime_ns,
    )
    assert sidecar.st_size == len('title = "x"\n')
    _write_sidecar(library, 'title = "x"\n', 1_700_000_001)
    assert report_version(str(report), stat) != with_sidecar


def test_a_sidecar_made_readable_is_read_again(library: Path, paths: AppPaths) -> None:
    """``chmod`` changes no size or mtime, only the ctime: the version changes with it."""
    report = library / "a.md"
    _write_sidecar(library, 'title = "新标题"\n', 1_700_000_000)
    sidecar = library / "a.meta.toml"
    before = report_version(str(report), report.stat())
    time.sleep(0.05)  # past the file system's clock tick (a few ms), so the ctime moves on
    os.chmod(sidecar, 0o600)
    assert sidecar.stat().st_mtime_ns == 1_700_000_000 * 10**9  # chmod left the mtime alone
    after = report_version(str(report), report.stat())
    assert isinstance(before, tuple) and isinstance(after, tuple)
    assert after[:3] == before[:3] and after[3] > before[3]


def _warnings(found: Library) -> list[str]:
    return [p.reason for p in found.problems if not p.skipped]


def test_the_kept_library_keeps_the_sidecars_warnings_as_they_are_now(
    library: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trendreader.library import sidecar

    _write_sidecar(library, 'title = "新标题"\nyear = "abc"\n', 1_700_000_000)
    load_cached_library(paths, [library])
    first = listing.load_cached_listing(paths, [library])
    assert first is not None
    (warning,) = _warnings(first[0])
    assert "a.meta.toml" in warning and "year" in warning

    read: list[Path] = []
    original = sidecar.sidecar_problems
    monkeypatch.setattr(
        sidecar, "sidecar_problems", lambda path: read.append(path) or original(path)
    )
    again = listing.load_cached_listing(paths, [library])
    assert again is not None
    assert _warnings(again[0]) == [warning]  # kept with the library
    assert read == []  # no sidecar read again

    _write_sidecar(library, 'title = "新标题"\nyear = 2030\n', 1_700_000_100)  # put right
    fixed = listing.load_cached_listing(paths, [library], update=True)
    assert fixed is not None
    assert _warnings(fixed[0]) == []
    assert _title_and_year(fixed[0]) == ("新标题", 2030)
    assert _warnings(listing.load_cached_listing(paths, [library])[0]) == []  # kept: none


def test_kept_warnings_in_another_language_are_read_again(library: Path, paths: AppPaths) -> None:
    from trendreader import i18n

    _write_sidecar(library, 'year = "abc"\n', 1_700_000_000)
    load_cached_library(paths, [library])  # the warnings kept in English
    i18n.use("zh_Hans")
    try:
        found = listing.load_cached_listing(paths, [library])
    finally:
        i18n.use("en")
    assert found is not None
    (warning,) = _warnings(found[0])
    assert "推测" in warning  # in the interface's language now, not the kept one
