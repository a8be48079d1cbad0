"""The failures a command reports to the user (printed by :func:`trendreader.cli.main`).

The commands import them from here, never from ``trendreader.cli`` (which imports the commands).
"""

from __future__ import annotations

from trendreader.context import CliError


class StdoutError(OSError):
    """Writing standard output failed (a full disk, a closed file): not a pipe closed early."""


__all__ = ["CliError", "StdoutError"]
