"""What every command needs: the paths, the library, the chosen script variant."""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from trendreader.i18n import _
from trendreader.paths import AppPaths, LibraryFolders, library_folders, resolve_paths

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from trendreader.library.catalog import Library
    from trendreader.library.model import Edition, Report
    from trendreader.library.start import LibraryRest

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
    """Put ``paths``, ``library_folders``, ``library_loader`` (``listing_loader``,
    ``start_loader``…) and ``variant`` on the parsed arguments (the folders are worked out
    once, by :func:`trendreader.paths.library_folders`)."""
    from trendreader.migrate_paths import move_old_files

    paths, moved = move_old_files(resolve_paths(getattr(args, "data_dir", None)))
    for line in moved:  # config.toml from the data folder to the config folder, once
        print(f"trendreader: {line}", file=sys.stderr)
    library_dir = getattr(args, "library", None)
    if library_dir and not Path(library_dir).expanduser().is_dir():
        raise CliError(_("--library {folder}: not a folder").format(folder=library_dir))
    args.paths = paths
    if getattr(args, "command", None) not in (None, "open"):  # the reader notifies instead
        for problem in state_problems(paths):
            print(f"trendreader: {problem}", file=sys.stderr)

    def load_fresh() -> Library:
        from trendreader.library.store import load_cached_library
        from trendreader.settings import load_settings

        hidden = load_settings(paths).hidden
        return load_cached_library(paths, folders.folders, builtin=folders.builtin, hidden=hidden)

    def load_listing() -> tuple[Library, dict[str, int]]:
        from trendreader.library.listing import load_cached_listing
        from trendreader.settings import load_settings

        hidden = load_settings(paths).hidden
        found = load_cached_listing(
            paths, folders.folders, builtin=folders.builtin, hidden=hidden, update=True
        )
        if found is not None:
            return found
        library = args.library_loader()
        return library, {e.key: len(e.passages) for e in library.editions()}

    def load_start(
        open_key: str | None, resume: Callable[[], Sequence[str]]
    ) -> tuple[Library, dict[str, int], LibraryRest | None]:
        from trendreader.library.listing import load_cached_listing
        from trendreader.library.start import load_start_library
        from trendreader.settings import load_settings

        hidden = load_settings(paths).hidden
        found = load_cached_listing(
            paths, folders.folders, builtin=folders.builtin, hidden=hidden, update=True
        )
        if found is not None:
            return (*found, None)
        started = load_start_library(
            paths,
            folders.folders,
            builtin=folders.builtin,
            hidden=hidden,
            open_key=open_key,
            resume=resume,
        )
        if started is not None:
            return started
        library = args.library_loader()  # a key no one file has: its error names them
        return library, {e.key: len(e.passages) for e in library.editions()}, None

    folders = library_folders(paths, library_dir)
    args.library_folders = folders
    args.load_library_fresh = load_fresh
    args.library_loader = cache(load_fresh)

    def load_edition(key: str) -> tuple[Report, Edition] | None:
        library, _counts = load_listing()
        found = library.find(key)
        if found is None:
            return None
        report, edition = found
        if edition.passages:  # the listing was not current: this is the whole library
            return found
        from trendreader.library.listing import load_cached_edition

        whole = load_cached_edition(paths, edition)
        if whole is not None:
            return report, whole
        return args.library_loader().find(key)

    wholes: dict[tuple[str, str], Edition] = {}

    def whole_edition(edition: Edition) -> Edition:
        if edition.passages:
            return edition
        known = wholes.get((edition.key, edition.content_hash))
        if known is not None:
            return known
        from trendreader.library.listing import load_cached_edition

        whole = load_cached_edition(paths, edition)
        if whole is None:  # the cache changed since the listing was read
            found = args.library_loader().find(edition.key)
            whole = found[1] if found is not None else edition
        wholes[(edition.key, edition.content_hash)] = whole
        return whole

    # the reports without their passages (``list``): from the cache's index when it is current
    args.listing_loader = load_listing
    # what ``open`` starts the reader from: the listing when it is current, else what is
    # cheap (the report to open parsed) and the files left to read after the first paint
    args.start_loader = load_start
    # the passages of an edition of the listing (``search`` needs a few editions' only)
    args.whole_edition = whole_edition
    # one edition with its passages (``read KEY``): from its shard of the cache when it can
    args.edition_loader = load_edition
    args.library_watch = folders.folders
    args.variant = _variant(args, paths)


def _variant(args: argparse.Namespace, paths: AppPaths) -> object:
    from trendreader.script.variants import Variant, VariantError, parse_variant

    explicit = getattr(args, "script", None)
    if explicit:
        try:
            return parse_variant(explicit)
        except VariantError as error:
            raise CliError(_("--script: {reason}").format(reason=error)) from error
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
