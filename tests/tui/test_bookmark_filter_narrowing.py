"""The bookmarks filter, typed on: a query that only grew is filtered among the last
keystroke's matches (200,000 bookmarks: one pass over the few left, not over all)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trendreader.bookmarks.filtering import RowMatches, filter_matches, narrows
from trendreader.tui.bookmark_rows import filter_terms

WORDS = ["芯片", "晶片", "机器", "機器人", "电池", "AI", "ai芯", "固态", "固態電池", "车"]


def test_typing_on_is_narrower_and_a_new_word_too() -> None:
    assert narrows(filter_terms("机器人"), filter_terms("机器"))
    assert narrows(filter_terms("機器人"), filter_terms("机器"))  # either script
    assert narrows(filter_terms("机器 电池"), filter_terms("机器"))
    assert not narrows(filter_terms("机"), filter_terms("机器"))  # deleted a character
    assert not narrows(filter_terms("电池"), filter_terms("机器"))  # another word


@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join), min_size=1, max_size=60),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
)
def test_filtering_among_the_last_matches_gives_what_a_full_pass_gives(
    rows: list[str], words: list[str]
) -> None:
    haystacks = [r.casefold() for r in rows]
    query = ""
    matched: tuple[list[tuple[str, ...]], list[int]] | None = None
    for word in words:
        for end in range(1, len(word) + 1):  # typed one character at a time
            typed = (query + " " + word[:end]).strip()
            terms = filter_terms(typed)
            among = matched[1] if matched and narrows(terms, matched[0]) else None
            found = filter_matches(haystacks, terms, among)
            assert found == filter_matches(haystacks, terms)
            matched = (terms, found)
        query = (query + " " + word).strip()


def test_a_group_s_rows_are_sliced_from_the_sorted_matches() -> None:
    matches = RowMatches([0, 2, 3, 7, 8, 12])
    assert matches.range(0, 4) == [0, 2, 3]
    assert matches.range(4, 8) == [7]
    assert matches.range(8, 20) == [8, 12]
    assert matches.range(9, 12) == []
