"""Faults: concurrent writers, a writer killed mid-write, foreign/corrupt/newer files,
an unwritable data directory, and repair."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bm_helpers import make_passages

from trendreader.bookmarks import connection as connection_module
from trendreader.bookmarks.errors import BookmarkStoreError
from trendreader.bookmarks.store import SCHEMA_VERSION, BookmarkStore, repair

WORKER = Path(__file__).with_name("_worker.py")
P = make_passages("k", ["第一段", "第二段"])


def _worker(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# ------------------------------------------------------------------ concurrency


def test_two_processes_adding_at_once_lose_nothing(db_path: Path) -> None:
    BookmarkStore(db_path).close()
    procs = [_worker(db_path, "add", "200", f"proc{n}") for n in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with BookmarkStore(db_path) as s:
        assert s.count() == 400
        assert s.count("proc0") == 200 and s.count("proc1") == 200
        assert len({b.id for b in s.list_bookmarks()}) == 400


def test_two_processes_creating_the_store_at_once(db_path: Path) -> None:
    procs = [_worker(db_path, "add", "50", f"proc{n}") for n in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with BookmarkStore(db_path) as s:
        assert s.count() == 100


def test_sigkill_mid_write_leaves_a_consistent_store(db_path: Path) -> None:
    BookmarkStore(db_path).close()
    proc = _worker(db_path, "loop", "killed")
    assert proc.stdout is not None
    committed: list[int] = []
    while len(committed) < 150:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "worker died"
        committed.append(int(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # the killed writer's -wal is still there; a new connection recovers from it
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    with BookmarkStore(db_path) as s:
        for bookmark_id in committed:
            b = s.get(bookmark_id)
            assert b is not None and b.report_key == "killed" and b.note == "x" * 500
        assert s.count() >= len(committed)
        s.add("k", "t", P[0])  # and it is writable


# ------------------------------------------------------ files that are not ours


def _foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.execute("INSERT INTO recipes VALUES ('麻婆豆腐')")
    con.commit()
    con.close()


BAD_FILES = {
    "random bytes": lambda p: p.write_bytes(os.urandom(8192)),
    "text file": lambda p: p.write_text("這不是資料庫\nnot a database\n" * 50, "utf-8"),
    "sqlite of another app": _foreign_sqlite,
    "sqlite header then garbage": lambda p: p.write_bytes(
        b"SQLite format 3\x00" + os.urandom(4096)
    ),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_file_that_is_not_ours_is_refused_and_left_as_it_was(db_path: Path, kind: str) -> None:
    db_path.parent.mkdir(parents=True)
    BAD_FILES[kind](db_path)
    before = db_path.read_bytes()
    listing = sorted(os.listdir(db_path.parent))
    with pytest.raises(BookmarkStoreError) as info:
        BookmarkStore(db_path)
    message = str(info.value)
    assert str(db_path) in message
    assert "\n" not in message
    assert db_path.read_bytes() == before
    assert sorted(os.listdir(db_path.parent)) == listing  # nothing created beside it


def test_a_foreign_wal_database_and_its_wal_are_left_as_they_were(
    tmp_path: Path, db_path: Path
) -> None:
    """Another program's WAL database with changes not yet checkpointed: opening it must
    not checkpoint (rewrite) it, nor touch its -wal."""
    source = tmp_path / "other.db"
    con = sqlite3.connect(source)
    con.execute("CREATE TABLE notes (text TEXT)")
    con.commit()
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.executemany("INSERT INTO notes VALUES (?)", [(f"筆記 {i}",) for i in range(200)])
    con.commit()
    db_path.parent.mkdir(parents=True)
    shutil.copyfile(source, db_path)  # a snapshot while the other program still runs
    shutil.copyfile(f"{source}-wal", f"{db_path}-wal")
    con.close()
    before = db_path.read_bytes(), Path(f"{db_path}-wal").read_bytes()
    listing = sorted(os.listdir(db_path.parent))
    with pytest.raises(BookmarkStoreError, match=r"another program.*notes"):
        BookmarkStore(db_path)
    assert (db_path.read_bytes(), Path(f"{db_path}-wal").read_bytes()) == before
    assert sorted(os.listdir(db_path.parent)) == listing


def test_foreign_sqlite_message_names_its_tables(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    _foreign_sqlite(db_path)
    with pytest.raises(BookmarkStoreError, match=r"another program.*recipes"):
        BookmarkStore(db_path)


def test_an_empty_file_becomes_a_store(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    with BookmarkStore(db_path) as s:
        assert s.add("k", "t", P[0]).id == 1


def test_a_directory_at_the_store_path_is_refused(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(BookmarkStoreError, match="is a directory"):
        BookmarkStore(db_path)


def test_a_newer_schema_is_refused_and_not_written(db_path: Path) -> None:
    with BookmarkStore(db_path) as s:
        s.add("k", "t", P[0])
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.execute("CREATE TABLE from_the_future (x)")
    con.commit()
    con.execute("PRAGMA journal_mode = DELETE")  # fold everything into the one file
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(BookmarkStoreError, match="newer trendreader") as info:
        BookmarkStore(db_path)
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == before
    with pytest.raises(BookmarkStoreError, match="newer trendreader"):
        repair(db_path)  # not corrupt: repair leaves it alone too
    assert db_path.read_bytes() == before


# ----------------------------------------------------------- unwritable places


def test_data_dir_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data directory should be")
    path = blocker / "bookmarks.db"
    with pytest.raises(BookmarkStoreError) as info:
        BookmarkStore(path)
    assert str(path) in str(info.value) and "data directory" in str(info.value)
    assert blocker.read_text() == "a file where the data directory should be"


def test_read_only_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    """As an ordinary user, a 0o500 data dir; as root (which ignores permissions), the same
    check in a child process dropped to an unprivileged user."""
    if os.geteuid() == 0:
        _read_only_data_dir_as_an_unprivileged_user()
        return
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        with pytest.raises(BookmarkStoreError, match="writable") as info:
            BookmarkStore(data / "bookmarks.db")
        assert str(data / "bookmarks.db") in str(info.value)
    finally:
        data.chmod(0o700)


def _nobody_python() -> list[str] | None:
    """A command prefix that runs Python as an unprivileged user, if this root can."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]


def _read_only_data_dir_as_an_unprivileged_user() -> None:
    """Root ignores permissions, so drop to uid 65534 in a child to test a real 0o500 dir."""
    prefix = _nobody_python()
    assert prefix is not None, "setpriv (util-linux) is needed to test this as root"
    root = Path(tempfile.mkdtemp(prefix="trendreader-ro-"))  # pytest's tmp dirs are 0o700
    try:
        root.chmod(0o755)
        data = root / "ro"
        with BookmarkStore(data / "bookmarks.db") as s:  # an existing store, made as root
            s.add("k", "t", P[0])
        os.chown(data, 65534, 65534)
        os.chown(data / "bookmarks.db", 65534, 65534)
        data.chmod(0o500)
        code = (
            "import sys\n"
            "from trendreader.bookmarks.store import BookmarkStore, BookmarkStoreError\n"
            "try:\n"
            "    BookmarkStore(sys.argv[1])\n"
            "except BookmarkStoreError as e:\n"
            "    print(e); sys.exit(7)\n"
        )
        probe = subprocess.run(
            [*prefix, "-c", "import trendreader.bookmarks.store"], capture_output=True
        )
        if probe.returncode != 0:
            pytest.skip("the unprivileged user cannot import trendreader here")
        before = (data / "bookmarks.db").read_bytes()
        for target in (data / "bookmarks.db", data / "new" / "bookmarks.db"):
            result = subprocess.run(
                [*prefix, "-c", code, str(target)], capture_output=True, text=True, timeout=60
            )
            assert result.returncode == 7, result.stderr
            assert str(target) in result.stdout and result.stdout.count("\n") == 1
        assert (data / "bookmarks.db").read_bytes() == before
    finally:
        shutil.rmtree(root)


def test_store_errors_name_the_file_and_hint_at_permissions(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message a read-only file system gives, without needing one."""

    def readonly(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(connection_module.sqlite3, "connect", readonly)
    with pytest.raises(BookmarkStoreError, match="writable") as info:
        BookmarkStore(db_path)
    assert str(db_path) in str(info.value)


# --------------------------------------------------------------------- repair


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_repair_moves_the_bad_file_aside_and_starts_fresh(db_path: Path, kind: str) -> None:
    db_path.parent.mkdir(parents=True)
    BAD_FILES[kind](db_path)
    before = db_path.read_bytes()
    Path(f"{db_path}-wal").write_bytes(b"wal bytes")
    Path(f"{db_path}-shm").write_bytes(b"shm bytes")
    moved = repair(db_path)
    assert moved.parent == db_path.parent
    assert moved.name.startswith("bookmarks.db.corrupt-2")
    assert moved.read_bytes() == before
    assert Path(f"{moved}-wal").read_bytes() == b"wal bytes"
    assert Path(f"{moved}-shm").read_bytes() == b"shm bytes"
    with BookmarkStore(db_path) as s:
        assert s.count() == 0
        s.add("k", "t", P[0])


def test_repair_twice_in_one_second_keeps_both_files(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"first bad file")
    first = repair(db_path)
    db_path.write_bytes(b"second bad file")
    second = repair(db_path)
    assert first != second
    assert first.read_bytes() == b"first bad file"
    assert second.read_bytes() == b"second bad file"


def test_repair_leaves_a_healthy_store_alone_unless_forced(db_path: Path) -> None:
    with BookmarkStore(db_path) as s:
        b = s.add("k", "t", P[0])
    with pytest.raises(BookmarkStoreError, match="opens fine"):
        repair(db_path)
    with BookmarkStore(db_path) as s:
        assert s.list_bookmarks() == [b]
    moved = repair(db_path, force=True)
    with BookmarkStore(moved) as old:  # the moved file is still a working store
        assert old.list_bookmarks() == [b]
    with BookmarkStore(db_path) as s:
        assert s.count() == 0


def test_repair_without_a_file(db_path: Path) -> None:
    with pytest.raises(BookmarkStoreError, match="nothing to repair"):
        repair(db_path)
