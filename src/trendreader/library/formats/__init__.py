"""One importer per format, each giving the same passages and metadata (`Document`), so
nothing above the library knows where a report came from: PDF (`pdf`, pypdfium2), web and
WeChat pages (`html`, selectolax), EPUB (`epub`, zipfile + the web page path). `url` fetches
a report from the web for ``add``. Markdown and plain text stay in `trendreader.library`.

Importers load their libraries when first used: reading the built-in library never imports
pypdfium2 or selectolax.
"""

from __future__ import annotations

import re
from pathlib import Path

from trendreader.i18n import _, ngettext
from trendreader.library.formats.common import NO_TEXT_MARK, Document, FormatError, one_line
from trendreader.library.model import Edition, PassageKind

DOCUMENT_SUFFIXES = (".pdf", ".html", ".htm", ".epub")
"""File endings read by an importer of this package (all in `REPORT_SUFFIXES` too)."""


def read_document(path: Path, key: str, data: bytes) -> Document:
    """Read ``data`` (the bytes of ``path``) by its suffix; FormatError says why not."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            from trendreader.library.formats.pdf import read_pdf

            return read_pdf(data, key, path.stem).document
        if suffix == ".epub":
            from trendreader.library.formats.epub import read_epub

            return read_epub(data, key, path.stem)
        if suffix in (".html", ".htm"):
            from trendreader.library.formats.html import read_html

            return read_html(data, key, path.stem)
    except RecursionError:
        raise FormatError(_("nested too deeply to read")) from None
    except MemoryError:
        raise FormatError(_("too large to read in memory")) from None
    except FormatError:
        raise
    except Exception as error:  # a library's own error on a malformed file: one line
        what = suffix.lstrip(".").upper()
        raise FormatError(
            _("cannot be read as {what} ({kind}: {reason})").format(
                what=what, kind=type(error).__name__, reason=one_line(error)[:200]
            )
        ) from None
    if suffix:
        raise FormatError(_("no importer for {suffix}").format(suffix=suffix))
    raise FormatError(_("no importer for files without a suffix"))


_MARK = re.compile(rf"^{NO_TEXT_MARK}：第 (\d+) 页$")


def format_notes(edition: Edition) -> list[str]:
    """What a reader should know about an edition read by an importer, one line each:
    "12 of 40 pages have no text" for a PDF with scanned pages."""
    if edition.path.suffix.lower() != ".pdf":
        return []
    empty = sum(1 for p in edition.passages if p.kind == PassageKind.IMAGE and _MARK.match(p.text))
    pages = max((p.page or 0 for p in edition.passages), default=0)
    if not empty:
        return []
    note = ngettext(
        "{key}: {empty} of {pages} pages has no text (scanned? shown as markers)",
        "{key}: {empty} of {pages} pages have no text (scanned? shown as markers)",
        empty,
    )
    return [note.format(key=edition.key, empty=empty, pages=pages)]


__all__ = ["DOCUMENT_SUFFIXES", "Document", "FormatError", "format_notes", "read_document"]
