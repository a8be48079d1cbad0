"""Sidecar values are checked before they reach the library and the index (issue 11).

Before: a sidecar ``year`` was taken as it came (``99999999999999999999``, ``-5``, a
``title`` holding an escape sequence), and Whoosh traced back on the year, so ``add`` failed
after copying and every later ``search``, ``index`` and ``trends`` exited 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run
from trendreader.library.catalog import load_library
from trendreader.library.sidecar import YEAR_RANGE, sidecar_problems

BODY = "# 芯片的故事\n\n推理芯片是大模型落地的关键。\n"


def report(folder: Path, sidecar: str, name: str = "r") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(BODY, "utf-8")
    (folder / f"{name}.meta.toml").write_text(sidecar, "utf-8")
    return path


@pytest.mark.parametrize(
    ("sidecar", "field"),
    [
        ("year = 99999999999999999999\n", "year"),
        ("year = -5\n", "year"),
        ("year = 1899\n", "year"),
        ("year = true\n", "year"),
        ('year = "2024"\n', "year"),
        ("date = 0001-01-01\n", "date"),
        ('date = "tomorrow"\n', "date"),
        ("title = 5\n", "title"),
        ("author = [1, 2]\n", "author"),
        ('source = { a = "b" }\n', "source"),
    ],
)
def test_a_bad_value_is_refused_and_the_report_still_loads(
    tmp_path: Path, sidecar: str, field: str
) -> None:
    path = report(tmp_path, sidecar)
    library = load_library([tmp_path])
    assert [r.key for r in library.reports] == ["r"]
    meta = library.reports[0].primary.meta
    assert meta.year is None and meta.date is None  # guessed: the body has no date
    assert meta.title == "芯片的故事"
    problems = sidecar_problems(path)
    assert len(problems) == 1
    assert "r.meta.toml" in problems[0] and f"`{field}`" in problems[0]
    assert "\n" not in problems[0]


def test_good_values_are_used(tmp_path: Path) -> None:
    low, high = YEAR_RANGE
    path = report(tmp_path, f'year = {high}\ntitle = "别的标题"\nauthor = "某人"\n')
    meta = load_library([tmp_path]).reports[0].primary.meta
    assert (meta.year, meta.title, meta.author) == (high, "别的标题", "某人")
    assert sidecar_problems(path) == []
    report(tmp_path, "date = 1900-01-02\n", name="old")
    old = load_library([tmp_path]).find("old")
    assert old is not None and old[1].meta.year == low


def test_sidecar_strings_are_cleaned(tmp_path: Path) -> None:
    report(
        tmp_path,
        'title = "T\\u001b]52;c;QUFB\\u001b\\\\\\u001b]2;x\\u0007题\\u202e"\n'
        'author = "作\\n者\\t甲"\nsource = "\\u009b31m来源"\n',
    )
    meta = load_library([tmp_path]).reports[0].primary.meta
    assert meta.title == "T题"
    assert meta.author == "作 者 甲"
    assert meta.source == "来源"


def test_add_with_a_huge_year_then_every_command_works(isolated_home: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    report(inbox, "year = 99999999999999999999\n", name="huge")
    report(inbox, "year = -5\n", name="negative")
    (inbox / "negative.md").write_text("# 电池\n\n固态电池的能量密度更高。\n", "utf-8")
    added = run("add", str(inbox), home=isolated_home, check=False)
    assert added.returncode == 0, added.stderr
    assert "Traceback" not in added.stderr
    warnings = [line for line in added.stderr.splitlines() if "meta.toml" in line]
    assert len(warnings) == 2 and all("`year`" in line for line in warnings)
    assert "2 added" in added.stderr
    for args in (("search", "推理芯片"), ("index",), ("trends",), ("list", "--json")):
        result = run(*args, home=isolated_home, check=False)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert "huge" in run("search", "推理芯片", home=isolated_home).stdout


def test_problems_told_in_another_catalog_are_told_again_in_this_one(tmp_path: Path) -> None:
    from trendreader import i18n
    from trendreader.library import catalog
    from trendreader.library.catalog import in_this_catalog, load_library

    (tmp_path / "one.md").write_text("# 第一篇\n\n正文。\n", "utf-8")
    (tmp_path / "one.meta.toml").write_text('year = "abc"\nauthor = 3\n', "utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "big.md").write_bytes(b"\x00" * (catalog.RETELL_MAX_BYTES + 1))
    before = i18n.current_locale()
    try:
        i18n.use("zh_Hans")
        problems = load_library([tmp_path]).problems
        assert in_this_catalog(problems) == problems  # told in this catalog already
        i18n.use("zh_TW")
        again = in_this_catalog(problems)
        lines = {p.path.name: p.reason for p in again if p.skipped}
        assert lines["empty.md"] == "empty.md: 空檔案"
        big = next(p for p in problems if p.path.name == "big.md")
        assert lines["big.md"] == big.reason  # too big to read again: as it was told
        sidecar = [p.reason for p in again if not p.skipped]
        assert len(sidecar) == 2 and all("欄位" in line for line in sidecar)
        assert all(p.told_in == "zh_TW" for p in again if p is not big)
        (tmp_path / "one.meta.toml").write_text("year = 2024\n", "utf-8")  # mended since
        assert not [p for p in in_this_catalog(problems) if not p.skipped]
    finally:
        i18n.use(before)


def test_a_refusal_made_elsewhere_keeps_its_catalog_and_is_told_again(tmp_path: Path) -> None:
    """A worker started before the reader chose its catalog refuses a file in the one it
    had: the refusal, pickled back, says which, so the reader tells it again in its own."""
    import pickle

    from trendreader import i18n
    from trendreader.library.catalog import in_this_catalog, refused_problem
    from trendreader.library.parse import ReportFileError, read_edition

    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    before = i18n.current_locale()
    try:
        i18n.use("zh_Hans")
        with pytest.raises(ReportFileError) as raised:
            read_edition(empty)
        i18n.use("zh_TW")
        back = pickle.loads(pickle.dumps(raised.value))
        assert (str(back), back.told_in) == ("empty.md: 空文件", "zh_Hans")
        problem = refused_problem(empty, back)
        assert problem.told_in == "zh_Hans"
        (again,) = in_this_catalog([problem])
        assert (again.reason, again.told_in) == ("empty.md: 空檔案", "zh_TW")
    finally:
        i18n.use(before)


def test_only_a_few_refused_files_are_read_again_in_one_telling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trendreader import i18n
    from trendreader.library import catalog

    monkeypatch.setattr(catalog, "RETELL_MAX_FILES", 2)
    for n in range(5):
        (tmp_path / f"e{n}.md").write_bytes(b"")
    before = i18n.current_locale()
    try:
        i18n.use("zh_Hans")
        problems = catalog.load_library([tmp_path]).problems
        i18n.use("zh_TW")
        again = catalog.in_this_catalog(problems)
    finally:
        i18n.use(before)
    assert len(again) == 5
    assert sum(p.told_in == "zh_TW" for p in again) == 2  # the rest keep their lines
