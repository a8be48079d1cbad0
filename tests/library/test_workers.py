"""How work is cut for worker processes: every item once, biggest first, chunks shrinking."""

from __future__ import annotations

import pytest

from trendreader.library import workers
from trendreader.library.workers import cut_by_size, sized_chunks


def test_sized_chunks_hold_every_index_once_biggest_first() -> None:
    sizes = [300_000, 20_000, 900_000, 50_000, 700_000, 10_000] * 7
    chunks = sized_chunks(sizes, 2)
    flat = [i for chunk in chunks for i in chunk]
    assert sorted(flat) == list(range(len(sizes)))
    assert [sizes[i] for i in flat] == sorted(sizes, reverse=True)


def test_sized_chunks_shrink_towards_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "MIN_CHUNK_BYTES", 1)
    sizes = [1_000] * 400  # 400,000 bytes of equal files
    totals = [sum(sizes[i] for i in chunk) for chunk in sized_chunks(sizes, 2)]
    assert totals[0] == 100_000  # a quarter of all: what is left over 2 × workers
    assert totals[1] == 75_000  # a quarter of what was left
    assert totals == sorted(totals, reverse=True)
    assert totals[-1] <= 2_000


def test_sized_chunks_are_never_smaller_than_the_minimum_but_the_last() -> None:
    sizes = [10_000] * 300  # 3 MB
    totals = [sum(sizes[i] for i in chunk) for chunk in sized_chunks(sizes, 2)]
    assert all(total >= workers.MIN_CHUNK_BYTES for total in totals[:-1])
    assert sum(totals) == 3_000_000


def test_one_file_bigger_than_a_chunk_is_a_chunk_of_its_own() -> None:
    chunks = sized_chunks([5_000_000, 100, 100], 4)
    assert chunks[0] == [0]
    assert sorted(i for chunk in chunks for i in chunk) == [0, 1, 2]


def test_cut_by_size_keeps_the_order_given() -> None:
    assert cut_by_size([2, 0, 1], [5, 5, 5], 10) == [[2, 0], [1]]
