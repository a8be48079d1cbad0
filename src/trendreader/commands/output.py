"""CLI output: Rich on a terminal, plain text when piped; JSON on request.

Document text is never interpreted as Rich markup (``markup=False``) and has already had
control characters stripped by the library layer.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def console() -> Console:
    from rich.console import Console  # imported on use: `--help` stays fast

    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_plain(text: str) -> None:
    sys.stdout.write(text + "\n")


def notice(message: str) -> None:
    """A one-line message on stderr (empty results, progress summaries)."""
    print(message, file=sys.stderr)
