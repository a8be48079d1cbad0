"""The ``trendreader`` command line.

Kept light on purpose: ``--help`` and ``--version`` import neither Textual nor Whoosh nor
OpenCC; each subcommand imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from trendreader import __version__

# Each module registers its subcommands with ``register(subparsers)``; only the module of
# the command being run is imported (start-up time), all of them for ``--help``.
COMMANDS = {
    "open": "trendreader.commands.open_cmd",
    "list": "trendreader.commands.library_cmd",
    "read": "trendreader.commands.library_cmd",
    "search": "trendreader.commands.search_cmd",
    "index": "trendreader.commands.search_cmd",
    "bookmarks": "trendreader.commands.bookmarks_cmd",
    "trends": "trendreader.commands.trends_cmd",
    "add": "trendreader.commands.add_cmd",
    "remove": "trendreader.commands.add_cmd",
    "unhide": "trendreader.commands.add_cmd",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
_GLOBAL_OPTIONS_WITH_VALUE = ("--data-dir", "--library", "--script")

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


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (skipping global options), if any."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
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
    wanted = _command_in(argv) if argv is not None else None
    modules = [COMMANDS[wanted]] if wanted in COMMANDS else COMMAND_MODULES
    if argv is not None and wanted is None and not {"-h", "--help"} & set(argv):
        modules = [COMMANDS["open"]]
    for name in modules:
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue  # a command module not written yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(argv if argv is not None else sys.argv[1:])
    if _command_in(argv) in (None, "open"):
        # The reader's start-up allocates much and frees little: cyclic collections would
        # only delay the first paint (~18 ms). The app turns the collector back on (and
        # freezes what start-up made) once the page is on screen; run_open makes sure of it.
        gc.disable()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args = parser.parse_args([*argv, "open"])
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
