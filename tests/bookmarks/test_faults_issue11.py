"""Issue 11, bookmarks: one test per fault scenario of "Why" (each failed on the code before).

Hostile fields in and out of the CLI, re-anchoring that never moves a bookmark silently, a
store locked by another process, a store with zeroed pages, hostile import files, and the
migration of a previous release's store to changed passages (issue 12).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bm_helpers import make_passages

from trendreader.bookmarks import database as database_module
from trendreader.bookmarks.anchoring import FUZZY_THRESHOLD, candidates_of, nearest_candidate
from trendreader.bookmarks.errors import (
    BookmarkBusyError,
    BookmarkDamagedError,
    BookmarkImportError,
)
from trendreader.bookmarks.exchange import import_json
from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.bookmarks.pending import PendingChange, PendingWrites, pending_path
from trendreader.bookmarks.store import APPLICATION_ID, BookmarkStore, repair_store
from trendreader.commands.bookmarks_cmd import register
from trendreader.library.model import Edition, Metadata, Passage, Report, Script
from trendreader.paths import AppPaths

LOCKER = Path(__file__).with_name("_locker.py")

HOSTILE = {
    "osc52_title": "T\x1b]52;c;SGVsbG8=\x1b\\\x1b]2;title\x1b\\",
    "clear": "\x1b[2J\x1b[H",
    "markup": "[bold red]x[/]",
    "click": "[@click=app.quit]点我[/]",
    "close": "[/]",
    "bidi": "abc\u202edef",
}
#: What must never reach the output.
FORBIDDEN = ("\x1b", "\x9b", "\x9d", "\u202e", "\u2066", "\x07")


def _hostile_record(n: int, key: str = "r1") -> dict[str, object]:
    return {
        "key": key,
        "title": HOSTILE["osc52_title"],
        "anchor": f"anchor-{n}",
        "ordinal": n,
        "excerpt": HOSTILE["clear"] + "摘录" + HOSTILE["bidi"],
        "note": f"{HOSTILE['markup']} {HOSTILE['click']}\n第二行 {HOSTILE['close']}"
        + HOSTILE["osc52_title"],
        "tags": ["tag\nwith newline", "tab\there", HOSTILE["click"], HOSTILE["clear"] + "t"],
        "created": f"2024-01-0{n + 1}T00:00:00+00:00",
    }


class FakeLibrary:
    def __init__(self, *editions: Edition) -> None:
        self.editions = {e.key: e for e in editions}

    def find_edition(self, key: str) -> Edition | None:
        return self.editions.get(key)

    @property
    def reports(self) -> list[Report]:
        return [Report(key, (edition,)) for key, edition in self.editions.items()]

    def find(self, key: str) -> tuple[Report, Edition] | None:
        edition = self.editions.get(key)
        return None if edition is None else (Report(key, (edition,)), edition)


def _edition(key: str, texts: list[str]) -> Edition:
    return Edition(
        key=key,
        path=Path(f"/nowhere/{key}.md"),
        script=Script.SIMPLIFIED,
        encoding="utf-8",
        meta=Metadata(title="报告"),
        passages=make_passages(key, texts),
        content_hash="x",
    )


LIB = FakeLibrary(_edition("r1", ["第一段", "第二段", "第三段"]))


def run(tmp_path: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="trendreader")
    register(parser.add_subparsers())
    args = parser.parse_args(["bookmarks", *argv])
    args.paths = AppPaths(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    args.library_loader = lambda: LIB
    return args.handler(args)


def _db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bookmarks.db"


def _assert_clean(text: str) -> None:
    for bad in FORBIDDEN:
        assert bad not in text, f"{bad!r} reached the output: {text!r}"
    assert "]52;" not in text and "]2;title" not in text and "[2J" not in text


# ----------------------------------------------------------- 1. untrusted fields


@pytest.fixture
def hostile_import(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([_hostile_record(0), _hostile_record(1)]), "utf-8")
    return path


def test_hostile_import_is_stored_clean(tmp_path: Path, hostile_import: Path) -> None:
    assert run(tmp_path, "import", str(hostile_import)) == 0
    with BookmarkStore(_db(tmp_path)) as store:
        bookmarks = store.list_bookmarks()
    assert len(bookmarks) == 2
    for b in bookmarks:
        for text in (b.report_title, b.excerpt, b.note, *b.tags):
            _assert_clean(text)
        assert "\n" not in "".join(b.tags) and "\t" not in "".join(b.tags)
        assert "[bold red]x[/]" in b.note and "[@click=app.quit]点我[/]" in b.note  # literal
        assert "第二行" in b.note.splitlines()[1]  # a note keeps its lines


def test_list_piped_is_one_clean_record_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _store_hostile_directly(_db(tmp_path))  # as an older release stored them: uncleaned
    assert run(tmp_path, "list") == 0
    out = capsys.readouterr().out
    _assert_clean(out)
    lines = out.splitlines()
    assert len(lines) == 2  # a newline in a note or tag does not split a record
    assert all(line.count("\t") == 6 for line in lines)
    assert "[bold red]x[/]" in lines[0]


def test_list_on_a_terminal_prints_no_hostile_sequence_and_no_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_hostile_directly(_db(tmp_path))
    monkeypatch.setattr("trendreader.commands.bookmarks_cmd._is_terminal", lambda: True)
    assert run(tmp_path, "list") == 0
    out = capsys.readouterr().out
    # Rich styles the table with its own SGR codes; none of the stored sequences get out
    assert "]52;" not in out and "]2;title" not in out and "\x1b[2J" not in out
    assert "\u202e" not in out and "\x1b]" not in out
    assert "[@click=app.quit]" in out.replace("\n", "") or "点我" in out  # shown literally


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_export_writes_no_hostile_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    _store_hostile_directly(_db(tmp_path))
    assert run(tmp_path, "export", "--format", fmt) == 0
    out = capsys.readouterr().out
    _assert_clean(out)
    if fmt == "json":
        records = json.loads(out)
        assert "[bold red]x[/]" in records[0]["note"]
        assert all("\n" not in tag for tag in records[0]["tags"])


def _store_hostile_directly(db: Path) -> None:
    """Bookmarks written with raw SQL, as a store from before the sanitizer may hold them."""
    BookmarkStore(db).close()
    con = sqlite3.connect(db)
    with con:
        for n in range(2):
            r = _hostile_record(n)
            con.execute(
                "INSERT INTO bookmarks (report_key, report_title, anchor, ordinal, excerpt, "
                "note, tags, created, updated) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    r["key"],
                    r["title"],
                    r["anchor"],
                    r["ordinal"],
                    r["excerpt"],
                    r["note"],
                    json.dumps(r["tags"]),
                    r["created"],
                    r["created"],
                ),
            )
    con.close()


def test_typed_note_and_tags_are_stored_clean(tmp_path: Path) -> None:
    argv = ["add", "r1", "1", "--note", HOSTILE["osc52_title"], "--tag", "a\nb\tc"]
    assert run(tmp_path, *argv) == 0
    with BookmarkStore(_db(tmp_path)) as store:
        [b] = store.list_bookmarks()
    _assert_clean(b.note)
    assert b.note == "T" and b.tags == ("a b c",)


# ----------------------------------------------------- 2. never moved silently

TOPICS = [
    "芯片",
    "机器人",
    "固态电池",
    "自动驾驶",
    "基因编辑",
    "低空经济",
    "大模型",
    "量子计算",
    "商业航天",
    "脑机接口",
    "合成生物",
    "新型储能",
]


def _paragraph(n: int) -> str:
    topic = TOPICS[n - 1]
    return (
        f"第{n}段：{topic}正在改变产业格局。企业纷纷加大{topic}方面的投入，"
        f"政策支持也在不断加码。业内普遍认为，{topic}的机会在未来十年。"
    )


ORIGINAL = [_paragraph(n) for n in range(1, 13)]


def _edited() -> list[str]:
    texts = list(ORIGINAL)
    texts[2] = texts[2].replace("企业纷纷加大固态电池方面的投入，", "市场对固态电池仍然十分谨慎，")
    del texts[4]  # 第5段
    return ["插入的第一段：一篇新的导语。", "插入的第二段：编者按。", *texts]


def test_edits_never_move_a_bookmark_onto_another_passage(store: BookmarkStore) -> None:
    passages = make_passages("r", ORIGINAL)
    made = [store.add("r", "报告", p, note=f"note-{p.ordinal + 1}") for p in passages[:5]]
    edited = make_passages("r", _edited())

    after = {b.id: b for b in store.reanchor("r", edited)}  # open (re-anchor) ...
    stored = {b.id: b for b in store.list_bookmarks("r")}  # ... and quit: what is kept
    assert stored == after
    held: dict[int, int] = {}
    for before in made:
        b = stored[before.id]
        assert b.excerpt == before.excerpt and b.note == before.note  # never rewritten
        if b.orphaned:
            continue  # marked "passage changed"
        # on its own passage: the same text, or its edited form
        own = f"第{before.ordinal + 1}段"
        assert edited[b.ordinal].text.startswith(own), (b.note, edited[b.ordinal].text)
        assert b.ordinal not in held, f"{b.note} sits on {held.get(b.ordinal)}'s passage"
        held[b.ordinal] = b.id
    assert stored[made[4].id].orphaned  # 第5段 was deleted: marked, not moved
    for untouched in (0, 1, 3):
        assert not stored[made[untouched].id].orphaned

    back = {b.id: b for b in store.reanchor("r", passages)}  # the original file restored
    for before in made:
        assert (back[before.id].ordinal, back[before.id].anchor) == (
            before.ordinal,
            before.anchor,
        )
        assert not back[before.id].orphaned
        assert back[before.id].excerpt == before.excerpt


def test_a_changed_bookmark_is_offered_its_nearest_passage_and_can_accept_it(
    store: BookmarkStore,
) -> None:
    texts = ["甲乙丙丁的一段开场白，讲了很多事情。", ORIGINAL[5], ORIGINAL[7]]
    passages = make_passages("r", texts)
    b = store.add("r", "t", passages[1], note="mine")
    rewritten = ORIGINAL[5].replace("政策支持也在不断加码。", "资本的热情已经降温。")
    edited = make_passages("r", [texts[0], rewritten, texts[2]])
    [after] = store.reanchor("r", edited)
    offered = nearest_candidate(after, candidates_of(edited), ())
    assert offered is not None and offered.passage.ordinal == 1
    if after.orphaned:  # below the threshold: the user decides
        moved = store.accept(b.id, offered.passage)
        assert (moved.anchor, moved.ordinal, moved.orphaned) == (edited[1].anchor, 1, False)
    else:
        assert offered.ratio >= FUZZY_THRESHOLD
    assert store.get(b.id).excerpt == b.excerpt  # type: ignore[union-attr]


def test_alike_but_different_paragraphs_of_a_real_report_do_not_take_a_bookmark() -> None:
    # the most alike pair of different paragraphs in the seeds (difflib ratio 0.597)
    first = "第一次科技革命中的蒸汽机,关键零部件大约为数十个;"
    second = "第二次科技革命中的电动机,关键零部件一般在100~200个左右;"
    passages = make_passages("r", ["开头。", second, "结尾。"])
    b = Bookmark(1, "r", "t", "gone", 1, make_excerpt(first))
    from trendreader.bookmarks.anchoring import reanchor

    [found] = reanchor([b], passages)
    assert found.orphaned and found.anchor == "gone"


def test_no_paragraph_of_the_seeds_takes_a_deleted_paragraphs_bookmark() -> None:
    """The threshold as measured: in every edition of the seeds, a bookmark whose paragraph
    is deleted is never moved onto one of the other paragraphs (the most alike different
    pair scores 0.597; the threshold is 0.7 with a 0.1 margin)."""
    from trendreader.bookmarks.anchoring import Candidate, fuzzy_match
    from trendreader.library.catalog import load_library
    from trendreader.resources import seeds_dir

    checked = 0
    for report in load_library([seeds_dir()]).reports:
        for edition in report.editions:
            candidates = [Candidate.of(p) for p in edition.passages if len(p.text) >= 20]
            for gone in candidates:
                others = [c for c in candidates if c.excerpt != gone.excerpt]
                b = Bookmark(1, edition.key, "t", "gone", gone.passage.ordinal, gone.excerpt)
                match = fuzzy_match(b, others)
                assert match is None, (gone.excerpt[:30], match.excerpt[:30])
                checked += 1
    assert checked > 400


# ------------------------------------------------------------ 3. a locked store


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    db = _db(tmp_path)
    with BookmarkStore(db) as store:
        store.add("r1", "报告", LIB.editions["r1"].passages[0], note="before the lock")
    proc = subprocess.Popen(
        [sys.executable, str(LOCKER), str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.communicate("go\n", timeout=30)


def _release(proc: subprocess.Popen[str]) -> None:
    out, _ = proc.communicate("go\n", timeout=30)
    assert "released" in out


def test_list_and_export_work_while_another_process_writes(
    tmp_path: Path, locked: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "list") == 0
    assert "before the lock" in capsys.readouterr().out
    assert run(tmp_path, "export", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)[0]["note"] == "before the lock"
    assert run(tmp_path, "export", "--format", "md") == 0
    assert "before the lock" in capsys.readouterr().out


def test_add_while_locked_fails_with_one_line_after_a_bounded_wait(
    tmp_path: Path,
    locked: subprocess.Popen[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 200)
    assert run(tmp_path, "add", "r1", "1", "--note", "n") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "another process is writing it" in err
    _release(locked)
    assert run(tmp_path, "add", "r1", "1", "--note", "n") == 0


def test_a_store_opened_for_the_reader_never_waits_and_the_note_is_kept(
    tmp_path: Path, locked: subprocess.Popen[str]
) -> None:
    db = _db(tmp_path)
    store = BookmarkStore(db, timeout=0)  # opens: reading needs no write lock
    assert store.count() == 1
    passage = LIB.editions["r1"].passages[2]
    with pytest.raises(BookmarkBusyError):
        store.add("r1", "报告", passage, note="typed while locked")
    pending = PendingWrites(pending_path(db))
    pending.keep(PendingChange.add("r1", "报告", passage, "typed while locked", ("t",)))
    assert pending.flush(store).waiting == 1  # still locked: kept
    # kept on disk too: a reader that quits now loses nothing
    assert "typed while locked" in pending_path(db).read_text("utf-8")
    assert PendingWrites(pending_path(db)).items == pending.items
    _release(locked)
    result = pending.flush(store)
    assert [b.note for _, b in result.saved] == ["typed while locked"]
    assert not pending and not pending_path(db).exists()
    assert store.find_by_anchor("r1", passage.anchor).note == "typed while locked"  # type: ignore[union-attr]
    store.close()


def test_an_old_store_that_must_migrate_while_locked_says_busy_not_broken(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path)
    db.parent.mkdir(parents=True)
    _old_release_store(db, [])
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("DROP TABLE reading_state")  # schema 1: before reading state
    con.execute("DROP TABLE settings")
    con.execute("PRAGMA user_version = 1")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("BEGIN IMMEDIATE")
    con.execute(
        "INSERT INTO bookmarks (report_key, anchor, ordinal, created, updated) "
        "VALUES ('k', 'a', 0, 'x', 'x')"
    )
    try:
        with pytest.raises(BookmarkBusyError):
            BookmarkStore(db, timeout=0)
    finally:
        con.execute("COMMIT")
        con.close()
    with BookmarkStore(db, timeout=0) as store:  # once free, it migrates and opens
        assert store.count() == 1


# ---------------------------------------------------------- 4. a damaged store


def _damaged_store(db: Path, count: int = 300) -> list[Bookmark]:
    with BookmarkStore(db) as store:
        made = [
            store.add(
                "k",
                "t",
                Passage("k", i, make_passages("k", ["x"])[0].kind, f"段落{i} " + "文字" * 30),
                note=f"note {i} " + "x" * 300,
            )
            for i in range(count)
        ]
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    assert len(data) > 12 * 4096
    for page in (10, 11):  # two leaf pages of the bookmarks table
        data[(page - 1) * 4096 : page * 4096] = bytes(4096)
    db.write_bytes(bytes(data))
    return made


def test_zeroed_pages_are_detected_on_open(tmp_path: Path) -> None:
    db = _db(tmp_path)
    _damaged_store(db)
    before = db.read_bytes()
    with pytest.raises(BookmarkDamagedError, match="repair"):
        BookmarkStore(db)
    assert db.read_bytes() == before  # left as it was


def test_repair_saves_what_can_be_read_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(tmp_path)
    made = _damaged_store(db)
    before = db.read_bytes()
    assert run(tmp_path, "list") == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert run(tmp_path, "repair") == 0
    out = capsys.readouterr().out
    assert "could be read" in out
    [aside] = [p for p in db.parent.iterdir() if ".corrupt-" in p.name and p.suffix != ".db"]
    assert aside.name.startswith("bookmarks.db.corrupt-2") and aside.read_bytes() == before
    with BookmarkStore(db) as store:
        saved = {b.id: b for b in store.list_bookmarks()}
    by_id = {b.id: b for b in made}
    assert 0.8 * len(made) < len(saved) < len(made)  # most of it, not what was lost
    for bookmark_id, b in saved.items():  # each saved one as it was, under its id
        assert b == by_id[bookmark_id]


def test_repair_on_a_damaged_store_reports_it_instead_of_nothing_to_repair(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path)
    _damaged_store(db, count=200)
    report = repair_store(db)
    assert report.saved > 0 and report.moved_to.exists()


# -------------------------------------------------------------- 5. import


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100000,
        json.dumps([_hostile_record(0)])[:-2] + ', "note": "\\ud800"}]',
        json.dumps([{**_hostile_record(0), "ordinal": 2**63}]),
        json.dumps([{**_hostile_record(0), "ordinal": -5}]),
        "[" + "9" * 5000 + "]",
    ],
    ids=["nesting", "lone surrogate", "ordinal 2^63", "negative ordinal", "huge number"],
)
def test_bad_import_is_one_line_and_imports_nothing(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    good = json.dumps(_hostile_record(3))
    # a good record first: all or nothing
    path.write_text(text if text.startswith("[[") else f"[{good}, {text[1:]}", "utf-8")
    with BookmarkStore(_db(tmp_path)) as store:
        with pytest.raises(BookmarkImportError):
            import_json(store, path)
        assert store.count() == 0
    assert run(tmp_path, "import", str(path)) == 2  # a bad import file, as documented
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err
    with BookmarkStore(_db(tmp_path)) as store:
        assert store.count() == 0


# --------------------------------------- 6. issue 12: stores of the previous release


def _old_release_store(db: Path, rows: list[Bookmark]) -> None:
    """A store as the previous release wrote it: schema 2, by its own SQL."""
    con = sqlite3.connect(db)
    con.executescript(
        """
        CREATE TABLE bookmarks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            report_key TEXT NOT NULL,
            report_title TEXT NOT NULL DEFAULT '',
            anchor TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            excerpt TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX bookmarks_key_anchor ON bookmarks (report_key, anchor);
        CREATE TABLE reading_state (
            report_key TEXT PRIMARY KEY,
            edition_key TEXT NOT NULL DEFAULT '',
            ordinal INTEGER NOT NULL DEFAULT 0,
            anchor TEXT NOT NULL DEFAULT '',
            scroll_offset REAL NOT NULL DEFAULT 0,
            variant TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )
    con.execute("PRAGMA user_version = 2")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    with con:
        for b in rows:
            con.execute(
                "INSERT INTO bookmarks (report_key, report_title, anchor, ordinal, excerpt, "
                "note, tags, created, updated) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    b.report_key,
                    b.report_title,
                    b.anchor,
                    b.ordinal,
                    b.excerpt,
                    b.note,
                    json.dumps(list(b.tags)),
                    b.created,
                    b.updated,
                ),
            )
    con.close()


def test_previous_release_store_keeps_every_bookmark_after_the_parser_changes(
    tmp_path: Path,
) -> None:
    from trendreader.library.catalog import load_library
    from trendreader.resources import seeds_dir

    library = load_library([seeds_dir()])
    report = library.reports[0]
    edition = report.editions[0]
    old_passages = edition.passages
    picked = old_passages[:: max(1, len(old_passages) // 15)]
    made = [
        Bookmark(
            0,
            edition.key,
            edition.title,
            p.anchor,
            p.ordinal,
            make_excerpt(p.text),
            note=f"note {p.ordinal}",
            created=f"2025-01-01T00:00:{n:02d}+00:00",
            updated=f"2025-01-01T00:00:{n:02d}+00:00",
        )
        for n, p in enumerate(picked)
    ]
    db = tmp_path / "bookmarks.db"
    _old_release_store(db, made)

    # What a new parser may do: a title passage first, soft breaks joined without spaces,
    # ASCII punctuation made full-width, a short passage merged into the one before.
    texts: list[str] = [report.title]
    for p in old_passages:
        text = p.text.replace(" ", "").replace(",", "，").replace(":", "：")
        if texts and len(text) < 8:
            texts[-1] += text
        else:
            texts.append(text)
    new = make_passages(edition.key, texts)

    with BookmarkStore(db) as store:
        after = {b.id: b for b in store.reanchor(edition.key, new)}
        stored = store.list_bookmarks()
    assert len(stored) == len(made)  # every bookmark kept
    on: dict[int, int] = {}
    for old, b in zip(made, sorted(stored, key=lambda b: b.id), strict=True):
        assert after[b.id] == b
        assert (b.note, b.excerpt, b.created) == (old.note, old.excerpt, old.created)
        if not b.orphaned:
            assert b.ordinal not in on  # not on another bookmark's passage
            on[b.ordinal] = b.id
            assert (
                make_excerpt(new[b.ordinal].text) == old.excerpt
                or nearest_candidate(b, candidates_of(new), ()) is not None
            )
    assert len(on) >= len(made) // 2  # most follow their passage
