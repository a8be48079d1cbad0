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
from typing import TYPE_CHECKING, Any, TextIO

from trendreader import __version__
from trendreader.i18n import N_, _

if TYPE_CHECKING:
    from trendreader.commands.errors import CliError, StdoutError
    from trendreader.commands.options import SCRIPT_CHOICES, add_script_option

# CliError, StdoutError and add_script_option live below this module (commands import them
# from there, never from here); they are named here too for callers of the entry point, and
# imported when asked for (``main`` imports them after it has set the collector, see below).
_REEXPORTS = {
    "CliError": "trendreader.commands.errors",
    "StdoutError": "trendreader.commands.errors",
    "SCRIPT_CHOICES": "trendreader.commands.options",
    "add_script_option": "trendreader.commands.options",
}

#: A command other than ``open`` runs with the cyclic collector's first threshold raised
#: from 700 to this: start-up makes ~15,000 (``list``) to ~50,000 (``trends``) container
#: objects that all live to the end, and at 700 the collector traverses each of them once
#: or twice for nothing (~7 ms of ``list``, ~14 ms of ``search``). A long command (``add``,
#: ``index``) is still collected, every this many allocations.
COMMAND_GC_THRESHOLD = 60_000


def __getattr__(name: str) -> Any:
    module = _REEXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


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
    "completion": "trendreader.commands.completion_cmd",
    "help": "trendreader.commands.help_cmd",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
_GLOBAL_OPTIONS_WITH_VALUE = ("--data-dir", "--library", "--script", "--ui", "--theme")

# argparse's own words (it looks them up through its module's ``_``): marked here so that the
# catalogs have them; :func:`_speak_argparse` points argparse at our catalog.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("subcommands"),
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


def _option_value(argv: Sequence[str], name: str) -> str | None:
    """The value of the global option ``name`` in ``argv`` (``--ui zh`` or ``--ui=zh``),
    read before the parser exists; the last one wins, as argparse would have it."""
    found = None
    for index, token in enumerate(argv):
        if token == "--":
            break
        if token == name and index + 1 < len(argv):
            found = argv[index + 1]
        elif token.startswith(name + "="):
            found = token[len(name) + 1 :]
    return found


def speak(argv: Sequence[str]) -> str:
    """Choose the interface's catalog before the parser is built (so that ``--help`` is
    translated too): the language from ``--ui``, the ``ui`` setting or the environment; the
    Chinese catalog from ``--script`` or the saved script (原文 → 简体 wording). Returns the
    catalog's name. Imports no Textual, Whoosh or OpenCC."""
    from trendreader import i18n

    ui = _option_value(argv, "--ui")
    script = _option_value(argv, "--script")
    settings = None
    if ui not in i18n.LANGUAGES or script is None:
        settings = _quiet_settings(_option_value(argv, "--data-dir"))
    language = i18n.resolve_language(
        ui if ui in i18n.LANGUAGES else (settings.ui if settings is not None else None)
    )
    variant = "original"
    if language == "zh":
        from trendreader.script.variants import VariantError, parse_variant

        try:
            if script is not None:
                variant = parse_variant(script).value
            elif settings is not None and settings.variant is not None:
                variant = settings.variant.value
        except VariantError:
            pass  # the parser says so, in the language chosen
    locale = i18n.locale_for(language, variant)
    i18n.use(locale)
    _speak_argparse(locale != "en")
    return locale


def _quiet_settings(data_dir: str | None) -> Any:
    """The settings, or ``None`` when the home cannot even be worked out (the command says
    why later, in one line)."""
    from trendreader.paths import resolve_paths
    from trendreader.settings import load_settings

    try:
        return load_settings(resolve_paths(data_dir))
    except Exception:  # any trouble here is reported by the command itself
        return None


def _speak_argparse(translated: bool) -> None:
    """argparse's own words (``usage:``, ``options``, its errors) through our catalog, in
    English too: there our catalog gives the words back as they are, where argparse's own
    ``gettext.gettext`` would look for a system catalog on every word (and import
    ``locale``, ~5 ms of a command's start-up). ``translated`` is kept for callers."""
    argparse._ = _  # type: ignore[attr-defined]


def _search_words_last(argv: list[str]) -> list[str]:
    """``search -芯片``: the query's words after ``--`` (see ``search_cmd.query_words_last``)."""
    skip = False
    for index, token in enumerate(argv):
        if skip:
            skip = False
        elif token in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not token.startswith("-"):
            if token != "search":
                return argv
            from trendreader.commands.search_cmd import query_words_last

            return [*argv[: index + 1], *query_words_last(argv[index + 1 :])]
    return argv


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    from trendreader.commands.options import ArgumentParser, add_script_option

    parser = ArgumentParser(
        prog="trendreader",
        description=_("Read, search and bookmark Chinese trend reports in the terminal."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"trendreader {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("keep bookmarks, state, index and added reports under DIR (also $TRENDREADER_HOME)"),
    )
    parser.add_argument(
        "--library",
        metavar="DIR",
        help=_("read the reports in DIR instead of the built-in library"),
    )
    add_script_option(parser)
    parser.add_argument(
        "--ui",
        choices=("zh", "en"),
        default=None,
        help=_("interface language: zh (Chinese in the script shown) or en"),
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        default=None,
        help=_(
            "the reader's colours for this run: a Textual theme such as textual-light "
            "(also $TEXTUAL_THEME; a theme chosen in the palette is saved)"
        ),
    )
    parser.set_defaults(full_parser=build_parser)  # `completion` writes a script of every command
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))
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
    """Run one command; ``argv`` is ``sys.argv[1:]`` when not given. Without ``argv`` this is
    the process's own command (the ``trendreader`` script, ``python -m trendreader``): the
    process ends when it returns."""
    entry = argv is None
    argv = list(argv if argv is not None else sys.argv[1:])
    thresholds = gc.get_threshold()
    reader = _command_in(argv) in (None, "open")
    if reader:
        # The reader's start-up allocates much and frees little: cyclic collections would
        # only delay the first paint (~18 ms). The app turns the collector back on (and
        # freezes what start-up made) once the page is on screen; run_open makes sure of it.
        gc.disable()
    else:
        gc.set_threshold(max(thresholds[0], COMMAND_GC_THRESHOLD), *thresholds[1:])
    try:
        return _run(argv)
    finally:
        if entry and not reader:
            # The process ends now: what the command made is left out of the collection at
            # exit (~4 ms after `list`, ~9 ms after `search`); files are closed by then.
            gc.freeze()
        else:
            gc.set_threshold(*thresholds)


def _run(argv: list[str]) -> int:
    from trendreader.commands.errors import CliError, StdoutError

    speak(argv)
    argv = _search_words_last(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        args = parser.parse_args([*argv, "open"])
    handler: Callable[[argparse.Namespace], int] = args.handler
    from trendreader.context import attach_context
    from trendreader.paths import StateError, describe_os_error

    if args.command != "open" and sys.stdout is not None:
        sys.stdout = _CheckedStdout(sys.stdout)  # type: ignore[assignment]
    try:
        attach_context(args)
        status = handler(args)
        sys.stdout.flush()  # a write error shows here, not silently at exit
        return status
    except (CliError, StateError) as error:
        from trendreader.library.sanitize import clean_line

        print(f"trendreader: {clean_line(str(error))}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `| head` closed the pipe: quiet, and a success
        _discard_stdout()
        return 0
    except StdoutError as error:
        _discard_stdout()
        reason = error.strerror or type(error).__name__
        message = _("cannot write the output: {reason}").format(reason=reason)
        print(f"trendreader: {message}", file=sys.stderr)
        return 1
    except OSError as error:  # a file of ours that cannot be written: one line, no traceback
        print(f"trendreader: {describe_os_error(error)}", file=sys.stderr)
        return 1
    finally:
        if isinstance(sys.stdout, _CheckedStdout):
            sys.stdout = sys.stdout._stream


class _CheckedStdout:
    """Standard output for the commands that print: a write error other than a closed pipe
    becomes :class:`StdoutError`, so it is told apart from errors on files of ours."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            from trendreader.commands.errors import StdoutError

            raise StdoutError(error.errno, error.strerror) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            from trendreader.commands.errors import StdoutError

            raise StdoutError(error.errno, error.strerror) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


__all__ = [
    "COMMANDS",
    "SCRIPT_CHOICES",
    "CliError",
    "StdoutError",
    "add_script_option",
    "build_parser",
    "main",
]


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit (of whatever is still
    buffered) neither fails again nor prints "Exception ignored"."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
