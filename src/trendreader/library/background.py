"""Parse many report files off the reader's thread, handing the editions back as they come.

markdown-it-py is pure Python: in a thread of the reader's process, parsing would hold the
interpreter's lock against the interface (a key's frame ~2x slower on two cores). So the
files are parsed in worker processes (one core left to the reader: ``cpu_count - 1``, at
most 3), in chunks of ~:data:`CHUNK_BYTES` (~0.1 s each), and each chunk's editions are
handed to ``on_parsed`` as soon as it is back: the caller shows them in batches. A worker
also works out each edition's shingle sample (`editions.sample_shingles`), so that grouping
the whole library at the end shingles nothing in the reader's process (~1.5 s at 2,000
reports). Workers are forked when this process runs no other thread, else started by a fork
server (the reader's threads must not be forked); where processes cannot be had, or for
little work, the files are parsed here, a chunk at a time.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from trendreader.library.catalog import report_stamp
from trendreader.library.store import Parsed
from trendreader.library.workers import cut_by_size, process_pool

__all__ = [
    "CHUNK_BYTES",
    "ParseJob",
    "parse_chunk",
    "parse_files",
    "prepare_processes",
    "worker_count",
]

ParseJob = tuple[Path, str, bool]  # (path, key, builtin), as library_files gives them
#: A chunk of files parsed by one worker at a time (~0.1 s of markdown-it at ~1.2 MB/s).
CHUNK_BYTES = 120_000
#: Less than this many bytes to parse: no processes (starting them costs ~0.2–0.4 s).
PROCESS_MIN_BYTES = 1_000_000


def worker_count() -> int:
    """Worker processes for a background parse: every core but the reader's, at most 3."""
    return max(0, min(3, (os.cpu_count() or 1) - 1))


def prepare_processes() -> None:
    """Start what a process pool needs and cannot start under a Textual app: call before
    the app runs. multiprocessing's resource tracker (which a fork server starts) is handed
    ``sys.stderr.fileno()``, and a running app's ``sys.stderr`` is Textual's capture, whose
    fileno is -1: the pool then fails ("bad value(s) in fds_to_keep") and the files are
    parsed in the reader's process after all. Started now it is reused (a process of its
    own, a few ms to spawn)."""
    if os.name != "posix":
        return
    with contextlib.suppress(Exception):  # without it, the files are parsed here
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()


def parse_chunk(jobs: Sequence[ParseJob]) -> list[tuple[str, Parsed]]:
    """Parse ``jobs`` (in a worker process or here): each file's path and :data:`Parsed`
    (its size and version before it was read, the edition or why it was refused, its sample)."""
    from trendreader.library.editions import sample_shingles
    from trendreader.library.parse import ReportFileError, read_edition

    out: list[tuple[str, Parsed]] = []
    for path, key, builtin in jobs:
        try:
            stat = path.stat()
            stamp = report_stamp(str(path), stat)
            edition = read_edition(path, key=key, builtin=builtin)
        except ReportFileError as error:
            out.append((str(path), (-1, -1, error, None)))
            continue
        except OSError as error:  # gone since it was listed: the load reports it
            out.append((str(path), (-1, -1, error, None)))
            continue
        sample = sample_shingles(edition.full_text())
        out.append((str(path), (*stamp, edition, sample)))
    return out


def chunks_of(jobs: Sequence[ParseJob], budget: int = CHUNK_BYTES) -> list[list[ParseJob]]:
    """``jobs`` in order, cut into chunks of about ``budget`` bytes."""
    sizes = []
    for job in jobs:
        try:
            sizes.append(job[0].stat().st_size)
        except OSError:
            sizes.append(0)
    return [[jobs[i] for i in chunk] for chunk in cut_by_size(range(len(jobs)), sizes, budget)]


def parse_files(
    jobs: Sequence[ParseJob],
    on_parsed: Callable[[list[tuple[str, Parsed]]], None],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    workers: int | None = None,
) -> bool:
    """Parse every job, calling ``on_parsed`` (in the calling thread) with each chunk's
    results as it comes back, in no set order. ``cancelled`` is asked between chunks (at
    least every 0.1 s): then the chunks not started are dropped. False if cancelled."""
    chunks = chunks_of(jobs)
    if workers is None:
        workers = worker_count()
    total = 0
    for job in jobs:
        with contextlib.suppress(OSError):
            total += job[0].stat().st_size
    if workers >= 1 and len(chunks) > 1 and total >= PROCESS_MIN_BYTES:
        left = _parse_in_processes(chunks, on_parsed, cancelled, workers)
        if left is None:
            return False
    else:
        left = chunks
    for chunk in left:  # here: little work, or no processes to be had
        if cancelled():
            return False
        on_parsed(parse_chunk(chunk))
    return True


def _parse_in_processes(
    chunks: list[list[ParseJob]],
    on_parsed: Callable[[list[tuple[str, Parsed]]], None],
    cancelled: Callable[[], bool],
    workers: int,
) -> list[list[ParseJob]] | None:
    """The chunks parsed in a process pool; those it could not parse (to parse here), or
    None if cancelled."""
    import multiprocessing
    import threading
    from concurrent.futures import FIRST_COMPLETED, Future, wait

    method = "fork" if threading.active_count() == 1 else "forkserver"
    try:
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            # the parser imported once, there (each worker is forked from it)
            context.set_forkserver_preload([__name__, "trendreader.library.parse"])
        pool = process_pool(workers, context)
    except (OSError, RuntimeError, ValueError, ImportError):
        return chunks  # (a ValueError under a running app: see prepare_processes)
    received: set[int] = set()
    left: list[list[ParseJob]] = []
    try:
        futures: dict[Future[list[tuple[str, Parsed]]], int] = {
            pool.submit(parse_chunk, chunk): index for index, chunk in enumerate(chunks)
        }
        pending = set(futures)
        while pending:
            if cancelled():
                _stop_workers(pool)
                return None
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                received.add(futures[future])
                try:
                    results = future.result()
                except Exception:  # a broken pool or a worker that died: parse it here
                    left.append(chunks[futures[future]])
                    continue
                on_parsed(results)
    except (OSError, RuntimeError):  # no processes after all: the rest here
        return left + [chunk for index, chunk in enumerate(chunks) if index not in received]
    finally:
        # chunks not started are dropped; the ones under way (~0.1 s) end on their own
        pool.shutdown(wait=False, cancel_futures=True)
    return left


def _stop_workers(pool: object) -> None:
    """End the pool's workers now (the reader is closing): else the interpreter's exit waits
    for the chunks already handed to them (~2 s measured). The pool keeps its processes in
    a private ``_processes`` (stable from Python 3.8 to 3.13): without it, they end later."""
    processes = getattr(pool, "_processes", None)
    if isinstance(processes, dict):
        for process in list(processes.values()):
            with contextlib.suppress(Exception):
                process.terminate()
