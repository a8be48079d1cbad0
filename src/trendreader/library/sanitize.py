"""The one boundary for untrusted text: nothing from outside reaches a terminal unchecked.

Everything that comes from outside the program — document text, sidecar and front-matter
values, file and folder names, imported bookmark fields, trend names and aliases, queries,
settings values — goes through `clean_text` (multi-line text) or `clean_line` (one-line
values: titles, names, tags, keys) before it is stored or shown. They remove:

* every ESC-introduced sequence: CSI, OSC (ended by BEL or ST), DCS, SOS, PM, APC (ended by
  ST), and two-byte escapes; and the 8-bit C1 forms;
* every other C0/C1 control character except tab and newline (and those too in one-line
  values), and DEL;
* bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make a terminal show
  text in an order other than the one stored;
* lone surrogates (from JSON ``"\\ud800"``), which cannot be encoded for output: replaced by
  U+FFFD.

What is shown in a widget or printed by Rich is then wrapped by `plain` into a `rich.text.Text`
— never a markup string — so ``[bold]``, ``[/]`` or ``[@click=…]`` in a title stays literal.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["clean_line", "clean_text", "has_unsafe", "plain", "strip_controls"]

_ESCAPE_SEQUENCE = r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI … final (a cut-off CSI too)
  | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC … BEL or ST (or to the end)
  | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?        # DCS/SOS/PM/APC … ST
  | \x1b[ -/]*[0-~]?                    # two-byte and nF escapes (ESC ( B, ESC 7, ESC \\ …)
  | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
  | [\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # 8-bit OSC/DCS/SOS/PM/APC
    """
# C0 (but tab, newline), DEL, C1; zero-width and line/paragraph separators; BOM; bidi
# embeddings, overrides and isolates. Whatever these patterns and _SURROGATE match starts
# with a character ``str.isprintable`` refuses: a printable text is returned as it is, and
# the patterns are compiled for the first text that is not (~2 ms of a command's start-up).
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]"
_SURROGATE = "[\ud800-\udfff]"
_LINE_BREAKS = r"[\t\n]+"


@cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def clean_text(text: object) -> str:
    """Untrusted multi-line text made safe to store and show; keeps newlines, tabs as spaces.

    Anything that is not a string (a number in a sidecar, None) becomes its ``str``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if text.isprintable():
        return text  # the common case (Chinese too: no control, no escape), at no cost
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text.replace("\t", "    ")  # lines and tabs only: nothing for the patterns
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _compiled(_ESCAPE_SEQUENCE, re.VERBOSE).sub("", text)
    text = _compiled(_CONTROL).sub("", text)
    text = _compiled(_SURROGATE).sub("\ufffd", text)
    return text.replace("\t", "    ")


def clean_line(text: object) -> str:
    """An untrusted one-line value (title, name, tag, key): `clean_text`, and no line breaks."""
    if isinstance(text, str) and text.isprintable():
        return text
    cleaned = clean_text(text.replace("\t", " ") if isinstance(text, str) else text)
    return _compiled(_LINE_BREAKS).sub(" ", cleaned)


def strip_controls(text: str) -> str:
    """Document bodies: `clean_text` (the name the parsers have always used)."""
    return clean_text(text)


def has_unsafe(text: str) -> bool:
    """Would `clean_text` change this text (other than tabs and line endings)?"""
    return clean_text(text) != text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")


def plain(text: object, style: str = "") -> Text:
    """A Rich `Text` of cleaned one-line ``text``: what widgets and CLI tables are given.

    Never a markup string: ``[/]`` and ``[@click=app.quit]`` are shown as typed.
    """
    from rich.text import Text

    return Text(clean_line(text), style=style, end="")
