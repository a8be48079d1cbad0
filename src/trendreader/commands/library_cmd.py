"""``trendreader list`` and ``trendreader read``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from trendreader.cli import CliError, add_script_option
from trendreader.commands.output import console, print_json, print_plain, stdout_is_terminal

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


def report_json(report: Report, variant: Any) -> dict[str, Any]:
    from trendreader.reading import report_title

    return {
        "key": report.key,
        "title": report_title(report, variant),
        "date": report.date.isoformat(timespec="minutes") if report.date else None,
        "year": report.year,
        "script": report.primary.script.value,
        "passages": len(report.primary.passages),
        "editions": [
            {"key": e.key, "script": e.script.value, "path": str(e.path)} for e in report.editions
        ],
    }


def run_list(args: argparse.Namespace) -> int:
    library: Library = args.library_loader()
    rows = [report_json(r, args.variant) for r in library.reports]
    if args.json:
        print_json(rows)
        return 0
    if not stdout_is_terminal():
        for row in rows:
            editions = ",".join(e["key"] for e in row["editions"])
            print_plain(f"{row['year'] or '-'}\t{row['key']}\t{row['title']}\t{editions}")
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table(title="trendreader library", title_justify="left")
    for column in ("year", "key", "title", "script", "passages"):
        table.add_column(column, overflow="fold")
    for row in rows:
        scripts = "+".join(e["script"][:4] for e in row["editions"])
        table.add_row(
            str(row["year"] or "—"),
            row["key"],
            Text(row["title"]),
            scripts,
            str(row["passages"]),
        )
    console().print(table)
    for problem in library.problems:
        console().print(Text(f"skipped {problem.reason}", style="yellow"))
    return 0


def find_edition(library: Library, key: str) -> tuple[Report, Edition]:
    found = library.find(key)
    if found is None:
        known = ", ".join(r.key for r in library.reports[:8])
        raise CliError(f"no report with key {key!r} (try `trendreader list`; keys: {known})")
    return found


def run_read(args: argparse.Namespace) -> int:
    from trendreader.reading import passage_texts

    library: Library = args.library_loader()
    _report, edition = find_edition(library, args.key)
    texts = passage_texts(edition, args.variant)
    if args.json:
        print_json(
            {
                "key": edition.key,
                "title": edition.title,
                "script": edition.script.value,
                "passages": [
                    {"ordinal": p.ordinal, "kind": p.kind.value, "text": text}
                    for p, text in zip(edition.passages, texts, strict=True)
                ],
            }
        )
        return 0
    if not stdout_is_terminal():
        print_plain("\n\n".join(texts))
        return 0
    from rich.text import Text

    from trendreader.library.model import PassageKind

    out = console()
    for passage, text in zip(edition.passages, texts, strict=True):
        style = "bold" if passage.kind == PassageKind.HEADING else ""
        prefix = "> " if passage.kind == PassageKind.QUOTE else ""
        out.print(Text(prefix + text, style=style))
        out.print()
    return 0
