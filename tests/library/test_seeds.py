"""The parser on each real seed: the noise goes, the prose stays, metadata is right."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.conftest import SEEDS, seed_path
from trendreader.library.catalog import load_library
from trendreader.library.model import PassageKind, Script
from trendreader.library.parse import read_edition

NOISE = [
    "![",
    "](",
    "http",
    "mmbiz",
    "**",
    "返回列表页",
    "备份",
    "推荐阅读",
    "品牌推广",
    "请在公众号后台回复",
    "原创文章",
    "\x00",
    "\x01",
]


@pytest.fixture(scope="module")
def library():
    return load_library([SEEDS])


def texts(prefix: str) -> list[str]:
    return [p.text for p in read_edition(seed_path(prefix)).passages]


def headings(prefix: str) -> list[str]:
    return [p.text for p in read_edition(seed_path(prefix)).passages if p.kind == "heading"]


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_wechat_markdown_has_no_noise(prefix: str) -> None:
    body = "\n".join(texts(prefix))
    for noise in NOISE:
        assert noise not in body, noise


def test_001_keeps_all_prose_sections_and_ending() -> None:
    body = "\n".join(texts("001"))
    for sentence in [
        "几乎每年，我都会听到这样的声音",
        "每一个十年都存在它的机会",
        "马斯克却跟个没事人一样",
        "中国的中型运载火箭朱雀二号改进型",  # a block quote
        "L0无自动化",
        "而现在，又一起站在了固态电池的起跑线上",
        "拭目以待。",
        "《看DAO2025》，未尽研究",
    ]:
        assert sentence in body, sentence
    assert headings("001") == [
        "2025年，6大机会",
        "太空经济：航天平民化，太空资源先到先得",
        "人形机器人：未来，每个人都有一台",
        "推理芯片：预训练将死，必须开拓第二战线",
        "固态电池：不想被中国“卡脖子”，就得找别的出路",
        "自动驾驶：量产“五星司机”",
        "生物医药：全球人民的创新药“副厂”",
    ]


def test_001_keeps_bold_as_emphasis_and_inline_image_marker() -> None:
    edition = read_edition(seed_path("001"))
    passage = next(p for p in edition.passages if p.text.startswith("每一个十年"))
    start, end = passage.emphasis[0]
    assert passage.text[start:end] == "对新一代技术的漠视。"
    musk = next(p for p in edition.passages if p.text.startswith("马斯克却跟个没事人一样"))
    assert "有保障的。”[图]嗯。" in musk.text
    assert not any(p.text.startswith("[图]") for p in edition.passages)


def test_004_sections_and_soft_wrapped_lines() -> None:
    assert headings("004") == [
        "2024，7大机会",
        "空间计算",
        "具身智能",
        "AI助手",
        "基因编辑",
        "自动驾驶",
        "小模型",
        "AI短剧",
    ]
    body = "\n".join(texts("004"))
    assert "苹果的Vision Pro在美国正式开售" in body  # "Vision\nPro" joined
    assert "又带来了能力的“大”" in body  # a bold word wrapped onto its own line
    assert "今天我们重发一篇过往比较受欢迎的文章《2024，7大机会》，希望对你有所启发。" in body


def test_000_every_prose_line_in_order() -> None:
    raw = seed_path("000").read_text("utf-8").splitlines()
    header = {"主筆:木言聲 責編:二蔓", "來源:劉潤(ID:runliu-pub)", "文章已獲授權"}
    prose = [
        line.strip()
        for line in raw
        if line.strip() and line.strip() not in header and not line.startswith("http")
    ]
    passages = texts("000")
    position = 0
    for line in prose:
        expected = re.sub(r"^\d+、|^\*", "", line)  # list markers, a stray "*"
        assert expected in passages[position:], line
        position = passages.index(expected, position) + 1


def test_002_drops_advert_and_reads_date() -> None:
    edition = read_edition(seed_path("002"))
    assert edition.passages[0].text == '"卡脖子"不是中國硬科技唯一主題'
    assert edition.passages[0].kind == PassageKind.HEADING and edition.passages[0].level == 1
    assert edition.meta.date == datetime(2023, 1, 17, 20, 46)
    assert edition.meta.year == 2023
    body = "\n".join(p.text for p in edition.passages)
    assert "彌勒天書閣" not in body and "2023011720:46" not in body
    assert "-虎嗅-" not in body
    assert "面對「卡脖子」,我們的突破口與機會在哪裡?" in headings("002")


def test_003_headings_author_and_end_tail() -> None:
    edition = read_edition(seed_path("003"))
    assert edition.meta.title == "米磊:“四超”之下中國硬科技創新的前景與行動"
    assert edition.meta.author == "米磊"
    assert headings("003")[1:] == [
        "大國崛起的歷史邏輯",
        "硬科技的“四超”時代",
        "保持耐心,加大投入",
        "結語",
    ]
    body = "\n".join(p.text for p in edition.passages)
    assert "END" not in body and "開白名單" not in body
    assert body.endswith("開創人類文明更加美好的未來。")


@pytest.mark.parametrize(
    ("prefix", "script"),
    [
        ("000", "traditional"),
        ("001", "simplified"),
        ("002", "traditional"),
        ("003", "traditional"),
        ("004", "simplified"),
    ],
)
def test_script_of_each_seed(prefix: str, script: str) -> None:
    assert read_edition(seed_path(prefix)).script == Script(script)


def test_editions_000_and_001_are_one_report(library) -> None:
    keys = [[e.key[:3] for e in r.editions] for r in library.reports]
    assert ["000", "001"] in keys
    assert sorted(k for group in keys for k in group) == ["000", "001", "002", "003", "004"]
    assert len(library.reports) == 4


def test_reports_sorted_newest_first_and_titles(library) -> None:
    years = [r.year for r in library.reports]
    assert years == [2025, 2024, 2023, None]
    report, edition = library.find("000_933e302ea0e991db")
    assert edition.meta.title == "2025年，6大機會"  # borrowed from 001, in its own script
    assert report.edition("001_e66a1ed0cdcaae93").meta.title == "2025年，6大机会"


def test_anchors_are_stable_and_script_independent() -> None:
    first = read_edition(seed_path("001")).passages
    again = read_edition(seed_path("001")).passages
    assert [p.anchor for p in first] == [p.anchor for p in again]
    assert len({p.anchor for p in first}) > 0.95 * len(first)
