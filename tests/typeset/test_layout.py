"""The pane's line geometry: separators, kinds, lazy wrapping, Fenwick lookups."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trendreader.library.model import Passage, PassageKind
from trendreader.typeset.layout import (
    DisplayPassage,
    Layout,
    _Fenwick,
    blank_lines_before,
    estimate_lines,
)
from trendreader.typeset.wrap import wrap_passage

H, P, Q, L = PassageKind.HEADING, PassageKind.PARAGRAPH, PassageKind.QUOTE, PassageKind.LIST


def dp(kind: PassageKind, text: str) -> DisplayPassage:
    return DisplayPassage(kind, text)


def test_separators() -> None:
    passages = [dp(H, "标题"), dp(P, "一"), dp(L, "甲"), dp(L, "乙"), dp(H, "二"), dp(Q, "引")]
    assert [blank_lines_before(passages, k) for k in range(6)] == [0, 1, 1, 0, 2, 1]


def test_layout_lines_and_positions() -> None:
    passages = [dp(H, "标题"), dp(P, "中" * 30), dp(Q, "引文" * 10), dp(L, "条目")]
    layout = Layout(passages, 20)
    # heading 1 line; paragraph: indent 4 -> 8 + 10 + 10 + 2 chars = 4 lines;
    # quote at width 18: 20 chars -> 9 + 9 + 2 = 3 lines; list 1 line.
    assert [layout.text_top(k) for k in range(4)] == [0, 2, 7, 11]
    assert [layout.text_bottom(k) for k in range(4)] == [0, 5, 9, 11]
    assert layout.height == 12
    refs = list(layout.iter_lines())
    assert [(r.index, r.row) for r in refs[:4]] == [(0, 0), (1, -1), (1, 0), (1, 1)]
    assert refs[2].line is not None and refs[2].line.indent == 4
    assert layout.passage_at(1) == 1
    assert layout.passage_at(6) == 2
    assert layout.passage_at(999) == 3
    assert layout.first_starting_in(3, 12) == 2


def test_lazy_layout_realizes_on_demand_and_keeps_earlier_positions() -> None:
    rng = random.Random(7)
    passages = [dp(P, "中文" * rng.randint(1, 120) + "。") for _ in range(300)]
    lazy = Layout(passages, 40, eager_chars=0)
    exact = Layout(passages, 40)
    assert exact.exact and not lazy.exact
    assert not lazy.is_realized(150)
    top = lazy.text_top(150)
    lazy.realize_lines(top, top + 30)
    assert lazy.is_realized(150)
    assert lazy.text_top(150) == top  # realizing from the view's top never moves it
    # Once everything is realized the lazy layout equals the eager one.
    for k in range(300):
        lazy.realize(k)
    assert lazy.exact
    assert lazy.height == exact.height
    assert [lazy.text_top(k) for k in range(300)] == [exact.text_top(k) for k in range(300)]


def test_estimate_is_close_for_chinese() -> None:
    text = "中文" * 100  # 400 cells
    assert estimate_lines(text, 40, 4) == len(wrap_passage(text, 40, indent=4))


def test_from_passage_keeps_emphasis_only_when_offsets_survive() -> None:
    passage = Passage("doc", 0, P, "芯片產業", emphasis=((0, 2),))
    assert DisplayPassage.from_passage(passage).emphasis == ((0, 2),)
    assert DisplayPassage.from_passage(passage, "芯片产业").emphasis == ((0, 2),)
    assert DisplayPassage.from_passage(passage, "晶片的產業").emphasis == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=1, max_size=60), st.data())
def test_fenwick_matches_prefix_sums(values: list[int], data: st.DataObject) -> None:
    tree = _Fenwick(values)
    values = list(values)
    for _ in range(5):
        index = data.draw(st.integers(0, len(values) - 1))
        delta = data.draw(st.integers(0, 5))
        values[index] += delta
        tree.add(index, delta)
    for count in range(len(values) + 1):
        assert tree.prefix(count) == sum(values[:count])
    total = sum(values)
    for y in range(total):
        k = tree.find(y)
        assert sum(values[:k]) <= y < sum(values[: k + 1])


def test_empty_layout() -> None:
    layout = Layout([], 40)
    assert layout.height == 0
    assert layout.line_at(0) is None
    with pytest.raises(IndexError):
        layout.passage_at(0)
