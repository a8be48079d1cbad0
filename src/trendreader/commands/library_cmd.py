"""``trendreader list`` and ``trendreader read``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from trendreader.commands.errors import CliError
from trendreader.commands.options import add_script_option
from trendreader.commands.output import (
    cell,
    console,
    notice,
    print_json,
    print_plain,
    print_row,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.library.model import Edition, Report


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("list", help="list the reports in the library")
    listing.add_argument("--json", action="store_true", help="print JSON")
    add_script_option(listing)
    listing.set_defaults(handler=run_list)

    read = subparsers.add_parser("read", help="print the cleaned text of a report")
    read.add_argument("key", help="report key (file name without extension)")
    read.add_argument("--json", action="store_true", help="print JSON")
    add_script_option(read)
    read.set_defaults(handler=run_read)


def report_json(report: Report, variant: Any, passages: int | None = None) -> dict[str, Any]:
    """A report as ``list --json`` prints it; ``passages`` is the primary edition's count of
    passages when the edition was loaded without them (see ``load_cached_listing``)."""
    from trendreader.reading import report_title

    return {
        "key": report.key,
        "title": report_title(report, variant),
        "date": report.date.isoformat(timespec="minutes") if report.date else None,
        "year": report.year,
        "script": report.primary.script.value,
        "passages": len(report.primary.passages) if passages is None else passages,
        "editions": [
            {"key": e.key, "script": e.script.value, "path": str(e.path)} for e in report.editions
        ],
    }


def run_list(args: argparse.Namespace) -> int:
    library, counts = args.listing_loader()
    rows = [report_json(r, args.variant, counts.get(r.primary.key)) for r in library.reports]
    if args.json:
        print_json(rows)
        return 0
    if not stdout_is_terminal():
        for row in rows:
            editions = ",".join(e["key"] for e in row["editions"])
            print_row(row["year"] or "-", row["key"], row["title"], editions)
        for problem in library.problems:
            notice(f"skipped {problem.reason}" if problem.skipped else problem.reason)
        return 0
    from rich.table import Table

    table = Table(title="trendreader library", title_justify="left")
    for column in ("year", "key", "title", "script", "passages"):
        table.add_column(column, overflow="fold")
    for row in rows:
        scripts = "+".join(e["script"][:4] for e in row["editions"])
        table.add_row(
            cell(row["year"]),
            cell(row["key"]),
            cell(row["title"]),
            cell(scripts),
            cell(row["passages"]),
        )
    console().print(table)
    for problem in library.problems:
        line = f"skipped {problem.reason}" if problem.skipped else problem.reason
        console().print(cell(line, style="yellow"))
    return 0


def find_edition(library: Library, key: str) -> tuple[Report, Edition]:
    found = library.find(key)
    if found is None:
        known = ", ".join(r.key for r in library.reports[:8])
        raise CliError(f"no report with key {key!r} (try `trendreader list`; keys: {known})")
    return found


def run_read(args: argparse.Namespace) -> int:
    from trendreader.reading import passage_texts

    found = args.edition_loader(args.key)
    if found is None:  # says which keys there are
        found = find_edition(args.listing_loader()[0], args.key)
    _report, edition = found
    texts = passage_texts(edition, args.variant)
    from trendreader.library import plain_render

    if args.json:
        print_json(
            {
                "key": edition.key,
                "title": edition.title,
                "script": edition.script.value,
                "passages": [
                    plain_render.passage_json(p, text)
                    for p, text in zip(edition.passages, texts, strict=True)
                ],
            }
        )
        return 0
    if not stdout_is_terminal():
        print_plain(plain_render.render_text(edition.passages, texts))
        return 0
    from rich.text import Text

    from trendreader.library.model import PassageKind

    out = console()
    verbatim = (PassageKind.CODE, PassageKind.TABLE)
    for rendered in plain_render.render(edition.passages, texts):
        kind = rendered.passage.kind
        style = "bold" if kind == PassageKind.HEADING else "dim" if kind in verbatim else ""
        out.print(Text(rendered.body, style=style), soft_wrap=kind in verbatim)
        for note in rendered.notes:
            out.print(Text(note, style="dim"), soft_wrap=True)
        out.print()
    return 0
