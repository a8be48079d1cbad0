"""Chinese PDFs for the tests, made with reportlab (a test extra; BSD) and its built-in CID
font STSong-Light, which needs no font file."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4


def wrap(text: str, width: float, size: float) -> list[str]:
    """Cut text into lines of at most ``width`` points (character by character, like CJK)."""
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, FONT, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


class Writer:
    """Flowing paragraphs onto pages with a running header and footer."""

    def __init__(self, path: Path, *, header: str = "", footer: bool = True, **kw: object):
        self.c = canvas.Canvas(str(path), pagesize=A4, **kw)
        self.header, self.footer = header, footer
        self.page = 0
        self.y = 0.0
        self.new_page()

    def _furniture(self) -> None:
        self.page += 1
        if self.header:
            self.c.setFont(FONT, 9)
            self.c.drawString(72, HEIGHT - 40, self.header)
        if self.footer:
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(WIDTH / 2, 30, f"- {self.page} -")

    def new_page(self, *, first: bool = True) -> None:
        if not first or self.page:
            self.c.showPage()
        self._furniture()
        self.y = HEIGHT - 80

    def heading(self, text: str, size: float = 18, bookmark: str = "", level: int = 0) -> None:
        if self.y < 120:
            self.new_page(first=False)
        self.y -= size
        self.c.setFont(FONT, size)
        self.c.drawString(72, self.y, text)
        if bookmark:
            self.c.bookmarkPage(bookmark, fit="XYZ", top=self.y + size)
            self.c.addOutlineEntry(text, bookmark, level=level)
        self.y -= size * 0.8

    def paragraph(self, text: str, size: float = 11, x: float = 72, width: float = 0) -> None:
        width = width or WIDTH - 144
        lines = wrap(text, width - 2 * size, size)
        for index, line in enumerate(lines):
            if self.y < 70:
                self.new_page(first=False)
            self.y -= size * 1.5
            self.c.setFont(FONT, size)
            self.c.drawString(x + (2 * size if index == 0 else 0), self.y, line)
        self.y -= size * 0.6

    def latin(self, lines: list[str], size: float = 11) -> None:
        self.c.setFont("Helvetica", size)
        for line in lines:
            self.y -= size * 1.5
            self.c.drawString(72, self.y, line)
        self.y -= size * 0.6

    def columns(self, left: list[str], right: list[str], size: float = 10.5) -> None:
        """One page of two columns, each a list of paragraphs."""
        self.new_page(first=False)
        col = (WIDTH - 144 - 24) / 2
        top = self.y
        for x, paragraphs in ((72, left), (72 + col + 24, right)):
            self.y = top
            for text in paragraphs:
                self.paragraph(text, size, x=x, width=col)

    def image_page(self) -> None:
        """A page with an image and no text at all (a scan); the next page starts after it."""
        from PIL import Image

        self.c.showPage()
        self.page += 1
        image = Image.new("RGB", (200, 200), (180, 180, 180))
        self.c.drawImage(ImageReader(image), 100, 300, 300, 300)
        self.c.showPage()
        self._furniture()
        self.y = HEIGHT - 80

    def save(self) -> None:
        self.c.save()
