"""A sidecar ``NAME.meta.toml`` beside ``NAME.txt``/``NAME.md`` overrides guessed metadata.

Fields: ``title``, ``date`` (TOML date/datetime or "YYYY-MM-DD[ HH:MM]"), ``year``,
``author``, ``source``.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from trendreader.library.metadata import parse_date_line
from trendreader.library.model import Metadata


class SidecarError(ValueError):
    """The sidecar file exists but cannot be read as TOML metadata."""


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of a report file lives."""
    return path.with_name(path.stem + ".meta.toml")


def apply_sidecar(meta: Metadata, path: Path) -> Metadata:
    """Override guessed metadata with ``NAME.meta.toml`` when it exists."""
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return meta
    try:
        data = tomllib.loads(sidecar.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SidecarError(f"{sidecar.name}: {error}") from error
    changes: dict[str, object] = {}
    for key in ("title", "author", "source"):
        if isinstance(data.get(key), str):
            changes[key] = data[key]
    when = data.get("date")
    if isinstance(when, str):
        when = parse_date_line(when) or _iso(when)
    if isinstance(when, datetime):
        changes["date"], changes["year"] = when, when.year
    elif isinstance(when, date):
        changes["date"] = datetime(when.year, when.month, when.day)
        changes["year"] = when.year
    if isinstance(data.get("year"), int):
        changes["year"] = data["year"]
    return replace(meta, **changes)  # type: ignore[arg-type]


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
