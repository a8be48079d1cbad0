"""``trendreader list`` and ``trendreader read``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from trendreader.commands.keys import resolve_key
from trendreader.commands.options import add_script_option
from trendreader.commands.output import (
    add_json_options,
    cell,
    console,
    notice,
    print_json,
    print_jsonl,
    print_plain,
    print_row,
    stdout_is_terminal,
)
from trendreader.i18n import N_, _
from trendreader.library.catalog import problem_line

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.library.model import Edition, Report


#: A script as the table's column shows it (JSON and piped output keep the names).
SCRIPT_SHORT = {"simplified": N_("simp"), "traditional": N_("trad")}


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("list", help=_("list the reports in the library"))
    add_json_options(listing, jsonl=True)
    add_script_option(listing)
    listing.set_defaults(handler=run_list)

    read = subparsers.add_parser("read", help=_("print the cleaned text of a report"))
    read.add_argument(
        "key", help=_("report key (file name without extension), or a unique prefix of one")
    )
    add_json_options(read)
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
    if args.jsonl:
        print_jsonl(rows)
        return 0
    if not stdout_is_terminal():
        for row in rows:
            editions = ",".join(e["key"] for e in row["editions"])
            print_row(row["year"] or "-", row["key"], row["title"], editions)
        for problem in library.problems:
            notice(problem_line(problem))
        return 0
    from rich.table import Table

    table = Table(title=_("trendreader library"), title_justify="left")
    for column in (_("year"), _("report key"), _("title"), _("script"), _("passages")):
        table.add_column(column, overflow="fold")
    for row in rows:
        scripts = "+".join(_(SCRIPT_SHORT.get(e["script"], e["script"])) for e in row["editions"])
        table.add_row(
            cell(row["year"]),
            cell(row["key"]),
            cell(row["title"]),
            cell(scripts),
            cell(row["passages"]),
        )
    console().print(table)
    for problem in library.problems:
        console().print(cell(problem_line(problem), style="yellow"))
    return 0


def find_edition(library: Library, key: str) -> tuple[Report, Edition]:
    """The report and edition for ``key`` or a unique prefix of one (exit 2 otherwise)."""
    return resolve_key(library, key)


def run_read(args: argparse.Namespace) -> int:
    from trendreader.reading import passage_texts

    found = args.edition_loader(args.key)
    if found is None:  # a prefix, else says which keys there are
        _report, listed = find_edition(args.listing_loader()[0], args.key)
        found = args.edition_loader(listed.key)
        if found is None:
            found = find_edition(args.library_loader(), listed.key)
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
