"""The interpreter's cycle collector, run while the reader's keys rest instead of between two
keys.

Python collects its oldest generation when it has grown by a quarter, whenever that happens.
In the reader at 2,000 reports that was every ~6 s of use, and each one walked every object
made since start-up (Textual's strips and their caches, the index's tables, trend counts):
80–230 ms in which no key was answered, growing as the reader was used; those pauses were
the slowest keys of ``bench/keys.py``. Start-up freezes what it made (``gc.freeze``: later
collections skip it), and :class:`RestCollector` does the same for what came after, at rest:

- once the keys have rested :data:`REST` seconds and at least :data:`MIN_YOUNG` objects
  have survived a collection since the last freeze, it collects the two young generations
  and freezes what is left (2–6 ms; collecting the old one too took 15–50 ms, long enough
  to be in the way of a key that came just then);
- objects frozen and later dropped in a cycle (a screen made again after a ``t``, the
  sidebar after a reload), and cycles that were waiting in the old generation, are freed
  only by a collection of everything, done after a :data:`LONG_REST` once
  :data:`FULL_AFTER` objects have been frozen since the last one, at most every
  :data:`FULL_EVERY` seconds (~50 ms at 2,000 reports, ~0.33 s at 10,000).

No Textual here: the app calls :meth:`RestCollector.tick` every :data:`TICK` seconds.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field

from trendreader.tui.key_quiet import KeyQuiet

TICK = 0.25
"""Seconds between two looks (on the UI thread; a look without work costs well under 1 ms)."""

REST = 0.3
"""Seconds without a key before the objects made since the last freeze are collected (the
rest the index build and the trend counts wait for, too)."""

MIN_YOUNG = 5_000
"""Survivors since the last freeze below which nothing is done."""

LONG_REST = 30.0
"""Seconds without a key before everything, frozen objects too, is collected."""

FULL_AFTER = 150_000
"""Objects frozen since the last collection of everything that call for another one."""

FULL_EVERY = 300.0
"""Seconds at least between two collections of everything, and from start-up to the first
(start-up freezes ~700,000 objects at 10,000 reports within a minute: without this, two
collections of 0.33 s each ran while it was still settling)."""


def _survivors() -> int:
    """Objects tracked in the collector's two older generations (not frozen)."""
    return len(gc.get_objects(generation=1)) + len(gc.get_objects(generation=2))


def _collect_and_freeze() -> None:
    gc.collect(generation=1)
    gc.freeze()


def _collect_everything() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@dataclass
class RestCollector:
    """When to collect, from the reader's last key; the collector's steps can be replaced
    (tests)."""

    quiet: KeyQuiet
    survivors: Callable[[], int] = _survivors
    collect_young: Callable[[], None] = _collect_and_freeze
    collect_all: Callable[[], None] = _collect_everything
    frozen_since_full: int = 0
    done: list[str] = field(default_factory=list)  # what each tick did, for tests and bench
    started_at: float = field(init=False)
    full_at: float = field(init=False)  # the last collection of everything (or start-up)

    def __post_init__(self) -> None:
        self.started_at = self.full_at = self.quiet.clock()

    def tick(self) -> str | None:
        """Collect if the keys rest and there is enough to collect: ``"young"``, ``"all"``
        or None (nothing done). Before the first key the rest counts from start-up."""
        rested = min(self.quiet.quiet_for(), self.quiet.clock() - self.started_at)
        if rested < REST:
            return None
        now = self.quiet.clock()
        due = now - self.full_at >= FULL_EVERY and self.frozen_since_full >= FULL_AFTER
        if rested >= LONG_REST and due:
            self.collect_all()
            self.frozen_since_full, self.full_at = 0, now
            return self._did("all")
        young = self.survivors()
        if young < MIN_YOUNG:
            return None
        self.collect_young()
        self.frozen_since_full += young
        return self._did("young")

    def _did(self, what: str) -> str:
        self.done.append(what)
        del self.done[:-20]
        return what
