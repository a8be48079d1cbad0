"""``trendreader search`` and ``trendreader index``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from trendreader.commands.options import add_script_option
from trendreader.commands.output import (
    add_json_options,
    cell,
    console,
    err_console,
    notice,
    print_json,
    print_jsonl,
    print_row,
    stdout_is_terminal,
)
from trendreader.i18n import _
from trendreader.library.sanitize import clean_line

if TYPE_CHECKING:
    from trendreader.search.service import SearchHit, SearchService


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            _("expected a positive whole number, got {value!r}").format(value=value)
        )
    return number


def _year(value: str) -> int:
    if not value.isdigit() or len(value) > 4:
        raise argparse.ArgumentTypeError(
            _("expected a year such as 2024, got {value!r}").format(value=value)
        )
    return int(value)


#: ``search``'s options that take a value (the rest of its tokens are the query).
_VALUE_OPTIONS = ("--limit", "--report", "--year", "--script")


def query_words_last(tokens: list[str]) -> list[str]:
    """``search``'s own tokens (those after the word ``search``) with the query's words moved
    after ``--``, in their order: a word such as ``-芯片`` (NOT 芯片) is never taken for an
    option, and the options keep working wherever they are. A token after ``--`` is a word;
    a token starting with ``--`` (or ``-h``) stays an option, so that a typo is still an
    error."""
    options: list[str] = []
    words: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--":
            words.extend(tokens[index + 1 :])
            break
        if token in _VALUE_OPTIONS:
            options.extend(tokens[index : index + 2])
            index += 2
            continue
        if token.startswith("--") or token == "-h":
            options.append(token)
        else:
            words.append(token)
        index += 1
    return [*options, "--", *words] if words else options


def register(subparsers: argparse._SubParsersAction) -> None:
    search = subparsers.add_parser(
        "search",
        help=_("search every report (any script finds any script)"),
        description=_(
            'Words must all match; also OR, -word or NOT word, "a phrase", report:KEY, year:2024.'
        ),
    )
    search.add_argument(
        "query",
        nargs="*",
        help=_("what to look for, e.g. 芯片 or '固态电池 OR 晶片' (a -word excludes it)"),
    )
    search.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help=_("at most N results")
    )
    add_json_options(search, jsonl=True)
    search.add_argument("--report", metavar="KEY", help=_("only this report (key or key prefix)"))
    search.add_argument("--year", type=_year, metavar="Y", help=_("only reports of year Y"))
    add_script_option(search)
    search.set_defaults(handler=run_search)

    index = subparsers.add_parser("index", help=_("build or refresh the search index"))
    index.add_argument("--rebuild", action="store_true", help=_("rebuild it from scratch"))
    index.set_defaults(handler=run_index)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr when it is a terminal and there is work, else nothing."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console(),
        transient=True,
    )
    task = bar.add_task(label, total=None)
    started = False

    def update(done: int, total: int) -> None:
        nonlocal started
        if not started and total > 0:
            bar.start()
            started = True
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if started:
            bar.stop()


#: ``search`` indexes at most this many passages before answering (~1 s); past it, a
#: detached ``trendreader index`` builds the rest and this search scans what is not indexed.
INLINE_PASSAGES = 1_500


def search_service(
    args: argparse.Namespace, *, rebuild: bool = False, wait: bool = True
) -> SearchService:
    from trendreader.search.service import SearchService

    if rebuild:
        library, sizes = args.library_loader(), dict[str, int]()
    else:  # the editions without their passages; the service loads those it needs
        library, sizes = args.listing_loader()
    service = SearchService(args.paths.index_dir)
    service.whole = args.whole_edition
    if not wait and not rebuild:
        _indexed, pending = service.index.plan(library)
        if sum(sizes.get(key, 0) for key in pending) > INLINE_PASSAGES:
            if not service.index.build_running():
                _start_background_index(args)
            args.index_status = service.ensure_index(library, build=False)
            return service
    with _progress(_("indexing passages")) as progress:
        status = service.ensure_index(library, progress=progress, rebuild=rebuild)
    if status.notice:
        notice(f"trendreader: {status.notice}")
    args.index_status = status
    return service


def _start_background_index(args: argparse.Namespace) -> None:
    """``trendreader index`` in a detached process (it outlives this one; output dropped)."""
    import subprocess

    command = [sys.executable, "-m", "trendreader"]
    if getattr(args, "data_dir", None):
        command += ["--data-dir", str(args.data_dir)]
    if getattr(args, "library", None):
        command += ["--library", str(args.library)]
    command.append("index")
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        reason = error.strerror or type(error).__name__
        message = _("cannot start indexing in the background ({reason})").format(reason=reason)
        notice(f"trendreader: {message}")


def refresh_index(args: argparse.Namespace) -> None:
    """Bring the index up to date with the library (new reports after ``add``), with a
    progress bar on a terminal; a large batch is indexed by a detached process instead
    (searches meanwhile scan what it has not indexed yet)."""
    search_service(args, wait=False).close()


def run_index(args: argparse.Namespace) -> int:
    service = search_service(args, rebuild=args.rebuild)
    status = args.index_status
    service.close()
    if status.read_only:
        return 1
    if status.changed:
        line = (
            _("index rebuilt: {added} editions ({passages} passages) indexed, {removed} removed")
            if status.rebuilt
            else _(
                "index updated: {added} editions ({passages} passages) indexed, {removed} removed"
            )
        )
        line = line.format(added=status.added, passages=status.passages, removed=status.removed)
        notice(f"{line} — {args.paths.index_dir}")
    else:
        notice(_("index up to date — {folder}").format(folder=args.paths.index_dir))
    return 0


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "key": hit.edition_key,
        "report": hit.report_key,
        "title": hit.title,
        "year": hit.year,
        "ordinal": hit.ordinal,
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "text": hit.text,
        "highlights": [list(r) for r in hit.highlights],
    }


def run_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if not query.strip():  # README: an empty search is exit 0 with a message
        notice("trendreader: " + _("search: the query is empty; nothing to look for"))
        _print_nothing(args)
        return 0
    service = search_service(args, wait=False)
    results = service.search(
        query, variant=args.variant, limit=args.limit, report=args.report, year=args.year
    )
    service.close()
    shown = query if len(query) <= 40 else query[:40] + "…"
    if not results.searchable:
        line = _("search: nothing to search for in {query!r}").format(query=shown)
        notice(f"trendreader: {line}")
        _print_nothing(args)
        return 0
    if results.message and results.hits:
        notice(f"trendreader: {results.message}")
    partial = results.partial_notice()
    if partial:
        notice(f"trendreader: {partial}")
    if args.json:
        print_json([hit_json(h) for h in results.hits])
    elif args.jsonl:
        print_jsonl(hit_json(h) for h in results.hits)
    elif not stdout_is_terminal():
        for hit in results.hits:
            print_row(hit.edition_key, hit.ordinal, hit.year or "-", hit.snippet)
    elif results.hits:
        _print_table(results.hits, results.total, results.elapsed_ms)
    if not results.hits:
        line = _("no passage matches {query!r}").format(query=shown) + _filters(args)
        note = f" ({results.message})" if results.message else ""
        notice(f"trendreader: {line}{note}")
    return 0


def _print_nothing(args: argparse.Namespace) -> None:
    """``--json`` still prints a document (an empty list) when there is nothing to show."""
    if args.json:
        print_json([])


def _filters(args: argparse.Namespace) -> str:
    """`` in year 1999``, `` in report 003`` or both: the filters an empty result had."""
    parts = []
    if args.year is not None:
        parts.append(_(" in year {year}").format(year=args.year))
    if args.report:
        parts.append(_(" in report {key}").format(key=args.report))
    return "".join(parts)


def _print_table(hits: list[SearchHit], total: int, elapsed_ms: float) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, title_justify="left", expand=False)
    table.add_column(_("year"), no_wrap=True)
    table.add_column(_("report key"), no_wrap=True)
    table.add_column(_("report"), overflow="fold", max_width=28)
    table.add_column("¶", justify="right", no_wrap=True)
    table.add_column(_("passage"), overflow="fold", ratio=1)
    for hit in hits:
        snippet = Text(clean_line(hit.snippet))
        if len(snippet.plain) == len(hit.snippet):  # cleaning kept the offsets
            for start, end in hit.snippet_highlights:
                snippet.stylize("bold reverse", start, end)
        table.add_row(
            cell(hit.year), cell(hit.edition_key), cell(hit.title), cell(hit.ordinal), snippet
        )
    out = console()
    out.print(table)
    summary = _("{shown} of {total} passages, {ms} ms").format(
        shown=len(hits), total=total, ms=f"{elapsed_ms:.0f}"
    )
    out.print(Text(summary, style="dim"))
