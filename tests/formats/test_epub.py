"""EPUB: books zipped here (zh-Hant chapters, nav and NCX, ../ hrefs, a zip bomb)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from trendreader.library.parse import ReportFileError, read_edition

CONTAINER = """<?xml version="1.0"?><container version="1.0"
 xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""


def opf(nav: bool) -> str:
    nav_item = (
        '<item id="nav" href="nav/nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        if nav
        else ""
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>臺灣半導體的十年</dc:title><dc:creator>張三</dc:creator>
<dc:date>2023-06-01</dc:date><dc:language>zh-Hant</dc:language>
</metadata><manifest>
{nav_item}
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
<item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="style.css" media-type="text/css"/>
</manifest><spine toc="ncx"><itemref idref="c1"/><itemref idref="c2"/></spine></package>"""


NAV = """<html xmlns="http://www.w3.org/1999/xhtml"><body><nav epub:type="toc"><ol>
<li><a href="../text/ch1.xhtml">第一章　晶片</a></li>
<li><a href="../text/ch2.xhtml#top">第二章　機器人</a></li></ol></nav></body></html>"""
NCX = """<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>
<navPoint id="a"><navLabel><text>第一章　晶片（NCX）</text></navLabel>
<content src="text/ch1.xhtml"/></navPoint>
<navPoint id="b"><navLabel><text>第二章　機器人（NCX）</text></navLabel>
<content src="text/ch2.xhtml"/></navPoint></navMap></ncx>"""
CH1 = """<html xmlns="http://www.w3.org/1999/xhtml"><head><title>c1</title></head><body>
<p>臺灣的晶片產業在過去十年裡快速成長，推理晶片成為新的焦點。</p></body></html>"""
CH2 = """<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>機器人</h1>
<p>人形機器人開始進入工廠。</p></body></html>"""


def make_epub(path: Path, *, nav: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", opf(nav))
        if nav:
            book.writestr("OEBPS/nav/nav.xhtml", NAV)
        book.writestr("OEBPS/toc.ncx", NCX)
        book.writestr("OEBPS/text/ch1.xhtml", CH1)
        book.writestr("OEBPS/text/ch2.xhtml", CH2)
        book.writestr("OEBPS/style.css", "p{}")
    return path


def test_spine_order_metadata_and_toc_headings(tmp_path: Path) -> None:
    edition = read_edition(make_epub(tmp_path / "book.epub"))
    assert (edition.meta.title, edition.meta.author, edition.meta.year) == (
        "臺灣半導體的十年",
        "張三",
        2023,
    )
    shown = [(p.kind.value, p.text) for p in edition.passages]
    assert shown == [
        ("heading", "第一章 晶片"),  # from the nav (../ resolved): the chapter has no heading
        ("paragraph", "臺灣的晶片產業在過去十年裡快速成長，推理晶片成為新的焦點。"),
        ("heading", "機器人"),  # the chapter's own heading wins
        ("paragraph", "人形機器人開始進入工廠。"),
    ]
    assert [p.ordinal for p in edition.passages] == [0, 1, 2, 3]
    assert edition.script.value in ("traditional", "taiwan")


def test_ncx_when_there_is_no_nav(tmp_path: Path) -> None:
    edition = read_edition(make_epub(tmp_path / "old.epub", nav=False))
    assert edition.passages[0].text == "第一章 晶片（NCX）"  # spaces folded


def test_zip_bomb_refused(tmp_path: Path) -> None:
    path = make_epub(tmp_path / "bomb.epub")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("OEBPS/text/zeros.xhtml", b"\0" * 30_000_000)
    with pytest.raises(ReportFileError, match="zip bomb"):
        read_edition(path)


@pytest.mark.parametrize(
    "members",
    [{}, {"META-INF/container.xml": "<container"}, {"META-INF/container.xml": CONTAINER}],
)
def test_broken_epub_one_line(tmp_path: Path, members: dict[str, str]) -> None:
    path = tmp_path / "bad.epub"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        for name, text in members.items():
            book.writestr(name, text)
    with pytest.raises(ReportFileError) as error:
        read_edition(path)
    assert str(error.value).startswith("bad.epub: an EPUB") and "\n" not in str(error.value)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.epub"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ReportFileError, match="not a readable EPUB"):
        read_edition(path)
