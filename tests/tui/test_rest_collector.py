"""The cycle collector runs while the keys rest (tui/rest_collector.py): young objects
collected and frozen after a short rest, everything collected after a long one once enough
was frozen, nothing while keys come."""

from __future__ import annotations

import gc

from trendreader.tui import rest_collector as module
from trendreader.tui.key_quiet import KeyQuiet
from trendreader.tui.rest_collector import RestCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def collector(survivors: list[int]) -> tuple[RestCollector, KeyQuiet, Clock, list[str]]:
    clock = Clock()
    quiet = KeyQuiet(clock=clock)
    calls: list[str] = []
    made = RestCollector(
        quiet,
        survivors=lambda: survivors[0],
        collect_young=lambda: calls.append("young"),
        collect_all=lambda: calls.append("all"),
    )
    return made, quiet, clock, calls


def test_nothing_is_collected_while_keys_come_or_too_little_survived() -> None:
    made, quiet, clock, calls = collector([module.MIN_YOUNG * 3])
    clock.now += 60
    quiet.note_key()
    clock.now += module.REST / 2
    assert made.tick() is None  # a key half a rest ago
    survivors = [module.MIN_YOUNG - 1]
    made.survivors = lambda: survivors[0]
    clock.now += module.REST
    assert made.tick() is None  # resting, but not enough to do
    assert calls == []


def test_a_rest_collects_the_young_and_a_long_one_everything_once_enough_was_frozen() -> None:
    survivors = [module.MIN_YOUNG]
    made, quiet, clock, calls = collector(survivors)
    clock.now += module.REST * 1.5  # no key yet: the rest counts from start-up
    assert made.tick() == "young"
    assert made.frozen_since_full == module.MIN_YOUNG
    survivors[0] = module.FULL_AFTER
    quiet.note_key()
    clock.now += module.REST * 1.5
    assert made.tick() == "young"  # a short rest: the young only, however much was frozen
    clock.now += module.LONG_REST
    survivors[0] = 0
    assert made.tick() is None  # not yet: the first one waits FULL_EVERY from start-up
    clock.now += module.FULL_EVERY
    assert made.tick() == "all"
    assert made.frozen_since_full == 0
    assert made.tick() is None  # nothing new since
    survivors[0] = module.FULL_AFTER
    assert made.tick() == "young"  # frozen enough again, but a full one ran just now
    clock.now += module.LONG_REST
    survivors[0] = 0
    assert made.tick() is None
    assert calls == ["young", "young", "all", "young"] == made.done


def test_the_real_steps_freeze_what_survives_and_collect_cycles() -> None:
    class Cycle:
        pass

    gc.collect()
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        kept = [Cycle() for _ in range(100)]
        for item in kept:
            item.me = item  # type: ignore[attr-defined]
        module._collect_and_freeze()
        assert gc.get_freeze_count() >= before + 100
        assert module._survivors() < 100
        dropped = Cycle()
        dropped.me = dropped  # type: ignore[attr-defined]
        module._collect_and_freeze()  # frozen while still held
        import weakref

        gone = weakref.ref(dropped)
        del dropped, kept
        assert gone() is not None  # a frozen cycle waits for a collection of everything
        module._collect_everything()
        assert gone() is None
    finally:
        gc.unfreeze()


async def test_the_reader_collects_while_its_keys_rest(make_app, monkeypatch) -> None:
    from tests.tui.pilot_helpers import chrome_ready, until

    monkeypatch.setattr(module, "MIN_YOUNG", 1)
    monkeypatch.setattr(module, "REST", 1.0)  # keys 0.2 s apart stay well inside a rest
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await chrome_ready(pilot)
        await until(pilot, lambda: "young" in app.rest_collector.done, "a collection", 5)
        app.rest_collector.done.clear()
        for _ in range(6):  # keys every 0.2 s: no collection meanwhile
            await pilot.press("j")
            await pilot.pause(0.2)
            assert app.rest_collector.done == []
        await until(pilot, lambda: app.rest_collector.done == ["young"], "after the keys", 5)
