from __future__ import annotations

import threading

import pytest

from trendreader.script.cache import LRUCache
from trendreader.script.convert import USED_CONFIGS, convert, convert_many, get_converter


def test_converters_are_built_once() -> None:
    assert get_converter("s2tw") is get_converter("s2tw")


@pytest.mark.parametrize("config", USED_CONFIGS)
def test_nul_does_not_truncate(config: str) -> None:
    # the official binding 1.4.2 returns "a" for s2tw("a\x00b为")
    out = convert("a\x00b为為", config)
    assert out.startswith("a\x00b")
    assert len(out) == 5


def test_convert_many_keeps_order_and_count() -> None:
    texts = ["网络", "", "第一\n第二", "机会", "\n\n"]
    out = convert_many(texts, "s2twp")
    assert out == [convert(t, "s2twp") for t in texts]
    assert out[0] == "網路"


def test_lru_evicts_least_recently_used() -> None:
    lru: LRUCache[str, int] = LRUCache(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # a is now the newest
    lru.put("c", 3)
    assert "b" not in lru
    assert lru.get("a") == 1 and lru.get("c") == 3
    assert len(lru) == 2
    assert lru.get("b") is None
    assert (lru.hits, lru.misses) == (3, 1)


def test_lru_put_many_respects_the_bound() -> None:
    lru: LRUCache[int, int] = LRUCache(5)
    lru.put_many([(i, i) for i in range(12)])
    assert len(lru) == 5
    assert lru.get_many([7, 11, 3]) == [7, 11, None]


def test_lru_rejects_a_zero_bound() -> None:
    with pytest.raises(ValueError):
        LRUCache(0)


def test_lru_from_threads() -> None:
    lru: LRUCache[int, int] = LRUCache(50)

    def work(offset: int) -> None:
        for i in range(2000):
            lru.put(offset + i % 100, i)
            lru.get(offset + (i * 7) % 100)

    threads = [threading.Thread(target=work, args=(k * 1000,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(lru) == 50
