"""PDF → passages with pypdfium2 (Apache-2.0/BSD-3; PyMuPDF is AGPL).

From the characters of each page (their loose boxes and font sizes) come runs (pieces of a
line), then: running headers, footers and page numbers dropped (a line in the top or bottom
band repeated on most pages, digits aside), two-column pages put in reading order (left
column, then right, between full-width runs), lines, and paragraphs from the geometry (a
first-line indent, a gap larger than the line spacing, a short line, a change of size).
Headings come from the outline (bookmarks) and from a larger font. Lines are joined without
a space between Han characters and with one between Latin words; a Latin word hyphenated at
a line end is whole again. Every passage knows its page (1-based). A page without a text
layer gets a marker passage, and `no_text_pages` counts them.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from trendreader.i18n import _
from trendreader.library.formats.common import (
    NO_TEXT_MARK,
    Document,
    FormatError,
    PassageBuilder,
    is_cjk,
    join_lines,
    make_metadata,
    one_line,
    parse_when,
)
from trendreader.library.model import PassageKind

_ENDS = tuple("。！？!?.…”」』）):：;；")
BAND = 0.1  # the top and bottom tenth of a page hold running headers and footers
_PAGE_NUMBER = re.compile(
    r"^[-–—\s·•|]*(?:第\s*)?(?:\d{1,4}|[ivxlcdm]{1,6})(?:\s*页)?"
    r"(?:\s*(?:/|of|共)\s*\d{1,4}\s*页?)?[-–—\s·•|]*$",
    re.IGNORECASE,
)
_BAD_TITLE = re.compile(
    r"^(?:untitled|unknown|无标题|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pptx?|pdf|"
    r"indd|wps|xlsx?))$",
    re.IGNORECASE,
)
# What the first page with text says when the cover is an image: a section, not the title.
_SECTION_WORDS = {
    "前言",
    "序",
    "序言",
    "引言",
    "摘要",
    "目录",
    "目錄",
    "导言",
    "導言",
    "说明",
    "說明",
    "contents",
    "preface",
    "foreword",
    "introduction",
    "abstract",
    "summary",
}
_BAD_AUTHOR = {"anonymous", "administrator", "admin", "user", "unknown", "microsoft"}


@dataclass(slots=True)
class Run:
    """Characters of one line next to each other, in one font size."""

    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    text: str

    @property
    def mid(self) -> float:
        return (self.bottom + self.top) / 2


@dataclass(slots=True)
class Line:
    runs: list[Run]
    page: int
    left: float = 0.0  # of its column
    right: float = 0.0
    first_in_column: bool = False

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return self.runs[-1].x1

    @property
    def mid(self) -> float:
        return median(r.mid for r in self.runs)

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)

    @property
    def text(self) -> str:
        out = ""
        for run in self.runs:
            if out and not out.endswith(" ") and not (is_cjk(out[-1]) or is_cjk(run.text[0])):
                out += " "
            out += run.text
        return out.strip()


@dataclass(slots=True)
class Block:
    lines: list[Line] = field(default_factory=list)
    kind: PassageKind = PassageKind.PARAGRAPH
    level: int = 0

    @property
    def size(self) -> float:
        return median(line.size for line in self.lines)

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])


def _open(data: bytes):  # -> pdfium.PdfDocument
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = raw.FPDF_GetLastError()
        if code == raw.FPDF_ERR_PASSWORD:
            raise FormatError(_("an encrypted PDF that needs a password: not read")) from None
        if code == raw.FPDF_ERR_SECURITY:
            raise FormatError(_("a PDF with an unsupported security handler: not read")) from None
        # "Failed to load document (PDFium: Data format error)." → its reason alone
        reason = str(error).split("(")[-1].rstrip(").") or str(error)
        raise FormatError(_("not a readable PDF ({reason})").format(reason=reason)) from None


def page_runs(textpage) -> list[Run]:
    """The runs of a page: the character stream cut at line breaks, big gaps and size changes."""
    import pypdfium2.raw as raw

    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    rect = raw.FS_RECTF()
    runs: list[Run] = []
    chars: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]
    size = 0.0
    last_x1 = last_mid = 0.0

    def flush() -> None:
        text = "".join(chars).strip()
        if text:
            runs.append(Run(box[0], box[1], box[2], box[3], size, text))
        chars.clear()

    for index in range(count):
        code = raw.FPDFText_GetUnicode(handle, index)
        if code in (0x0D, 0x0A):
            flush()
            continue
        char = chr(code) if 0 < code < 0x110000 else "\ufffd"
        if char == "\x02":  # pdfium's mark for a hyphen at a line end
            char = "-"
        if char.isspace():
            if chars:
                chars.append(" ")
            continue
        raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(rect))
        x0, x1, bottom, top = rect.left, rect.right, rect.bottom, rect.top
        char_size = raw.FPDFText_GetFontSize(handle, index) or (top - bottom)
        mid = (bottom + top) / 2
        if chars and (
            x0 < last_x1 - char_size  # went back: a new line
            or x0 > last_x1 + 2.5 * char_size  # a column gap
            or abs(mid - last_mid) > 0.5 * char_size
            or abs(char_size - size) > 0.5
        ):
            flush()
        if not chars:
            box = [x0, x1, bottom, top]
            size = char_size
        else:
            box = [min(box[0], x0), max(box[1], x1), min(box[2], bottom), max(box[3], top)]
        chars.append(char)
        last_x1, last_mid = x1, mid
    flush()
    return runs


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _band_lines(runs: list[Run], height: float) -> dict[str, list[Run]]:
    """Runs in the top and bottom band, by the key of the band line they are on."""
    band = [r for r in runs if r.mid > height * (1 - BAND) or r.mid < height * BAND]
    lines: dict[str, list[Run]] = {}
    for group in _group_lines(band):
        text = Line(group, 0).text
        lines.setdefault(_furniture_key(text), []).extend(group)
    return lines


def _group_lines(runs: list[Run]) -> list[list[Run]]:
    """Runs on the same line (overlapping vertically), top to bottom, each left to right."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: -r.mid):
        if lines:
            line = lines[-1]
            ref = line[0]
            if abs(run.mid - ref.mid) < 0.5 * max(run.size, ref.size, 1.0):
                line.append(run)
                continue
        lines.append([run])
    for line in lines:
        line.sort(key=lambda r: r.x0)
    return lines


def _gutter(runs: list[Run], width: float) -> float | None:
    """The x of the gap between two columns, if the page has two."""
    if len(runs) < 4:
        return None
    best, best_cross = None, len(runs)
    for step in range(30, 71):
        x = width * step / 100
        cross = sum(1 for r in runs if r.x0 < x < r.x1)
        if cross < best_cross:
            best, best_cross = x, cross
    if best is None or best_cross > len(runs) * 0.15:
        return None
    left = [r for r in runs if r.x1 <= best]
    right = [r for r in runs if r.x0 >= best]
    if len(left) < 2 or len(right) < 2:
        return None
    # side by side: the columns share a vertical range
    top, bottom = (
        min(max(r.top for r in left), max(r.top for r in right)),
        max(min(r.bottom for r in left), min(r.bottom for r in right)),
    )
    return best if top > bottom else None


def _order(runs: list[Run], width: float, page: int) -> list[Line]:
    """Lines of one page in reading order, each knowing its column's left and right edge."""
    gutter = _gutter(runs, width)
    if gutter is None:
        return _column_lines(runs, page)
    spanning = sorted((r for r in runs if r.x0 < gutter < r.x1), key=lambda r: -r.mid)
    rest = [r for r in runs if not (r.x0 < gutter < r.x1)]
    lines: list[Line] = []
    upper = float("inf")
    for cut in [*(r.mid for r in spanning), float("-inf")]:
        band = [r for r in rest if cut < r.mid <= upper]
        lines += _column_lines([r for r in band if r.x1 <= gutter], page)
        lines += _column_lines([r for r in band if r.x1 > gutter], page)
        span = [r for r in spanning if r.mid == cut]
        lines += _column_lines(span, page)
        upper = cut
    return lines


def _column_lines(runs: list[Run], page: int) -> list[Line]:
    if not runs:
        return []
    lines = [Line(group, page) for group in _group_lines(runs)]
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    for line in lines:
        line.left, line.right = left, right
    lines[0].first_in_column = True
    return lines


def _blocks(lines: list[Line]) -> list[Block]:
    """Paragraphs from line geometry."""
    # the usual line spacing of each page and font size: a wider gap starts a paragraph
    found: dict[tuple[int, float], list[float]] = {}
    for a, b in itertools.pairwise(lines):
        if a.page == b.page and not b.first_in_column and 0 < a.mid - b.mid < 4 * b.size:
            found.setdefault((b.page, round(b.size)), []).append(a.mid - b.mid)
    spacing = {key: median(values) for key, values in found.items()}
    blocks: list[Block] = []
    previous: Line | None = None
    for line in lines:
        size = line.size
        new = previous is None
        if previous is not None:
            indent = line.x0 > line.left + 0.8 * size
            short = previous.x1 < previous.right - 2 * size and previous.text.endswith(_ENDS)
            resized = abs(previous.size - size) > 0.1 * size
            if line.first_in_column:  # a new column or page: a sentence end ends the paragraph
                gap = previous.text.endswith(_ENDS)
            else:
                usual = spacing.get((line.page, round(size)), size * 1.5)
                gap = previous.mid - line.mid > max(usual * 1.35, size * 1.2)
            centered = indent and line.x1 < line.right - 2 * size
            new = indent or short or resized or gap or centered
        if new:
            blocks.append(Block())
        blocks[-1].lines.append(line)
        previous = line
    return blocks


def _body_size(blocks: list[Block]) -> float:
    sizes: Counter[float] = Counter()
    for block in blocks:
        for line in block.lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _mark_headings(blocks: list[Block], body: float) -> None:
    big = sorted(
        {round(b.size * 2) / 2 for b in blocks if b.size >= body * 1.15 and _heading_like(b)},
        reverse=True,
    )
    levels = {size: min(index + 1, 6) for index, size in enumerate(big)}
    for block in blocks:
        level = levels.get(round(block.size * 2) / 2)
        if level and _heading_like(block):
            block.kind, block.level = PassageKind.HEADING, level


def _heading_like(block: Block) -> bool:
    text = block.text
    return 0 < len(text) <= 80 and len(block.lines) <= 3 and not text.endswith(("。", "，"))


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def _outline(pdf) -> list[tuple[int, str, int, float | None]]:
    """(level, title, page, y of the target or None) of each outline entry."""
    items = []
    try:
        for item in pdf.get_toc(max_depth=6):
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            title = one_line(item.get_title())
            if title and index is not None:
                mode, view = dest.get_view()
                y = view[1] if mode == 1 and len(view) >= 2 and view[1] else None  # XYZ
                items.append((min(item.level + 1, 6), title, index + 1, y))
    except Exception:
        return []
    return items


def _apply_outline(
    blocks: list[Block], outline: list[tuple[int, str, int, float | None]]
) -> list[Block]:
    """Outline entries as headings: the block on that page with that text, else inserted
    where the entry points (the top of its page if it says no place)."""
    for level, title, page, y in outline:
        want = _squash(title)
        found = None
        for block in blocks:
            if block.lines[0].page in (page, page + 1) and len(block.text) <= 2 * len(title) + 10:
                have = _squash(block.text)
                if have and (have == want or have.startswith(want) or want.startswith(have)):
                    found = block
                    break
        if found is not None:
            found.kind, found.level = PassageKind.HEADING, level
            continue
        at = next(
            (
                i
                for i, b in enumerate(blocks)
                if b.lines[0].page > page
                or (b.lines[0].page == page and (y is None or b.lines[0].mid < y))
            ),
            len(blocks),
        )
        run = Run(0, 0, 0, 0, 0, title)
        blocks.insert(at, Block([Line([run], page)], PassageKind.HEADING, level))
    return blocks


def _xmp(data: bytes) -> dict[str, str]:
    """dc:title, dc:creator and xmp:CreateDate from an uncompressed XMP packet, if any."""
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        return {}
    packet = data[start : start + 200_000].decode("utf-8", "replace")
    found = {}
    for name, tag in (("title", "dc:title"), ("author", "dc:creator")):
        match = re.search(rf"<{tag}>.*?<rdf:li[^>]*>(.*?)</rdf:li>", packet, re.DOTALL)
        if match:
            found[name] = match.group(1)
    match = re.search(r"<xmp:CreateDate>(.*?)</xmp:CreateDate>", packet) or re.search(
        r'xmp:CreateDate="([^"]*)"', packet
    )
    if match:
        found["date"] = match.group(1)
    return found


@dataclass(slots=True)
class PdfResult:
    document: Document
    pages: int
    no_text_pages: list[int]


def read_pdf(data: bytes, key: str, file_name: str = "") -> PdfResult:
    pdf = _open(data)
    try:
        return _read(pdf, data, key, file_name)
    finally:
        pdf.close()


def _read(pdf, data: bytes, key: str, file_name: str) -> PdfResult:
    pages = len(pdf)
    per_page: list[tuple[list[Run], float, float]] = []
    no_text: list[int] = []
    for index in range(pages):
        page = pdf[index]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                runs = page_runs(textpage)
            finally:
                textpage.close()
        finally:
            page.close()
        if not runs:
            no_text.append(index + 1)
        per_page.append((runs, width, height))
    if pages == 0:
        raise FormatError(_("a PDF without pages"))
    if len(no_text) == pages:
        raise FormatError(
            _("none of the {pages} pages has a text layer (a scan? OCR it first)").format(
                pages=pages
            )
        )
    # running headers and footers: band lines repeated on most pages with text
    bands = [_band_lines(runs, height) for runs, _w, height in per_page]
    seen: Counter[str] = Counter(k for band in bands for k in band)
    with_text = pages - len(no_text)
    repeated = {k for k, n in seen.items() if with_text >= 2 and n >= max(2, 0.5 * with_text)}
    lines: list[Line] = []
    for number, ((runs, width, _h), band) in enumerate(zip(per_page, bands, strict=True), 1):
        drop = {
            id(r)
            for k, rs in band.items()
            if k in repeated or _PAGE_NUMBER.match(Line(rs, 0).text)
            for r in rs
        }
        lines += _order([r for r in runs if id(r) not in drop], width, number)
    blocks = _blocks(lines)
    _mark_headings(blocks, _body_size(blocks))
    outline = _outline(pdf)
    if outline:
        blocks = _apply_outline(blocks, outline)
    builder = PassageBuilder(key)
    marks = set(no_text)
    for block in blocks:
        page = block.lines[0].page
        for empty in sorted(m for m in marks if m < page):
            builder.add(PassageKind.IMAGE, f"{NO_TEXT_MARK}：第 {empty} 页", page=empty)
            marks.discard(empty)
        builder.add(block.kind, block.text, level=block.level, page=page)
    for empty in sorted(marks):
        builder.add(PassageKind.IMAGE, f"{NO_TEXT_MARK}：第 {empty} 页", page=empty)
    meta = _metadata(pdf, data, blocks, file_name)
    document = Document(tuple(builder.passages), builder.script(), meta, "pdf")
    return PdfResult(document, pages, no_text)


def _metadata(pdf, data: bytes, blocks: list[Block], file_name: str):
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:
        info = {}
    xmp = _xmp(data)
    title = one_line(info.get("Title", "")) or one_line(xmp.get("title", ""))
    if _BAD_TITLE.match(title) or not title.strip():
        title = ""
    author = one_line(info.get("Author", "")) or one_line(xmp.get("author", ""))
    if author.lower() in _BAD_AUTHOR:
        author = ""
    # Only page 1 names the document: after an image-only cover, the first page with text is
    # a preface or a table of contents, and the file's own name says more.
    first = [b for b in blocks if b.lines[0].page == 1]
    if not title and first:
        biggest = max(first, key=lambda b: (b.size, -first.index(b)))
        words = re.sub(r"[\s　]+", "", biggest.text).lower()
        if len(biggest.text) <= 100 and words not in _SECTION_WORDS:
            title = biggest.text
    if not title:
        title = re.sub(r"\.pdf$", "", Path(file_name).name, flags=re.IGNORECASE)
    when = parse_when(info.get("CreationDate", "")) or parse_when(xmp.get("date", ""))
    for block in first[:8] if when is None else ():
        when = parse_when(block.text) if len(block.text) <= 40 else None
        if when:
            break
    return make_metadata(title, author, when, file_name=file_name)
