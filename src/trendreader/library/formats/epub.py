"""EPUB → passages with the standard library's zipfile (ebooklib is AGPL).

``META-INF/container.xml`` names the OPF; its manifest and spine give the chapters in reading
order, each read through the web page path (its whole body is content); its Dublin Core
metadata gives title, author and date. The table of contents (EPUB 3 nav or EPUB 2 NCX) gives
a chapter a heading when its text has none. Hrefs are resolved against the file that holds
them (``../`` included). A zip bomb is refused before anything is inflated: the sizes the
archive declares are checked, and each read is capped.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree

from trendreader.i18n import _
from trendreader.library.formats.common import (
    Document,
    FormatError,
    PassageBuilder,
    make_metadata,
    one_line,
    parse_when,
)
from trendreader.library.formats.html import check_nesting, decode_html, fill_passages
from trendreader.library.model import PassageKind

MAX_INFLATED = 200 * 1024 * 1024  # all members together, as declared
MAX_MEMBER = 20 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed of one member
_DC = "{http://purl.org/dc/elements/1.1/}"


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise FormatError(_("an EPUB without {name}").format(name=one_line(name))) from None
    if info.file_size > MAX_MEMBER:
        raise FormatError(
            _("an EPUB member too large to read ({name})").format(name=one_line(name))
        )
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER + 1)
    if len(data) > MAX_MEMBER:
        raise FormatError(
            _("an EPUB member larger than it says ({name})").format(name=one_line(name))
        )
    return data


def _xml(data: bytes) -> ElementTree.Element:
    if b"<!ENTITY" in data[:4096]:
        raise FormatError(_("an EPUB with XML entity declarations (not read)"))
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise FormatError(_("an EPUB with broken XML ({reason})").format(reason=error)) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resolve(base: str, href: str) -> str:
    href = unquote(href.split("#", 1)[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), href)).lstrip("/")


def _toc(archive: zipfile.ZipFile, opf_path: str, manifest: dict, nav: str, ncx: str) -> dict:
    """Chapter file → its title in the table of contents (the first entry pointing at it)."""
    titles: dict[str, str] = {}
    try:
        if nav:
            from selectolax.lexbor import LexborHTMLParser

            path = _resolve(opf_path, nav)
            tree = LexborHTMLParser(decode_html(_read(archive, path))[0])
            for link in tree.css("nav a[href]"):
                target = _resolve(path, link.attributes.get("href") or "")
                titles.setdefault(target, " ".join(link.text(deep=True).split()))
        elif ncx:
            path = _resolve(opf_path, ncx)
            root = _xml(_read(archive, path))
            for point in root.iter():
                if _local(point.tag) != "navPoint":
                    continue
                text = next((e.text for e in point.iter() if _local(e.tag) == "text"), "")
                src = next((e.get("src") for e in point if _local(e.tag) == "content"), "")
                if src:
                    titles.setdefault(_resolve(path, src), " ".join((text or "").split()))
    except FormatError:
        return {}  # a broken table of contents: the chapters are read without it
    return titles


def read_epub(data: bytes, key: str, file_name: str = "") -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise FormatError(_("not a readable EPUB ({reason})").format(reason=error)) from None
    with archive:
        infos = archive.infolist()
        declared = sum(i.file_size for i in infos)
        if declared > MAX_INFLATED or any(
            i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1e6
            for i in infos
        ):
            raise FormatError(_("an EPUB that inflates to far more than its size (a zip bomb?)"))
        try:
            return _read_book(archive, key, file_name)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as error:
            raise FormatError(_("a damaged EPUB ({reason})").format(reason=error)) from None


def _read_book(archive: zipfile.ZipFile, key: str, file_name: str) -> Document:
    container = _xml(_read(archive, "META-INF/container.xml"))
    rootfile = next((e for e in container.iter() if _local(e.tag) == "rootfile"), None)
    if rootfile is None or not rootfile.get("full-path"):
        raise FormatError(_("an EPUB whose container names no package file"))
    opf_path = rootfile.get("full-path", "")
    opf = _xml(_read(archive, opf_path))
    manifest: dict[str, tuple[str, str, str]] = {}
    nav = ncx = ""
    for item in opf.iter():
        if _local(item.tag) == "item" and item.get("id") and item.get("href"):
            href, media = item.get("href", ""), item.get("media-type", "")
            manifest[item.get("id", "")] = (href, media, item.get("properties", ""))
            if "nav" in item.get("properties", "").split():
                nav = href
            if media == "application/x-dtbncx+xml":
                ncx = href
    spine = [e.get("idref", "") for e in opf.iter() if _local(e.tag) == "itemref"]
    if not spine:
        raise FormatError(_("an EPUB with an empty spine"))
    meta = {
        name: next((e.text or "" for e in opf.iter(f"{_DC}{name}") if (e.text or "").strip()), "")
        for name in ("title", "creator", "date", "publisher", "language")
    }
    titles = _toc(archive, opf_path, manifest, nav, ncx)
    from selectolax.lexbor import LexborHTMLParser

    builder = PassageBuilder(key)
    encoding = "utf-8"
    for idref in spine:
        if idref not in manifest:
            continue
        href, media, _props = manifest[idref]
        if "html" not in media and not re.search(r"\.x?html?$", href, re.IGNORECASE):
            continue
        path = _resolve(opf_path, href)
        if path == _resolve(opf_path, nav or "\0"):
            continue  # the nav document is the table of contents, not a chapter
        html, encoding = decode_html(_read(archive, path))
        check_nesting(html)
        first = len(builder.passages)
        fill_passages(LexborHTMLParser(html), html, builder, whole=True)
        chapter = builder.passages[first:]
        if titles.get(path) and not (chapter and chapter[0].kind == PassageKind.HEADING):
            del builder.passages[first:]
            builder.add(PassageKind.HEADING, titles[path], level=1)
            for passage in chapter:
                builder.passages.append(passage)
            _renumber(builder)
    when = parse_when(meta["date"])
    info = make_metadata(
        meta["title"], meta["creator"], when, source=meta["publisher"], file_name=file_name
    )
    return Document(tuple(builder.passages), builder.script(), info, encoding)


def _renumber(builder: PassageBuilder) -> None:
    from dataclasses import replace

    builder.passages[:] = [
        p if p.ordinal == i else replace(p, ordinal=i) for i, p in enumerate(builder.passages)
    ]
