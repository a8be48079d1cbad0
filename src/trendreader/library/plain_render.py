"""Passages as plain text and as JSON: what ``trendreader read`` prints.

Code verbatim, tables aligned in terminal cells (CJK characters are two wide), list numbers
and nesting kept, quotes marked ``>``, images as ``[图：alt]``, and link URLs as numbered
notes after their passage (``[1] https://…``), the note's number also put after the link
text. ``texts`` are the passages' texts as shown (possibly converted to another script);
link positions are used only when the text kept its length.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from trendreader.library.model import Passage, PassageKind, table_rows

RULE_LINE = "―" * 8
CELL_GAP = "  "


@dataclass(frozen=True, slots=True)
class Rendered:
    """One passage as plain text: its body and the link notes that follow it."""

    passage: Passage
    body: str
    notes: tuple[str, ...] = ()

    def lines(self) -> str:
        return self.body + ("\n" + "\n".join(self.notes) if self.notes else "")


def image_text(alt: str) -> str:
    return f"[图：{alt}]" if alt else "[图]"


def links_of(passage: Passage, text: str) -> list[dict[str, str]]:
    """``[{text, url}]`` of a passage; the link text is cut from ``text`` when it can be."""
    source = text if len(text) == len(passage.text) else passage.text
    return [{"text": source[start:end], "url": url} for start, end, url in passage.links]


def passage_json(passage: Passage, text: str) -> dict[str, Any]:
    """A passage for ``read --json``: ordinal, kind, text and the fields that apply."""
    data: dict[str, Any] = {"ordinal": passage.ordinal, "kind": passage.kind.value, "text": text}
    kind = passage.kind
    if kind == PassageKind.HEADING:
        data["level"] = passage.level
    if kind == PassageKind.LIST:
        data["number"] = passage.number
        data["depth"] = passage.depth
    if kind == PassageKind.QUOTE:
        data["depth"] = passage.depth
    if kind == PassageKind.CODE:
        data["language"] = passage.language
    if kind == PassageKind.TABLE:
        data["rows"] = [list(row) for row in table_rows(text)]
    if passage.links:
        data["links"] = links_of(passage, text)
    if passage.page is not None:  # a paged source (PDF)
        data["page"] = passage.page
    return data


def render(passages: Iterable[Passage], texts: Iterable[str]) -> Iterator[Rendered]:
    """Each passage as plain text, link notes numbered through the whole report."""
    note = 0
    for passage, text in zip(passages, texts, strict=True):
        urls = [url for _start, _end, url in passage.links]
        numbers = list(range(note + 1, note + 1 + len(urls)))
        note += len(urls)
        body = _body(passage, _with_note_marks(passage, text, numbers))
        notes = tuple(f"[{n}] {url}" for n, url in zip(numbers, urls, strict=True))
        yield Rendered(passage, body, notes)


def render_text(passages: Iterable[Passage], texts: Iterable[str]) -> str:
    """The whole report as plain text, passages separated by blank lines."""
    return "\n\n".join(r.lines() for r in render(passages, texts))


def _with_note_marks(passage: Passage, text: str, numbers: list[int]) -> str:
    if not numbers or passage.kind in (PassageKind.TABLE, PassageKind.IMAGE):
        return text
    if len(text) != len(passage.text):
        return text
    out, position = [], 0
    for (_start, end, _url), number in sorted(
        zip(passage.links, numbers, strict=True), key=lambda item: item[0][1]
    ):
        out.append(text[position:end])
        out.append(f"[{number}]")
        position = end
    out.append(text[position:])
    return "".join(out)


def _body(passage: Passage, text: str) -> str:
    kind = passage.kind
    if kind == PassageKind.LIST:
        marker = f"{passage.number}. " if passage.number is not None else "• "
        indent = "  " * passage.depth
        return indent + marker + text.replace("\n", "\n" + indent + " " * len(marker))
    if kind == PassageKind.QUOTE:
        return "> " * (passage.depth + 1) + text
    if kind == PassageKind.TABLE:
        return aligned_table(table_rows(text))
    if kind == PassageKind.IMAGE:
        return image_text(text)
    if kind == PassageKind.RULE:
        return RULE_LINE
    return text  # headings, paragraphs and code (verbatim)


def aligned_table(rows: tuple[tuple[str, ...], ...]) -> str:
    """Columns padded to their widest cell in terminal cells; a rule under the header."""
    if not rows:
        return ""
    from rich.cells import cell_len  # here: a report without tables is read without Rich

    columns = max(len(row) for row in rows)
    widths = [0] * columns
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell_len(cell))
    lines = []
    for row_index, row in enumerate(rows):
        cells = list(row) + [""] * (columns - len(row))
        padded = [cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(cells)]
        lines.append(CELL_GAP.join(padded).rstrip())
        if row_index == 0 and len(rows) > 1:
            lines.append(CELL_GAP.join("-" * w for w in widths))
    return "\n".join(lines)
