"""Issue 15 in the reader: the page of the cursor passage in the header (第 12 页 / 第 12 頁)
and the palette's "Add file or URL…" (a file, a URL on a local http.server, a refusal)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.formats.pdfmaker import Writer
from tests.tui.pilot_helpers import Notes, until
from trendreader.library.catalog import load_library
from trendreader.library.model import Script
from trendreader.paths import AppPaths
from trendreader.script.variants import Variant
from trendreader.tui.app import TrendReaderApp
from trendreader.tui.page import page_label
from trendreader.tui.screens.add_dialog import AddDialog

PAGE_ONE = "推理芯片的需求在二〇二五年迅速增长，数据中心的建设也随之加速。"
PAGE_TWO = "固态电池的产业化仍然需要时间，车企和电池厂都在加大投入。"
ARTICLE = "# 人形机器人进入工厂\n\n从搬运到装配，每一步都需要更好的感知与控制。\n"


def two_page_pdf(path: Path) -> Path:
    writer = Writer(path, header="", footer=False)
    writer.c.setTitle("两页的报告")
    writer.heading("第一章 芯片")
    writer.paragraph(PAGE_ONE)
    writer.new_page()
    writer.paragraph(PAGE_TWO)
    writer.save()
    return path


def test_page_label_follows_the_reading_script() -> None:
    assert page_label(12, Script.SIMPLIFIED, Variant.SIMPLIFIED) == "第 12 页"
    assert page_label(12, Script.SIMPLIFIED, Variant.TRADITIONAL) == "第 12 頁"
    assert page_label(3, Script.SIMPLIFIED, Variant.TAIWAN) == "第 3 頁"
    assert page_label(3, Script.SIMPLIFIED, Variant.HONGKONG) == "第 3 頁"
    assert page_label(3, Script.SIMPLIFIED, Variant.ORIGINAL) == "第 3 页"
    assert page_label(3, Script.TRADITIONAL, Variant.ORIGINAL) == "第 3 頁"


async def test_header_shows_the_page_of_the_cursor_passage(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    two_page_pdf(folder / "two.pdf")
    library = load_library([folder])
    edition = library.reports[0].editions[0]
    assert {p.page for p in edition.passages} == {1, 2}
    app = TrendReaderApp(paths=app_paths, library=library, open_key=edition.key)
    app.INDEX_DELAY = 600
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.sub_title.endswith("· 第 1 页")
        await pilot.press("G")  # the last passage, on page 2
        await pilot.pause()
        assert edition.passages[app.reader.cursor].page == 2
        assert app.sub_title.endswith("· 第 2 页")
        app.set_variant(Variant.TAIWAN)
        await pilot.pause()
        assert app.sub_title.endswith("· 第 2 頁")
        await pilot.press("g")
        await pilot.pause()
        assert app.sub_title.endswith("· 第 1 頁")


async def test_a_markdown_report_has_no_page_in_its_header(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "页" not in app.sub_title and "頁" not in app.sub_title


def tree_labels(node) -> Iterator[str]:  # type: ignore[no-untyped-def]
    for child in node.children:
        yield str(child.label)
        yield from tree_labels(child)


def adding_app(app_paths: AppPaths, folder: Path) -> TrendReaderApp:
    def load():  # type: ignore[no-untyped-def]
        return load_library([folder, app_paths.user_library])

    app = TrendReaderApp(paths=app_paths, library=load(), reload_library=load)
    app.INDEX_DELAY = 600
    return app


async def add_through_the_palette_entry(pilot, app: TrendReaderApp, target: str) -> None:  # type: ignore[no-untyped-def]
    app.action_add()  # what the palette's "Add file or URL…" runs
    await pilot.pause()
    assert isinstance(app.screen, AddDialog)
    app.screen.query_one(Input).value = target
    await pilot.press("enter")
    await pilot.pause()
    assert not isinstance(app.screen, AddDialog)
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_the_palette_lists_add_file_or_url(app_paths: AppPaths, tmp_path: Path) -> None:
    from trendreader.tui.bindings import system_commands

    app = adding_app(app_paths, tmp_path)
    titles = [command.title for command in system_commands(app)]
    assert "Add file or URL…" in titles


async def test_add_a_file_shows_it_in_the_sidebar(app_paths: AppPaths, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "one.md").write_text("# 第一篇报告\n\n正文。\n", "utf-8")
    pdf = two_page_pdf(tmp_path / "两页.pdf")
    app, notes = adding_app(app_paths, folder), Notes()
    async with app.run_test(size=(100, 30), message_hook=notes.hook) as pilot:
        await pilot.pause()
        await add_through_the_palette_entry(pilot, app, str(pdf))
        await until(pilot, lambda: len(app.library.reports) == 2, "the reload with the new report")
        await pilot.pause()
        added = [m for m in notes.messages if m.startswith("Added ")]
        assert len(added) == 1 and "两页的报告" in added[0] and "\n" not in added[0]
        assert not any(m.startswith("Library reloaded") for m in notes.messages)
        assert app.edition is not None and app.edition.title == "两页的报告"  # opened
        assert (app_paths.user_library / f"{app.edition.key}.pdf").is_file()
        assert any("两页的报告" in label for label in tree_labels(app.sidebar.root))


async def test_a_refused_file_is_one_line_and_adds_nothing(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "one.md").write_text("# 第一篇报告\n\n正文。\n", "utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not a report")
    app, notes = adding_app(app_paths, folder), Notes()
    async with app.run_test(size=(100, 30), message_hook=notes.hook) as pilot:
        await pilot.pause()
        await add_through_the_palette_entry(pilot, app, str(tmp_path / "notes.docx"))
        refused = [m for m in notes.messages if m.startswith("Not added")]
        assert len(refused) == 1 and "not a report file" in refused[0]
        assert len(app.library.reports) == 1
        assert not app_paths.user_library.exists() or not any(app_paths.user_library.iterdir())


class Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/article.md":
            body = ARTICLE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_error(404, "Not Found")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


async def test_add_a_url_and_a_missing_url(
    app_paths: AppPaths, tmp_path: Path, server: str
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "one.md").write_text("# 第一篇报告\n\n正文。\n", "utf-8")
    app, notes = adding_app(app_paths, folder), Notes()
    async with app.run_test(size=(100, 30), message_hook=notes.hook) as pilot:
        await pilot.pause()
        await add_through_the_palette_entry(pilot, app, f"{server}/gone.html")
        assert [m for m in notes.messages if m.startswith("Not added")] == [
            f"Not added {server}/gone.html: the server answered 404 Not Found"
        ]
        await add_through_the_palette_entry(pilot, app, f"{server}/article.md")
        await until(pilot, lambda: len(app.library.reports) == 2, "the reload with the page")
        assert any(m.startswith("Added ") and "人形机器人进入工厂" in m for m in notes.messages)
        assert app.edition is not None and app.edition.title == "人形机器人进入工厂"
