"""Short strings the user typed, shown in the reader's script (issue 16, item 3), and the
palette's matching across scripts."""

from __future__ import annotations

import pytest

from trendreader.script.display import show_user_text, show_user_texts
from trendreader.script.fold import fold_for_matching, palette_matches
from trendreader.script.variants import Variant

V = Variant


@pytest.mark.parametrize(
    ("typed", "variant", "shown"),
    [
        ("值得关注", V.TAIWAN, "值得關注"),
        ("值得关注", V.TRADITIONAL, "值得關注"),
        ("值得关注", V.SIMPLIFIED, "值得关注"),
        ("推理芯片", V.TAIWAN, "推理晶片"),
        ("推理芯片", V.TRADITIONAL, "推理芯片"),
        ("固态电池", V.TAIWAN, "固態電池"),
        ("推理晶片", V.SIMPLIFIED, "推理芯片"),  # Taiwan wording, told from the string itself
        ("網際網路", V.SIMPLIFIED, "互联网"),
        ("創新藥", V.SIMPLIFIED, "创新药"),
        ("生物醫藥", V.HONGKONG, "生物醫藥"),
        ("芯片[/]", V.TAIWAN, "晶片[/]"),
    ],
)
def test_user_strings(typed: str, variant: Variant, shown: str) -> None:
    assert show_user_text(typed, variant) == shown


@pytest.mark.parametrize("typed", ["值得关注 #芯片", "推理晶片", "", "ASCII only"])
def test_original_is_as_typed(typed: str) -> None:
    assert show_user_text(typed, V.ORIGINAL) is typed


def test_tags_and_aliases() -> None:
    assert show_user_texts(["芯片", "机会"], V.TAIWAN) == ["晶片", "機會"]
    assert show_user_texts(("生物醫藥", "创新药", "創新藥"), V.SIMPLIFIED) == [
        "生物医药",
        "创新药",
        "创新药",
    ]


@pytest.mark.parametrize(
    ("query", "title", "found"),
    [
        ("机会", "2025年，6大機會", True),
        ("機會", "2025年，6大机会", True),
        ("机會 2025", "2025年，6大机会", True),
        ("卡脖子 硬科技", '"卡脖子"不是中國硬科技唯一主題', True),
        ("DAO", "看dao2025", True),
        ("机会 2023", "2025年，6大机会", False),
        ("", "anything", True),
    ],
)
def test_palette_matches_across_scripts(query: str, title: str, found: bool) -> None:
    assert palette_matches(query, title) is found


def test_fold_for_matching_keeps_han_offsets() -> None:
    title = "米磊:“四超”之下中國硬科技創新"
    assert len(fold_for_matching(title)) == len(title)
    assert fold_for_matching(title).index("中国硬科技") == title.index("中國硬科技")
