"""What every command needs: the paths, the library, the chosen script variant."""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

from trendreader.library.catalog import Library
from trendreader.paths import AppPaths, resolve_paths
from trendreader.resources import seeds_dir


def library_folders(paths: AppPaths, library_dir: str | None) -> tuple[list[Path], list[Path]]:
    """The folders to read and which of them are built in."""
    if library_dir:
        return [Path(library_dir).expanduser()], []
    builtin = seeds_dir()
    return [builtin, paths.user_library], [builtin]


def attach_context(args: argparse.Namespace) -> None:
    """Put ``paths``, ``library_loader`` and ``variant`` on the parsed arguments."""
    from trendreader.cli import CliError

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

        folders, builtin = library_folders(paths, library_dir)
        hidden = load_settings(paths).hidden
        return load_cached_library(paths, folders, builtin=builtin, hidden=hidden)

    args.load_library_fresh = load_fresh
    args.library_loader = cache(load_fresh)
    args.library_watch = library_folders(paths, library_dir)[0]
    args.variant = _variant(args, paths)


def _variant(args: argparse.Namespace, paths: AppPaths) -> object:
    from trendreader.cli import CliError
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
