"""What every command needs: the paths, the library, the chosen script variant."""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from trendreader.paths import AppPaths, LibraryFolders, library_folders, resolve_paths

if TYPE_CHECKING:
    from trendreader.library.catalog import Library

__all__ = ["CliError", "LibraryFolders", "attach_context", "library_folders", "state_problems"]


class CliError(Exception):
    """A user-facing failure: one line on stderr and an exit status (2: a usage error).

    Defined here, at the bottom of the command-line layer, so that the context, the commands
    (through :mod:`trendreader.commands.errors`) and the entry point share it without any of
    them importing another back."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def attach_context(args: argparse.Namespace) -> None:
    """Put ``paths``, ``library_folders``, ``library_loader`` and ``variant`` on the parsed
    arguments (the folders are worked out once, by :func:`trendreader.paths.library_folders`)."""
    paths = resolve_paths(getattr(args, "data_dir", None))
    library_dir = getattr(args, "library", None)
    if library_dir and not Path(library_dir).expanduser().is_dir():
        raise CliError(f"--library {library_dir}: not a folder")
    args.paths = paths
    if getattr(args, "command", None) not in (None, "open"):  # the reader notifies instead
        for problem in state_problems(paths):
            print(f"trendreader: {problem}", file=sys.stderr)

    def load_fresh() -> Library:
        from trendreader.library.store import load_cached_library
        from trendreader.settings import load_settings

        hidden = load_settings(paths).hidden
        return load_cached_library(paths, folders.folders, builtin=folders.builtin, hidden=hidden)

    folders = library_folders(paths, library_dir)
    args.library_folders = folders
    args.load_library_fresh = load_fresh
    args.library_loader = cache(load_fresh)
    args.library_watch = folders.folders
    args.variant = _variant(args, paths)


def _variant(args: argparse.Namespace, paths: AppPaths) -> object:
    from trendreader.script.variants import Variant, VariantError, parse_variant

    explicit = getattr(args, "script", None)
    if explicit:
        try:
            return parse_variant(explicit)
        except VariantError as error:
            raise CliError(f"--script: {error}") from error
    from trendreader.settings import load_settings

    saved = load_settings(paths).variant
    return saved if saved is not None else Variant.ORIGINAL


def state_problems(paths: AppPaths) -> list[str]:
    """One line for each thing wrong with the home or the settings file (nothing is changed):
    the CLI prints them on stderr, the reader shows them as notifications."""
    from trendreader.settings import load_settings

    problems = []
    home = paths.home_problem()
    if home:
        problems.append(home)
    else:
        problems.extend(load_settings(paths).problems)
    return problems
