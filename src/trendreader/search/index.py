"""The on-disk passage index: build, refresh incrementally, survive corruption and locks.

Beside Whoosh's files lies ``manifest.json``: the schema version and, for every indexed
edition, its signature (key, content hash, report key, year). Refreshing compares the library
with the manifest first, so when nothing changed no writer is opened and the index is not even
read. A refresh that finds changes takes Whoosh's write lock, marks the manifest dirty, deletes
and re-adds only the changed editions in one writer, commits, and writes a clean manifest. A
dirty manifest (a crash mid-way) is reconciled from the ``sig`` terms of the index itself.

- schema version changed, manifest unreadable, index missing → rebuilt from scratch;
- index damaged (Whoosh cannot open or search it) → rebuilt, with a one-line notice;
- another process holds the write lock → the existing index answers read-only, with a notice;
- the cache cannot be written (read-only, not permitted, a file where the folder should be,
  the disk full) → :class:`IndexUnavailable` (one line: the path and what to do) when there is
  no index to fall back on, else the existing index answers read-only, with that line.

A half-written index is never read as a good one: a build from scratch goes into a hidden
sibling folder that replaces the index only once it is committed and its manifest written (a
failed build is deleted, the old index stays); an update commits through Whoosh's own
write-then-rename table of contents, under a manifest marked dirty until the commit is done.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.searching import Searcher

from trendreader.atomic import write_text
from trendreader.i18n import _
from trendreader.library.catalog import Library
from trendreader.library.model import Edition, Report
from trendreader.paths import StateError, describe_os_error
from trendreader.search.matching import TabledBM25F
from trendreader.search.schema import PASSAGE_COLUMN, SCHEMA_VERSION, build_schema

MANIFEST = "manifest.json"
INDEX_NAME = "MAIN"
SEP = "\x1f"

Progress = Callable[[int, int], None]  # (passages done, passages to do)


class IndexDamaged(Exception):
    """Whoosh could not open or read the index."""


class IndexUnavailable(StateError):
    """The index cannot be written where it lives and there is none to read; one line."""


# errors of the place, not of the index: rebuilding would not help (and would delete it)
_ENVIRONMENT = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENOTDIR,
    errno.EEXIST,
}


def is_environment_error(error: BaseException) -> bool:
    """An OSError that says the place cannot be written (disk full, permissions, …)."""
    return isinstance(error, OSError) and error.errno in _ENVIRONMENT


def unwritable_message(directory: Path, error: OSError) -> str:
    return f"the search index cannot be written: {describe_os_error(error, directory)}"


@dataclass(slots=True)
class SyncStatus:
    """What a refresh did."""

    added: int = 0  # editions (re)indexed
    removed: int = 0  # editions deleted from the index
    passages: int = 0  # passage documents written
    rebuilt: bool = False
    writer_opened: bool = False
    read_only: bool = False
    notice: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.rebuilt)


@dataclass(slots=True)
class _Manifest:
    schema: int = field(default_factory=lambda: SCHEMA_VERSION)
    stored_text: bool = False
    clean: bool = True
    editions: dict[str, str] = field(default_factory=dict)


def signature(report: Report, edition: Edition) -> str:
    """What an edition's documents depend on; a different signature means re-index it."""
    return SEP.join((edition.key, edition.content_hash, report.key, str(report.year or "")))


def wanted_signatures(library: Library) -> dict[str, tuple[str, Report, Edition]]:
    """Edition key → (signature, report, edition) of every edition of ``library``. The last
    library's are kept (a search asks for them three times: ~20 ms each at 10,000 reports);
    a library is never changed in place, a new one replaces it."""
    global _last_wanted
    last = _last_wanted  # one read: another thread may replace it
    if last is not None and last[0] is library:
        return dict(last[1])
    wanted = {
        edition.key: (signature(report, edition), report, edition)
        for report in library.reports
        for edition in report.editions
    }
    _last_wanted = (library, wanted)
    return dict(wanted)


_last_wanted: tuple[Library, dict[str, tuple[str, Report, Edition]]] | None = None


class PassageIndex:
    """One index directory. Not thread-safe on its own; :class:`SearchService` serializes."""

    def __init__(
        self,
        directory: Path,
        *,
        stored_text: bool = False,
        procs: int | None = None,
        limitmb: int = 512,
    ) -> None:
        self.directory = Path(directory)
        self.stored_text = stored_text
        #: writer processes of a fresh build; ``None``: :func:`build_processes` decides
        self.procs = procs
        self.limitmb = limitmb
        self.writers_opened = 0  # for tests and benchmarks
        self.indexed: dict[str, str] = {}  # edition key -> signature, as the index holds it
        self._searcher: Searcher | None = None
        self._lock = threading.RLock()
        #: the manifest last read and its file's (inode, size, mtime), see _read_manifest
        self._manifest_read: tuple[tuple[int, int, int], _Manifest] | None = None

    # --- manifest --------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.directory / MANIFEST

    def _read_manifest(self) -> _Manifest | None:
        """The manifest as the file holds it now; parsed once while the file stays the same
        (a search reads it twice: ~12 ms each at 10,000 editions). It is only ever replaced,
        never written in place, so its inode, size and time tell a new one."""
        path = self.manifest_path
        try:
            stat = path.stat()
            stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            if self._manifest_read is not None and self._manifest_read[0] == stamp:
                return replace(self._manifest_read[1])
            raw = json.loads(path.read_text("utf-8"))
            manifest = _Manifest(
                schema=int(raw["schema"]),
                stored_text=bool(raw["stored_text"]),
                clean=bool(raw["clean"]),
                editions={str(k): str(v) for k, v in raw["editions"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        self._manifest_read = (stamp, manifest)
        return replace(manifest)

    def _write_manifest(self, manifest: _Manifest) -> None:
        data = {
            "schema": manifest.schema,
            "stored_text": manifest.stored_text,
            "clean": manifest.clean,
            "editions": manifest.editions,
        }
        write_text(self.manifest_path, json.dumps(data, ensure_ascii=False))

    # --- opening ---------------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether a Whoosh table of contents is there (cheap: the index is not opened)."""
        return self.directory.is_dir() and any(self.directory.glob(f"_{INDEX_NAME}_*.toc"))

    def searcher(self) -> Searcher:
        """The process's searcher (opened once, refreshed after a commit)."""
        with self._lock:
            if self._searcher is None:
                try:
                    ix = open_index(self.directory)
                    self._searcher = ix.searcher(weighting=TabledBM25F())
                except Exception as error:
                    raise IndexDamaged(one_line(error)) from error
            return self._searcher

    def _reopened(self, old: Searcher) -> Searcher:
        """A searcher of the index as committed now, the old one closed. Not
        ``Searcher.refresh()``: Whoosh reuses the reader of a segment it had (segments
        compare by id) with the deletions it had then — a changed report's old passages
        still matched — and keeps the segments a merge replaced (every hit counted twice)."""
        searcher = open_index(self.directory).searcher(weighting=TabledBM25F())
        with contextlib.suppress(Exception):
            old.close()
        return searcher

    def reopen_if_changed(self) -> bool:
        """Reopen the searcher when another process (or writer) committed since it was opened,
        and take the manifest's signatures; cheap (one directory listing) when nothing did."""
        with self._lock:
            searcher = self._searcher
            if searcher is None:
                return False
            try:
                if searcher.up_to_date():
                    return False
                self._searcher = self._reopened(searcher)
            except Exception:
                self.close()  # reopened on the next search (or reported as damaged there)
            manifest = self._read_manifest()
            if manifest is not None and manifest.clean:
                self.indexed = manifest.editions
            return True

    def plan(self, library: Library) -> tuple[dict[str, str] | None, list[str]]:
        """What a refresh would have to do, from the manifest alone (the index is not read):
        the signatures the index holds and may answer for now (None: no usable index), and
        the edition keys to (re)index."""
        wanted = wanted_signatures(library)
        manifest = self._read_manifest()
        usable = (
            manifest is not None
            and manifest.clean
            and manifest.schema == SCHEMA_VERSION
            and manifest.stored_text == self.stored_text
            and self.exists()
        )
        indexed = manifest.editions if usable and manifest is not None else None
        held = indexed or {}
        pending = [key for key, (sig, _r, _e) in wanted.items() if held.get(key) != sig]
        return indexed, pending

    def build_running(self) -> bool:
        """Whether another live process is building this index from scratch (or holds the
        write lock), so starting another build would only wait for it."""
        parent, name = self.directory.parent, self.directory.name
        for folder in parent.glob(f".{name}.building-*"):
            parts = folder.name.split("-")
            try:
                os.kill(int(parts[1]), 0)
                return True
            except (ValueError, IndexError, ProcessLookupError):
                continue
            except PermissionError:
                return True
        return self.directory.is_dir() and _is_locked(self.directory)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                with contextlib.suppress(Exception):
                    self._searcher.close()
                self._searcher = None

    def _indexed_from_terms(self) -> dict[str, str]:
        """The signatures the index itself holds (used when the manifest is dirty)."""
        try:
            ix = open_index(self.directory)
            with ix.reader() as reader:
                sigs = [t.decode("utf-8") for t in reader.lexicon("sig")]
        except Exception as error:
            raise IndexDamaged(one_line(error)) from error
        return {sig.split(SEP, 1)[0]: sig for sig in sigs}

    # --- refreshing ------------------------------------------------------------------------

    def sync(
        self,
        library: Library,
        *,
        progress: Progress | None = None,
        rebuild: bool = False,
        notice: str | None = None,
    ) -> SyncStatus:
        """Bring the index in line with ``library``; see the module docstring."""
        with self._lock:
            try:
                return self._sync(library, progress=progress, rebuild=rebuild, notice=notice)
            except OSError as error:
                if not is_environment_error(error):
                    raise
                message = unwritable_message(self.directory, error)
                manifest = self._read_manifest()
                if manifest is None or manifest.schema != SCHEMA_VERSION or not self.exists():
                    raise IndexUnavailable(message) from error
                # the index there still answers (its last good generation), read only
                with contextlib.suppress(IndexDamaged):
                    self.indexed = (
                        manifest.editions if manifest.clean else self._indexed_from_terms()
                    )
                return SyncStatus(read_only=True, notice=f"{message} (results may be stale)")

    def _sync(
        self,
        library: Library,
        *,
        progress: Progress | None,
        rebuild: bool,
        notice: str | None,
    ) -> SyncStatus:
        wanted = wanted_signatures(library)
        manifest = None if rebuild else self._read_manifest()
        usable = (
            manifest is not None
            and manifest.schema == SCHEMA_VERSION
            and manifest.stored_text == self.stored_text
            and self.exists()
        )
        if not usable:
            return self._rebuild(wanted, progress, notice)
        assert manifest is not None
        current = {key: sig for key, (sig, _r, _e) in wanted.items()}
        if manifest.clean and manifest.editions == current:
            self.indexed = manifest.editions
            self.reopen_if_changed()  # another process may have written it
            return SyncStatus(notice=notice)
        try:
            indexed = manifest.editions if manifest.clean else self._indexed_from_terms()
            return self._update(indexed, wanted, progress, notice)
        except IndexDamaged as error:
            return self._rebuild(wanted, progress, damaged_notice(error))

    def _rebuild(
        self,
        wanted: dict[str, tuple[str, Report, Edition]],
        progress: Progress | None,
        notice: str | None,
    ) -> SyncStatus:
        self.close()
        if self.directory.is_dir() and _is_locked(self.directory):
            self.indexed = (self._read_manifest() or _Manifest()).editions
            return SyncStatus(read_only=True, notice=_locked_notice())
        parent = self.directory.parent
        parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(parent, self.directory.name)
        import tempfile  # here: a search that builds nothing needs it not

        building = Path(
            tempfile.mkdtemp(dir=parent, prefix=f".{self.directory.name}.building-{os.getpid()}-")
        )
        builder = PassageIndex(
            building, stored_text=self.stored_text, procs=self.procs, limitmb=self.limitmb
        )
        try:
            windex.create_in(building, build_schema(stored_text=self.stored_text), INDEX_NAME)
            status = builder._update({}, wanted, progress, notice, fresh=True)
            self.writers_opened += builder.writers_opened
            _swap_in(building, self.directory)
        except BaseException:
            builder.close()
            import shutil

            shutil.rmtree(building, ignore_errors=True)
            raise
        builder.close()
        self.indexed = builder.indexed
        status.rebuilt = True
        return status

    def _update(
        self,
        indexed: dict[str, str],
        wanted: dict[str, tuple[str, Report, Edition]],
        progress: Progress | None,
        notice: str | None,
        *,
        fresh: bool = False,
    ) -> SyncStatus:
        removed = [k for k, sig in indexed.items() if wanted.get(k, ("",))[0] != sig]
        added = [k for k, (sig, _r, _e) in wanted.items() if indexed.get(k) != sig]
        status = SyncStatus(notice=notice)
        if not removed and not added:
            self.indexed = dict(indexed)
            self._write_manifest(_Manifest(stored_text=self.stored_text, editions=indexed))
            return status
        try:
            ix = open_index(self.directory)
        except Exception as error:
            raise IndexDamaged(one_line(error)) from error
        try:
            total = sum(len(wanted[k][2].passages) for k in added)
            options = self._writer_options(fresh, total)
            # here: a search that writes nothing needs no writer (nor Whoosh's external
            # sort, which imports tempfile and shutil)
            from trendreader.search.writer import FastMpWriter, FastSegmentWriter

            if options.get("procs", 1) > 1:
                writer = FastMpWriter(ix, **options)
            else:
                writer = FastSegmentWriter(ix, **options)
                if progress is not None:  # writing the postings reports too (it may pause)
                    writer.pause = lambda: progress(total, total)
        except windex.LockError:
            self.indexed = dict(indexed)
            return SyncStatus(read_only=True, notice=notice or _locked_notice())
        self.writers_opened += 1
        status.writer_opened = True
        self._write_manifest(
            _Manifest(stored_text=self.stored_text, clean=False, editions=dict(indexed))
        )
        try:
            for key in removed:
                writer.delete_by_term("key", key)
            done = 0
            if progress:
                progress(0, total)
            for key in added:
                sig, report, edition = wanted[key]
                for doc in _documents(sig, report, edition):
                    writer.add_document(**doc)
                done += len(edition.passages)
                if progress:
                    progress(done, total)
            writer.commit()
        except Exception as error:
            with contextlib.suppress(Exception):
                writer.cancel()
            if is_environment_error(error):
                raise  # the disk, not the index: the last commit stays as it was
            raise IndexDamaged(one_line(error)) from error
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        final = {k: sig for k, (sig, _r, _e) in wanted.items()}
        self._write_manifest(_Manifest(stored_text=self.stored_text, editions=final))
        self.indexed = final
        status.added, status.removed, status.passages = len(added), len(removed), done
        with contextlib.suppress(Exception):
            if self._searcher is not None:
                self._searcher = self._reopened(self._searcher)
        return status

    def _writer_options(self, fresh: bool, passages: int) -> dict[str, Any]:
        options: dict[str, Any] = {"limitmb": self.limitmb}
        procs = build_processes(passages) if self.procs is None else self.procs
        if procs > 1 and fresh:
            options.update(procs=procs, multisegment=True)
        return options


#: a fresh build of at least this many passages (~750 reports) is written by two processes
PARALLEL_PASSAGES = 20_000


def build_processes(passages: int) -> int:
    """Writer processes for a fresh build of ``passages``: two on a machine with two cores
    or more, for a large build, in a process running no other thread (a reader's build runs
    in a thread beside its interface: it stays in one process); else one. Two processes
    write one segment each: 10,000 reports in about half the time of one."""
    if passages < PARALLEL_PASSAGES or threading.active_count() > 1:
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def _remove_leftovers(parent: Path, name: str) -> None:
    """Folders of builds that died (their process is gone) and of swaps cut short."""
    for leftover in parent.glob(f".{name}.*"):
        parts = leftover.name.split("-")
        if leftover.name.startswith(f".{name}.building-") and len(parts) > 1:
            try:
                os.kill(int(parts[1]), 0)
                continue  # a build still running in another process
            except (ValueError, ProcessLookupError):
                pass
            except PermissionError:
                continue
        import shutil

        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(built: Path, directory: Path) -> None:
    """Put the folder ``built`` where ``directory`` is: the old index is moved aside first,
    then deleted; a reader never finds a half-built index in ``directory``."""
    old: Path | None = None
    if directory.exists():
        old = directory.with_name(f".{directory.name}.old-{os.getpid()}-{id(built):x}")
        os.replace(directory, old)
    try:
        os.replace(built, directory)
    except OSError:
        if old is not None and not directory.exists():
            os.replace(old, directory)  # put the old one back
        raise
    if old is not None:
        import shutil

        shutil.rmtree(old, ignore_errors=True)


def _documents(sig: str, report: Report, edition: Edition) -> Iterator[dict[str, Any]]:
    year = report.year
    for passage in edition.passages:
        doc: dict[str, Any] = {
            "key": edition.key,
            "report": report.key,
            "sig": sig,
            "ordinal": passage.ordinal,
            "kind": passage.kind.value,
            "text": passage.text,
            PASSAGE_COLUMN: passage.text,  # phrases are checked on it (the same string)
        }
        if year is not None:
            doc["year"] = year
        yield doc


def open_index(directory: Path) -> windex.Index:
    """The Whoosh index in ``directory``, its segment files read, not memory-mapped: with mmap
    Whoosh copies each whole postings file into a BytesIO (350 MB resident at 10k reports)."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(directory), supports_mmap=False).open_index(INDEX_NAME)


def _is_locked(directory: Path) -> bool:
    """Whether another writer holds the index's write lock (checked by taking it briefly)."""
    from whoosh.filedb.filestore import FileStorage

    try:
        lock = FileStorage(str(directory)).lock(f"{INDEX_NAME}_WRITELOCK")
        if lock.acquire(blocking=False):
            lock.release()
            return False
        return True
    except OSError:
        return False


def one_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text.splitlines()[0][:160] if text else type(error).__name__


def damaged_notice(error: BaseException | str) -> str:
    return _("the search index was damaged ({error}); rebuilt it").format(error=error)


def _locked_notice() -> str:
    return _("the search index is being updated by another trendreader; results may be stale")
