"""Blocks made from inline runs: the one piece the Markdown walker and the WeChat-export
passes share (each imports it; neither imports the other's module for it).

An image inside prose reads as its marker (``[图：alt]``); an image that opens or closes a
paragraph becomes a block of its own; a table's cells are joined by tabs and rows by
newlines, with links kept at their offsets.
"""

from __future__ import annotations

import html
import re

from trendreader.library.blocks import Block
from trendreader.library.inline import Run, RunBuilder
from trendreader.library.model import PassageKind, passage_anchor
from trendreader.library.sanitize import clean_line

BR_TAG = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>|</tr\s*>|</h[1-6]\s*>", re.IGNORECASE)
IMG_ALT = re.compile(r"""<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def image_marker(alt: str) -> str:
    """How an image inside prose reads: ``[图：alt]``, or ``[图]`` without alt text."""
    return f"[图：{alt}]" if alt else "[图]"


def marker_alt(marker: str) -> str:
    """The alt text inside an `image_marker`."""
    return marker[3:-1] if marker.startswith("[图：") else ""


def inline_html(builder: RunBuilder, content: str) -> None:
    """Raw HTML inside a paragraph: a line break, an image's marker, or nothing."""
    if BR_TAG.fullmatch(content.strip()):
        builder.add_break()
    elif alt_match := IMG_ALT.search(content):
        alt = clean_line(html.unescape(alt_match.group(1) or alt_match.group(2) or ""))
        builder.add_styled(image_marker(alt.strip()), "image", "")


def split_edge_images(run: Run) -> tuple[list[Run], Run, list[Run]]:
    """Images that open or close a paragraph are blocks of their own: (before, rest, after)."""
    run = run.strip()
    if not run.images:
        return [], run, []
    before: list[Run] = []
    after: list[Run] = []
    while run.images and run.images[0][0] == 0:
        start, end, _alt = run.images[0]
        before.append(run.slice(start, end))
        run = run.slice(end, len(run.text)).strip()
    while run.images and run.images[-1][1] == len(run.text) and run.text:
        start, end, _alt = run.images[-1]
        after.insert(0, run.slice(start, end))
        run = run.slice(0, start).strip()
    return before, run, after


def block_from_run(
    kind: PassageKind, run: Run, *, level: int = 0, number: int | None = None, depth: int = 0
) -> Block:
    """A block of ``run``'s text and ranges (images inside it stay as their marker text)."""
    emphasis = run.emphasis()
    if level and emphasis == ((0, len(run.text)),):
        emphasis = ()  # a bold heading is styled as a heading
    return Block(
        kind,
        run.text,
        level,
        emphasis=emphasis,
        spans=run.styled(),
        links=run.link_ranges(),
        number=number,
        depth=depth,
    )


def image_block(run: Run) -> Block:
    """An IMAGE block from a run that is one image marker; the link around it is kept."""
    start, end, src = run.images[0] if run.images else (0, 0, "")
    alt = marker_alt(run.text[start:end])
    links = tuple((0, len(alt), url) for _s, _e, url in run.links[:1]) if alt else ()
    # Its own anchor: images without alt text would otherwise all share the anchor of "".
    anchor = passage_anchor(f"{image_marker(alt)}{src}")
    return Block(PassageKind.IMAGE, alt, links=links, anchor=anchor)


def table_block(rows: list[list[Run]]) -> Block:
    """A TABLE block: cells joined by tabs, rows by newlines, links kept at their offsets."""
    width = max(len(row) for row in rows)
    parts: list[str] = []
    links: list[tuple[int, int, str]] = []
    offset = 0
    for row_index, row in enumerate(rows):
        cells = row + [Run()] * (width - len(row))
        for cell_index, cell in enumerate(cells):
            text = cell.text.replace("\t", " ").replace("\n", " ")
            links.extend((offset + a, offset + b, url) for a, b, url in cell.links)
            parts.append(text)
            offset += len(text)
            if cell_index < width - 1:
                parts.append("\t")
                offset += 1
        if row_index < len(rows) - 1:
            parts.append("\n")
            offset += 1
    return Block(PassageKind.TABLE, "".join(parts), links=tuple(links))
