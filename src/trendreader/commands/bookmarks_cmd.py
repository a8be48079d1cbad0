"""``trendreader bookmarks``: add, list, remove, export, import and repair bookmarks.

Handlers take the parsed ``argparse.Namespace`` (which carries ``paths``, an ``AppPaths``,
and ``library_loader``, a zero-argument callable returning the library) and return the exit
status: 0 on success, 1 when the store fails, 2 when what was asked for is wrong (unknown
key, ordinal or id; a bad import file). Errors are one line on stderr. Output is a Rich
table on a terminal and plain tab-separated lines (or JSON) when piped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from trendreader.bookmarks.errors import (
    BookmarkError,
    BookmarkImportError,
    BookmarkNotFoundError,
    BookmarkStoreError,
    NothingToRepairError,
)
from trendreader.bookmarks.exchange import export_json, export_markdown, import_json
from trendreader.bookmarks.grouping import Catalog
from trendreader.bookmarks.model import Bookmark
from trendreader.bookmarks.store import BookmarkStore, checked_file, repair_store
from trendreader.commands.output import print_jsonl
from trendreader.i18n import _
from trendreader.library.model import Edition
from trendreader.library.sanitize import clean_line, clean_text

EXIT_OK = 0
EXIT_STORE = 1
EXIT_USAGE = 2


class Library(Catalog, Protocol):
    def find_edition(self, key: str) -> Edition | None: ...


Handler = Callable[[argparse.Namespace], int]


class _UsageError(Exception):
    """What the user asked for does not exist (exit status 2)."""


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the ``bookmarks`` command and its subcommands; each sets ``handler``."""
    parser = subparsers.add_parser(
        "bookmarks",
        help=_("list, add, remove, export and import bookmarks"),
        description=_("Bookmarks live in bookmarks.db in the data directory."),
    )
    parser.set_defaults(handler=lambda args: _no_subcommand(parser))
    sub = parser.add_subparsers(title=_("subcommands"), metavar="COMMAND")

    add = sub.add_parser("add", help=_("bookmark a passage of a report"))
    add.add_argument("key", metavar="KEY", help=_("report (edition) key"))
    add.add_argument("ordinal", metavar="ORDINAL", type=int, help=_("passage number"))
    add.add_argument("--note", default="", help=_("a note to keep with it"))
    add.add_argument("--tag", action="append", default=[], help=_("a tag (repeatable)"))
    add.set_defaults(handler=cmd_add)

    lst = sub.add_parser("list", help=_("list bookmarks"))
    group = lst.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help=_("print the JSON export instead"))
    group.add_argument(
        "--jsonl", action="store_true", help=_("print one JSON object per bookmark and line")
    )
    lst.add_argument(
        "--script",
        metavar="V",
        default=argparse.SUPPRESS,  # else the top-level --script, else the saved variant
        help=_("script of titles, excerpts, notes and tags; JSON keeps the stored text"),
    )
    lst.set_defaults(handler=cmd_list)

    rm = sub.add_parser("remove", help=_("delete a bookmark"))
    rm.add_argument("id", metavar="ID", type=int, help=_("bookmark id (see `list`)"))
    rm.set_defaults(handler=cmd_remove)

    exp = sub.add_parser(
        "export",
        help=_("write all bookmarks to stdout, or one Obsidian note per report into DIR"),
    )
    exp.add_argument(
        "--format", choices=("md", "json", "obsidian"), default="md", help=_("default: md")
    )
    exp.add_argument(
        "dir",
        metavar="DIR",
        nargs="?",
        help=_("with --format obsidian: the folder (vault) to write the notes into"),
    )
    exp.add_argument(
        "--script",
        metavar="V",
        default=argparse.SUPPRESS,  # else the top-level --script, else the saved variant
        help=_(
            "script of the Markdown: original, simplified, traditional, taiwan, hongkong "
            "(o, s, t, tw, hk); JSON keeps the stored text"
        ),
    )
    exp.set_defaults(handler=cmd_export)

    imp = sub.add_parser("import", help=_("merge a JSON export (duplicates are skipped)"))
    imp.add_argument("file", metavar="FILE", help=_("a file written by `export --format json`"))
    imp.set_defaults(handler=cmd_import)

    rep = sub.add_parser("repair", help=_("move an unreadable store aside and start a fresh one"))
    rep.add_argument(
        "--force", action="store_true", help=_("move the store aside even if it opens fine")
    )
    rep.set_defaults(handler=cmd_repair)


def _no_subcommand(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    print("trendreader: " + _("bookmarks: a subcommand is required"), file=sys.stderr)
    return EXIT_USAGE


def _fail(message: str, status: int) -> int:
    print(f"trendreader: {' '.join(clean_line(message).split())}", file=sys.stderr)
    return status


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Handler:
    """Turn the layer's errors into one line on stderr and the exit status."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (_UsageError, BookmarkNotFoundError, BookmarkImportError) as e:
            return _fail(str(e), EXIT_USAGE)
        except (BookmarkStoreError, BookmarkError) as e:
            return _fail(str(e), EXIT_STORE)

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def _store(args: argparse.Namespace) -> BookmarkStore:
    """The store; its page check skipped while it is as the last clean check found it."""
    return BookmarkStore(args.paths.bookmarks_db, checked=checked_file(args.paths.cache_dir))


def _library(args: argparse.Namespace) -> Library:
    return args.library_loader()


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def _flat(text: str) -> str:
    """One line, cleaned: no control character, escape sequence, bidi override, tab or
    newline (a stored field may come from an imported file or an older release)."""
    return " ".join(clean_line(text).split())


def _print_bookmarks(bookmarks: Sequence[Bookmark], shown: Callable[[str], str] = str) -> None:
    """Bookmarks as a table or one line each; ``shown`` puts title, excerpt, note and tags in
    the reader's script (they stay stored as typed)."""
    bookmarks = [_shown(b, shown) for b in bookmarks] if shown is not str else bookmarks
    if _is_terminal():
        from rich.table import Table
        from rich.text import Text

        from trendreader.commands.output import console

        # Cells are Text, never markup: a note may well contain "[/]".
        table = Table(_("id"), _("report"), "#", _("excerpt"), _("note"), _("tags"), expand=True)
        for b in bookmarks:
            excerpt = Text(_flat(b.excerpt))
            if b.orphaned:
                changed = _("{excerpt} (passage changed)").format(excerpt=_flat(b.excerpt))
                excerpt = Text(changed, style="dim")
            table.add_row(
                Text(str(b.id)),
                Text(_flat(b.report_title or b.edition_key)),
                Text(
                    _("{ordinal} · p. {page}").format(ordinal=b.ordinal, page=b.page)
                    if b.page
                    else str(b.ordinal)
                ),
                excerpt,
                Text(_flat(b.note)),
                Text(", ".join(_flat(tag) for tag in b.tags)),
            )
        console().print(table)
        return
    for b in bookmarks:
        fields = (
            str(b.id),
            _flat(b.edition_key),
            str(b.ordinal),
            "orphaned" if b.orphaned else "",
            ",".join(_flat(tag) for tag in b.tags),
            _flat(b.note),
            _flat(b.excerpt),
        )
        print("\t".join(fields))  # one record per line, whatever a field holds


@_guarded
def cmd_add(args: argparse.Namespace) -> int:
    """``bookmarks add KEY ORDINAL [--note TEXT] [--tag TAG]...``"""
    edition = _library(args).find_edition(args.key)
    if edition is None:
        raise _UsageError(_("no report with key {key!r}").format(key=args.key))
    passage = next((p for p in edition.passages if p.ordinal == args.ordinal), None)
    if passage is None:
        raise _UsageError(
            _("report {key} has no passage {ordinal} (it has {count})").format(
                key=args.key, ordinal=args.ordinal, count=len(edition.passages)
            )
        )
    with _store(args) as store:
        bookmark = store.add(edition.key, edition.title, passage, note=args.note, tags=args.tag)
    _print_bookmarks([bookmark])
    return EXIT_OK


@_guarded
def cmd_list(args: argparse.Namespace) -> int:
    """``bookmarks list [--json | --jsonl] [--script V]``"""
    with _store(args) as store:
        bookmarks = store.list_bookmarks()
    if args.json:
        sys.stdout.write(export_json(bookmarks))  # as stored: the import format
    elif args.jsonl:  # one bookmark of the export a line, as stored
        from trendreader.bookmarks.exchange import bookmark_to_record

        print_jsonl(bookmark_to_record(b) for b in bookmarks)
    else:
        _print_bookmarks(bookmarks, _user_converter(args))
    return EXIT_OK


@_guarded
def cmd_remove(args: argparse.Namespace) -> int:
    """``bookmarks remove ID``"""
    with _store(args) as store:
        removed = store.remove(args.id)
    print(
        _("removed bookmark {id} ({key} #{ordinal})").format(
            id=removed.id, key=_flat(removed.edition_key), ordinal=removed.ordinal
        )
    )
    return EXIT_OK


def _converter(args: argparse.Namespace) -> Callable[[str], str]:
    """The text converter for the chosen variant: ``args.variant`` (set by the CLI from
    ``--script`` or the saved setting), else ``args.script``, else as written."""
    from trendreader.script.variants import Variant, parse_variant

    variant = getattr(args, "variant", None)
    if not isinstance(variant, Variant):
        try:
            variant = parse_variant(getattr(args, "script", None) or "original")
        except ValueError as e:
            raise _UsageError(str(e)) from None
    if variant == Variant.ORIGINAL:
        return _same
    from trendreader.script.display import display_text

    chosen = variant
    return lambda text: display_text(text, None, chosen)


def _same(text: str) -> str:
    return text


def _user_converter(args: argparse.Namespace) -> Callable[[str], str]:
    """Like :func:`_converter`, for strings the user typed (notes, tags): their own script and
    wording are told from each string (``show_user_text``). ``str``: as typed."""
    from trendreader.script.variants import Variant

    variant = getattr(args, "variant", None)
    if not isinstance(variant, Variant) or variant == Variant.ORIGINAL:
        return str
    from trendreader.script.display import show_user_text

    return lambda text: show_user_text(text, variant)


def _shown_note(bookmark: Bookmark, shown: Callable[[str], str]) -> Bookmark:
    """A copy of ``bookmark`` with its note and tags through ``shown`` (for the export)."""
    import dataclasses

    note = shown(bookmark.note)
    return dataclasses.replace(bookmark, note=note, tags=tuple(shown(t) for t in bookmark.tags))


def _shown(bookmark: Bookmark, shown: Callable[[str], str]) -> Bookmark:
    """A copy of ``bookmark`` for display, its texts through ``shown`` (never stored)."""
    import dataclasses

    return dataclasses.replace(
        bookmark,
        report_title=shown(bookmark.report_title),
        excerpt=shown(bookmark.excerpt),
        note=shown(bookmark.note),
        tags=tuple(shown(tag) for tag in bookmark.tags),
    )


def _loaded_library(args: argparse.Namespace) -> Library | None:
    """The library, or None (with a warning) when it cannot be loaded: the exports still
    work from the stored excerpts and titles."""
    try:
        return _library(args)
    except Exception as e:
        line = _("warning: library not loaded ({reason}); quoting excerpts")
        print("trendreader: " + line.format(reason=_flat(str(e))), file=sys.stderr)
        return None


def _passage_lookup(library: Library | None) -> Callable[[Bookmark], str | None]:
    """Full passage text for a bookmark from the library; None when it cannot be had."""
    if library is None:
        return lambda bookmark: None
    editions: dict[str, Edition | None] = {}

    def lookup(bookmark: Bookmark) -> str | None:
        if bookmark.orphaned:
            return None
        if bookmark.edition_key not in editions:
            editions[bookmark.edition_key] = library.find_edition(bookmark.edition_key)
        edition = editions[bookmark.edition_key]
        if edition is None:
            return None
        same = [p for p in edition.passages if p.anchor == bookmark.anchor]
        if not same:
            return None
        return clean_text(min(same, key=lambda p: abs(p.ordinal - bookmark.ordinal)).text)

    return lookup


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    """``bookmarks export --format md|json|obsidian [DIR] [--script V]``"""
    folder = getattr(args, "dir", None)
    if args.format == "obsidian" and not folder:
        raise _UsageError(_("bookmarks export --format obsidian needs DIR, the folder to write to"))
    if args.format != "obsidian" and folder:
        raise _UsageError(
            _("DIR is for --format obsidian; --format {format} writes to stdout").format(
                format=args.format
            )
        )
    convert = _converter(args)
    with _store(args) as store:
        bookmarks = store.list_bookmarks()
    if args.format == "json":
        sys.stdout.write(export_json(bookmarks))  # as stored: the import format
        return EXIT_OK
    library = _loaded_library(args) if bookmarks else None
    lookup = _passage_lookup(library)
    if convert is not _same:  # notes and tags in the export's script, stored as typed
        bookmarks = [_shown_note(b, convert) for b in bookmarks]
    if args.format == "obsidian":
        from pathlib import Path

        from trendreader.bookmarks.obsidian import export_obsidian

        result = export_obsidian(
            bookmarks, Path(folder), library=library, passage_text=lookup, convert=convert
        )
        written, same = len(result.written), len(result.unchanged)
        line = _("wrote {written} note(s) to {folder} ({same} already up to date)")
        print(clean_line(line.format(written=written, folder=folder, same=same)))
        return EXIT_OK
    sys.stdout.write(export_markdown(bookmarks, lookup, convert, library=library))
    return EXIT_OK


@_guarded
def cmd_import(args: argparse.Namespace) -> int:
    """``bookmarks import FILE``"""
    with _store(args) as store:
        result = import_json(store, args.file)
    print(
        _("added {added}, skipped {skipped} already present").format(
            added=result.added, skipped=result.skipped
        )
    )
    return EXIT_OK


@_guarded
def cmd_repair(args: argparse.Namespace) -> int:
    """``bookmarks repair [--force]``; a healthy store (or none) is exit 0, said in one line."""
    try:
        report = repair_store(args.paths.bookmarks_db, force=args.force)
    except NothingToRepairError as e:
        print(_flat(str(e)))
        return EXIT_OK
    line = _("moved the old store to {old}; started a fresh one at {new}").format(
        old=report.moved_to, new=args.paths.bookmarks_db
    )
    if report.saved or report.unreadable:
        line += _(" with the {saved} bookmark(s) that could be read").format(saved=report.saved)
        if report.unreadable:
            line += _(" ({unreadable} could not be)").format(unreadable=report.unreadable)
    print(clean_line(line))
    return EXIT_OK
