"""Where trends come from: ``trends.toml`` beside the reports (built in, read only) and the
reader's own ``trends.toml`` in the data directory.

Both files hold ``[[trend]]`` tables with ``name`` and ``aliases`` (and, for a saved search
that is not a plain list of alternatives, ``query``). The built-in file is never written. The
user file is rewritten whole on every change, with tomli_w (every name, alias and query through
`clean_line` first, as on reading), to a temporary file beside it that then replaces it; a user
file that cannot be read is reported in one line naming it and is never overwritten.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from trendreader.i18n import _
from trendreader.library.sanitize import clean_line
from trendreader.paths import AppPaths
from trendreader.script.fold import fold_to_simplified
from trendreader.trends.model import Trend, TrendFileError, TrendNameError

__all__ = [
    "TREND_FILE",
    "TrendStore",
    "dump_trends",
    "load_trend_file",
    "name_key",
    "save_search_as_trend",
    "trend_from_query",
]

TREND_FILE = "trends.toml"
MAX_NAME = 80
HEADER = (
    "# Your own trends (trendreader trends add NAME ALIAS..., or ctrl+s on a search).\n"
    "# Each [[trend]] has a name and the aliases searched for it; trendreader rewrites this\n"
    "# file when trends are added or removed.\n"
)


def name_key(name: str) -> str:
    """How names are compared: whitespace-folded, simplified characters, casefolded."""
    return fold_to_simplified(" ".join(name.split())).casefold()


def _clean(text: str) -> str:
    """`clean_line` (escape sequences, controls, bidi overrides gone), then printable only,
    whitespace runs folded: what a trend name or alias may hold."""
    text = clean_line(text)
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def clean_name(name: str) -> str:
    cleaned = _clean(name)
    if not cleaned:
        raise TrendNameError(_("a trend needs a name"))
    if len(cleaned) > MAX_NAME:
        raise TrendNameError(_("a trend name is at most {count} characters").format(count=MAX_NAME))
    return cleaned


def clean_aliases(aliases: Iterable[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for alias in aliases:
        cleaned = _clean(alias)
        if cleaned:
            out[cleaned] = None
    return tuple(out)


# --------------------------------------------------------------------------- reading


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def load_trend_file(path: Path, *, user: bool) -> list[Trend]:
    """The trends of one file ([] when it does not exist); :class:`TrendFileError` when it
    is not TOML or not a list of ``[[trend]]`` tables with a name and a list of aliases."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # no file (or no folder to hold one)
        return []
    except OSError as error:
        raise TrendFileError(
            _("{path}: cannot be read ({reason})").format(path=path, reason=_one_line(error))
        ) from error
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        raise TrendFileError(
            _("{path}: not a valid trends file ({reason})").format(
                path=path, reason=_one_line(error)
            )
        ) from error
    tables = data.get("trend", [])
    if not isinstance(tables, list):
        raise TrendFileError(_("{path}: `trend` must be [[trend]] tables").format(path=path))
    trends: list[Trend] = []
    seen: set[str] = set()
    for number, table in enumerate(tables, 1):
        trend = _trend_from_table(path, number, table, user=user)
        key = name_key(trend.name)
        if key not in seen:
            seen.add(key)
            trends.append(trend)
    return trends


def _trend_from_table(path: Path, number: int, table: Any, *, user: bool) -> Trend:
    where = _("{path}: trend #{number}").format(path=path, number=number)
    if not isinstance(table, dict):
        raise TrendFileError(_("{where} is not a table").format(where=where))
    name, aliases, query = table.get("name"), table.get("aliases", []), table.get("query")
    if not isinstance(name, str) or not name.strip():
        raise TrendFileError(_("{where} has no name").format(where=where))
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise TrendFileError(
            _("{where} ({name}): aliases must be a list of strings").format(where=where, name=name)
        )
    if query is not None and not isinstance(query, str):
        raise TrendFileError(
            _("{where} ({name}): query must be a string").format(where=where, name=name)
        )
    try:
        cleaned = clean_name(name)
    except TrendNameError as error:
        raise TrendFileError(f"{where}: {error}") from error
    return Trend(
        name=cleaned,
        aliases=clean_aliases(aliases) or (cleaned,),
        user=user,
        saved_query=" ".join(clean_line(query).split()) or None if query else None,
    )


# --------------------------------------------------------------------------- writing


def dump_trends(trends: Iterable[Trend]) -> str:
    """The TOML text of a user trends file (written by tomli_w; every value cleaned)."""
    import tomli_w

    tables: list[dict[str, Any]] = []
    for trend in trends:
        table: dict[str, Any] = {
            "name": clean_line(trend.name),
            "aliases": [clean_line(a) for a in trend.aliases],
        }
        if trend.saved_query:
            table["query"] = clean_line(trend.saved_query)
        tables.append(table)
    return HEADER + "\n" + tomli_w.dumps({"trend": tables}) if tables else HEADER


def _write_atomically(path: Path, text: str) -> None:
    from trendreader.atomic import write_text

    write_text(path, text)


# --------------------------------------------------------------------------- saved searches


def trend_from_query(name: str, query: str) -> Trend:
    """A user trend for a search query: a plain list of alternatives (``a OR "b c" OR d``, or
    one word) becomes aliases; any other query is kept as written, its words as aliases."""
    from trendreader.search.query import Node, Not, Or, QuerySyntaxError, Word, parse

    name = clean_name(name)
    text = " ".join(clean_line(query).split())
    if not text:
        raise TrendNameError(_("the search is empty"))
    try:
        root: Node | None = parse(text)
    except QuerySyntaxError:
        root = None
    if isinstance(root, Word):
        return Trend(name, clean_aliases([root.text]), user=True)
    if isinstance(root, Or) and all(isinstance(n, Word) for n in root.nodes):
        aliases = clean_aliases(n.text for n in root.nodes if isinstance(n, Word))
        return Trend(name, aliases, user=True)
    words: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, Word):
            words.append(node.text)
        elif isinstance(node, Not):
            return
        else:
            for child in getattr(node, "nodes", ()):
                collect(child)

    collect(root)
    return Trend(name, clean_aliases(words) or (name,), user=True, saved_query=text)


# --------------------------------------------------------------------------- the store


class TrendStore:
    """The curated trends: built-in files (read only) and the user file.

    ``problems`` collects one line per built-in file that could not be read (it is skipped);
    a broken user file raises :class:`TrendFileError` from :meth:`user_trends`, :meth:`add`
    and :meth:`remove`, and :meth:`curated` reports it in ``problems`` and goes on without it.
    """

    def __init__(self, user_file: Path, builtin_files: Sequence[Path] = ()) -> None:
        self.user_file = user_file
        self.builtin_files = list(builtin_files)
        self.problems: list[str] = []
        self._builtin: list[Trend] | None = None

    @classmethod
    def for_library(cls, paths: AppPaths, folders: Sequence[Path]) -> TrendStore:
        """The store of a library: ``trends.toml`` in each library folder is built in (the
        seeds ship one), the user file is ``paths.user_trends``."""
        files = [folder / TREND_FILE for folder in folders]
        return cls(paths.user_trends, [f for f in files if f != paths.user_trends])

    def builtin_trends(self) -> list[Trend]:
        if self._builtin is None:
            trends: list[Trend] = []
            seen: set[str] = set()
            for path in self.builtin_files:
                try:
                    loaded = load_trend_file(path, user=False)
                except TrendFileError as error:
                    self.problems.append(str(error))
                    continue
                for trend in loaded:
                    if name_key(trend.name) not in seen:
                        seen.add(name_key(trend.name))
                        trends.append(trend)
            self._builtin = trends
        return list(self._builtin)

    def user_trends(self) -> list[Trend]:
        """The reader's own trends, read from the file now; those named like a built-in one
        are left out (a built-in trend cannot be shadowed)."""
        builtin = {name_key(t.name) for t in self.builtin_trends()}
        return [
            t for t in load_trend_file(self.user_file, user=True) if name_key(t.name) not in builtin
        ]

    def curated(self) -> list[Trend]:
        """Built-in trends, then the user's."""
        try:
            user = self.user_trends()
        except TrendFileError as error:
            if str(error) not in self.problems:
                self.problems.append(str(error))
            user = []
        return self.builtin_trends() + user

    def find(self, name: str) -> Trend | None:
        key = name_key(name)
        return next((t for t in self.curated() if name_key(t.name) == key), None)

    def add(
        self, name: str, aliases: Sequence[str] = (), *, saved_query: str | None = None
    ) -> Trend:
        """Add a user trend, or replace the user trend of that name. Aliases default to the
        name. A built-in trend's name is refused (:class:`TrendNameError`)."""
        name = clean_name(name)
        return self._put(
            Trend(name, clean_aliases(aliases) or (name,), user=True, saved_query=saved_query)
        )

    def rename(self, old: str, new: str) -> Trend:
        """Rename a user trend (its aliases and query kept); :class:`TrendNameError` when
        ``old`` is not yours or ``new`` is empty, built in or another trend of yours."""
        trend = next((t for t in self.user_trends() if name_key(t.name) == name_key(old)), None)
        if trend is None:
            raise TrendNameError(_("no trend of yours is called {name!r}").format(name=old))
        cleaned = clean_name(new)
        if name_key(cleaned) != name_key(old) and self.find(cleaned) is not None:
            raise TrendNameError(_("a trend is already called {name!r}").format(name=cleaned))
        renamed = Trend(cleaned, trend.aliases, user=True, saved_query=trend.saved_query)
        self._put(renamed)
        if name_key(cleaned) != name_key(old):
            self.remove(old)
        return renamed

    def save_search(self, name: str, query: str) -> Trend:
        """Save a search query as a user trend (see :func:`trend_from_query`)."""
        return self._put(trend_from_query(name, query))

    def _put(self, trend: Trend) -> Trend:
        key = name_key(trend.name)
        if any(name_key(t.name) == key for t in self.builtin_trends()):
            raise TrendNameError(
                _("{name!r} is a built-in trend; choose another name").format(name=trend.name)
            )
        current = load_trend_file(self.user_file, user=True)  # raises when broken
        index = next((i for i, t in enumerate(current) if name_key(t.name) == key), None)
        if index is None:
            current.append(trend)
        else:
            current[index] = trend
        _write_atomically(self.user_file, dump_trends(current))
        return trend

    def remove(self, name: str) -> Trend:
        """Delete a user trend; built-in and unknown names raise :class:`TrendNameError`."""
        key = name_key(name)
        builtin = next((t for t in self.builtin_trends() if name_key(t.name) == key), None)
        if builtin is not None:
            raise TrendNameError(
                f"{builtin.name!r} is a built-in trend (it ships with the library) "
                "and cannot be removed"
            )
        current = load_trend_file(self.user_file, user=True)
        kept = [t for t in current if name_key(t.name) != key]
        if len(kept) == len(current):
            raise TrendNameError(_("no trend of yours is called {name!r}").format(name=name))
        removed = next(t for t in current if name_key(t.name) == key)
        _write_atomically(self.user_file, dump_trends(kept))
        return removed


def save_search_as_trend(
    name: str, query: str, *, paths: AppPaths | None = None, store: TrendStore | None = None
) -> Trend:
    """Save a search as the reader's own trend (``ctrl+s`` in search results, the palette).

    Writes to ``store`` if given (pass the app's), else to ``paths.user_trends`` (default:
    the paths of this run) with the default library's built-in trends. Raises
    :class:`~trendreader.trends.model.TrendError` (one-line message) on a bad name, a
    built-in name, an empty query or a broken trends file.
    """
    if store is None:
        from trendreader.paths import library_folders, resolve_paths

        paths = paths if paths is not None else resolve_paths()
        store = TrendStore.for_library(paths, library_folders(paths).folders)
    return store.save_search(name, query)
