"""A lone ESC is ``escape`` after the reader's short wait (tui/escape_key.py), while arrows,
Alt-keys, pastes and mouse reports parse exactly as Textual's own parser parses them."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator

import pytest
import textual._parser
from textual import constants
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.headless_driver import HeadlessDriver
from textual.message import Message

from trendreader.tui.app import TrendReaderApp
from trendreader.tui.escape_key import (
    DEFAULT_MS,
    POLL,
    EscapeParser,
    ReaderDriver,
    escape_delay,
    read_input,
    select_timeout,
)

LATER = "later"
"""In a list of chunks: every wait for the rest of a sequence is over (as if time passed)."""


def seen(message: Message) -> tuple[object, ...]:
    """What a parsed message says (messages do not compare equal)."""
    return (
        type(message).__name__,
        getattr(message, "key", None),
        getattr(message, "character", None),
        getattr(message, "text", None),
        getattr(message, "x", None),
        getattr(message, "y", None),
    )


def parse(
    parser: XTermParser, chunks: list[str], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[object, ...]]:
    """Feed ``chunks`` one at a time (``LATER``: the clock jumps past any deadline, and the
    parser's ``tick`` runs, as the input loop runs it)."""
    out: list[tuple[object, ...]] = []
    for chunk in chunks:
        if chunk == LATER:
            later = get_time() + 10
            monkeypatch.setattr(textual._parser, "get_time", lambda later=later: later)
            out += [seen(m) for m in parser.tick()]
            monkeypatch.setattr(textual._parser, "get_time", get_time)
        else:
            out += [seen(m) for m in parser.feed(chunk)]
    return out


def test_escdelay_when_set_else_the_readers_default() -> None:
    assert escape_delay({}) == DEFAULT_MS / 1000 < constants.ESCAPE_DELAY
    assert escape_delay({"ESCDELAY": "300"}) == 0.3  # the reader's own stands
    assert escape_delay({"ESCDELAY": "0"}) == 0.001  # as Textual reads it: at least 1 ms
    assert escape_delay({"ESCDELAY": "soon"}) == 0.1  # not a number: Textual's 100


def test_the_parser_waits_its_own_delay_after_an_esc() -> None:
    parser = EscapeParser(0.025)
    assert [seen(m)[1] for m in parser.feed("a")] == ["a"]
    assert parser.deadline is None  # nothing is awaited against the clock
    before = get_time()
    assert list(parser.feed("\x1b")) == []  # escape, or the start of a sequence?
    assert parser.deadline is not None
    assert before + 0.025 <= parser.deadline <= get_time() + 0.025
    # the input loop sleeps until then, not Textual's fixed 0.1 s
    deadline = parser.deadline
    assert select_timeout(deadline, deadline - 0.025) == pytest.approx(0.026)  # 1 ms after
    assert select_timeout(deadline, deadline - 1) == POLL  # never longer than Textual's 0.1 s
    assert select_timeout(None, before) == POLL  # no deadline: Textual's poll
    assert select_timeout(deadline, deadline + 1) == 0.0  # late already: no sleep


def test_a_lone_esc_is_escape_once_its_wait_is_over(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = EscapeParser(0.025)
    assert parse(parser, ["\x1b"], monkeypatch) == []
    assert [k[1] for k in parse(parser, [LATER], monkeypatch)] == ["escape"]
    assert parser.deadline is None


CASES: dict[str, list[str]] = {
    "arrow": ["\x1b[A"],
    "arrow split across reads within the wait": ["\x1b", "[", "A"],
    "alt+x": ["\x1bx", LATER],
    "alt+x split across reads within the wait": ["\x1b", "x", LATER],
    "escape then a key": ["\x1b", LATER, "j"],
    "two escapes": ["\x1b\x1b", LATER],
    "function key and modifiers": ["\x1b[15~", "\x1b[1;5C", "\x1bOP"],
    "paste": ["\x1b[200~芯片\n第二行\x1b[201~", "j"],
    "paste split across reads": ["\x1b[200~芯", "片\n", "第二行\x1b[2", "01~", "k"],
    "paste of an escape sequence": ["\x1b[200~a\x1b[Ab\x1b[201~", "j"],
    "sgr mouse click": ["\x1b[<0;10;5M", "\x1b[<0;10;5m"],
    "focus in and out": ["\x1b[I", "\x1b[O"],
    "kitty escape and alt+x": ["\x1b[27u", "\x1b[120;3u"],
    "unknown sequence": ["\x1b[99;99;99z", LATER],
    "cjk and keys": ["芯片jk "],
}


@pytest.mark.parametrize("chunks", CASES.values(), ids=CASES.keys())
def test_sequences_parse_as_with_textuals_parser(
    chunks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = parse(EscapeParser(0.025), chunks, monkeypatch)
    textuals = parse(XTermParser(), chunks, monkeypatch)
    assert ours == textuals
    assert ours  # something was parsed


def test_what_the_common_sequences_are(monkeypatch: pytest.MonkeyPatch) -> None:
    def keys(chunks: list[str]) -> list[object]:
        return [k[1] or k[0] for k in parse(EscapeParser(0.025), chunks, monkeypatch)]

    assert keys(["\x1b", "[", "A"]) == ["up"]
    assert keys(["\x1bx", LATER]) == ["alt+x"]
    assert keys(["\x1b", LATER, "j"]) == ["escape", "j"]
    pasted = parse(EscapeParser(0.025), ["\x1b[200~芯", "片\n", "行\x1b[201~", "j"], monkeypatch)
    assert pasted[0][0] == "Paste" and pasted[0][3] == "芯片\n行"


@pytest.fixture
def input_loop() -> Iterator[tuple[Callable[[bytes], None], queue.Queue[Message]]]:
    """`read_input` in a thread, reading a pipe: write bytes, get what it delivered."""
    read_end, write_end = os.pipe()
    delivered: queue.Queue[Message] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=read_input, args=(read_end, EscapeParser(0.025), stop, delivered.put)
    )
    thread.start()
    try:
        yield (lambda data: os.write(write_end, data) and None), delivered
    finally:
        stop.set()
        thread.join(timeout=10)
        os.close(write_end)
        os.close(read_end)
    assert not thread.is_alive()  # it stops when told


def test_the_input_loop_delivers_a_lone_escape(
    input_loop: tuple[Callable[[bytes], None], queue.Queue[Message]],
) -> None:
    write, delivered = input_loop

    def next_key() -> object:
        return seen(delivered.get(timeout=10))[1]

    write(b"\x1b")
    assert next_key() == "escape"  # with nothing after it (the loop woke at the deadline)
    write(b"\x1b[B")
    assert next_key() == "down"
    write(b"\x1bx")
    assert next_key() == "alt+x"
    write("芯".encode()[:2])
    write("芯".encode()[2:] + b"j")
    assert [next_key(), next_key()] == ["芯", "j"]  # UTF-8 split across reads
    write(b"\x1b[200~a\nb\x1b[201~")
    write(b"k")
    pasted = delivered.get(timeout=10)
    assert seen(pasted)[0] == "Paste" and seen(pasted)[3] == "a\nb"
    assert next_key() == "k"
    assert delivered.empty()


def test_the_app_uses_the_reader_driver_unless_textual_driver_says(
    make_app: Callable[..., TrendReaderApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(constants, "DRIVER", None)
    if os.name == "posix":
        assert make_app().driver_class is ReaderDriver
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    assert make_app().driver_class is HeadlessDriver
