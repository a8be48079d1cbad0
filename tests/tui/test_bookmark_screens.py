"""Pilot tests of the bookmark dialog and the bookmarks screen (issue 5).

Each test runs a tiny host app that pushes the screen under test, over a real
`BookmarkStore` in tmp_path and the real seed library. No timed asserts.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tests.tui.pilot_helpers import Notes, until
from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.catalog import Library, load_library
from trendreader.resources import seeds_dir
from trendreader.script.variants import Variant
from trendreader.tui.screens.bookmark_dialog import (
    BookmarkDialog,
    BookmarkDraft,
    format_tags,
    parse_tags,
)
from trendreader.tui.screens.bookmarks import (
    EMPTY_MESSAGE,
    BookmarkList,
    BookmarksScreen,
    JumpTarget,
    age_label,
    build_groups,
    filter_terms,
    fit,
)

STYLES = Path(__file__).resolve().parents[2] / "styles" / "bookmarks.tcss"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SIZE = (120, 40)

R2025_TW = "000_933e302ea0e991db"  # 2025, traditional edition
R2025_CN = "001_e66a1ed0cdcaae93"  # 2025, simplified edition of the same report
R2024 = "004_0a39d42c6e4d68c6"
R2023 = "002_6b54d0aafa120f4a"
UNDATED = "003_17c9e8caa8554f56"
GONE = "gone_report"
GONE_TEXT = "机器人和自动驾驶正在改变制造业的未来"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([seeds_dir()])


def _record(
    library: Library,
    key: str,
    ordinal: int,
    *,
    ago: timedelta,
    note: str = "",
    tags: tuple[str, ...] = (),
    orphaned: bool = False,
) -> Bookmark:
    found = library.find(key)
    if found is None:
        title, text, anchor = "旧报告：机器人", GONE_TEXT, "0123456789abcdef"
    else:
        report, edition = found
        passage = edition.passages[ordinal]
        title, text, anchor = report.title, passage.text, passage.anchor
    stamp = (NOW - ago).isoformat()
    return Bookmark(
        id=0,
        report_key=key,
        report_title=title,
        anchor=anchor,
        ordinal=ordinal,
        excerpt=make_excerpt(text),
        note=note,
        tags=tags,
        created=stamp,
        updated=stamp,
        orphaned=orphaned,
    )


@pytest.fixture
def store(tmp_path: Path, library: Library) -> Iterator[BookmarkStore]:
    """Six bookmarks, inserted out of display order; ids 1..6 in this order."""
    records = [
        _record(library, UNDATED, 2, ago=timedelta(days=3), note="[bold]x[/] 硬科技"),
        _record(library, R2025_CN, 2, ago=timedelta(seconds=5), note="simplified edition"),
        _record(library, GONE, 7, ago=timedelta(days=40), note="old file", orphaned=True),
        _record(library, R2024, 4, ago=timedelta(days=400), tags=("energy", "新能源")),
        _record(library, R2025_TW, 45, ago=timedelta(hours=2), tags=("robots",)),
        _record(library, R2023, 4, ago=timedelta(days=3), orphaned=True),
    ]
    with BookmarkStore(tmp_path / "bookmarks.db") as s:
        s.insert_records(records)
        yield s


def ids(store: BookmarkStore) -> dict[tuple[str, int], int]:
    return {(b.report_key, b.ordinal): b.id for b in store.list_bookmarks()}


class Host(App[None]):
    """Pushes one screen and keeps what it was dismissed with."""

    CSS_PATH = STYLES

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self._make_screen = make_screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self._make_screen(), self.results.append)


def run(
    test: Callable[[Pilot[None], Host], Awaitable[None]], host: Host, notes: Notes | None = None
) -> None:
    """Run ``test`` on ``host`` (``notes``: collects the notifications posted)."""
    hook = notes.hook if notes is not None else None

    async def main() -> None:
        async with host.run_test(size=SIZE, notifications=True, message_hook=hook) as pilot:
            await pilot.pause()
            await test(pilot, host)

    asyncio.run(main())


async def settle(pilot: Pilot[None]) -> BookmarksScreen:
    """Wait (bounded) until the bookmarks screen has read the store."""
    screen = pilot.app.screen
    assert isinstance(screen, BookmarksScreen)
    await until(pilot, lambda: screen.loaded, "the bookmarks read", 5)
    await pilot.pause()
    assert screen.loaded
    return screen


def screen_text(app: App[Any]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def bookmarks_host(
    store: BookmarkStore, library: Library, variant: Variant = Variant.ORIGINAL
) -> Host:
    return Host(lambda: BookmarksScreen(store, library, variant, now=lambda: NOW))


def shown_ids(app: App[Any]) -> list[int]:
    return [row.bookmark.id for row in app.screen.query_one(BookmarkList).rows]


# --------------------------------------------------------------------------- pure helpers


def test_age_label() -> None:
    assert age_label((NOW - timedelta(seconds=30)).isoformat(), NOW) == "just now"
    assert age_label((NOW - timedelta(minutes=5)).isoformat(), NOW) == "5m"
    assert age_label((NOW - timedelta(hours=2, minutes=59)).isoformat(), NOW) == "2h"
    assert age_label((NOW - timedelta(days=3, hours=1)).isoformat(), NOW) == "3d"
    assert age_label((NOW - timedelta(days=100)).isoformat(), NOW) == "3mo"
    assert age_label((NOW - timedelta(days=800)).isoformat(), NOW) == "2y"
    assert age_label((NOW + timedelta(minutes=5)).isoformat(), NOW) == "just now"  # skew
    assert age_label("not a time", NOW) == ""


def test_parse_and_format_tags() -> None:
    assert parse_tags("ai  机器人 #ai") == ("ai", "机器人")
    assert parse_tags("machine learning, 芯片，半导体、ai") == (
        "machine learning",
        "芯片",
        "半导体",
        "ai",
    )
    assert parse_tags("  ") == ()
    for tags in [("a", "b"), ("machine learning", "ai"), ()]:
        assert parse_tags(format_tags(tags)) == tags


def test_filter_terms_fold_script_case_and_regional_wording() -> None:
    terms = filter_terms("機器人  AI 網際網路")
    assert [forms[0] for forms in terms] == ["机器人", "ai", "网际网路"]
    assert "互联网" in terms[2]  # tw2sp: Taiwan wording to mainland wording
    assert "晶片" in filter_terms("芯片")[0]  # s2twp: mainland wording to Taiwan wording


def test_fit_cuts_by_cells_not_characters() -> None:
    assert fit("机器人", 6) == "机器人"
    assert fit("机器人和自动驾驶", 6) == "机器…"
    assert fit("机器人和自动驾驶", 7) == "机器人…"  # no half-width pad before the ellipsis
    assert fit("abc", 0) == ""


# --------------------------------------------------------------------------- the dialog


def test_dialog_enter_returns_note_and_tags() -> None:
    host = Host(lambda: BookmarkDialog("机器人，机器人。"))

    async def test(pilot: Pilot[None], app: Host) -> None:
        assert isinstance(app.screen, BookmarkDialog)
        assert "Bookmark" in screen_text(app)
        await pilot.press(*"要点")
        await pilot.press("tab")
        await pilot.press(*"ai, 机器人")
        await pilot.press("enter")  # from the tags input
        await pilot.pause()
        assert app.results == [BookmarkDraft(note="要点", tags=("ai", "机器人"))]

    run(test, host)


def test_dialog_enter_from_note_input_saves() -> None:
    host = Host(lambda: BookmarkDialog("x"))

    async def test(pilot: Pilot[None], app: Host) -> None:
        await pilot.press(*"note", "enter")
        await pilot.pause()
        assert app.results == [BookmarkDraft(note="note", tags=())]

    run(test, host)


def test_dialog_escape_returns_none() -> None:
    host = Host(lambda: BookmarkDialog("x", note="old"))

    async def test(pilot: Pilot[None], app: Host) -> None:
        await pilot.press(*"typed", "escape")
        await pilot.pause()
        assert app.results == [None]

    run(test, host)


def test_dialog_markup_is_literal_and_saved_verbatim() -> None:
    host = Host(lambda: BookmarkDialog("[red]excerpt[/red] and [bold]more"))

    async def test(pilot: Pilot[None], app: Host) -> None:
        assert "[red]excerpt[/red] and [bold]more" in screen_text(app)
        await pilot.press(*"[bold]x[/]", "enter")
        await pilot.pause()
        assert app.results == [BookmarkDraft(note="[bold]x[/]", tags=())]

    run(test, host)


def test_dialog_prefilled_for_editing() -> None:
    host = Host(lambda: BookmarkDialog("x", note="old note", tags=("a", "b c"), editing=True))

    async def test(pilot: Pilot[None], app: Host) -> None:
        assert "Edit bookmark" in screen_text(app)
        assert app.screen.query_one("#bookmark-note", Input).value == "old note"
        assert app.screen.query_one("#bookmark-tags", Input).value == "a, b c"
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [BookmarkDraft(note="old note", tags=("a", "b c"))]

    run(test, host)


# --------------------------------------------------------------------------- the list


def test_grouped_by_report_in_library_order(store: BookmarkStore, library: Library) -> None:
    key = ids(store)

    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        # 2025 (both editions: traditional first), 2024, 2023, undated, then not in library.
        assert shown_ids(app) == [
            key[R2025_TW, 45],
            key[R2025_CN, 2],
            key[R2024, 4],
            key[R2023, 4],
            key[UNDATED, 2],
            key[GONE, 7],
        ]
        text = screen_text(app)
        titles = ["2025年，6大機會", "2024，7大机会", "卡脖子", "米磊", "旧报告：机器人"]
        positions = [text.index(title) for title in titles]
        assert positions == sorted(positions)
        assert text.count("(passage gone)") == 1  # its report is gone
        # orphaned, but its report offers a passage alike: marked changed, with the candidate
        assert text.count("(passage changed)") == 1
        assert "a: accept #4 (100% alike)" in text
        assert "(not in library)" in text
        assert "[bold]x[/] 硬科技" in text  # a note is shown literally
        assert "#energy #新能源" in text
        assert "2h" in text and "just now" in text and "1y" in text
        assert "Bookmarks · 6 in 5 reports" in text

    run(test, bookmarks_host(store, library))


def test_build_groups_order_does_not_depend_on_input_order(
    store: BookmarkStore, library: Library
) -> None:
    def layout(bookmarks: Any) -> list[tuple[str, list[int]]]:
        groups = build_groups(bookmarks, library, Variant.ORIGINAL)
        return [(group.key, [row.bookmark.id for row in group.rows]) for group in groups]

    found = library.find(R2025_TW)
    assert found is not None
    for ordinal in (50, 40):  # added after the fixture's, out of passage order
        store.add(R2025_TW, found[0].title, found[1].passages[ordinal])
    key = ids(store)
    expected = layout(store.list_bookmarks())
    assert [i for _, rows in expected for i in rows] == [
        key[R2025_TW, 40],
        key[R2025_TW, 45],
        key[R2025_TW, 50],
        key[R2025_CN, 2],
        key[R2024, 4],
        key[R2023, 4],
        key[UNDATED, 2],
        key[GONE, 7],
    ]
    assert layout(store.list_records()) == expected  # id order, as the screen reads it
    assert layout(reversed(store.list_bookmarks())) == expected


def test_a_large_store_is_read_on_a_thread_with_the_same_rows(
    store: BookmarkStore, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = ids(store)
    threads: list[threading.Thread] = []
    read = BookmarksScreen._read

    def spy(self: BookmarksScreen) -> Any:
        threads.append(threading.current_thread())
        return read(self)

    monkeypatch.setattr(BookmarksScreen, "INLINE_READ_LIMIT", len(key) - 1)
    monkeypatch.setattr(BookmarksScreen, "_read", spy)

    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        assert threads and threads[0] is not threading.main_thread()
        assert shown_ids(app)[0] == key[R2025_TW, 45] and len(shown_ids(app)) == len(key)
        await pilot.press("down", "d")
        await pilot.pause()
        assert key[R2025_CN, 2] not in shown_ids(app)

    run(test, bookmarks_host(store, library))


def test_filter_narrows_as_you_type_across_scripts(store: BookmarkStore, library: Library) -> None:
    key = ids(store)

    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"機器人")  # traditional query, excerpts stored simplified
        await pilot.pause()
        assert shown_ids(app) == [key[R2025_TW, 45], key[GONE, 7]]
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"硬科技")  # a note (and titles)
        await pilot.pause()
        assert set(shown_ids(app)) == {key[UNDATED, 2], key[R2023, 4]}
        await pilot.press("ctrl+a", "ctrl+k", *"ENERGY")  # a tag, any case
        await pilot.pause()
        assert shown_ids(app) == [key[R2024, 4]]
        await pilot.press("ctrl+a", "ctrl+k", *"zzz")
        await pilot.pause()
        assert shown_ids(app) == []
        assert "No bookmark matches “zzz”." in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.pause()
        assert len(shown_ids(app)) == 6

    run(test, bookmarks_host(store, library))


def test_enter_jumps_to_the_highlighted_bookmark(store: BookmarkStore, library: Library) -> None:
    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        await pilot.press("down", "down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [JumpTarget(R2024, 4)]

    run(test, bookmarks_host(store, library))


def test_enter_after_filtering_jumps_to_the_match(store: BookmarkStore, library: Library) -> None:
    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        await pilot.press("slash", *"simplified", "enter")  # enter in the filter: to the list
        await pilot.pause()
        assert isinstance(app.screen.focused, BookmarkList)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [JumpTarget(R2025_CN, 2)]

    run(test, bookmarks_host(store, library))


def test_escape_and_q_close(store: BookmarkStore, library: Library) -> None:
    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        await pilot.press("slash", "q")  # q in the filter is typed, not a close
        await pilot.press("escape")  # leaves the filter, keeps the screen
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert app.results == []
        await pilot.press("q")
        await pilot.pause()
        assert app.results == [None]

    run(test, bookmarks_host(store, library))


def test_e_edits_the_note_and_tags(store: BookmarkStore, library: Library) -> None:
    target = ids(store)[R2024, 4]

    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog) and dialog.editing
        assert dialog.query_one("#bookmark-tags", Input).value == "energy 新能源"
        await pilot.press("ctrl+a", "ctrl+k", *"重读", "tab", "ctrl+a", "ctrl+k", *"a b")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        saved = store.get(target)
        assert saved is not None and saved.note == "重读" and saved.tags == ("a", "b")
        assert "重读  #a #b" in screen_text(app)
        assert app.screen.query_one(BookmarkList).current.bookmark.id == target

    run(test, bookmarks_host(store, library))


def test_d_deletes_and_u_restores(store: BookmarkStore, library: Library) -> None:
    before = {b.id: b for b in store.list_bookmarks()}
    target = ids(store)[R2025_CN, 2]

    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        await pilot.press("down", "d")
        await pilot.pause()
        assert store.count() == 5 and store.get(target) is None
        assert target not in shown_ids(app)
        # the toast mounts a few frames later
        await until(pilot, lambda: "Deleted — press u to undo" in screen_text(app), "the toast")
        assert "Deleted — press u to undo" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert store.count() == 6
        assert {b.id: b for b in store.list_bookmarks()} == before
        assert target in shown_ids(app)
        assert app.screen.query_one(BookmarkList).current.bookmark.id == target

    run(test, bookmarks_host(store, library))


def test_taiwan_variant_shows_traditional_excerpts(store: BookmarkStore, library: Library) -> None:
    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        text = screen_text(app)
        assert "每一個十年都存在它的機會" in text  # simplified edition, shown in 臺灣正體
        assert "機器人和自動駕駛" in text  # orphan of a report gone: stored excerpt converted
        assert "每一个十年" not in text
        assert "臺灣正體" in text

    run(test, bookmarks_host(store, library, Variant.TAIWAN))


def test_original_variant_shows_excerpts_as_written(store: BookmarkStore, library: Library) -> None:
    async def test(pilot: Pilot[None], app: Host) -> None:
        await settle(pilot)
        text = screen_text(app)
        assert "每一个十年都存在它的机会" in text
        assert "機器人,機器人。" in text  # traditional edition, as written

    run(test, bookmarks_host(store, library))


def test_empty_store_says_how_to_bookmark(tmp_path: Path, library: Library) -> None:
    with BookmarkStore(tmp_path / "empty.db") as empty:

        async def test(pilot: Pilot[None], app: Host) -> None:
            await settle(pilot)
            assert EMPTY_MESSAGE in screen_text(app)
            await pilot.press("enter", "e", "d", "u")  # nothing to act on: no crash
            await pilot.pause()
            assert app.results == []

        run(test, bookmarks_host(empty, library))


def test_bookmarks_screen_snapshot(
    snap_compare: Callable[..., bool], store: BookmarkStore, library: Library
) -> None:
    async def loaded(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(bookmarks_host(store, library), terminal_size=SIZE, run_before=loaded)
