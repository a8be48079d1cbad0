"""PDF import: Chinese PDFs generated here with reportlab (never downloaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats.pdfmaker import Writer
from trendreader.library.formats import format_notes
from trendreader.library.formats.pdf import read_pdf
from trendreader.library.model import PassageKind
from trendreader.library.parse import ReportFileError, read_edition

P1 = (
    "推理芯片的需求在二〇二五年迅速增长，数据中心的建设也随之加速"
    "，国产芯片在这一轮浪潮中获得了难得的窗口期，价格也在逐步下降。"
)
P2 = (
    "固态电池的产业化仍然需要时间，车企和电池厂都在加大"
    "投入，试图抢占下一代技术的制高点，但良率仍是难题。"
)
LEFT1 = (
    "左栏第一段讲推理芯片：数据中心对推理算力的需求正"
    "在快速增长，新的芯片架构层出不穷，价格也在下降。"
)
LEFT2 = "左栏第二段讲固态电池：能量密度更高，安全性更好，但量产成本仍然偏高。"
RIGHT1 = "右栏第一段讲人形机器人：工厂开始小规模试用，灵巧手和关节模组是瓶颈所在。"
HEADER = "未尽研究 · 看DAO2025"


def make_report(path: Path, **kw: object) -> Path:
    w = Writer(path, header=HEADER, **kw)
    w.c.setTitle("2025科技趋势报告")
    w.c.setAuthor("未尽研究")
    w.heading("第一章 芯片", bookmark="c1")
    w.paragraph(P1)
    w.paragraph(P2)
    w.latin(["The transformer architec-", "ture changed everything in", "machine learning."])
    w.columns([LEFT1, LEFT2], [RIGHT1])
    w.image_page()
    w.heading("第二章 机器人", size=11, bookmark="c2", level=0)  # body size: only the outline
    w.paragraph("人形机器人进入工厂，从搬运到装配，每一步都需要更好的感知与控制。")
    w.c.bookmarkPage("c3", fit="XYZ", top=w.y)
    w.c.addOutlineEntry("附录：数据来源", "c3", level=1)  # no such text on the page: inserted
    w.paragraph("数据来自公开的年报与招股书。")
    w.save()
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    path = make_report(tmp_path_factory.mktemp("pdf") / "趋势.pdf")
    return read_pdf(path.read_bytes(), "k", path.stem)


def texts(result) -> list[str]:
    return [p.text for p in result.document.passages]


def test_han_lines_join_without_spaces(report) -> None:
    assert P1 in texts(report)
    assert P2 in texts(report)  # a paragraph of its own: the first-line indent starts it


def test_latin_hyphenation_undone_and_spaces_kept(report) -> None:
    assert "The transformer architecture changed everything in machine learning." in texts(report)


def test_running_header_footer_and_page_numbers_dropped(report) -> None:
    joined = "\n".join(texts(report))
    assert "看DAO" not in joined
    assert "- 2 -" not in joined and "- 1 -" not in joined


def test_two_columns_in_reading_order(report) -> None:
    found = texts(report)
    assert [t for t in found if t in (LEFT1, LEFT2, RIGHT1)] == [LEFT1, LEFT2, RIGHT1]
    assert found.index(LEFT2) < found.index(RIGHT1)


def test_outline_headings(report) -> None:
    headings = [(p.text, p.level) for p in report.document.passages if p.kind == "heading"]
    assert ("第一章 芯片", 1) in headings
    assert ("第二章 机器人", 1) in headings  # body-sized text, a heading by the outline
    assert ("附录：数据来源", 2) in headings


def test_every_passage_knows_its_page(report) -> None:
    pages = {p.text: p.page for p in report.document.passages}
    assert pages[P1] == 1
    assert pages[RIGHT1] == 2
    assert pages["第二章 机器人"] == 4
    assert all(p.page for p in report.document.passages)


def test_pages_without_text_counted_and_marked(report, tmp_path: Path) -> None:
    assert report.pages == 4
    assert report.no_text_pages == [3]
    marker = next(p for p in report.document.passages if p.page == 3)
    assert marker.kind == PassageKind.IMAGE and "第 3 页" in marker.text
    edition = read_edition(make_report(tmp_path / "r.pdf"))
    assert format_notes(edition) == ["r: 1 of 4 pages has no text (scanned? shown as markers)"]


def test_metadata_from_document_info(report) -> None:
    meta = report.document.meta
    assert meta.title == "2025科技趋势报告"
    assert meta.author == "未尽研究"
    assert meta.year is not None
    assert report.document.script == "simplified"


def test_title_from_first_page_when_info_has_none(tmp_path: Path) -> None:
    w = Writer(tmp_path / "a.pdf", footer=False)
    w.heading("中国硬科技的十年", size=22)
    w.paragraph(P1)
    w.save()
    result = read_pdf((tmp_path / "a.pdf").read_bytes(), "a")
    assert result.document.meta.title == "中国硬科技的十年"  # reportlab's "untitled" is ignored


def test_image_cover_then_preface_titles_by_the_file_name(tmp_path: Path) -> None:
    # A scanned cover, then 前言 (as in real manuals): the preface is not the title.
    w = Writer(tmp_path / "a.pdf", footer=False)
    w.image_page()
    w.new_page()
    w.heading("前言", size=22)
    w.paragraph(P1)
    w.save()
    result = read_pdf((tmp_path / "a.pdf").read_bytes(), "a", "芯片行业报告2025.pdf")
    assert result.document.meta.title == "芯片行业报告2025"


def test_encrypted_pdf_refused_in_one_line(tmp_path: Path) -> None:
    path = make_report(tmp_path / "locked.pdf", encrypt="secret")
    with pytest.raises(ReportFileError) as error:
        read_edition(path)
    assert str(error.value) == "locked.pdf: an encrypted PDF that needs a password: not read"


def test_only_scanned_pages_refused(tmp_path: Path) -> None:
    w = Writer(tmp_path / "scan.pdf", footer=False)
    w.c.showPage()
    w.save()
    with pytest.raises(ReportFileError, match="none of the 1 pages has a text layer"):
        read_edition(tmp_path / "scan.pdf")


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.7\n garbage", b"not a pdf at all", b"%PDF-1.4\n1 0 obj<<>>"]
)
def test_malformed_pdf_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(ReportFileError) as error:
        read_edition(path)
    assert "\n" not in str(error.value) and str(error.value).startswith("bad.pdf: ")
    assert ").)" not in str(error.value) and str(error.value).count("(") == str(error.value).count(
        ")"
    )  # PDFium's "(PDFium: Data format error)." told as its reason alone


def test_truncated_pdf_one_line_or_partial(tmp_path: Path) -> None:
    whole = make_report(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    try:
        edition = read_edition(path)
    except ReportFileError as error:
        assert "\n" not in str(error)
    else:
        assert edition.passages
