"""``trendreader trends``: list the trends with their mentions; add and remove your own.

``trends [--json]`` lists every trend (built in, yours, then suggested) with the passages
mentioning it per report: JSON ``[{name, aliases, suggested, user, mentions: {KEY: n},
years: {YEAR: {reports, mentioning_reports, passages, mentions, share, report_share, new,
faded}}}]`` (KEY is the report key; every year of the library, zeros included, undated as
``"—"``), a Rich table of trend × year on a terminal, tab-separated lines when piped
(``name, kind, reports, passages, year:passages,...``).

``trends compare NAME [--years A B] [--json]``: one trend year against year (reports, share
of passages, what is new, what faded). ``trends new YEAR [--json]``: the library's terms
whose share of the year's reports rose most against the years before, and those that fell.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from trendreader.commands.errors import CliError
from trendreader.commands.options import add_script_option
from trendreader.commands.output import (
    add_json_options,
    cell,
    console,
    notice,
    print_json,
    print_row,
    stdout_is_terminal,
)
from trendreader.i18n import N_, _

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.trends.catalog import TrendCatalog
    from trendreader.trends.mentions import Mentions
    from trendreader.trends.saved import MentionCounts, SavedTrends
    from trendreader.trends.store import TrendStore
    from trendreader.trends.yearly import YearRow

UNDATED = "—"
#: A trend's kind as the table shows it (piped output and JSON keep the English word).
KINDS = (N_("built-in"), N_("user"), N_("suggested"))


def register(subparsers: argparse._SubParsersAction) -> None:
    trends = subparsers.add_parser(
        "trends",
        help=_("topics across reports and years: list, add, remove"),
        description=_("Without a subcommand: list every trend and where it is mentioned."),
    )
    add_json_options(trends)
    add_script_option(trends)
    trends.set_defaults(handler=run_list)
    sub = trends.add_subparsers(title=_("subcommands"), metavar="COMMAND")

    listing = sub.add_parser("list", help=_("list the trends (the default)"))
    add_json_options(listing)
    add_script_option(listing)
    listing.set_defaults(handler=run_list)

    add = sub.add_parser("add", help=_("add a trend of your own (or replace yours of that name)"))
    add.add_argument("name", metavar="NAME", help=_("the trend's name"))
    add.add_argument("aliases", metavar="ALIAS", nargs="*", help=_("wordings (default: NAME)"))
    add.set_defaults(handler=run_add)

    compare = sub.add_parser("compare", help=_("one trend year against year"))
    compare.add_argument("name", metavar="NAME", help=_("the trend's name"))
    compare.add_argument("--years", nargs=2, type=int, metavar=("A", "B"), help=_("two years"))
    add_json_options(compare)
    add_script_option(compare)
    compare.set_defaults(handler=run_compare)

    new = sub.add_parser("new", help=_("what's new in YEAR: terms that rose and fell"))
    new.add_argument("year", metavar="YEAR", type=int, help=_("a year such as 2024"))
    new.add_argument("--limit", type=int, default=15, help=_("terms of each list (15)"))
    add_json_options(new)
    add_script_option(new)
    new.set_defaults(handler=run_new)

    remove = sub.add_parser("remove", help=_("remove a trend of your own"))
    remove.add_argument("name", metavar="NAME", help=_("the trend's name"))
    remove.set_defaults(handler=run_remove)


def _store(args: argparse.Namespace) -> TrendStore:
    from trendreader.trends.store import TrendStore

    return TrendStore.for_library(args.paths, args.library_folders.folders)


def _catalog(
    args: argparse.Namespace, saved: SavedTrends | None = None, store: TrendStore | None = None
) -> tuple[TrendCatalog, Library]:
    from trendreader.commands.search_cmd import search_service
    from trendreader.trends.catalog import TrendCatalog
    from trendreader.trends.mentions import MentionFinder

    service = search_service(args)  # builds or refreshes the index, with a progress bar
    library = args.library_loader()
    if saved is None:
        saved = _saved(args)[0]
    finder = MentionFinder(service, library)
    catalog = TrendCatalog(store or _store(args), finder, library, saved=saved)
    return catalog, library


def trend_json(
    mentions: Mentions | MentionCounts, variant: Any = None, years: list[YearRow] | None = None
) -> dict[str, Any]:
    """A trend as JSON: ``name`` and ``aliases`` as stored; with a ``variant`` other than
    original, ``shown_name`` and ``shown_aliases`` in that script as well; with ``years``,
    a ``years`` object (every year of the library)."""
    trend = mentions.trend
    out: dict[str, Any] = {
        "name": trend.name,
        "aliases": list(trend.aliases),
        "suggested": trend.suggested,
        "user": trend.user,
        "mentions": mentions.by_report,
    }
    if years is not None:
        out["years"] = {_year(row.year): row.as_json() for row in years}
    if variant is not None and variant != "original":
        from trendreader.script.display import show_user_text, show_user_texts

        out["shown_name"] = show_user_text(trend.name, variant)
        out["shown_aliases"] = show_user_texts(trend.aliases, variant)
    return out


def _saved(args: argparse.Namespace) -> tuple[SavedTrends, Library]:
    """The figures saved for the library as it is now, and its listing (no passages)."""
    from trendreader.trends.saved import SavedTrends, library_state

    listing, _counts = args.listing_loader()
    return SavedTrends(args.paths.cache_dir, library_state(listing)), listing


def _saved_counts(
    args: argparse.Namespace, saved: SavedTrends, store: TrendStore
) -> list[MentionCounts] | None:
    """Every trend's counts as saved by an earlier run, or None when one is missing."""
    from trendreader.trends.saved import suggestion_key, without_curated

    suggested = saved.suggested(suggestion_key(store))
    if suggested is None:
        return None
    curated = store.curated()
    found = [saved.counts(t, args.variant) for t in curated + without_curated(suggested, curated)]
    return None if any(c is None for c in found) else [c for c in found if c is not None]


def _complete(args: argparse.Namespace, catalog: TrendCatalog) -> bool:
    """Whether the counts came from a whole, current index (those are worth keeping)."""
    status = getattr(args, "index_status", None)
    return catalog.finder.service.unavailable is None and not getattr(status, "read_only", False)


def run_list(args: argparse.Namespace) -> int:
    from trendreader.trends.model import TrendError
    from trendreader.trends.saved import MentionCounts

    saved, listing = _saved(args)
    store = _store(args)
    try:
        counted = None if args.json else _saved_counts(args, saved, store)
    except TrendError as error:
        raise CliError(str(error)) from error
    found: list[Any]
    yearly: list[list[YearRow]] = []
    if counted is not None:  # nothing to search: no index, no passages, no Whoosh
        found, library = counted, listing
    else:
        catalog, library = _catalog(args, saved, store)
        try:
            trends = catalog.trends()
            mentions = [catalog.mentions(t, args.variant) for t in trends]
            yearly = [catalog.years(t, args.variant) for t in trends] if args.json else []
        except TrendError as error:
            raise CliError(str(error)) from error
        finally:
            catalog.finder.service.close()
        if _complete(args, catalog):  # not figures of an unusable or stale index
            for m in mentions:
                saved.remember_counts(MentionCounts.of(m))
            saved.save()
        found = mentions
    for problem in store.problems:
        notice(f"trendreader: {problem}")
    if args.json:
        print_json([trend_json(m, args.variant, y) for m, y in zip(found, yearly, strict=True)])
        return 0
    years = _years(library)
    if not stdout_is_terminal():
        from trendreader.script.display import show_user_text

        for m in found:
            per_year = m.by_year()
            cells = ",".join(f"{_year(y)}:{per_year.get(y, 0)}" for y in years)
            kind = m.trend.kind
            name = show_user_text(m.trend.name, args.variant)
            print_row(name, kind, m.report_count, m.total, cells)
        return 0
    _print_table(found, years, args.variant)
    return 0


def _years(library: Library) -> list[int | None]:
    return [year for year, _reports in library.by_year()]


def _year(year: int | None) -> str:
    return str(year) if year is not None else UNDATED


def _print_table(found: list[Any], years: list[int | None], variant: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from trendreader.trends.naming import sidebar_label

    table = Table(title=_("trends (passages per year)"), title_justify="left")
    table.add_column(_("trend"), overflow="fold")
    table.add_column(_("kind"), style="dim", no_wrap=True)
    for year in years:
        table.add_column(_year(year), justify="right", no_wrap=True)
    table.add_column(_("reports"), justify="right", no_wrap=True)
    for m in found:
        per_year = m.by_year()
        cells = [
            Text(str(per_year[y]), style="bold") if per_year.get(y) else Text("·", style="dim")
            for y in years
        ]
        name = cell(sidebar_label(m.trend, variant))
        table.add_row(name, cell(_(m.trend.kind)), *cells, cell(m.report_count))
    console().print(table)


def run_compare(args: argparse.Namespace) -> int:
    from trendreader.script.display import show_user_text
    from trendreader.trends.model import TrendError

    catalog, _library = _catalog(args)
    try:
        trend = catalog.find(args.name)
        if trend is None:
            raise CliError(
                _("no trend is called {name!r} (trendreader trends lists them)").format(
                    name=args.name
                )
            )
        rows = catalog.years(trend, args.variant)
    except TrendError as error:
        raise CliError(str(error)) from error
    finally:
        catalog.finder.service.close()
    if args.years:
        wanted = set(args.years)
        rows = [r for r in rows if r.year in wanted]
        missing = wanted - {r.year for r in rows}
        if missing:
            raise CliError(_("the library has no report of {year}").format(year=min(missing)))
    name = show_user_text(trend.name, args.variant)
    if args.json:
        years = {_year(r.year): r.as_json() for r in rows}
        print_json({"name": trend.name, "shown_name": name, "years": years})
        return 0
    for r in rows:
        new = show_user_text("、".join(r.new), args.variant) if r.new else ""
        faded = show_user_text("、".join(r.faded), args.variant) if r.faded else ""
        if not stdout_is_terminal():
            print_row(
                name, _year(r.year), r.reports, r.mentioning, r.mentions, f"{r.share:.4f}", new
            )
            continue
        line = _("{year}  {mentioning}/{reports} reports  {mentions}/{passages} passages ({share})")
        line = line.format(
            year=_year(r.year),
            mentioning=r.mentioning,
            reports=r.reports,
            mentions=r.mentions,
            passages=r.passages,
            share=f"{r.share:.1%}",
        )
        console().print(cell(line))
        if new:
            console().print(cell("      " + _("new: {terms}").format(terms=new)))
        if faded:
            console().print(cell("      " + _("faded: {terms}").format(terms=faded)))
    return 0


def run_new(args: argparse.Namespace) -> int:
    from trendreader.script.display import show_user_text
    from trendreader.trends.keywords import build_term_index
    from trendreader.trends.yearly import whats_new

    library = args.library_loader()
    if not any(r.year == args.year for r in library.reports):
        raise CliError(_("the library has no report of {year}").format(year=args.year))
    saved = _saved(args)[0]
    index = saved.term_index()
    if index is None:
        index = build_term_index(library)
        saved.remember_term_index(index)
    rising, falling = whats_new(index, args.year, limit=args.limit)
    if args.json:
        print_json(
            {
                "year": args.year,
                "rising": [c.as_json() for c in rising],
                "falling": [c.as_json() for c in falling],
            }
        )
        return 0
    for label, changes in (("rising", rising), ("falling", falling)):
        for c in changes:
            term = show_user_text(c.term, args.variant)
            if stdout_is_terminal():
                shown = _("rising") if label == "rising" else _("falling")
                console().print(cell(f"{shown:8} {term}  {c.before:.0%} → {c.share:.0%}"))
            else:
                print_row(label, term, c.reports, f"{c.before:.4f}", f"{c.share:.4f}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from trendreader.trends.model import TrendError

    store = _store(args)
    try:
        existed = any(t.name == args.name.strip() for t in store.user_trends())
        trend = store.add(args.name, args.aliases)
    except TrendError as error:
        raise CliError(str(error)) from error
    except OSError as error:
        raise CliError(_write_error(store, error), status=1) from error
    line = (
        _("trend updated: {name} = {aliases}") if existed else _("trend added: {name} = {aliases}")
    )
    shown = line.format(name=trend.name, aliases=" | ".join(trend.aliases))
    notice(f"{shown} — {store.user_file}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from trendreader.trends.model import TrendError

    store = _store(args)
    try:
        trend = store.remove(args.name)
    except TrendError as error:
        raise CliError(str(error)) from error
    except OSError as error:
        raise CliError(_write_error(store, error), status=1) from error
    notice(_("trend removed: {name}").format(name=trend.name))
    return 0


def _write_error(store: TrendStore, error: OSError) -> str:
    """``cannot save trends: PATH: reason — what to do`` (one line)."""
    from trendreader.paths import describe_os_error

    return _("cannot save trends: {reason}").format(
        reason=describe_os_error(error, store.user_file)
    )
