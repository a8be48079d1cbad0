"""A sidecar ``NAME.meta.toml`` beside ``NAME.txt``/``NAME.md`` overrides guessed metadata.

Fields: ``title``, ``date`` (TOML date/datetime or "YYYY-MM-DD[ HH:MM]"), ``year``,
``author``, ``source``.

Every value is checked before it reaches the library or the index: strings must be strings
(and pass `clean_line`), a year (given, or the year of a date) must lie in
:data:`YEAR_RANGE`. A value that fails is not used: the guessed metadata stays, and
:func:`sidecar_problems` says, one line each, which file and which field (``add`` prints
them). A sidecar that is not TOML at all is not used either: `read_sidecar` raises
:class:`SidecarError`, `apply_sidecar` keeps the guessed metadata, and `sidecar_problems`
gives the one line naming the file. The file is never rewritten.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from trendreader.i18n import _
from trendreader.library.metadata import parse_date_line
from trendreader.library.model import Metadata
from trendreader.library.sanitize import clean_line

YEAR_RANGE = (1900, 2100)
STRING_FIELDS = ("title", "author", "source")
MAX_FIELD = 500  # characters kept of a string field


class SidecarError(ValueError):
    """The sidecar file exists but cannot be read as TOML metadata."""


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of a report file lives."""
    return path.with_name(path.stem + ".meta.toml")


def _sane_year(year: int) -> bool:
    return YEAR_RANGE[0] <= year <= YEAR_RANGE[1]


def _shown(value: Any) -> str:
    text = clean_line(repr(value) if not isinstance(value, str) else value)
    return text if len(text) <= 40 else text[:39] + "…"


def _outside(value: Any) -> str:
    return _("{value} is outside {low}–{high}").format(
        value=_shown(value), low=YEAR_RANGE[0], high=YEAR_RANGE[1]
    )


def read_sidecar(path: Path) -> tuple[dict[str, object], list[str]]:
    """The usable overrides of ``path``'s sidecar, and one line per value refused.

    ``({}, [])`` when there is no sidecar; :class:`SidecarError` when it is not TOML.
    """
    sidecar = sidecar_path(path)
    try:
        if not sidecar.is_file():
            return {}, []
        data = tomllib.loads(sidecar.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        reason = clean_line(getattr(error, "strerror", None) or error)
        raise SidecarError(f"{clean_line(sidecar.name)}: {reason}") from error
    changes: dict[str, object] = {}
    problems: list[str] = []

    def refuse(name: str, why: str) -> None:
        line = _("{path}: field `{field}` {why}; guessed value used")
        problems.append(line.format(path=clean_line(sidecar), field=name, why=why))

    for key in STRING_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, str):
            cleaned = clean_line(value).strip()[:MAX_FIELD]
            if cleaned:
                changes[key] = cleaned
        else:
            refuse(key, _("must be a string, not {value}").format(value=_shown(value)))
    if "date" in data:
        when: Any = data["date"]
        if isinstance(when, str):
            when = parse_date_line(when) or _iso(when)
        if isinstance(when, datetime | date) and not _sane_year(when.year):
            refuse("date", _outside(data["date"]))
        elif isinstance(when, datetime):
            changes["date"], changes["year"] = when.replace(tzinfo=None), when.year
        elif isinstance(when, date):
            changes["date"] = datetime(when.year, when.month, when.day)
            changes["year"] = when.year
        else:
            refuse("date", _("{value} is not a date").format(value=_shown(data["date"])))
    if "year" in data:
        year = data["year"]
        if isinstance(year, bool) or not isinstance(year, int):
            refuse("year", _("must be a whole number, not {value}").format(value=_shown(year)))
        elif not _sane_year(year):
            refuse("year", _outside(year))
        else:
            changes["year"] = year
    return changes, problems


def sidecar_problems(path: Path) -> list[str]:
    """One line per value of ``path``'s sidecar that is not used (empty when all are, and
    for a sidecar that is not TOML: reading the report says so)."""
    try:
        return read_sidecar(path)[1]
    except SidecarError as error:
        return [_("{problem}; guessed metadata used").format(problem=error)]


def apply_sidecar(meta: Metadata, path: Path) -> Metadata:
    """Override guessed metadata with the valid values of ``NAME.meta.toml``, if any.

    A sidecar that cannot be read as TOML changes nothing (`sidecar_problems` says so, in one
    line naming the file): the report is read with its guessed metadata, the file left as it is.
    """
    try:
        changes, _problems = read_sidecar(path)
    except SidecarError:
        return meta
    return replace(meta, **changes) if changes else meta  # type: ignore[arg-type]


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
