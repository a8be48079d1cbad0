"""The ``trendreader`` command line.

Kept light on purpose: ``--help`` and ``--version`` import neither Textual nor Whoosh nor
OpenCC; each subcommand imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from trendreader import __version__

# Each module registers its subcommands with ``register(subparsers)``.
COMMAND_MODULES = (
    "trendreader.commands.library_cmd",
    "trendreader.commands.open_cmd",
    "trendreader.commands.search_cmd",
    "trendreader.commands.bookmarks_cmd",
    "trendreader.commands.trends_cmd",
    "trendreader.commands.add_cmd",
)

SCRIPT_CHOICES = "original|simplified|traditional|taiwan|hongkong (o, s, t, tw, hk)"


class CliError(Exception):
    """A user-facing failure: one line on stderr and an exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def add_script_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--script",
        default=argparse.SUPPRESS,
        metavar="V",
        help=f"show text as {SCRIPT_CHOICES}",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trendreader",
        description="Read, search and bookmark Chinese trend reports in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"trendreader {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep bookmarks, state, index and added reports under DIR (also $TRENDREADER_HOME)",
    )
    parser.add_argument(
        "--library", metavar="DIR", help="read the reports in DIR instead of the built-in library"
    )
    add_script_option(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue  # a command module not written yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "open"])
    handler: Callable[[argparse.Namespace], int] = args.handler
    from trendreader.context import attach_context

    try:
        attach_context(args)
        return handler(args)
    except CliError as error:
        print(f"trendreader: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
