"""Back and forward over the reader's jumps, and where each report was left. No Textual.

A :class:`Place` is an edition and a passage. :class:`History` is a browser's history: a jump
pushes the place it left onto *back* (and forgets *forward*); going back pushes the place it
leaves onto *forward*. :class:`Places` remembers, per report, the place it was left at, so
switching to another report and back within a session keeps the place (across sessions the
bookmark store's reading state does it).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """Passage ``ordinal`` of edition ``edition_key`` (of report ``report_key``)."""

    report_key: str
    edition_key: str
    ordinal: int


@dataclass
class History:
    """Back and forward stacks of places, at most ``limit`` each (the oldest go first)."""

    limit: int = 200
    back: list[Place] = field(default_factory=list)
    forward: list[Place] = field(default_factory=list)

    def jumped(self, left: Place, to: Place) -> None:
        """A jump from ``left`` to ``to``: ``left`` goes on the back stack, forward is
        forgotten. A jump to where the reader is already is no jump."""
        if left == to:
            return
        if not self.back or self.back[-1] != left:
            self.back.append(left)
            del self.back[: -self.limit]
        self.forward.clear()

    def go_back(self, current: Place) -> Place | None:
        """The place to go back to from ``current`` (None: nothing behind)."""
        return self._step(self.back, self.forward, current)

    def go_forward(self, current: Place) -> Place | None:
        """The place to go forward to from ``current`` (None: nothing ahead)."""
        return self._step(self.forward, self.back, current)

    def _step(self, source: list[Place], other: list[Place], current: Place) -> Place | None:
        while source and source[-1] == current:
            source.pop()  # already here: not a step
        if not source:
            return None
        target = source.pop()
        other.append(current)
        del other[: -self.limit]
        return target

    @property
    def can_go_back(self) -> bool:
        return bool(self.back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self.forward)


@dataclass
class Places:
    """Where each report was left in this session (report key → place)."""

    left: dict[str, Place] = field(default_factory=dict)

    def leave(self, place: Place) -> None:
        self.left[place.report_key] = place

    def resume(self, report_key: str) -> Place | None:
        return self.left.get(report_key)
