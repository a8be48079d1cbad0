"""What the app gives the pane: kind fields kept, spans and links mapped through conversion."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest

from tests.tui.pilot_helpers import chrome_ready, until
from trendreader.library.catalog import Library
from trendreader.library.model import (
    Edition,
    Metadata,
    Passage,
    PassageKind,
    Report,
    Script,
    SpanStyle,
    table_text,
)
from trendreader.paths import AppPaths
from trendreader.reading import converted_emphasis, display_passages, openable_url
from trendreader.script.variants import Variant
from trendreader.tui.app import TrendReaderApp

K = PassageKind
KEY = "900_kinds"
TEXT = "访问互联网上的软件报告"  # 互联网 → 網際網路 and 软件 → 軟體 in 臺灣正體


def edition(path: Path) -> Edition:
    passages = (
        Passage(KEY, 0, K.HEADING, "各种段落", level=1),
        Passage(
            KEY,
            1,
            K.PARAGRAPH,
            TEXT,
            emphasis=((0, 2),),
            spans=((7, 9, SpanStyle.ITALIC),),
            links=((2, 5, "https://example.com/net"),),
        ),
        Passage(KEY, 2, K.LIST, "第三项", number=3, depth=1),
        Passage(KEY, 3, K.CODE, "x = 1\n\n    y = x * 2", language="python"),
        Passage(KEY, 4, K.TABLE, table_text([["软件", "数量"], ["互联网", "3"]])),
        Passage(KEY, 5, K.QUOTE, "引用", depth=2),
        Passage(KEY, 6, K.IMAGE, "软件截图"),
    )
    path.write_text("# 各种段落\n", encoding="utf-8")
    return Edition(
        KEY, path, Script.SIMPLIFIED, "utf-8", Metadata(title="各种段落"), passages, "h900"
    )


def test_kind_fields_are_kept() -> None:
    shown = display_passages(edition(Path("/nonexistent.md")), Variant.ORIGINAL, {"x"})
    assert [p.kind for p in shown] == [
        K.HEADING,
        K.PARAGRAPH,
        K.LIST,
        K.CODE,
        K.TABLE,
        K.QUOTE,
        K.IMAGE,
    ]
    assert (shown[2].number, shown[2].depth) == (3, 1)
    assert shown[3].language == "python" and shown[5].depth == 2
    assert shown[1].links == ((2, 5, "https://example.com/net"),)
    assert not any(p.marked for p in shown)
    assert shown[6].label == "图"


def test_spans_and_links_follow_phrase_conversion(tmp_path: Path) -> None:
    source = edition(tmp_path / "900.md")
    shown = display_passages(source, Variant.TAIWAN)
    passage = shown[1]
    assert passage.text == "訪問網際網路上的軟體報告"
    ((a, b, url),) = passage.links
    assert passage.text[a:b] == "網際網路" and url == "https://example.com/net"
    ((a, b, style),) = passage.spans
    assert passage.text[a:b] == "軟體" and style == SpanStyle.ITALIC
    assert passage.emphasis == ((0, 2),)
    # The same mapping as converted_emphasis gives for bold alone (search uses it).
    original = source.passages[1]
    assert (
        converted_emphasis(original.text, passage.text, original.emphasis, Variant.TAIWAN, source)
        == passage.emphasis
    )
    # A table converts whole: its tabs and newlines survive.
    assert shown[4].text == "軟體\t數量\n網際網路\t3"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
        ("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"),
        ("mailto:a@example.com", "mailto:a@example.com"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("./other.md", None),
        ("https:relative", None),
        ("https://example.com/\x1b[31mred", "https://example.com/red"),
    ],
)
def test_openable_url(url: str, expected: str | None) -> None:
    assert openable_url(url) == expected


async def test_the_app_opens_a_link_of_a_converted_report(
    tmp_path: Path, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    library = Library([Report(KEY, (edition(tmp_path / "900.md"),))])
    app = TrendReaderApp(paths=app_paths, library=library, variant=Variant.TAIWAN, open_key=KEY)
    app.INDEX_DELAY = 3600.0
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await chrome_ready(pilot)
        await until(pilot, lambda: len(app.reader.passages) == 7, "the report is shown")
        assert app.reader.passages[1].text == "訪問網際網路上的軟體報告"
        await pilot.press("j", "o")
        await until(pilot, lambda: bool(opened), "the link opened")
        assert opened == ["https://example.com/net"]
        screen = [app.reader.render_line(y).text for y in range(30)]
        assert any("3. 第三項" in row for row in screen)  # list number kept, converted text
        assert any("    y = x * 2" in row for row in screen)  # code verbatim
        assert any("[圖：軟體截圖]" in row for row in screen)  # the marker in 繁體 too
