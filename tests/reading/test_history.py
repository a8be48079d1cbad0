"""Back and forward over jumps, and each report's place within a session (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library.catalog import Library, load_library
from trendreader.reading import ReadingSession
from trendreader.reading.history import History, Place, Places

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KEY_001 = "001_e66a1ed0cdcaae93"
KEY_004 = "004_0a39d42c6e4d68c6"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([SEEDS], builtin=[SEEDS])


def place(ordinal: int, key: str = "a") -> Place:
    return Place(key, key, ordinal)


def test_back_and_forward_walk_the_jumps() -> None:
    history = History()
    history.jumped(place(0), place(10))
    history.jumped(place(10), place(20))
    assert history.go_back(place(20)) == place(10)
    assert history.go_back(place(10)) == place(0)
    assert history.go_back(place(0)) is None
    assert history.go_forward(place(0)) == place(10)
    assert history.go_forward(place(10)) == place(20)
    assert history.go_forward(place(20)) is None


def test_a_new_jump_forgets_forward_and_a_jump_in_place_is_none() -> None:
    history = History()
    history.jumped(place(0), place(10))
    assert history.go_back(place(10)) == place(0)
    history.jumped(place(0), place(5))
    assert not history.can_go_forward
    history.jumped(place(5), place(5))
    assert history.back == [place(0)]


def test_back_skips_the_place_the_reader_is_at_and_the_stacks_are_bounded() -> None:
    history = History(limit=3)
    for n in range(10):
        history.jumped(place(n), place(n + 1))
    assert len(history.back) == 3
    assert history.go_back(place(9)) == place(8)  # place(9) on top is where we are: skipped


def test_places_remember_each_report() -> None:
    places = Places()
    places.leave(Place("r1", "e1", 7))
    places.leave(Place("r1", "e2", 9))
    assert places.resume("r1") == Place("r1", "e2", 9)
    assert places.resume("r2") is None


def test_session_reopens_a_report_where_it_was_left(library: Library) -> None:
    session = ReadingSession()
    assert session.open(library, KEY_004)
    session.move_cursor(30)
    assert session.open(library, KEY_001)
    assert session.cursor == 0
    assert session.open(library, KEY_004)  # from the sidebar: cursor 0, not exact
    assert session.cursor == 30
    assert session.open(library, KEY_004, cursor=12, exact=True)  # a search hit: exactly there
    assert session.cursor == 12


def test_session_records_every_open_and_jump(library: Library) -> None:
    session = ReadingSession()
    session.open(library, KEY_004)
    session.jump(29)  # an outline entry
    session.open(library, KEY_001, cursor=5, exact=True)  # a search hit
    back = session.back()
    assert back == Place(KEY_004, KEY_004, 29)
    with session.travelling():
        session.open(library, back.edition_key, cursor=back.ordinal, exact=True)
    assert session.back() == Place(KEY_004, KEY_004, 0)
    session.move_cursor(0)
    forward = session.forward()
    assert forward == Place(KEY_004, KEY_004, 29)
    session.move_cursor(forward.ordinal)
    assert session.forward() == Place(library.find(KEY_001)[0].key, KEY_001, 5)


def test_travelling_does_not_record(library: Library) -> None:
    session = ReadingSession()
    session.open(library, KEY_004)
    with session.travelling():
        session.open(library, KEY_001, cursor=3, exact=True)
    assert session.back() is None
