"""Export bookmarks to Markdown and JSON; import a JSON export without duplicates."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from trendreader.bookmarks.errors import BookmarkImportError
from trendreader.bookmarks.grouping import Catalog, group_by_report_of
from trendreader.bookmarks.model import Bookmark, clean_tags
from trendreader.bookmarks.store import BookmarkStore
from trendreader.i18n import _
from trendreader.library.sanitize import clean_line, clean_text

#: An ordinal is stored as SQLite's 64-bit integer.
MAX_ORDINAL = 2**63 - 1
#: A page number (PDFs have at most 8,388,607 pages).
MAX_PAGE = 2**31 - 1
#: Nesting an export never needs (records hold a list of tags: depth 3).
MAX_DEPTH = 32

#: The export fields, in order. ``key`` is the edition key and ``title`` its title;
#: ``page`` the passage's page in a paged source (a PDF), null elsewhere.
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
    "page",
)


def _identity(text: str) -> str:
    return text


def bookmark_to_record(bookmark: Bookmark) -> dict[str, Any]:
    """The export record of a bookmark; every text cleaned (a store written before the
    sanitizer may hold escape sequences)."""
    return {
        "id": bookmark.id,
        "key": clean_line(bookmark.edition_key),
        "title": clean_line(bookmark.report_title),
        "ordinal": bookmark.ordinal,
        "anchor": clean_line(bookmark.anchor),
        "excerpt": clean_line(bookmark.excerpt),
        "note": clean_text(bookmark.note),
        "tags": [clean_line(tag) for tag in bookmark.tags],
        "created": bookmark.created,
        "updated": bookmark.updated,
        "orphaned": bookmark.orphaned,
        "page": bookmark.page,
    }


def export_json(bookmarks: Iterable[Bookmark]) -> str:
    """A JSON array of records with the fields of :data:`JSON_FIELDS`."""
    records = [bookmark_to_record(b) for b in bookmarks]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def page_label(page: int | None) -> str:
    """How an export names a passage's page: ``p. 12``; empty without a page."""
    return f"p. {page}" if page else ""


def export_markdown(
    bookmarks: Iterable[Bookmark],
    passage_text: Callable[[Bookmark], str | None] | None = None,
    convert: Callable[[str], str] = _identity,
    *,
    library: Catalog | None = None,
) -> str:
    """Markdown: a ``## title`` section per report (its editions together, as the bookmarks
    screen groups them, when ``library`` is given), each passage quoted, then its page
    (``p. N``), note and tags.

    ``passage_text`` may give a bookmark's full passage text (None: use the stored excerpt);
    ``convert`` puts quoted text and titles into the script the user asked for.
    """
    out: list[str] = ["# Bookmarks", ""]
    for group in group_by_report_of(bookmarks, library):
        out += [f"## {convert(group.title)}", ""]
        for bookmark in group.bookmarks:
            out += _markdown_entry(bookmark, passage_text, convert)
    return "\n".join(out).rstrip("\n") + "\n"


def quoted_passage(
    bookmark: Bookmark,
    passage_text: Callable[[Bookmark], str | None] | None,
    convert: Callable[[str], str],
) -> list[str]:
    """The bookmark's passage (or its stored excerpt) as the lines of a Markdown quote."""
    text = passage_text(bookmark) if passage_text is not None else None
    if text is None:
        text = bookmark.excerpt
    text = clean_text(text)
    lines = [f"> {line}" if line else ">" for line in convert(text).splitlines()] or [">"]
    if bookmark.orphaned:
        lines.append(">")
        lines.append("> *(passage changed: no longer found in the report as it was)*")
    return lines


def _markdown_entry(
    bookmark: Bookmark,
    passage_text: Callable[[Bookmark], str | None] | None,
    convert: Callable[[str], str],
) -> list[str]:
    out = [*quoted_passage(bookmark, passage_text, convert), ""]
    if bookmark.page:
        out += [f"*{page_label(bookmark.page)}*", ""]
    note = clean_text(bookmark.note)
    if note:
        out += [note, ""]
    tags = [clean_line(tag) for tag in bookmark.tags]
    if tags:
        out += [" ".join(f"`#{tag}`" for tag in tags), ""]
    return out


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    skipped: int


def _field(record: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = record.get(name)
    if kind is int and isinstance(value, bool):
        value = None  # a bool is an int to isinstance; not to us
    if not isinstance(value, kind):
        raise BookmarkImportError(
            _("{where}: '{name}' must be {kind}").format(where=where, name=name, kind=kind.__name__)
        )
    return value


def _check_text(value: object, where: str) -> None:
    """Refuse lone surrogates (JSON ``"\\ud800"``): no file of ours holds one."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str) and any("\ud800" <= c <= "\udfff" for c in item):
            raise BookmarkImportError(
                _("{where}: holds a lone surrogate (\\ud800-\\udfff)").format(where=where)
            )


def record_to_bookmark(record: Any, where: str) -> Bookmark:
    """A bookmark from one export record (its id is ignored); raises BookmarkImportError.

    Texts are cleaned (`clean_line`, `clean_text` for the note) before they are stored.
    """
    if not isinstance(record, dict):
        raise BookmarkImportError(_("{where}: not an object").format(where=where))
    for name, value in record.items():
        _check_text(name, _("{where}: a field name").format(where=where))
        _check_text(value, f"{where}: '{clean_line(name)}'")
    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise BookmarkImportError(
            _("{where}: 'tags' must be a list of strings").format(where=where)
        )
    created = _field(record, "created", str, where)
    updated = record.get("updated") or created
    for name, value in (("created", created), ("updated", updated)):
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise BookmarkImportError(
                _("{where}: '{name}' is not an ISO date-time").format(where=where, name=name)
            ) from None
    key = _field(record, "key", str, where)
    anchor = _field(record, "anchor", str, where)
    ordinal = _field(record, "ordinal", int, where)
    if not 0 <= ordinal <= MAX_ORDINAL:
        raise BookmarkImportError(
            _("{where}: 'ordinal' must be between 0 and 2^63-1").format(where=where)
        )
    key, anchor = clean_line(key), clean_line(anchor)
    if not key or not anchor:
        raise BookmarkImportError(
            _("{where}: 'key' and 'anchor' must not be empty").format(where=where)
        )
    return Bookmark(
        id=0,
        edition_key=key,
        report_title=clean_line(_text(record, "title")),
        anchor=anchor,
        ordinal=ordinal,
        excerpt=clean_line(_text(record, "excerpt")),
        note=clean_text(_text(record, "note")),
        tags=clean_tags(tags),
        created=clean_line(created),
        updated=clean_line(updated),
        orphaned=bool(record.get("orphaned", False)),
        page=_page(record, where),
    )


def _page(record: dict[str, Any], where: str) -> int | None:
    page = record.get("page")
    if page is None:
        return None
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise BookmarkImportError(
            _("{where}: 'page' must be null or between 1 and {most}").format(
                where=where, most=MAX_PAGE
            )
        )
    return page


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    return value if isinstance(value, str) else ""


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> bool:
    """Whether brackets nest deeper than :data:`MAX_DEPTH` (strings skipped), checked
    before parsing: the parser itself would recurse once per level."""
    depth = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def parse_json(text: str, source: str = "<json>") -> list[Bookmark]:
    """Bookmarks from the text of a JSON export; raises a one-line BookmarkImportError.

    Refused as a whole (nothing is imported): invalid JSON, nesting deeper than
    :data:`MAX_DEPTH`, lone surrogates, ordinals outside 0..2^63-1, wrong types."""
    if _too_deep(text):
        raise BookmarkImportError(
            _("{source}: not a bookmarks export (nested deeper than {depth} levels)").format(
                source=source, depth=MAX_DEPTH
            )
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BookmarkImportError(
            _("{source}: not valid JSON (line {line}, column {column}: {reason})").format(
                source=source, line=e.lineno, column=e.colno, reason=e.msg
            )
        ) from None
    except (RecursionError, ValueError) as e:  # ValueError: a number too long to read
        raise BookmarkImportError(
            _("{source}: not a bookmarks export ({reason})").format(source=source, reason=e)
        ) from None
    if not isinstance(data, list):
        raise BookmarkImportError(
            _("{source}: not a bookmarks export (expected a JSON array)").format(source=source)
        )
    where = _("{source}: record {number}")
    return [
        record_to_bookmark(r, where.format(source=source, number=i + 1)) for i, r in enumerate(data)
    ]


def import_json(store: BookmarkStore, path: str | os.PathLike[str]) -> ImportResult:
    """Merge a JSON export into ``store`` in one transaction: a bookmark whose key, anchor
    and creation time are already there is skipped, so importing twice adds nothing.
    A bad file imports nothing."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        reason = " ".join(str(e).split())
        raise BookmarkImportError(
            _("{path}: cannot read ({reason})").format(path=path, reason=reason)
        ) from None
    bookmarks = parse_json(text, str(path))
    added, skipped = store.insert_records(bookmarks)
    return ImportResult(added=added, skipped=skipped)
