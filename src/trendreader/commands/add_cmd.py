"""``trendreader add``, ``remove`` and ``unhide``: the user's own reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trendreader.commands.errors import CliError
from trendreader.commands.output import console, stdout_is_terminal
from trendreader.i18n import _

if TYPE_CHECKING:
    from trendreader.library.model import Edition


def register(subparsers: argparse._SubParsersAction) -> None:
    add = subparsers.add_parser(
        "add", help=_("add report files, folders or URLs (.md .txt .pdf .html .epub, http(s)://…)")
    )
    add.add_argument("files", nargs="+", type=str, metavar="PATH|URL")  # a Path mangles "//"
    add.add_argument(
        "--max-size",
        type=_size,
        default=50 * 1024 * 1024,
        metavar="BYTES",
        help=_("refuse files larger than this (default 50MB; suffixes K, M, G)"),
    )
    add.add_argument(
        "--follow-symlinks",
        action="store_true",
        help=_("also add what symlinks in a folder point to outside it (refused by default)"),
    )
    add.set_defaults(handler=run_add)

    remove = subparsers.add_parser(
        "remove", help=_("remove an added report, or hide a built-in one")
    )
    remove.add_argument("key", help=_("report key"))
    remove.set_defaults(handler=run_remove)

    unhide = subparsers.add_parser("unhide", help=_("show a hidden built-in report again"))
    unhide.add_argument("key", help=_("report key"))
    unhide.set_defaults(handler=run_unhide)


def _size(text: str) -> int:
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    text = text.strip().upper().removesuffix("B")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a size: {text!r}").format(text=text)) from None


def _line(text: str, style: str) -> None:
    """One record: cleaned to one line (a file name cannot split it, nor style it)."""
    from trendreader.library.sanitize import clean_line

    text = clean_line(text)
    if stdout_is_terminal():
        from rich.text import Text

        console().print(Text(text, style=style), soft_wrap=True)
    else:
        print(text)


def run_add(args: argparse.Namespace) -> int:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="trendreader-url-") as folder:
        return _run_add(args, Path(folder))


def _fetch_urls(args: argparse.Namespace, folder: Path) -> tuple[list[Path], dict[Path, str], int]:
    """Each URL downloaded into ``folder`` (then added as a file): the files to add, the URL
    of each downloaded copy, and how many URLs were refused (one line each)."""
    from trendreader.library.formats import FormatError
    from trendreader.library.formats.url import fetch, is_url

    paths: list[Path] = []
    urls: dict[Path, str] = {}
    refused = 0
    for number, name in enumerate(args.files):
        if not is_url(name):
            paths.append(Path(name))
            continue
        try:
            copy = fetch(name, folder / str(number), max_bytes=args.max_size)
        except FormatError as error:
            refused += 1
            _line(_("refused  {name}: {reason}").format(name=name, reason=error), "yellow")
            continue
        paths.append(copy)
        urls[copy] = name
    return paths, urls, refused


def _run_add(args: argparse.Namespace, folder: Path) -> int:
    from trendreader.library.importing import AddUsageError, add_files, display_path

    library = args.library_loader()
    refused = added = skipped = 0
    parsed: list[tuple[Path, Edition]] = []
    files, urls, refused = _fetch_urls(args, folder)
    try:
        outcomes = add_files(
            files,
            library,
            args.paths.user_library,
            max_bytes=args.max_size,
            follow_symlinks=args.follow_symlinks,
        )
        for outcome in outcomes:
            shown = display_path(urls.get(outcome.source, outcome.source))
            if outcome.skipped:
                skipped += 1
                _line(
                    _("skipped  {name}: {reason}").format(name=shown, reason=outcome.reason),
                    "yellow",
                )
            elif outcome.added and outcome.edition is not None:
                added += 1
                edition = outcome.edition
                parsed.append((edition.path, edition))
                renamed = (
                    _(" (key {key!r} was taken)").format(key=outcome.renamed_from)
                    if outcome.renamed_from
                    else ""
                )
                _line(
                    _("added    {key}{renamed}: {title} [{script}, {encoding}] ← {name}").format(
                        key=outcome.key,
                        renamed=renamed,
                        title=edition.title,
                        script=edition.script.value,
                        encoding=edition.encoding,
                        name=shown,
                    ),
                    "green",
                )
                for warning in outcome.warnings:
                    print(f"trendreader: {display_path(warning)}", file=sys.stderr)
            else:
                refused += 1
                _line(
                    _("refused  {name}: {reason}").format(name=shown, reason=outcome.reason),
                    "yellow",
                )
    except AddUsageError as error:
        raise CliError(str(error)) from error
    except OSError as error:  # the user library cannot be written: what was copied stays
        from trendreader.commands.errors import StdoutError
        from trendreader.paths import describe_os_error

        if isinstance(error, StdoutError):
            raise
        raise CliError(
            _("cannot add ({added} added before): {reason}").format(
                added=added, reason=describe_os_error(error)
            ),
            status=1,
        ) from error
    summary = _("{added} added, {refused} refused").format(added=added, refused=refused)
    if skipped:
        summary += _(", {skipped} skipped").format(skipped=skipped)
    print(summary, file=sys.stderr)
    if added:
        from trendreader.paths import StateError

        try:
            _remember(args, parsed)
        except StateError as error:  # added, but not searchable yet: say why
            print(f"trendreader: {error}", file=sys.stderr)
            return 1
    return 1 if refused or skipped else 0


def _remember(args: argparse.Namespace, parsed: list[tuple[Path, Edition]]) -> None:
    from trendreader.library.store import remember_editions

    remember_editions(args.paths, parsed)  # the reload below parses nothing again
    args.library_loader.cache_clear()
    _refresh_index(args)


def _refresh_index(args: argparse.Namespace) -> None:
    """Index the new reports now (incrementally, with a progress bar): searchable at once."""
    from trendreader.commands.search_cmd import refresh_index

    refresh_index(args)


def run_remove(args: argparse.Namespace) -> int:
    from trendreader.library.importing import remove_user_report
    from trendreader.settings import load_settings, save_settings

    library = args.library_loader()
    found = library.find(args.key)
    if found is None:
        raise CliError(_("no report with key {key!r}").format(key=args.key))
    _report, edition = found
    if not edition.builtin:
        if not remove_user_report(args.paths.user_library, edition.key):
            raise CliError(
                _("{key}: not in your library folder ({path})").format(
                    key=args.key, path=edition.path
                )
            )
        print(
            _("removed {key} (its bookmarks are kept, marked as orphaned)").format(key=edition.key)
        )
        return 0
    settings = load_settings(args.paths)
    if edition.key not in settings.hidden:
        settings.hidden.append(edition.key)
        save_settings(args.paths, settings)
    print(
        _(
            "{key} is built in: hidden from the library (`trendreader unhide {key}` shows it again)"
        ).format(key=edition.key)
    )
    return 0


def run_unhide(args: argparse.Namespace) -> int:
    from trendreader.settings import load_settings, save_settings

    settings = load_settings(args.paths)
    if args.key not in settings.hidden:
        raise CliError(_("{key} is not hidden").format(key=args.key))
    settings.hidden.remove(args.key)
    save_settings(args.paths, settings)
    print(_("{key} is shown again").format(key=args.key))
    return 0
