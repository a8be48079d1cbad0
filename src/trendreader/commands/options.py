"""Options shared by the top-level parser and the subcommands, and the parser's class."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from trendreader.i18n import _

SCRIPT_CHOICES = "original|simplified|traditional|taiwan|hongkong (o, s, t, tw, hk)"


def add_script_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--script",
        default=argparse.SUPPRESS,
        metavar="V",
        help=_("show text as {choices}").format(choices=SCRIPT_CHOICES),
    )


def _terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` works it out (``$COLUMNS``, then
    standard output's terminal, else 80), without importing ``shutil`` (and with it ``bz2``,
    ``lzma`` and ``fnmatch``: ~4 ms of every command's start-up)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, its width found without ``shutil`` (see :func:`_terminal_columns`)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class ArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help is laid out by :class:`HelpFormatter` unless told
    otherwise; its subcommands' parsers are of this class too (``add_subparsers`` makes
    them of the parent's class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


__all__ = ["SCRIPT_CHOICES", "ArgumentParser", "HelpFormatter", "add_script_option"]
