"""CLI output: Rich on a terminal, plain text when piped; JSON on request.

Nothing printed is interpreted as Rich markup: table cells are `cell()` (a cleaned `Text`),
piped records are `print_row()` (cleaned fields, one record per line), messages `notice()`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from trendreader.library.sanitize import clean_line, clean_text, plain

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def console() -> Console:
    from rich.console import Console  # imported on use: `--help` stays fast

    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


# json escapes C0 controls itself; with ensure_ascii=False it would write C1 controls and bidi
# overrides raw, so those are escaped too (the data stays exact: \u009b reads back as itself).
# Compiled on first use: the commands that print tables do not need it.
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


@cache
def _json_unsafe() -> re.Pattern[str]:
    return re.compile(_JSON_UNSAFE)


def _escape_unsafe(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def print_json(data: Any) -> None:
    import json  # on use: the commands that print tables do not need it

    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(_json_unsafe().sub(_escape_unsafe, text) + "\n")


def print_jsonl(items: Iterable[Any]) -> None:
    """One JSON object per line (``--jsonl``): no indentation, no newline inside a record."""
    import json

    for item in items:
        text = json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=str)
        sys.stdout.write(_json_unsafe().sub(_escape_unsafe, text) + "\n")


def print_plain(text: str) -> None:
    """Multi-line text (``read``), cleaned: no escape sequence reaches the terminal."""
    sys.stdout.write(clean_text(text) + "\n")


def print_row(*fields: object) -> None:
    """One record of piped output: fields cleaned to one line each, joined by tabs.

    A name or title holding a newline or a tab cannot split a record in two.
    """
    sys.stdout.write("\t".join(clean_line(field) for field in fields) + "\n")


def cell(value: object, style: str = "") -> Text:
    """A Rich table cell: cleaned plain text, never markup (``[bold red]x.md`` stays literal)."""
    return plain("—" if value is None or value == "" else value, style)


def add_json_options(parser: argparse.ArgumentParser, *, jsonl: bool = False) -> None:
    """``--json`` (one document) and, where output can be long, ``--jsonl`` (one object a
    line); they exclude each other."""
    from trendreader.i18n import _

    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help=_("print JSON"))
    if jsonl:
        group.add_argument("--jsonl", action="store_true", help=_("print one JSON object per line"))
    parser.set_defaults(jsonl=False)


def notice(message: str) -> None:
    """A one-line message on stderr (empty results, progress summaries), cleaned."""
    print(clean_text(message), file=sys.stderr)
