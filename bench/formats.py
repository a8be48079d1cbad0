"""Importer figures on real files: per file passages, pages without text, time, sample lines.

    python bench/formats.py DIR              # every .pdf .html .htm .epub under DIR
    python bench/formats.py DIR --samples 5  # more sample lines per file
    python bench/formats.py --generated 40   # PDF pages/s and HTML pages/s on generated input

Reads each file with ``read_edition`` (the path ``add`` and the library take), prints one
block per file and a summary; asserts nothing. Real documents are never committed: bring
them from outside into a folder of your own. ``--generated`` needs the test extra
(reportlab) and makes its input in a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUFFIXES = (".pdf", ".html", ".htm", ".epub")


def bench_dir(folder: Path, samples: int) -> None:
    from trendreader.library.formats import format_notes
    from trendreader.library.parse import ReportFileError, read_edition

    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    total = 0.0
    for path in files:
        start = time.perf_counter()
        try:
            edition = read_edition(path)
        except ReportFileError as error:
            print(f"{path.name}\n  refused: {error}  ({time.perf_counter() - start:.2f} s)\n")
            continue
        elapsed = time.perf_counter() - start
        total += elapsed
        passages = edition.passages
        pages = max((p.page or 0 for p in passages), default=0)
        kinds: dict[str, int] = {}
        for passage in passages:
            kinds[passage.kind.value] = kinds.get(passage.kind.value, 0) + 1
        notes = format_notes(edition)
        print(f"{path.name}  ({path.stat().st_size:,} bytes)")
        print(
            f"  {len(passages)} passages {kinds}; "
            + (f"{pages} pages; " if pages else "")
            + f"{elapsed:.3f} s"
            + (f" = {pages / elapsed:.0f} pages/s" if pages else "")
        )
        meta = edition.meta
        print(
            f"  title {meta.title!r}  author {meta.author!r}  date {meta.date}  "
            f"script {edition.script.value}"
        )
        print("  " + (notes[0] if notes else "pages without text: 0"))
        body = [p for p in passages if p.kind.value == "paragraph" and len(p.text) > 20]
        step = max(1, len(body) // max(samples, 1))
        for passage in body[::step][:samples]:
            page = f"p{passage.page} " if passage.page else ""
            print(f"    {page}{passage.text[:90]}")
        print()
    print(f"{len(files)} files, {total:.2f} s")


def bench_generated(pages: int) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "formats"))
    from pdfmaker import Writer  # reportlab: the test extra

    from trendreader.library.formats.html import read_html
    from trendreader.library.formats.pdf import read_pdf

    text = "推理芯片的需求迅速增长，数据中心的建设也随之加速，国产芯片获得了难得的窗口期。" * 4
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gen.pdf"
        writer = Writer(path, header="未尽研究 · 看DAO2025")
        while writer.page < pages:
            writer.heading(f"第{writer.page}节", bookmark=f"b{writer.page}")
            for _ in range(4):
                writer.paragraph(text)
        writer.save()
        data = path.read_bytes()
        start = time.perf_counter()
        result = read_pdf(data, "gen")
        elapsed = time.perf_counter() - start
        print(
            f"PDF: {result.pages} pages, {len(result.document.passages)} passages, "
            f"{elapsed:.2f} s = {result.pages / elapsed:.0f} pages/s"
        )
    page = (
        "<html><body><nav><a href='/'>首页</a></nav><article><h1>标题</h1>"
        + f"<p>{text}</p>" * 30
        + "<ul><li>一</li><li>二</li></ul></article><footer>版权</footer></body></html>"
    ).encode()
    count = 200
    start = time.perf_counter()
    for _ in range(count):
        read_html(page, "k")
    elapsed = time.perf_counter() - start
    print(
        f"HTML: {count} pages of {len(page):,} bytes, {elapsed:.2f} s = "
        f"{count / elapsed:.0f} pages/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--generated", type=int, metavar="PAGES", default=0)
    args = parser.parse_args()
    if args.folder:
        bench_dir(args.folder, args.samples)
    if args.generated:
        bench_generated(args.generated)
    if not args.folder and not args.generated:
        parser.error("give a folder or --generated PAGES")


if __name__ == "__main__":
    main()
