"""CJK line wrapping: unit tests on seed sentences and hypothesis properties."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes

from tests.conftest import seed_path
from trendreader.library.parse import read_edition
from trendreader.typeset.wrap import (
    NO_END,
    NO_START,
    WHITESPACE,
    WrappedLine,
    clip_ranges,
    wrap_passage,
)


def texts(text: str, lines: list[WrappedLine]) -> list[str]:
    return [text[line.start : line.end] for line in lines]


def seed_paragraphs(prefix: str) -> list[str]:
    """The seed's passages as the library hands them to the pane (noise removed)."""
    edition = read_edition(seed_path(prefix))
    return [p.text for p in edition.passages if len(p.text) > 30]


# --------------------------------------------------------------------------- unit tests


def test_empty_text_gives_one_empty_line() -> None:
    assert wrap_passage("", 20) == [WrappedLine(0, 0, 0)]


def test_pure_cjk_fills_every_line() -> None:
    text = "中" * 25
    lines = wrap_passage(text, 20)
    assert [line.width for line in lines] == [20, 20, 10]
    assert [(line.start, line.end) for line in lines] == [(0, 10), (10, 20), (20, 25)]


def test_odd_width_leaves_one_cell() -> None:
    lines = wrap_passage("中" * 10, 7)
    assert [line.width for line in lines] == [6, 6, 6, 2]


def test_line_never_starts_with_closing_punctuation() -> None:
    # Natural break would put "。" first on line two: the previous character comes down.
    text = "一二三四五六七八九十。後文"
    lines = wrap_passage(text, 20)
    assert texts(text, lines) == ["一二三四五六七八九", "十。後文"]


def test_two_closing_marks_pull_two_back() -> None:
    text = "一二三四五六七八九」。後文"
    lines = wrap_passage(text, 18)
    assert texts(text, lines) == ["一二三四五六七八", "九」。後文"]


def test_line_never_ends_with_opening_bracket() -> None:
    text = "一二三四五六七八九《書名》"
    lines = wrap_passage(text, 20)
    assert texts(text, lines) == ["一二三四五六七八九", "《書名》"]


def test_curly_quote_is_one_cell_and_opening() -> None:
    text = "一二三四五六七八九“原因”"
    # 九 ends at 18 cells; “ (1 cell) would fit at 19 but may not end the line.
    lines = wrap_passage(text, 19)
    assert texts(text, lines) == ["一二三四五六七八九", "“原因”"]
    assert lines[1].width == 6


def test_latin_word_is_not_split() -> None:
    text = "我们使用internationalization技术"
    lines = wrap_passage(text, 20)
    assert texts(text, lines) == ["我们使用", "internationalization", "技术"]


def test_word_longer_than_line_is_hard_split() -> None:
    text = "abcdefghijklmnopqrstuvwxyz"
    lines = wrap_passage(text, 10)
    assert texts(text, lines) == ["abcdefghij", "klmnopqrst", "uvwxyz"]


def test_spaces_at_breaks_are_dropped_offsets_kept() -> None:
    text = "hello world and more words"
    lines = wrap_passage(text, 11)
    assert texts(text, lines) == ["hello world", "and more", "words"]
    assert text[lines[0].end : lines[1].start] == " "


def test_number_with_unit_stays_together() -> None:
    text = "一二三四五六七八增长3.5%的"
    lines = wrap_passage(text, 20)
    assert texts(text, lines) == ["一二三四五六七八增长", "3.5%的"]


def test_half_width_comma_after_cjk_cannot_start_a_line() -> None:
    text = "幾乎每年一二三四五六,我都會"
    lines = wrap_passage(text, 20)
    assert texts(text, lines)[1][0] != ","
    assert texts(text, lines) == ["幾乎每年一二三四五", "六,我都會"]


def test_first_line_indent() -> None:
    text = "中" * 20
    lines = wrap_passage(text, 20, indent=4)
    assert lines[0] == WrappedLine(0, 8, 16, 4)
    assert lines[1].indent == 0
    assert lines[1].width == 20


def test_indent_is_capped_on_tiny_widths() -> None:
    lines = wrap_passage("中文", 3, indent=4)
    assert lines[0].indent == 1
    assert all(line.indent + line.width <= 3 for line in lines)


def test_newline_forces_a_break() -> None:
    text = "第一行\n\n第三行"
    lines = wrap_passage(text, 40)
    assert texts(text, lines) == ["第一行", "", "第三行"]
    assert [line.start for line in lines] == [0, 4, 5]


def test_overwide_cluster_fallback() -> None:
    # Width 1 cannot hold a CJK character: each gets a line of its own (documented).
    lines = wrap_passage("中文", 1)
    assert [(line.start, line.end, line.width) for line in lines] == [(0, 1, 2), (1, 2, 2)]


def test_emoji_zwj_sequence_is_one_unit() -> None:
    family = "👨\u200d👩\u200d👧"
    text = "一二三四" + family + "五"
    lines = wrap_passage(text, 9)
    assert texts(text, lines) == ["一二三四", family + "五"]
    assert lines[1].width == cell_len(family + "五") == 4


def test_combining_mark_stays_with_base() -> None:
    text = "cafe\u0301 cafe\u0301"
    lines = wrap_passage(text, 5)
    assert texts(text, lines) == ["cafe\u0301", "cafe\u0301"]


def test_emphasis_is_clipped_per_line() -> None:
    text = "中" * 15
    lines = wrap_passage(text, 20, ((8, 12),))
    assert lines[0].emphasis == ((8, 10),)
    assert lines[1].emphasis == ((10, 12),)


def test_clip_ranges() -> None:
    assert clip_ranges([(5, 9), (0, 2), (3, 3)], 1, 6) == ((1, 2), (5, 6))


@pytest.mark.parametrize("width", [20, 40, 80])
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_paragraphs(prefix: str, width: int) -> None:
    for text in seed_paragraphs(prefix):
        lines = wrap_passage(text, width, indent=4)
        check_invariants(text, lines, width, 4)
        shown = texts(text, lines)
        for before, after in itertools.pairwise(shown):
            assert after[0] not in NO_START, (before, after)
            assert before[-1] not in NO_END, (before, after)
        check_breaks(text, lines, width, 4)


def test_seed_sentence_at_20() -> None:
    text = "漸漸,我也有了一些體會:錯過這十年不要緊。要緊的,是你錯過這十年的“原因”。"
    lines = wrap_passage(text, 20)
    assert texts(text, lines) == [
        "漸漸,我也有了一些體",
        "會:錯過這十年不要",
        "緊。要緊的,是你錯過",
        "這十年的“原因”。",
    ]


# --------------------------------------------------------------------------- properties


def clusters(text: str) -> tuple[list[int], list[int]]:
    """Grapheme cluster starts and widths, whitespace split off (the spec's units)."""
    starts: list[int] = []
    widths: list[int] = []
    for a, b, _ in split_graphemes(text)[0]:
        if text[a] in WHITESPACE and b - a > 1:
            starts.append(a)
            widths.append(cell_len(text[a]))
            a += 1
        starts.append(a)
        widths.append(cell_len(text[a:b]))
    return starts, widths


def all_clusters(text: str) -> tuple[list[int], list[int]]:
    """Clusters of each newline-free segment (a newline is a cluster of its own)."""
    starts: list[int] = []
    widths: list[int] = []
    offset = 0
    for segment in text.split("\n"):
        seg_starts, seg_widths = clusters(segment)
        starts.extend(offset + s for s in seg_starts)
        widths.extend(seg_widths)
        offset += len(segment)
        starts.append(offset)
        widths.append(0)
        offset += 1
    return starts[:-1], widths[:-1]


def legal_break(text: str, line_start: int, at: int, *, strict: bool) -> bool:
    """May a line starting at offset ``line_start`` break before offset ``at``?

    Relaxed rule: the line is not empty, the next line does not start with a NO_START
    character and this one does not end with a NO_END character. Strict rule: also, there is
    whitespace at the break or one of the two characters around it is wide.
    """
    before = text[line_start:at].rstrip("".join(WHITESPACE))
    if not before:
        return False
    rest = text[at:].lstrip("".join(WHITESPACE))
    if not rest:
        return True
    last_starts, last_widths = clusters(before)
    last_base = before[last_starts[-1]]  # a cluster counts as its base character
    if rest[0] in NO_START or last_base in NO_END:
        return False
    if not strict or len(text[line_start:at]) != len(before) or rest != text[at:]:
        return True
    return last_widths[-1] >= 2 or clusters(rest)[1][0] >= 2


def check_invariants(text: str, lines: list[WrappedLine], width: int, indent: int) -> None:
    assert lines
    gap_chars = WHITESPACE | {"\n"}
    position = 0
    for number, line in enumerate(lines):
        assert position <= line.start <= line.end <= len(text)
        gap = text[position : line.start]
        assert set(gap) <= gap_chars, (gap, number)
        shown = text[line.start : line.end]
        assert "\n" not in shown
        assert line.width == cell_len(shown)
        if shown:
            assert shown[-1] not in WHITESPACE
        if number:
            assert line.indent == 0
            if shown and "\n" not in gap:
                assert shown[0] not in WHITESPACE
        wide_single = len(clusters(shown)[0]) == 1 and line.width > width
        assert line.indent + line.width <= width or wide_single, (shown, line)
        position = line.end
    assert set(text[position:]) <= gap_chars
    # Every newline is a break, and nothing else is lost.
    assert sum(text[a.end : b.start].count("\n") for a, b in itertools.pairwise(lines)) == (
        text.count("\n") - text[: lines[0].start].count("\n") - text[lines[-1].end :].count("\n")
    )


def check_breaks(text: str, lines: list[WrappedLine], width: int, indent: int) -> None:
    """Each break is the last legal one in reach; an illegal one only when unavoidable."""
    for number, (line, after) in enumerate(itertools.pairwise(lines)):
        if "\n" in text[line.end : after.start] or not text[line.start : line.end]:
            continue
        at = after.start
        starts, widths = all_clusters(text)
        index = {s: k for k, s in enumerate(starts)}
        first = index[line.start]
        # The overflow point: the first cluster that does not fit on the line.
        avail = width - (line.indent if number == 0 else 0)
        used, j = 0, first
        while j < len(starts) and used + widths[j] <= avail:
            used += widths[j]
            j += 1
        reach = [s for s in starts[first + 1 : j + 1] if s <= len(text)]
        if j == first:  # a single cluster wider than the line
            continue
        for strict in (True, False):
            if legal_break(text, line.start, at, strict=strict):
                # Nothing legal (at this level) later within reach.
                later = [p for p in reach if p > at]
                assert not any(legal_break(text, line.start, p, strict=strict) for p in later), (
                    text[line.start : at],
                    strict,
                )
                break
            # Unavoidable: no boundary in the line is legal at this level.
            assert not any(legal_break(text, line.start, p, strict=strict) for p in reach), (
                text[line.start : at],
                strict,
            )


CJK = "中文技术芯片人形机器自动驾驶研究報告發展趨勢"
PUNCT = "。，、；：？！」』）》〉】〕…「『（《〈【〔“”‘’,.;:?!()[]—·％"
LATIN = "abcXYZ019_'-."
EMOJI = ["😀", "👍", "👨\u200d👩\u200d👧", "❤\ufe0f", "🇨🇳"]
COMBINING = ["e\u0301", "a\u0308", "\u0301"]

pieces = st.one_of(
    st.text(alphabet=CJK, min_size=1, max_size=8),
    st.text(alphabet=LATIN, min_size=1, max_size=14),
    st.text(alphabet=PUNCT, min_size=1, max_size=3),
    st.sampled_from([" ", "  ", "\u3000", "\n"]),
    st.sampled_from(EMOJI),
    st.sampled_from(COMBINING),
)
passages = st.lists(pieces, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=passages, width=st.integers(6, 90), indent=st.sampled_from([0, 4]))
@example(text="中" * 5 + "。。。。。。。。。。。", width=6, indent=0)
@example(text="（（（（（（（（（中", width=6, indent=0)
@example(text="ab " + "x" * 20 + " 。", width=6, indent=4)
def test_wrap_properties(text: str, width: int, indent: int) -> None:
    lines = wrap_passage(text, width, indent=indent)
    check_invariants(text, lines, width, indent)
    check_breaks(text, lines, width, indent)


@settings(max_examples=200, deadline=None)
@given(text=passages, width=st.integers(1, 5))
def test_tiny_widths_never_lose_text(text: str, width: int) -> None:
    lines = wrap_passage(text, width)
    check_invariants(text, lines, width, 0)


def test_unavoidable_closing_run_is_split() -> None:
    text = "中" + "。" * 10
    lines = wrap_passage(text, 6)
    shown = texts(text, lines)
    assert "".join(shown) == text
    assert all(line.width <= 6 for line in lines)
    assert shown[1][0] == "。"  # nothing else could start the line


def test_property_checker_can_fail() -> None:
    # A hand-made bad wrap (line starting with 。 although a break before 十 was legal).
    text = "一二三四五六七八九十。後文"
    bad = [WrappedLine(0, 10, 20), WrappedLine(10, 13, 6)]
    with pytest.raises(AssertionError):
        check_breaks(text, bad, 20, 0)
