"""Work spread over worker processes: many files parsed, many texts shingled.

Parsing and shingling are mostly Python, so a cold load of many files is CPU-bound; past a
few megabytes the work is cut into chunks of similar size and mapped over worker processes
(one per core, at most 4). Workers are forked when this process runs no other thread
(cheapest: they share what is imported), else started by a fork server.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

Item = TypeVar("Item")
Result = TypeVar("Result")


def worker_limit() -> int:
    """Worker processes for a one-off job: one per core, at most 4."""
    return min(4, os.cpu_count() or 1)


def cut_by_size(
    order: Sequence[int], sizes: Sequence[int], budget: int | Callable[[int], int]
) -> list[list[int]]:
    """The indexes ``order`` gives, in that order, cut into chunks of ``budget`` or a
    little more (the last one less); a callable ``budget`` is asked, for each chunk, given
    the size of what is not in a chunk yet."""
    budget_of = budget if callable(budget) else lambda _left: budget
    left = sum(sizes[i] for i in order)
    chunks: list[list[int]] = []
    current: list[int] = []
    filled = 0
    wanted = budget_of(left)
    for i in order:
        current.append(i)
        filled += sizes[i]
        if filled >= wanted:
            chunks.append(current)
            left -= filled
            current, filled = [], 0
            wanted = budget_of(left)
    if current:
        chunks.append(current)
    return chunks


#: The smallest chunk :func:`sized_chunks` cuts (~30 ms of parsing; a round trip to a
#: worker costs a few ms).
MIN_CHUNK_BYTES = 200_000


def sized_chunks(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """Indexes of ``sizes``, biggest first, in chunks of decreasing size (guided scheduling):
    each about what is left over ``2 × workers``, at least :data:`MIN_CHUNK_BYTES`. The
    first chunks are big (few round trips), the last small, so that the workers finish
    together (chunks of equal size left one core idle for up to a chunk's time)."""
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    return cut_by_size(order, sizes, lambda left: max(MIN_CHUNK_BYTES, left // (2 * workers)))


def process_pool(workers: int, context: BaseContext) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes started by ``context`` that speak this process's
    catalog: the reasons they give for a file refused are shown to the reader (a worker of a
    fork server would speak English)."""
    from concurrent.futures import ProcessPoolExecutor

    from trendreader import i18n

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=i18n.use,
        initargs=(i18n.current_locale(),),
    )


def map_in_workers(
    func: Callable[[list[Item]], list[Result]],
    items: Sequence[Item],
    sizes: Sequence[int],
    workers: int,
) -> list[Result] | None:
    """``func`` over ``items`` in chunks (see :func:`sized_chunks`), in ``workers`` worker
    processes; the results in the items' order. ``None`` where processes cannot be had
    (the caller then does the work here): ValueError inside a running Textual app, whose
    ``sys.stderr`` has no file descriptor for multiprocessing's resource tracker."""
    import multiprocessing
    import threading

    chunks = sized_chunks(sizes, workers)
    method = "fork" if threading.active_count() == 1 else "forkserver"
    results: list[Result | None] = [None] * len(items)
    try:
        context = multiprocessing.get_context(method)
        with process_pool(workers, context) as pool:
            done = pool.map(func, [[items[i] for i in chunk] for chunk in chunks])
            for chunk, outcomes in zip(chunks, done, strict=True):
                for i, outcome in zip(chunk, outcomes, strict=True):
                    results[i] = outcome
    except (OSError, RuntimeError, ImportError, ValueError):
        return None
    return results  # type: ignore[return-value]  # every chunk's results are in
