"""The library's orders, made cheaper, stay what they were: ``report_files`` lists what
``rglob`` found in the order ``Path`` objects sort in, and reports sort by ``_sort_key``
(natural keys worked out only where year and date tie)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path, PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from trendreader.library import catalog, model
from trendreader.library.catalog import report_files
from trendreader.library.model import REPORT_SUFFIXES, Edition, Metadata, Report
from trendreader.library.titles import natural_key


def _original_sort_key(report: Report) -> tuple[object, ...]:
    """What ``catalog._sort_key`` was, on ``Report``'s own properties."""
    date = report.date.isoformat() if report.date else ""
    return (
        report.year is None,
        -(report.year or 0),
        "".join(chr(0x10FFFF - ord(c)) for c in date),
        natural_key(report.title),
        natural_key(report.key),
    )


def _rglob_files(folder: Path) -> list[Path]:
    """What ``report_files`` was: ``rglob`` and ``Path`` sorting."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in REPORT_SUFFIXES and p.is_file() and not p.name.startswith(".")
    )


def test_report_files_are_what_rglob_found_in_path_order(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    names = [
        "a.md",
        "a b.md",
        "a-b/x.md",
        "a/b.md",
        "a/b/c.txt",
        "a.b/c.md",
        "A.md",
        "B.MD",
        "z.markdown",
        "报告/第10期.md",
        "报告/第2期.md",
        "报告-汇编/第1期.pdf",
        "x.html",
        "x.htm",
        "y.epub",
        ".hidden.md",  # hidden file: left out
        ".h/in-hidden-folder.md",  # a hidden folder is entered, as rglob does
        "notes",
        "notes.doc",
        "trailing.",
        "folder.md/inside.md",  # a folder named like a report is entered, not listed
    ]
    for name in names:
        path = lib / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# t\n", "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.md").write_text("# o\n", "utf-8")
    os.symlink(outside, lib / "linked-folder")  # not entered
    os.symlink(outside / "o.md", lib / "linked-file.md")  # a report
    os.symlink(tmp_path / "missing.md", lib / "broken.md")  # not a file
    found = report_files(lib)
    assert found == _rglob_files(lib)
    assert lib / "linked-file.md" in found and lib / "a-b" / "x.md" in found
    assert all(isinstance(path, Path) for path in found)
    assert report_files(tmp_path / "none") == []


_PART = st.text(alphabet=" -.!#_0aAz第期报/", min_size=1, max_size=4).filter(
    lambda s: "/" not in s and s not in (".", "..")
)


@given(st.lists(st.lists(_PART, min_size=1, max_size=3), max_size=12))
def test_the_string_order_is_the_path_order(parts: list[list[str]]) -> None:
    names = [os.path.join("/lib", *p) for p in parts]
    assert [Path(n) for n in sorted(names, key=catalog._part_order)] == sorted(
        Path(n) for n in names
    )


def _edition(key: str, title: str, date: datetime | None, year: int | None) -> Edition:
    meta = Metadata(title=title, date=date, year=year)
    return Edition(key, Path(f"{key}.md"), "simplified", "utf-8", meta, (), "h" + key)


_DATES = st.one_of(
    st.none(),
    st.sampled_from([datetime(2021, 3, 4), datetime(2021, 3, 4, 12, 30), datetime(2023, 1, 2)]),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
)
_TITLES = st.sampled_from(["", "第2期", "第10期", "第 2 期", "Report 9", "report 10", "报告"])
_EDITIONS = st.tuples(_TITLES, _DATES, st.sampled_from([None, 0, 2021, 2023]))


@given(st.lists(st.lists(_EDITIONS, min_size=1, max_size=2), max_size=30))
def test_reports_sort_as_the_full_key_says(
    items: list[list[tuple[str, datetime | None, int | None]]],
) -> None:
    reports = [
        Report(
            key=f"k{n}",
            editions=tuple(_edition(f"k{n}.{m}", *edition) for m, edition in enumerate(group)),
        )
        for n, group in enumerate(items)
    ]
    assert catalog._sorted_reports(reports) == sorted(reports, key=_original_sort_key)


@given(st.text(max_size=30))
def test_invert_maps_each_character_as_before(text: str) -> None:
    assert catalog._invert(text) == "".join(chr(0x10FFFF - ord(c)) for c in text)


def test_a_child_path_is_the_division_with_or_without_the_shortcut() -> None:
    for parent in (Path("/lib/sub"), Path("lib"), Path("."), PurePosixPath("/lib")):
        child = model._child(parent, "第2期 a.md")  # type: ignore[arg-type]
        assert child == parent / "第2期 a.md" and str(child) == str(parent / "第2期 a.md")
        assert type(child) is type(parent)
