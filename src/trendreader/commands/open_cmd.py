"""``trendreader`` / ``trendreader open [KEY] [--at N]``: start the reader."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING

from trendreader.commands.errors import CliError
from trendreader.commands.options import add_script_option
from trendreader.i18n import _

if TYPE_CHECKING:
    from trendreader.library.model import Edition
    from trendreader.paths import AppPaths


def _ordinal(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(
            _("expected a passage number such as 12, got {value!r}").format(value=value)
        )
    return int(value)


def register(subparsers: argparse._SubParsersAction) -> None:
    opener = subparsers.add_parser("open", help=_("open the reader (the default command)"))
    opener.add_argument(
        "key",
        nargs="?",
        help=_("report to open, or a unique prefix of its key (default: where you left off)"),
    )
    opener.add_argument(
        "--at",
        type=_ordinal,
        metavar="N",
        help=_("open at passage N (the numbers of `read --json` and of bookmarks)"),
    )
    add_script_option(opener)
    opener.set_defaults(handler=run_open)


def start_at(paths: AppPaths, edition: Edition, ordinal: int) -> None:
    """Make passage ``ordinal`` of ``edition`` where the reader resumes it: the reading state
    the reader itself would have saved there (it restores it at start-up)."""
    if not any(p.ordinal == ordinal for p in edition.passages):
        raise CliError(
            _("report {key} has no passage {ordinal} (it has {count})").format(
                key=edition.key, ordinal=ordinal, count=len(edition.passages)
            )
        )
    from trendreader.bookmarks.errors import BookmarkError
    from trendreader.bookmarks.reading_state import ReadingState, save_reading_state
    from trendreader.bookmarks.state_store import moved_line, open_state_store

    # No anchor: the reader then takes the ordinal as it is (an anchor would send a repeated
    # passage, such as a rule, to its first occurrence).
    state = ReadingState(report_key=edition.key, edition_key=edition.key, ordinal=ordinal)
    try:
        with open_state_store(paths.state_dir, paths.bookmarks_db) as store:
            if store.moved:
                print(moved_line(store), file=sys.stderr)
            save_reading_state(store, state)
    except BookmarkError as error:
        raise CliError(
            _("cannot open at passage {ordinal}: {reason}").format(ordinal=ordinal, reason=error),
            status=1,
        ) from error


def resume_keys(paths: AppPaths) -> list[str]:
    """Where the reader left off: the last report's key and its edition's (none if the
    state cannot be read: the reader says why once it is up)."""
    from trendreader.bookmarks.errors import BookmarkError
    from trendreader.bookmarks.reading_state import load_last_report, load_reading_state
    from trendreader.bookmarks.state_store import STATE_FILE, open_state_store

    if not ((paths.state_dir / STATE_FILE).exists() or paths.bookmarks_db.exists()):
        return []  # a first start: no state to read (and none to create here)
    try:
        with open_state_store(paths.state_dir, paths.bookmarks_db) as store:
            last = load_last_report(store)
            if last is None:
                return []
            state = load_reading_state(store, last)
    except BookmarkError:
        return []
    if state is not None and state.edition_key and state.edition_key != last:
        return [last, state.edition_key]
    return [last]


def run_open(args: argparse.Namespace) -> int:
    gc.disable()  # until the first paint (see trendreader.cli.main)
    try:
        from trendreader.commands.keys import resolve_key

        # the cache's listing when it is current (~0.1 s at 2,000 reports, where the whole
        # library takes ~1 s): the reader reads the rest after its first paint; when it is
        # not, what is cheap (the report to open parsed) and the files left (``rest``)
        key = args.key
        library, _counts, rest = args.start_loader(key, lambda: resume_keys(args.paths))
        at = getattr(args, "at", None)
        if key:  # an unknown or ambiguous key is a one-line error, exit 2
            _report, edition = resolve_key(library, key)
            key = edition.key
            if at is not None:
                start_at(args.paths, args.whole_edition(edition), at)
        elif at is not None:
            raise CliError(_("--at N needs the KEY of the report to open"))
        if rest is not None:
            rest.prepare()  # worker processes' helpers, before the app takes over stderr
        from trendreader.tui.app import TrendReaderApp

        app = TrendReaderApp(
            paths=args.paths,
            library=library,
            variant=args.variant,
            open_key=key,
            reload_library=args.load_library_fresh,
            watch=args.library_watch,
            ui=getattr(args, "ui", None),
            theme=getattr(args, "theme", None),
            whole_library=args.library_loader,
            whole_edition=args.whole_edition,
            library_rest=rest,
        )
        # the start-up's listing is the app's to let go once the whole library is in: a
        # local kept here would hold it (~10 MB at 10,000 reports) for the reader's life
        del library, rest, _counts
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0
