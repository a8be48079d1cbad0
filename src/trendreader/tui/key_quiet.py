"""When the reader last pressed a key: the one clock that background work in the reader
looks at to give way (on two cores a thread holding the interpreter's lock makes every key's
frame wait). The app notes each key (``App.on_event``); the index build and the trend counts
wait for the keys to rest (:meth:`KeyQuiet.wait`), the prewarm of the kept screens asks how
long they have rested (:meth:`KeyQuiet.quiet_for`).
"""

from __future__ import annotations

import time
from collections.abc import Callable


class KeyQuiet:
    """The time of the reader's last key, and waiting for the keys to rest. Tests put their
    own ``clock`` and ``sleep`` here."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        self.last_key_at = float("-inf")

    def note_key(self) -> None:
        """The reader pressed a key (called from the UI thread)."""
        self.last_key_at = self.clock()

    def quiet_for(self) -> float:
        """Seconds since the last key (infinite before the first)."""
        return self.clock() - self.last_key_at

    def wait(self, quiet: float, cancelled: Callable[[], bool]) -> float:
        """In a worker thread: wait until no key was pressed for ``quiet`` seconds (or until
        ``cancelled``), in naps of 5–50 ms so that a new key extends the wait; the seconds
        waited."""
        started = now = self.clock()
        while not cancelled():
            rested = now - self.last_key_at
            if rested >= quiet:
                break
            self.sleep(max(0.005, min(quiet - rested, 0.05)))
            now = self.clock()
        return now - started
