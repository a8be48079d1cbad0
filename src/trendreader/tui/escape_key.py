"""A lone ESC is ``escape`` after :data:`DEFAULT_MS` (or ``ESCDELAY``), not after 100–200 ms.

A terminal sends ``escape`` as the byte ESC, and Alt-keys, arrows and pastes as ESC followed
by more bytes, so a lone ESC is only known to be ``escape`` once nothing has followed it for
a moment. Checked against Textual 8.2.8 (``drivers/linux_driver.py``, ``_xterm_parser.py``,
``_parser.py``), two waits add up:

- the parser asks for the byte after an ESC with a timeout of ``constants.ESCAPE_DELAY``
  (``ESCDELAY`` ms, 100 by default), and only :meth:`Parser.tick` notices that it passed;
- ``LinuxDriver.run_input_thread`` calls ``tick`` only after ``select(0.1)`` returns: with no
  more input, 100 ms after the ESC, which is often a hair before the deadline, so the key
  waits for the next ``select``: 100–200 ms, whatever ``ESCDELAY`` says.

:class:`ReaderDriver` is Textual's ``LinuxDriver`` with its input loop (:func:`read_input`)
waking at the parser's deadline, and a parser (:class:`EscapeParser`) whose wait is
:func:`escape_delay`: the reader's ``ESCDELAY`` if set (as Textual reads it), else
:data:`DEFAULT_MS`. A terminal writes the bytes of one key press (and tmux those of one key)
in one write, so an Alt-key or arrow arrives whole however short the wait; over a link slow
enough to split them, ``ESCDELAY=100`` (or more) waits longer. The environment is left as
it is: programs started from the reader (an editor) keep their own ``ESCDELAY``.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Callable, Mapping
from threading import Event
from typing import TYPE_CHECKING

from textual._parser import ParseError, Read1
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.message import Message

DEFAULT_MS = 25
"""The wait for the byte after an ESC when ``ESCDELAY`` is not set (vim's ``ttimeoutlen`` is
100 in defaults.vim, neovim's 50, tmux 3.5's ``escape-time`` 10)."""

POLL = 0.1
"""Seconds between checks of the driver's exit event while no input comes (Textual's)."""

TEXTUAL_DEFAULT_MS = 100
"""Textual's ``ESCDELAY`` when the variable is set but not a number."""


def escape_delay(environ: Mapping[str, str] | None = None) -> float:
    """Seconds to wait for the byte after an ESC: ``ESCDELAY`` ms when set (read as Textual
    reads it: at least 1, Textual's 100 if it is not a number), else :data:`DEFAULT_MS`."""
    env = os.environ if environ is None else environ
    if "ESCDELAY" not in env:
        return DEFAULT_MS / 1000
    try:
        return max(1, int(env["ESCDELAY"])) / 1000
    except ValueError:
        return TEXTUAL_DEFAULT_MS / 1000


class EscapeParser(XTermParser):
    """Textual's terminal parser, waiting ``delay`` seconds (not ``ESCDELAY``) for the rest of
    an escape sequence, and saying until when (:attr:`deadline`).

    The parser asks for each byte with ``self.read1(timeout)``; a timeout is given only inside
    an escape sequence (Textual passes ``constants.ESCAPE_DELAY``), and is replaced here."""

    def __init__(self, delay: float, debug: bool = False) -> None:
        self.delay = delay
        self.deadline: float | None = None
        """When the byte awaited is late (None: no byte is awaited against the clock)."""
        super().__init__(debug)  # starts the parse: it calls read1 already

    def read1(self, timeout: float | None = None) -> Read1:  # type: ignore[override]
        if timeout is None:
            self.deadline = None
            return Read1(None)
        self.deadline = get_time() + self.delay
        return Read1(self.delay)


def select_timeout(deadline: float | None, now: float) -> float:
    """How long the input loop may sleep in ``select``: until the parser's deadline (then its
    ``tick`` reports a lone ESC), at most :data:`POLL`."""
    if deadline is None:
        return POLL
    # a millisecond past the deadline: the parser's own clock was read a little later
    return min(POLL, max(0.0, deadline - now + 0.001))


def read_input(
    fileno: int,
    parser: EscapeParser,
    stop: Event,
    deliver: Callable[[Message], None],
) -> None:
    """Textual 8.2.8's ``LinuxDriver.run_input_thread``, sleeping until the parser's deadline
    rather than a fixed 0.1 s: read ``fileno`` until ``stop`` is set, hand each parsed key,
    mouse event or paste to ``deliver``."""
    selector = selectors.SelectSelector()
    selector.register(fileno, selectors.EVENT_READ)
    decode = getincrementaldecoder("utf-8")().decode

    def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
        for index, (_key, mask) in enumerate(ready):
            if mask & selectors.EVENT_READ:
                last = index == len(ready) - 1
                data = decode(os.read(fileno, 1024 * 4), final=final and last)
                if not data:
                    break  # stdin is a pipe and it was closed
                for message in parser.feed(data):
                    deliver(message)
        for message in parser.tick():
            deliver(message)

    try:
        while not stop.is_set():
            process(selector.select(select_timeout(parser.deadline, get_time())))
        selector.unregister(fileno)
        process(selector.select(POLL), final=True)
    finally:
        selector.close()
        try:
            for _message in parser.feed(""):
                pass
        except (EOFError, ParseError):
            pass


class ReaderDriver(LinuxDriver):
    """Textual's Linux/macOS driver with the input loop of :func:`read_input`."""

    def run_input_thread(self) -> None:
        parser = EscapeParser(escape_delay(), self._debug)
        read_input(self.fileno, parser, self.exit_event, self.process_message)
