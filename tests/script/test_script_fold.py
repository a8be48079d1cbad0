"""The 1:1 character fold used for anchors, edition matching and the search index."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import seed_path
from trendreader.script.convert import convert
from trendreader.script.fold import fold_to_simplified, t2s_table


def test_traditional_characters_fold_and_simplified_ones_stay() -> None:
    assert fold_to_simplified("什麼網際網路晶片機器人") == "什么网际网路晶片机器人"
    # 么 is simplified already: a Taiwan table would turn it into 幺
    assert fold_to_simplified("什么这么") == "什么这么"


def test_simplified_seed_text_is_a_fixed_point() -> None:
    text = seed_path("001").read_text("utf-8")
    folded = fold_to_simplified(text)
    changed = [(a, b) for a, b in zip(text, folded, strict=True) if a != b]
    assert len(changed) < 5, changed[:10]


def test_fold_agrees_with_opencc_t2s_on_a_traditional_seed() -> None:
    text = seed_path("003").read_text("utf-8")[:3000]
    expected = convert(text, "t2s")
    if len(expected) == len(text):
        mismatches = sum(
            1 for a, b in zip(fold_to_simplified(text), expected, strict=True) if a != b
        )
        assert mismatches <= len(text) // 200


@given(st.text(max_size=200))
def test_length_never_changes(text: str) -> None:
    assert len(fold_to_simplified(text)) == len(text)


_KEYS = sorted(t2s_table())
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from([chr(k) for k in _KEYS[:: max(1, len(_KEYS) // 400)]]),  # changed
        st.characters(codec="utf-8"),  # anything, astral included
        st.sampled_from("简体中文的报告，芯片与电池。ABC abc 123"),  # unchanged
    ),
    max_size=40,
)


@given(_TEXT)
def test_text_with_nothing_to_change_is_returned_as_it_is_and_the_rest_translated(
    text: str,
) -> None:
    """The quick path (no character of the table in the text: returned as it is) gives what
    the table gives, for any text."""
    assert fold_to_simplified(text) == text.translate(t2s_table())


@given(
    st.lists(st.tuples(_TEXT, st.integers(min_value=0, max_value=3_000)), max_size=8),
    st.sampled_from("简体中文的报告芯片与电池 ABC"),
)
def test_long_text_sparse_or_dense_in_changes_folds_as_the_table_gives(
    pieces: list[tuple[str, int]], filler: str
) -> None:
    """Long text with its changed characters far apart (each replaced alone) or close
    together (the text translated whole), or sparse first and dense later: always what the
    table gives."""
    text = "".join(piece + filler * gap for piece, gap in pieces)
    assert fold_to_simplified(text) == text.translate(t2s_table())


def test_a_traditional_report_and_a_simplified_one_quoting_it_fold_alike() -> None:
    traditional = seed_path("000").read_text("utf-8")
    quoting = ("这是简体的报告，" * 200).join(traditional[i : i + 3] for i in range(0, 3_000, 300))
    for text in (traditional, quoting):
        assert fold_to_simplified(text) == text.translate(t2s_table())
    assert fold_to_simplified(traditional) != traditional
