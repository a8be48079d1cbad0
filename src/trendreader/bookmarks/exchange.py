"""Export bookmarks to Markdown and JSON; import a JSON export without duplicates."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from trendreader.bookmarks.errors import BookmarkImportError
from trendreader.bookmarks.model import Bookmark, clean_tags, group_by_report
from trendreader.bookmarks.store import BookmarkStore

#: The export fields, in order. ``key`` is the edition key and ``title`` its title.
JSON_FIELDS = (
    "id",
    "key",
    "title",
    "ordinal",
    "anchor",
    "excerpt",
    "note",
    "tags",
    "created",
    "updated",
    "orphaned",
)


def _identity(text: str) -> str:
    return text


def bookmark_to_record(bookmark: Bookmark) -> dict[str, Any]:
    return {
        "id": bookmark.id,
        "key": bookmark.report_key,
        "title": bookmark.report_title,
        "ordinal": bookmark.ordinal,
        "anchor": bookmark.anchor,
        "excerpt": bookmark.excerpt,
        "note": bookmark.note,
        "tags": list(bookmark.tags),
        "created": bookmark.created,
        "updated": bookmark.updated,
        "orphaned": bookmark.orphaned,
    }


def export_json(bookmarks: Iterable[Bookmark]) -> str:
    """A JSON array of records with the fields of :data:`JSON_FIELDS`."""
    records = [bookmark_to_record(b) for b in bookmarks]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def export_markdown(
    bookmarks: Iterable[Bookmark],
    passage_text: Callable[[Bookmark], str | None] | None = None,
    convert: Callable[[str], str] = _identity,
) -> str:
    """Markdown: a ``## title`` section per report, each passage quoted, then note and tags.

    ``passage_text`` may give a bookmark's full passage text (None: use the stored excerpt);
    ``convert`` puts quoted text and titles into the script the user asked for.
    """
    out: list[str] = ["# Bookmarks", ""]
    for group in group_by_report(bookmarks).values():
        title = group[0].report_title or group[0].report_key
        out += [f"## {convert(title)}", ""]
        for bookmark in group:
            text = passage_text(bookmark) if passage_text is not None else None
            if text is None:
                text = bookmark.excerpt
            out += [f"> {line}" if line else ">" for line in convert(text).splitlines()]
            if bookmark.orphaned:
                out.append(">")
                out.append("> *(passage no longer found in the report)*")
            out.append("")
            if bookmark.note:
                out += [bookmark.note, ""]
            if bookmark.tags:
                out += [" ".join(f"`#{tag}`" for tag in bookmark.tags), ""]
    return "\n".join(out).rstrip("\n") + "\n"


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    skipped: int


def _field(record: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = record.get(name)
    if kind is int and isinstance(value, bool):
        value = None  # a bool is an int to isinstance; not to us
    if not isinstance(value, kind):
        raise BookmarkImportError(f"{where}: '{name}' must be {kind.__name__}")
    return value


def record_to_bookmark(record: Any, where: str) -> Bookmark:
    """A bookmark from one export record (its id is ignored); raises BookmarkImportError."""
    if not isinstance(record, dict):
        raise BookmarkImportError(f"{where}: not an object")
    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise BookmarkImportError(f"{where}: 'tags' must be a list of strings")
    created = _field(record, "created", str, where)
    updated = record.get("updated") or created
    for name, value in (("created", created), ("updated", updated)):
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise BookmarkImportError(f"{where}: '{name}' is not an ISO date-time") from None
    key = _field(record, "key", str, where)
    anchor = _field(record, "anchor", str, where)
    if not key or not anchor:
        raise BookmarkImportError(f"{where}: 'key' and 'anchor' must not be empty")
    return Bookmark(
        id=0,
        report_key=key,
        report_title=record.get("title") if isinstance(record.get("title"), str) else "",
        anchor=anchor,
        ordinal=_field(record, "ordinal", int, where),
        excerpt=record.get("excerpt") if isinstance(record.get("excerpt"), str) else "",
        note=record.get("note") if isinstance(record.get("note"), str) else "",
        tags=clean_tags(tags),
        created=created,
        updated=updated,
        orphaned=bool(record.get("orphaned", False)),
    )


def parse_json(text: str, source: str = "<json>") -> list[Bookmark]:
    """Bookmarks from the text of a JSON export; raises a one-line BookmarkImportError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BookmarkImportError(
            f"{source}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    if not isinstance(data, list):
        raise BookmarkImportError(f"{source}: not a bookmarks export (expected a JSON array)")
    return [record_to_bookmark(r, f"{source}: record {i + 1}") for i, r in enumerate(data)]


def import_json(store: BookmarkStore, path: str | os.PathLike[str]) -> ImportResult:
    """Merge a JSON export into ``store`` in one transaction: a bookmark whose key, anchor
    and creation time are already there is skipped, so importing twice adds nothing.
    A bad file imports nothing."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        reason = " ".join(str(e).split())
        raise BookmarkImportError(f"{path}: cannot read ({reason})") from None
    bookmarks = parse_json(text, str(path))
    added, skipped = store.insert_records(bookmarks)
    return ImportResult(added=added, skipped=skipped)
