"""Encodings, bad input, sidecars and untrusted text in report files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trendreader.library.catalog import load_library
from trendreader.library.model import PassageKind, Script
from trendreader.library.parse import ReportFileError, parse_text, read_edition

SIMPLIFIED = (
    "固态电池：不想被中国卡脖子，就得找别的出路。\n现在的固态电池依然离不开锂，依然还很贵。\n"
)
TRADITIONAL = (
    "固態電池：不想被中國卡脖子，就得找別的出路。\n現在的固態電池依然離不開鋰，依然還很貴。\n"
)


@pytest.mark.parametrize(
    ("encoding", "text", "script"),
    [
        ("gbk", SIMPLIFIED, Script.SIMPLIFIED),
        ("gb18030", SIMPLIFIED, Script.SIMPLIFIED),
        ("big5", TRADITIONAL, Script.TRADITIONAL),
        ("utf-8-sig", TRADITIONAL, Script.TRADITIONAL),
        ("utf-8", SIMPLIFIED, Script.SIMPLIFIED),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, text: str, script: Script) -> None:
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    edition = read_edition(path)
    assert edition.script == script
    assert edition.passages[0].text.startswith(text[:6])
    assert "\ufeff" not in edition.full_text()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xff\xfe\x00\xd8bad", "not text: 2 of 3 characters are not UTF-16"),
        (b"\xef\xbb\xbf\xff\xfe\xfd" * 40, "characters are not UTF-8"),
    ],
)
def test_bad_files_are_refused_with_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReportFileError) as error:
        read_edition(path)
    message = str(error.value)
    assert reason in message and "bad.txt" in message and "\n" not in message


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("机器人。\n" * 1000, "utf-8")
    with pytest.raises(ReportFileError, match="over the size limit"):
        read_edition(path, max_bytes=1000)


def test_library_lists_good_files_and_reports_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# 标题\n\n正文第一段。\n", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ignored.docx").write_bytes(b"PK")
    library = load_library([tmp_path])
    assert [r.key for r in library.reports] == ["good"]
    assert [p.path.name for p in library.problems] == ["empty.txt"]


def test_control_sequences_are_stripped_and_markup_kept_literal(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(
        "标题\n正文\x1b[31m红色\x1b[0m，\x07响铃\x1b]0;title\x07。"
        "[bold]不是粗体[/bold] [link=x]y[/link]\n",
        "utf-8",
    )
    text = read_edition(path).full_text()
    assert "\x1b" not in text and "\x07" not in text
    assert "正文红色，响铃。[bold]不是粗体[/bold] [link=x]y[/link]" in text


def test_sidecar_overrides_metadata(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("一个标题\n正文第一段，很长很长的一段话。\n", "utf-8")
    (tmp_path / "r.meta.toml").write_text(
        'title = "覆盖的标题"\nauthor = "某人"\ndate = 2022-05-06\nsource = "某处"\n', "utf-8"
    )
    meta = read_edition(path).meta
    assert (meta.title, meta.author, meta.source, meta.year) == ("覆盖的标题", "某人", "某处", 2022)
    assert meta.date == datetime(2022, 5, 6)


def test_broken_sidecar_is_one_line_and_the_report_loads(tmp_path: Path) -> None:
    """A sidecar that is not TOML: guessed metadata, one line naming it, the file untouched."""
    path = tmp_path / "r.txt"
    path.write_text("正文。\n", "utf-8")
    sidecar = tmp_path / "r.meta.toml"
    sidecar.write_text("title = \n", "utf-8")
    library = load_library([tmp_path])
    assert [r.key for r in library.reports] == ["r"]
    (problem,) = library.problems
    assert "r.meta.toml" in problem.reason and not problem.skipped
    assert "\n" not in problem.reason
    assert sidecar.read_text("utf-8") == "title = \n"


def test_malformed_markdown_does_not_break(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    nested = ">" * 500 + " 深" + "\n" + "[" * 2000 + "](" * 500 + "\n" + "**" * 999 + "\n"
    path.write_text("# 题\n" + nested + "![](http://x\n" + "正文。\n", "utf-8")
    edition = read_edition(path)
    assert edition.passages[0].text == "题"
    assert "正文。" in edition.full_text()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["a.md", "a.txt"]))
def test_parser_never_raises_and_never_shows_controls(text: str, name: str) -> None:
    passages, _script, _meta = parse_text("k", Path(name), text)
    for passage in passages:
        if passage.kind != PassageKind.CODE:  # code keeps its leading spaces, verbatim
            assert passage.text == passage.text.strip()
        allowed = "\n\t" if passage.kind in (PassageKind.CODE, PassageKind.TABLE) else ""
        bad = [
            c for c in passage.text if (ord(c) < 32 and c not in allowed) or 0x7F <= ord(c) < 0xA0
        ]
        assert not bad, (passage.kind, bad)
        for start, end in passage.emphasis:
            assert 0 <= start < end <= len(passage.text)


def test_pathological_files_parse(tmp_path: Path) -> None:
    """A 3 MB single line, a file of U+FFFD, and 20,000 nested quote markers."""
    long_line = tmp_path / "long.txt"
    long_line.write_text("标题\n" + "很长的一行没有换行，" * 300_000 + "\n", "utf-8")
    replacement = tmp_path / "fffd.txt"
    replacement.write_text(("\ufffd" * 80 + "\n") * 2000, "utf-8")
    nested = tmp_path / "nested.md"
    nested.write_text("# 题\n\n" + ">" * 20_000 + " 深\n\n" + "- " * 5_000 + "项\n", "utf-8")
    assert len(read_edition(long_line).passages[1].text) == 3_000_000
    assert read_edition(replacement).passages
    assert "深" in read_edition(nested).full_text()


@pytest.mark.parametrize(
    ("controls", "binary"),
    [
        (b"\x01" * 9, False),
        (b"\x01" * 11, True),
        (b"\x1f\x07\x08" * 4, True),
        (b"\t\n\f\r\x1b" * 20, False),
    ],
)
def test_control_bytes_past_a_tenth_mean_binary(controls: bytes, binary: bool) -> None:
    """No NUL byte: more than 10% C0 control bytes (tab, newlines, form feed, escape aside)
    make a file binary."""
    from trendreader.library.encoding import looks_binary

    text = controls + b"a" * (100 - len(controls)) if len(controls) < 100 else controls
    assert looks_binary(text) is binary


def test_a_marked_file_keeps_a_stray_bad_character(tmp_path: Path) -> None:
    """UTF-16 with a byte order mark: one character that does not decode is replaced, the
    report is read (more than one in a hundred: not text, refused above)."""
    body = SIMPLIFIED * 4
    data = b"\xff\xfe" + body.encode("utf-16-le") + b"\x00\xd8" + "尾。".encode("utf-16-le")
    path = tmp_path / "marked.txt"
    path.write_bytes(data)
    edition = read_edition(path)
    assert edition.encoding == "utf-16" and edition.script == Script.SIMPLIFIED
    assert edition.full_text().count("\ufffd") == 1
    for encoding in ("utf-16", "utf-8-sig"):  # whole files with a mark read as they are
        path.write_bytes(TRADITIONAL.encode(encoding))
        assert read_edition(path).passages[0].text.startswith(TRADITIONAL[:6])


def test_a_marked_file_that_holds_replacement_characters_itself_is_read(
    tmp_path: Path,
) -> None:
    """U+FFFD written in the text (a re-saved report) is text: only bytes that do not decode
    count against a file with a byte order mark, and the message names the encoding."""
    text = "固态电池\ufffd的报告\ufffd。" * 10
    path = tmp_path / "marked.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_edition(path).full_text().count("\ufffd") == 20
    path.write_bytes(b"\xef\xbb\xbf" + b"\xff\xfe" * 30 + "正文。".encode())
    with pytest.raises(ReportFileError, match=r"are not UTF-8$"):
        read_edition(path)
