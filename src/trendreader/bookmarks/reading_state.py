"""Reading state beside the bookmarks: where each report was left, and the last report.

Frogmouth-style ``load_*``/``save_*`` functions over an open :class:`BookmarkStore`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from trendreader.bookmarks.model import utc_now
from trendreader.bookmarks.store import BookmarkStore

LAST_REPORT = "last_report"


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


def load_reading_state(store: BookmarkStore, report_key: str) -> ReadingState | None:
    rows = store.query(
        "SELECT report_key, edition_key, ordinal, anchor, scroll_offset, variant, updated "
        "FROM reading_state WHERE report_key = ?",
        (report_key,),
    )
    if not rows:
        return None
    key, edition, ordinal, anchor, offset, variant, updated = rows[0]
    return ReadingState(key, edition, int(ordinal), anchor, float(offset), variant, updated)


def save_reading_state(store: BookmarkStore, state: ReadingState) -> ReadingState:
    """Store ``state`` (replacing the report's previous one) and return it as stored."""
    state = replace(state, updated=utc_now())
    with store.transaction() as con:
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
    return state


def load_last_report(store: BookmarkStore) -> str | None:
    """The key of the report opened last, if any."""
    rows = store.query("SELECT value FROM settings WHERE key = ?", (LAST_REPORT,))
    return rows[0][0] if rows else None


def save_last_report(store: BookmarkStore, report_key: str) -> None:
    with store.transaction() as con:
        con.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (LAST_REPORT, report_key),
        )
