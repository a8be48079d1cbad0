"""Issue 11 in the TUI: hostile bookmark fields are shown literally and no escape sequence
reaches the output; "passage changed" is shown with its candidate and `a` accepts it; a
store locked by another process neither blocks the reader nor loses a typed note."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from tests.tui.pilot_helpers import Notes, chrome_ready, until
from tests.tui.test_bookmark_screens import (
    NOW,
    R2024,
    Host,
    bookmarks_host,
    run,
    screen_text,
    settle,
    shown_ids,
)
from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.bookmarks.pending import pending_path
from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.catalog import Library, load_library
from trendreader.library.sanitize import clean_text
from trendreader.resources import seeds_dir
from trendreader.tui.screens.bookmark_dialog import BookmarkDialog, BookmarkDraft
from trendreader.tui.screens.bookmarks import CHANGED_MARK, BookmarkList

LOCKER = Path(__file__).parents[1] / "bookmarks" / "_locker.py"
OSC = "T\x1b]52;c;SGVsbG8=\x1b\\\x1b]2;title\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
NOTE = f"[bold red]x[/] [@click=app.quit]点我[/] [/] {OSC} 右\u202e左"
FORBIDDEN = ("\x1b", "\x9b", "\x9d", "\u202e", "\x07")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([seeds_dir()])


def _rendered(app: App[Any]) -> str:
    """Every character of every segment the screen would send to the terminal."""
    return "".join(
        segment.text for strip in app.screen._compositor.render_strips() for segment in strip
    )


def _assert_no_escape(app: App[Any]) -> None:
    out = _rendered(app)
    for bad in FORBIDDEN:
        assert bad not in out, f"{bad!r} reached the screen"
    assert "]52;" not in out and "[2J" not in out


def _raw_insert(db: Path, rows: list[dict[str, Any]]) -> None:
    """As a store from before the sanitizer may hold them: written by SQL, uncleaned."""
    BookmarkStore(db).close()
    con = sqlite3.connect(db)
    with con:
        for r in rows:
            con.execute(
                "INSERT INTO bookmarks (report_key, report_title, anchor, ordinal, excerpt, "
                "note, tags, created, updated, orphaned) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    r["key"],
                    r["title"],
                    r["anchor"],
                    r["ordinal"],
                    r["excerpt"],
                    r["note"],
                    json.dumps(r["tags"]),
                    NOW.isoformat(),
                    NOW.isoformat(),
                    int(r.get("orphaned", False)),
                ),
            )
    con.close()


def test_b_screen_shows_a_hostile_note_literally_and_no_escape_reaches_the_output(
    tmp_path: Path, library: Library
) -> None:
    found = library.find(R2024)
    assert found is not None
    passage = found[1].passages[4]
    db = tmp_path / "bookmarks.db"
    _raw_insert(
        db,
        [
            {
                "key": R2024,
                "title": OSC,
                "anchor": passage.anchor,
                "ordinal": 4,
                "excerpt": CLEAR + make_excerpt(passage.text),
                "note": NOTE + "\n第二行",
                "tags": ["a\nb", "c\td", CLEAR + "t", "[/]"],
            },
            {  # a report not in the library: its stored (hostile) title is shown
                "key": "gone",
                "title": OSC + "[bold]旧报告[/]",
                "anchor": "x",
                "ordinal": 0,
                "excerpt": CLEAR + "摘录",
                "note": CLEAR,
                "tags": [],
                "orphaned": True,
            },
        ],
    )
    with BookmarkStore(db) as store:

        async def test(pilot: Pilot[None], app: Host) -> None:
            await settle(pilot)
            text = screen_text(app)
            assert "[bold red]x[/] [@click=app.quit]点我[/] [/]" in text
            assert "#a b #c d #t #[/]" in text  # tags: one line each, cleaned
            assert "[bold]旧报告[/]" in text
            _assert_no_escape(app)
            await pilot.press("e")  # the dialog, prefilled with the same note
            await pilot.pause()
            assert isinstance(app.screen, BookmarkDialog)
            assert "[@click=app.quit]点我[/]" in screen_text(app)
            _assert_no_escape(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running

        run(test, bookmarks_host(store, library))


def test_dialog_cleans_hostile_values_and_keeps_a_note_of_several_lines() -> None:
    note = NOTE + "\n第二行"
    host = Host(
        lambda: BookmarkDialog(CLEAR + "摘录" + OSC, note=note, tags=(OSC,), report_title=OSC)
    )

    async def test(pilot: Pilot[None], app: Host) -> None:
        assert "[@click=app.quit]点我[/]" in screen_text(app)
        _assert_no_escape(app)
        await pilot.press("enter")  # the note left as it is: saved as it was, lines kept
        await pilot.pause()
        [draft] = app.results
        assert isinstance(draft, BookmarkDraft)
        assert draft.note == clean_text(note).strip() and "\n第二行" in draft.note
        assert draft.tags == ("T",)

    run(test, host)


def test_passage_changed_is_shown_with_its_candidate_and_a_accepts_it(
    tmp_path: Path, library: Library
) -> None:
    found = library.find(R2024)
    assert found is not None
    passage = found[1].passages[6]
    edited = passage.text[: len(passage.text) // 2] + "（这一句在新版本里被改写了）"
    stamp = NOW.isoformat()
    bookmark = Bookmark(
        0, R2024, "t", "0" * 16, 6, make_excerpt(edited), "我的笔记", (), stamp, stamp, True
    )
    with BookmarkStore(tmp_path / "bookmarks.db") as store:
        store.insert_records([bookmark])
        [stored] = store.list_bookmarks()

        async def test(pilot: Pilot[None], app: Host) -> None:
            await settle(pilot)
            text = screen_text(app)
            assert CHANGED_MARK in text and "我的笔记" in text
            assert "a: accept #6" in text
            assert shown_ids(app) == [stored.id]
            await pilot.press("a")
            await pilot.pause()
            moved = store.get(stored.id)
            assert moved is not None
            assert (moved.anchor, moved.ordinal, moved.orphaned) == (passage.anchor, 6, False)
            assert moved.excerpt == stored.excerpt and moved.note == "我的笔记"
            assert CHANGED_MARK not in screen_text(app)
            row = app.screen.query_one(BookmarkList).current
            assert row is not None and not row.bookmark.orphaned

        run(test, bookmarks_host(store, library))


# ----------------------------------------------------------------- a locked store


@pytest.fixture
def locker() -> Iterator[Any]:
    procs: list[subprocess.Popen[str]] = []

    def lock(db: Path) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, str(LOCKER), str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        procs.append(proc)
        return proc

    yield lock
    for proc in procs:
        if proc.poll() is None:
            proc.communicate("go\n", timeout=30)


async def test_a_reader_started_during_a_lock_keeps_the_typed_note_and_saves_it(
    make_app: Any, app_paths: Any, locker: Any
) -> None:
    db = app_paths.bookmarks_db
    BookmarkStore(db).close()
    proc = locker(db)
    app = make_app(open_key=R2024)
    app.STORE_RETRY = 0.05
    notes = Notes()
    async with app.run_test(size=(120, 40), notifications=True, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        assert app.store is not None  # reading needs no write lock
        titles = [n.title for n in notes.notifications]
        assert "Bookmarks unavailable" not in titles
        passage = app.edition.passages[app.reader.cursor]
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkDialog)
        await pilot.press(*"锁住时写的笔记", "enter")
        await pilot.pause()
        assert app.store.find_by_anchor(app.edition.key, passage.anchor) is None
        assert len(app.pending) == 1  # kept in memory ...
        assert "锁住时写的笔记" in pending_path(db).read_text("utf-8")  # ... and on disk
        assert any("kept" in n.message for n in notes.notifications)
        out, _ = proc.communicate("go\n", timeout=30)
        assert "released" in out

        def saved() -> bool:
            found = app.store.find_by_anchor(app.edition.key, passage.anchor)
            return found is not None and found.note == "锁住时写的笔记"

        await until(pilot, saved, "the kept note saved once the lock cleared")
        await until(pilot, lambda: not app.pending, "nothing left pending")
        # the message is posted from the retrying worker, a moment after the save
        await until(
            pilot,
            lambda: any("Saved" in n.message for n in notes.notifications),
            "the message that the kept note was saved",
        )
        assert not pending_path(db).exists()


# ---------------------------------------------------------------- a damaged store


def _damage(db: Path) -> None:
    from trendreader.library.model import Passage, PassageKind

    with BookmarkStore(db) as store:
        for i in range(300):
            text = f"段落{i} " + "文字" * 30
            store.add("k", "t", Passage("k", i, PassageKind.PARAGRAPH, text), note="x" * 300)
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    data[9 * 4096 : 11 * 4096] = bytes(2 * 4096)  # pages 10 and 11 zeroed
    db.write_bytes(bytes(data))


async def test_a_damaged_store_leaves_the_reader_running_with_bookmarks_unavailable(
    make_app: Any, app_paths: Any
) -> None:
    db = app_paths.bookmarks_db
    db.parent.mkdir(parents=True, exist_ok=True)
    _damage(db)
    before = db.read_bytes()
    app = make_app(open_key=R2024)
    notes = Notes()
    async with app.run_test(size=(120, 40), notifications=True, message_hook=notes.hook) as pilot:
        await chrome_ready(pilot)
        assert app.store is None and app.is_running
        unavailable = [n for n in notes.notifications if n.title == "Bookmarks unavailable"]
        assert unavailable and "repair" in unavailable[0].message
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert app.is_running and app.screen is app.screen_stack[0]
        assert app.edition is not None and app.edition.passages  # the report is read
    assert db.read_bytes() == before  # left for `bookmarks repair`


def test_a_note_edited_in_the_b_screen_while_locked_is_kept_shown_and_saved(
    tmp_path: Path, library: Library, locker: Any
) -> None:
    found = library.find(R2024)
    assert found is not None
    db = tmp_path / "bookmarks.db"
    with BookmarkStore(db) as store:
        made = store.add(R2024, "t", found[1].passages[3], note="旧笔记")
    proc = locker(db)
    store = BookmarkStore(db, timeout=0)  # as the app opens it: never waits
    notes = Notes()

    async def test(pilot: Pilot[None], app: Host) -> None:
        screen = await settle(pilot)
        screen.RETRY_INTERVAL = 0.05
        await pilot.press("e")
        await pilot.pause()
        note = app.screen.query_one("#bookmark-note")
        note.value = "锁住时改的笔记"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert store.get(made.id).note == "旧笔记"  # type: ignore[union-attr]
        assert "锁住时改的笔记" in screen_text(app)  # kept, and shown as typed
        assert any("kept" in n.message for n in notes.notifications)
        out, _ = proc.communicate("go\n", timeout=30)
        assert "released" in out
        await until(
            pilot,
            lambda: store.get(made.id).note == "锁住时改的笔记",  # type: ignore[union-attr]
            "the kept note saved",
        )
        await until(pilot, lambda: not screen.pending, "nothing left pending")

    try:
        run(test, bookmarks_host(store, library), notes)
    finally:
        store.close()
