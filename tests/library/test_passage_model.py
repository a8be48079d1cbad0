"""A passage's own constructor sets every field it is given (and nothing else), and the
anchors of an edition's passages, folded as one text, are each passage's own anchor."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trendreader.library.model import Passage, PassageKind, passage_anchor, passage_anchors


def _distinct_values() -> dict[str, object]:
    return {
        "doc_key": "key",
        "ordinal": 7,
        "kind": PassageKind.LIST,
        "text": "臺灣的晶片",
        "emphasis": ((0, 2),),
        "level": 3,
        "anchor": "anchor",
        "number": 4,
        "depth": 2,
        "language": "python",
        "spans": ((1, 2, "code"),),
        "links": ((0, 1, "https://example.org"),),
        "page": 9,
    }


def test_every_field_is_set_from_its_own_argument_by_position_and_by_name() -> None:
    values = _distinct_values()
    names = [f.name for f in dataclasses.fields(Passage)]
    assert names == list(values)
    for passage in (Passage(*values.values()), Passage(**values)):  # type: ignore[arg-type]
        assert {name: getattr(passage, name) for name in names} == values


def test_defaults_and_a_missing_anchor_is_the_texts() -> None:
    passage = Passage("k", 0, PassageKind.PARAGRAPH, "一段文字。")
    assert (passage.emphasis, passage.level, passage.number, passage.depth) == ((), 0, None, 0)
    assert (passage.language, passage.spans, passage.links, passage.page) == ("", (), (), None)
    assert passage.anchor == passage_anchor("一段文字。")


def test_a_passage_stays_frozen_equal_and_hashable() -> None:
    a = Passage(*_distinct_values().values())  # type: ignore[arg-type]
    b = Passage(**_distinct_values())  # type: ignore[arg-type]
    assert a == b and hash(a) == hash(b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "改"  # type: ignore[misc]
    assert dataclasses.replace(a, text="改").text == "改"


@given(
    st.lists(
        st.text(st.sampled_from("臺灣晶片台湾芯片 \n\t\u3000abc\x00𠀀。"), max_size=12), max_size=8
    )
)
def test_the_anchors_of_many_texts_are_each_texts_anchor(texts: list[str]) -> None:
    """Traditional and simplified text, spaces of every kind, characters beyond the BMP,
    and a NUL (the separator of the one folding, so those texts are anchored one by one)."""
    assert passage_anchors(texts) == [passage_anchor(text) for text in texts]
