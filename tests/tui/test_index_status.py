"""The index's progress line: a report of progress that comes in while the reader closes
(its main screen already taken down) mounts nothing and raises nothing."""

from __future__ import annotations

from textual.screen import Screen

from trendreader.tui.chrome import IndexStatus


def test_progress_on_a_screen_taken_down_is_let_go() -> None:
    screen: Screen[object] = Screen()  # not attached to a running app, as after `q`
    status = IndexStatus(screen)
    status.show(3, 10)  # textual would raise MountError if this mounted
    assert status._bar is None
    assert not screen.children
