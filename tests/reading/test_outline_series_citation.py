"""The outline, series labels and citations (pure)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trendreader.library.model import Edition, Metadata, Passage, PassageKind, Report, Script
from trendreader.reading.citation import citation, passage_text
from trendreader.reading.outline import Section, current_section, indent_levels, outline
from trendreader.reading.series import distinct_tail, series_labels, series_stem
from trendreader.script.variants import Variant


def edition(passages: list[tuple[PassageKind, str, int]], **meta: object) -> Edition:
    return Edition(
        key="k1",
        path=Path("x.md"),
        script=Script.SIMPLIFIED,
        encoding="utf-8",
        meta=Metadata(**meta),  # type: ignore[arg-type]
        passages=tuple(
            Passage("k1", n, kind, text, level=level)
            for n, (kind, text, level) in enumerate(passages)
        ),
        content_hash="h",
    )


H, P = PassageKind.HEADING, PassageKind.PARAGRAPH
DOC = edition(
    [(H, "发展报告", 1), (P, "引言。", 0), (H, "芯片", 2), (P, "正文", 0), (H, "电池", 3)],
    title="发展报告",
    author="张三",
    date=datetime(2024, 3, 5),
    source="某网站",
)


def test_outline_lists_headings_with_levels_in_the_script_shown() -> None:
    sections = outline(DOC, Variant.TRADITIONAL)
    assert [(s.ordinal, s.level, s.title) for s in sections] == [
        (0, 1, "發展報告"),
        (2, 2, "芯片"),
        (4, 3, "電池"),
    ]
    assert indent_levels(sections) == [0, 1, 2]


def test_current_section_is_the_heading_above_the_cursor() -> None:
    sections = [Section(2, 2, "a"), Section(5, 2, "b")]
    assert current_section(sections, 0) is None
    assert current_section(sections, 2) == 0
    assert current_section(sections, 4) == 0
    assert current_section(sections, 9) == 1


def test_series_titles_show_what_differs_first() -> None:
    titles = [
        "科技爱好者周刊（第 179 期）：AR 技术的打开方式",
        "科技爱好者周刊：第 82 期",
        "科技爱好者周刊（第 2 期）",
        "2025年，6大机会",
    ]
    assert series_labels(titles) == [
        "第 179 期：AR 技术的打开方式 · 科技爱好者周刊",
        "第 82 期 · 科技爱好者周刊",
        "第 2 期 · 科技爱好者周刊",
        "2025年，6大机会",
    ]
    assert series_labels(titles[:2]) == titles[:2]  # two titles are no series
    assert series_stem("AI（上）") == ""  # too short a stem
    assert distinct_tail("科技爱好者周刊（第 1 期）", "科技爱好者周刊") == "第 1 期"


def test_citation_names_title_author_date_source_in_the_script_shown() -> None:
    report = Report(key="k1", editions=(DOC,))
    passage = DOC.passages[3]
    assert passage_text(DOC, passage, Variant.TAIWAN) == "正文"
    text = citation(report, DOC, passage, Variant.TRADITIONAL)
    assert text == "“正文”\n— 張三, 《發展報告》, 2024-03-05, 某網站"


def test_citation_leaves_out_what_is_unknown() -> None:
    bare = edition([(P, "只有正文\u202e", 0)])
    report = Report(key="k1", editions=(bare,))
    assert citation(report, bare, bare.passages[0], Variant.ORIGINAL).startswith("“只有正文")
    assert "\u202e" not in citation(report, bare, bare.passages[0], Variant.ORIGINAL)


def test_a_fragment_link_finds_its_heading() -> None:
    from trendreader.reading.outline import section_for_fragment, slug

    sections = [Section(0, 1, "芯片 与 AI"), Section(4, 2, "结语")]
    assert slug("芯片 与 AI！") == "芯片-与-ai"
    assert section_for_fragment(sections, "#芯片-与-ai") == sections[0]
    assert section_for_fragment(sections, "#%E7%BB%93%E8%AF%AD") == sections[1]  # 结语, quoted
    assert section_for_fragment(sections, "#别处") is None
    assert section_for_fragment(sections, "#") is None


def test_a_number_after_第_keeps_its_第() -> None:
    titles = ["每周分享第 1 期", "每周分享第 2 期", "每周分享第 10 期"]
    assert series_labels(titles) == [
        "第 1 期 · 每周分享",
        "第 2 期 · 每周分享",
        "第 10 期 · 每周分享",
    ]
