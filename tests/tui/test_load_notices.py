"""The reader tells the user of library files it refused and sidecar values it did not use:
once each, in one warning, at the start and after a reload; not again while they stay."""

from __future__ import annotations

from pathlib import Path

from tests.tui.pilot_helpers import Notes, until
from trendreader.library.catalog import LoadProblem, load_library
from trendreader.tui.load_notices import SHOWN_LINES, LoadNotices


def _problem(name: str, reason: str, *, skipped: bool = True) -> LoadProblem:
    return LoadProblem(Path(name), reason, skipped=skipped)


def test_each_problem_is_told_once() -> None:
    notices = LoadNotices()
    refused = _problem("x.md", "x.md: binary file")
    warned = _problem("a.md", "a.meta.toml: field `year` …", skipped=False)
    assert notices.lines_to_tell([refused, warned]) == [
        "skipped x.md: binary file",
        "a.meta.toml: field `year` …",
    ]
    assert notices.lines_to_tell([refused, warned]) == []
    assert notices.lines_to_tell([refused, warned], whole=True) == []


def test_more_than_a_few_are_counted() -> None:
    problems = [_problem(f"{i}.md", f"{i}.md: binary file") for i in range(SHOWN_LINES + 4)]
    lines = LoadNotices().lines_to_tell(problems)
    assert lines[:SHOWN_LINES] == [f"skipped {i}.md: binary file" for i in range(SHOWN_LINES)]
    assert len(lines) == SHOWN_LINES + 1
    assert "4 more" in lines[-1] and "trendreader list" in lines[-1]


def test_a_problem_gone_and_back_is_told_again_but_a_batch_forgets_nothing() -> None:
    notices = LoadNotices()
    first, second = _problem("a.md", "a: bad"), _problem("b.md", "b: bad")
    notices.lines_to_tell([first])
    assert notices.lines_to_tell([second]) == ["skipped b: bad"]  # a batch: first still told
    assert notices.lines_to_tell([first, second]) == []
    notices.lines_to_tell([second], whole=True)  # the whole library: first is gone
    assert notices.lines_to_tell([first, second], whole=True) == ["skipped a: bad"]


async def test_the_reader_tells_refused_files_and_bad_sidecars(app_paths, tmp_path) -> None:
    from trendreader.tui.app import TrendReaderApp

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "one.md").write_text("# 第一篇\n\n正文。\n", "utf-8")
    (folder / "one.meta.toml").write_text('year = "abc"\n', "utf-8")
    (folder / "bin.md").write_bytes(b"\x00\x01\x02 not text")

    def load():
        return load_library([folder])

    notes = Notes()
    app = TrendReaderApp(paths=app_paths, library=load(), reload_library=load, watch=[folder])
    async with app.run_test(size=(100, 30), message_hook=notes.hook) as pilot:

        def told() -> list[str]:
            return [str(n.message) for n in notes.notifications if n.title == "Library"]

        await until(pilot, lambda: bool(told()), "the load problems told")
        (start,) = told()
        assert "bin.md" in start and "skipped" in start
        assert "one.meta.toml" in start and "year" in start
        warning = next(n for n in notes.notifications if n.title == "Library")
        assert warning.severity == "warning"

        app.watcher.stop()
        await pilot.pause(0.6)
        (folder / "two.md").write_bytes(b"\x00binary again")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(told()) == 2, "the new problem told after ctrl+r")
        again = told()[1]
        assert "two.md" in again
        assert "bin.md" not in again and "one.meta.toml" not in again  # told already


async def test_problems_found_before_the_catalog_are_told_in_it_once(app_paths, tmp_path) -> None:
    """The reader's start reads the library in the CLI's catalog (简体: 原文 and no report
    yet); the open report is traditional, so the interface speaks 繁體: the warning is in
    繁體, and the reload that follows does not tell it again in the other script."""
    import shutil

    from tests.conftest import seed_path
    from trendreader import i18n
    from trendreader.script.variants import Variant
    from trendreader.tui.app import TrendReaderApp

    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(seed_path("000"), folder)  # traditional (Taiwan)
    (folder / "one.md").write_text("# 第一篇\n\n正文。\n", "utf-8")
    (folder / "one.meta.toml").write_text('year = "abc"\n', "utf-8")
    (folder / "empty.md").write_bytes(b"")
    before = i18n.current_locale()
    i18n.use("zh_Hans")
    try:
        library = load_library([folder])  # as the start-up reads it
        assert any("字段" in p.reason for p in library.problems)  # 简体 so far
        key = next(e.key for e in library.editions() if e.key.startswith("000"))
        notes = Notes()
        app = TrendReaderApp(
            paths=app_paths,
            library=library,
            reload_library=lambda: load_library([folder]),
            watch=[folder],
            variant=Variant.ORIGINAL,
            open_key=key,
            ui="zh",
        )
        async with app.run_test(size=(120, 40), message_hook=notes.hook) as pilot:

            def told() -> list[str]:
                return [str(n.message) for n in notes.notifications if n.severity == "warning"]

            await until(pilot, lambda: bool(told()), "the load problems told")
            assert i18n.current_locale() in ("zh_Hant", "zh_TW")
            (start,) = told()
            assert "欄位" in start and "字段" not in start, start
            assert "已跳過 empty.md" in start, start
            app.watcher.stop()
            await pilot.press("ctrl+r")  # the library read again, in the reader's catalog
            await pilot.pause(1.0)
            assert len(told()) == 1, told()
    finally:
        i18n.use(before)
