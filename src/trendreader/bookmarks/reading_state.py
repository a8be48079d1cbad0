"""Reading state: where each report was left, and the last report.

Frogmouth-style ``load_*``/``save_*`` functions over an open
:class:`~trendreader.bookmarks.state_store.StateStore` (``reading-state.db`` in the state
folder; it was kept in ``bookmarks.db`` before, see that module).

Rows are read as untrusted: SQLite keeps whatever type was written (``ordinal = 'abc'``,
an offset of NaN, a BLOB key), so each field is checked; a field of the wrong type gets its
default and a line in ``ReadingState.problems`` naming the store and the field (the reader
shows it as a notification). The row is left as it is until the reader saves a new position.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

from trendreader.bookmarks.model import utc_now
from trendreader.bookmarks.state_store import LAST_REPORT, StateStore


@dataclass(frozen=True, slots=True)
class ReadingState:
    """Where the reader left one report: the passage under the cursor (ordinal and
    anchor), the scroll offset, the display variant (script) and the edition shown."""

    report_key: str
    edition_key: str = ""
    ordinal: int = 0
    anchor: str = ""
    scroll_offset: float = 0.0
    variant: str = ""
    updated: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)
    """One line per stored field that could not be used (its default is used instead)."""


def _text(value: Any, name: str, bad: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        from trendreader.library.sanitize import clean_line

        return clean_line(value)
    bad.append(name)
    return ""


def _ordinal(value: Any, bad: list[str]) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
        return value
    bad.append("ordinal")
    return 0


def _offset(value: Any, bad: list[str]) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return max(0.0, float(value))
    bad.append("scroll_offset")
    return 0.0


def load_reading_state(store: StateStore, report_key: str) -> ReadingState | None:
    """Where ``report_key`` was left, or None; wrong-typed fields get their defaults."""
    rows = store.query(
        "SELECT report_key, edition_key, ordinal, anchor, scroll_offset, variant, updated "
        "FROM reading_state WHERE report_key = ?",
        (report_key,),
    )
    if not rows:
        return None
    _key, edition, ordinal, anchor, offset, variant, updated = rows[0]
    bad: list[str] = []
    state = ReadingState(
        report_key,
        _text(edition, "edition_key", bad),
        _ordinal(ordinal, bad),
        _text(anchor, "anchor", bad),
        _offset(offset, bad),
        _text(variant, "variant", bad),
        _text(updated, "updated", bad),
    )
    if not bad:
        return state
    problems = tuple(
        f"{store.path}: reading state of {report_key}: field `{name}` has the wrong type; "
        "using the default"
        for name in bad
    )
    return replace(state, problems=problems)


def save_reading_state(store: StateStore, state: ReadingState) -> ReadingState:
    """Store ``state`` (replacing the report's previous one) and return it as stored."""
    state = replace(state, updated=utc_now())
    with store.transaction() as con:
        _write_state(con, state)
    return state


def save_position(store: StateStore, state: ReadingState) -> ReadingState:
    """Where the reader is, in one transaction: ``state`` and its report as the last one."""
    state = replace(state, updated=utc_now())
    with store.transaction() as con:
        _write_state(con, state)
        _write_last_report(con, state.report_key)
    return state


def _write_state(con: sqlite3.Connection, state: ReadingState) -> None:
    con.execute(
        "INSERT OR REPLACE INTO reading_state (report_key, edition_key, ordinal, anchor, "
        "scroll_offset, variant, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            state.report_key,
            state.edition_key,
            state.ordinal,
            state.anchor,
            state.scroll_offset,
            state.variant,
            state.updated,
        ),
    )


def load_last_report(store: StateStore) -> str | None:
    """The key of the report opened last, if any."""
    rows = store.query("SELECT value FROM settings WHERE key = ?", (LAST_REPORT,))
    value = rows[0][0] if rows else None
    return value if isinstance(value, str) and value else None


def save_last_report(store: StateStore, report_key: str) -> None:
    with store.transaction() as con:
        _write_last_report(con, report_key)


def _write_last_report(con: sqlite3.Connection, report_key: str) -> None:
    con.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (LAST_REPORT, report_key)
    )
