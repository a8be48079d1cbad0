"""The library's and search's messages speak Chinese in the reader's script (臺灣正體 here).

PDFs are generated here with reportlab (tests/formats/pdfmaker.py), never downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.formats.pdfmaker import Writer
from trendreader import i18n
from trendreader.library.formats import format_notes
from trendreader.library.parse import ReportFileError, read_edition
from trendreader.search.query import parse_query


@pytest.fixture
def taiwan() -> Iterator[None]:
    i18n.use("zh_TW")
    try:
        yield
    finally:
        i18n.use("en")


def _pdf(path: Path, *, encrypt: str | None = None, scanned_page: bool = True) -> Path:
    kw: dict[str, object] = {"footer": False}
    if encrypt is not None:
        kw["encrypt"] = encrypt
    w = Writer(path, **kw)
    w.paragraph("推理芯片的需求在二〇二五年迅速增长，数据中心的建设也随之加速。")
    if scanned_page:
        w.image_page()
    w.paragraph("人形机器人进入工厂，从搬运到装配，每一步都需要更好的感知与控制。")
    w.save()
    return path


def test_scanned_pages_note_in_taiwan_chinese(taiwan: None, tmp_path: Path) -> None:
    edition = read_edition(_pdf(tmp_path / "r.pdf"))
    pages = max(p.page or 0 for p in edition.passages)
    (note,) = format_notes(edition)
    assert note == f"r: {pages} 頁中有 1 頁沒有文字（掃描件？以標記顯示）"


def test_encrypted_pdf_refusal_in_taiwan_chinese(taiwan: None, tmp_path: Path) -> None:
    path = _pdf(tmp_path / "locked.pdf", encrypt="secret", scanned_page=False)
    with pytest.raises(ReportFileError) as error:
        read_edition(path)
    assert str(error.value) == "locked.pdf: 加密的 PDF，需要密碼：未讀取"


def test_query_notice_uses_taiwan_wording(taiwan: None) -> None:
    parsed = parse_query('晶片 "固態')
    assert parsed.plain
    assert parsed.message == "已按普通詞搜尋（引號不成對）"


def test_english_again_after_switching_back() -> None:
    i18n.use("zh_TW")
    i18n.use("en")
    parsed = parse_query('chips "solid')
    assert parsed.message == "searched the plain words (unbalanced quote)"
