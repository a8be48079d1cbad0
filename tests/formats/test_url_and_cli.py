"""``add`` of a URL against a local http.server, and add/read/search/bookmark on each format."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.formats.test_epub import make_epub
from tests.formats.test_html import WECHAT
from tests.formats.test_pdf import P1, make_report
from tests.test_cli import run
from trendreader.library.formats import FormatError
from trendreader.library.formats.url import fetch

PAGE = WECHAT.encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    pdf = b""

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/mp/article.html":
            self.send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/gz":
            self.send(200, gzip.compress(PAGE), "text/html", Content_Encoding="gzip")
        elif path == "/old":
            self.send(302, b"", "text/html", Location="/mp/article.html")
        elif path == "/to-file":
            self.send(302, b"", "text/html", Location="file:///etc/passwd")
        elif path == "/report":
            self.send(200, self.pdf, "application/octet-stream")
        elif path == "/forbidden":
            self.send(403, b"no", "text/plain")
        elif path == "/image.png":
            self.send(200, b"\x89PNG....", "image/png")
        elif path == "/big":
            self.send(200, b"<p>" + b"x" * 5000, "text/html")
        elif path == "/slow":
            time.sleep(2)
            self.send(200, PAGE, "text/html")
        else:
            self.send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    Handler.pdf = make_report(tmp_path_factory.mktemp("srv") / "r.pdf").read_bytes()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_html_keeps_the_url_as_source(server: str, tmp_path: Path) -> None:
    copy = fetch(f"{server}/mp/article.html", tmp_path, max_bytes=1_000_000)
    assert copy.name == "article.html" and copy.read_bytes() == PAGE
    assert f'source = "{server}/mp/article.html"' in copy.with_suffix(".meta.toml").read_text()


def test_fetch_follows_redirects_and_inflates_gzip(server: str, tmp_path: Path) -> None:
    assert fetch(f"{server}/old", tmp_path / "a", max_bytes=10**6).read_bytes() == PAGE
    assert fetch(f"{server}/gz", tmp_path / "b", max_bytes=10**6).read_bytes() == PAGE


def test_pdf_told_by_its_bytes(server: str, tmp_path: Path) -> None:
    assert fetch(f"{server}/report", tmp_path, max_bytes=10**7).suffix == ".pdf"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/forbidden", "the server answered 403 Forbidden"),
        ("/image.png", "not a report: the server sent image/png"),
        ("/big", "over the size limit (5,003 > 1,000 bytes)"),
        ("/slow", "cannot fetch (timed out)"),
        ("/to-file", "file:///etc/passwd' is not allowed"),  # urllib's own refusal
    ],
)
def test_fetch_refusals_are_one_line(server: str, tmp_path: Path, path: str, message: str) -> None:
    with pytest.raises(FormatError) as error:
        fetch(f"{server}{path}", tmp_path, max_bytes=1000 if path == "/big" else 10**6, timeout=0.5)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_add_url_then_read(server: str, isolated_home: Path) -> None:
    url = f"{server}/mp/article.html"
    result = run("add", url, f"{server}/missing", home=isolated_home, check=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"refused  {server}/missing: the server answered 404 Not Found"
    assert lines[1].startswith("added    article: 2025年，6大机会 [simplified, utf-8] ← http")
    listing = json.loads(run("list", "--json", home=isolated_home).stdout)
    added = next(r for r in listing if r["title"] == "2025年，6大机会")
    assert added["editions"][0]["key"] == "article"
    copy = isolated_home / "library" / "article.meta.toml"
    assert url in copy.read_text(encoding="utf-8")


def test_add_read_search_bookmark_each_format(tmp_path: Path, isolated_home: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    make_report(inbox / "trend.pdf")
    (inbox / "wechat.html").write_text(WECHAT, "utf-8")
    make_epub(inbox / "book.epub")
    result = run("add", str(inbox), home=isolated_home)
    assert "3 added, 0 refused" in result.stderr
    assert "trend: 1 of 4 pages has no text" in result.stderr
    data = json.loads(run("read", "trend", "--json", home=isolated_home).stdout)
    passage = next(p for p in data["passages"] if p["text"] == P1)
    assert passage["page"] == 1
    hits = run("search", "芯片", "--json", home=isolated_home).stdout
    keys = {hit["key"] for hit in json.loads(hits)}
    assert {"trend", "wechat", "book"} <= keys  # 芯片 finds the 晶片 of the zh-Hant book
    run("bookmarks", "add", "trend", str(passage["ordinal"]), "--note", "pdf", home=isolated_home)
    marks = json.loads(run("bookmarks", "list", "--json", home=isolated_home).stdout)
    assert any(m.get("key", m.get("doc_key")) == "trend" for m in marks)
