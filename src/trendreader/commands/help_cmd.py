"""``trendreader help TOPIC``: the reader's keys, the search syntax, the scripts, the files.

Made from the real things where they exist: the keys from :mod:`trendreader.keys_help` (the
TUI's bindings as data), the search fields and limits from the query parser, the scripts from
:class:`~trendreader.script.variants.Variant`, the files from the paths of this run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from trendreader.commands.output import cell, console, print_plain, print_row, stdout_is_terminal
from trendreader.i18n import N_, _

TOPICS: dict[str, str] = {
    "keys": N_("the reader's keys"),
    "search": N_("the search syntax"),
    "scripts": N_("the scripts a report can be shown in"),
    "files": N_("where settings, bookmarks, state and the index are kept"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "help",
        help=_("help on a topic: keys, search, scripts, files"),
        description=_("Print help on TOPIC."),
    )
    parser.add_argument("topic", nargs="?", choices=tuple(TOPICS), metavar="TOPIC")
    parser.set_defaults(handler=run_help)


def run_help(args: argparse.Namespace) -> int:
    shows: dict[str, Callable[[argparse.Namespace], None]] = {
        "keys": _keys,
        "search": lambda _args: _lines(search_lines()),
        "scripts": lambda _args: _lines(script_lines()),
        "files": lambda a: _lines(file_lines(a)),
    }
    if args.topic is None:
        _lines([_("trendreader help TOPIC, where TOPIC is one of:")])
        _table([(name, _(about)) for name, about in TOPICS.items()])
        return 0
    shows[args.topic](args)
    return 0


def _lines(lines: list[str]) -> None:
    print_plain("\n".join(lines))


def _table(rows: list[tuple[str, ...]], headers: tuple[str, ...] = ()) -> None:
    if not stdout_is_terminal():
        for row in rows:
            print_row(*row)
        return
    from rich.table import Table

    table = Table(show_edge=False, show_header=bool(headers), box=None, pad_edge=False)
    for header in headers or ("",) * len(rows[0]):
        table.add_column(cell(header) if header else "")
    for row in rows:
        table.add_row(*(cell(value) for value in row))
    console().print(table)


def _keys(args: argparse.Namespace) -> None:
    from trendreader.keys_help import key_rows

    _table(key_rows(), (_("where"), _("key"), _("does")))


def search_lines() -> list[str]:
    """The query syntax, with the fields and limits the parser really has."""
    from trendreader.search.query import FIELDS, MAX_QUERY_CHARS, MAX_WORDS

    fields = ", ".join(f"{name}:" for name in FIELDS)
    examples = (  # the examples stay as written: only what they do is translated
        ("芯片 电池", _("every word must match")),
        ("芯片 OR 晶片", _("either word")),
        ("芯片 -手机", _("not this word (also NOT 手机)")),
        ('"固态电池"', _("a phrase (also “…” and 「…」)")),
        ("(芯片 OR 算力) AI", _("grouping")),
        ("report:KEY", _("only one report (a key or the start of one)")),
        ("year:2024", _("one year (year:2020-2024: a range)")),
    )
    width = max(_width(example) for example, _does in examples) + 2
    lines = [
        _("Search finds every script: {a} finds {b}, {c} finds {d}.").format(
            a="芯片", b="晶片", c="网络", d="網絡"
        ),
        "",
    ]
    lines += [f"  {_pad(example, width)}{does}" for example, does in examples]
    return [
        *lines,
        "",
        _("Fields: {fields}. At most {words} words and {chars} characters.").format(
            fields=fields, words=MAX_WORDS, chars=MAX_QUERY_CHARS
        ),
        _("A query that does not parse is searched as plain words."),
        _("In the reader: / to search, n and N for the next and previous hit."),
    ]


def _width(text: str) -> int:
    """Terminal columns of ``text`` (a Han character takes two)."""
    from rich.cells import cell_len

    return cell_len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def script_lines() -> list[str]:
    from trendreader.script.variants import Variant

    lines = [_("--script V, the t key in the reader (in this order):"), ""]
    lines += [f"  {v.value:<12} {v.short:<3} {v.label}" for v in Variant]
    lines += ["", _("original shows each report as it was written.")]
    return lines


def file_lines(args: argparse.Namespace) -> list[str]:
    paths = args.paths
    rows = (
        (_("settings"), paths.config_file),
        (_("bookmarks and reading state"), paths.bookmarks_db),
        (_("your trends"), paths.user_trends),
        (_("added reports"), paths.user_library),
        (_("state"), paths.state_dir),
        (_("search index"), paths.index_dir),
    )
    width = max(_width(label) for label, _path in rows) + 2
    return [f"{_pad(label, width)}{path}" for label, path in rows]
