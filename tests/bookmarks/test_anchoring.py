from __future__ import annotations

from pathlib import Path

import pytest
from bm_helpers import make_passages
from hypothesis import given, settings
from hypothesis import strategies as st

from trendreader.bookmarks.anchoring import reanchor
from trendreader.bookmarks.model import Bookmark, make_excerpt
from trendreader.bookmarks.store import BookmarkStore

TEXTS = [
    "一、芯片產業的新格局",
    "二〇二三年，全球半導體市場經歷了劇烈的調整，存儲芯片價格大幅下跌，廠商紛紛減產。",
    "與此同時，人工智能帶動的算力需求持續高漲，高端圖形處理器供不應求。",
    "二、人工智能的應用落地",
    "大模型從實驗室走向產業，金融、醫療、教育等行業都在探索新的應用場景。",
]
KEY = "r1"


def _bookmark_all(store: BookmarkStore) -> list[Bookmark]:
    passages = make_passages(KEY, TEXTS)
    return [store.add(KEY, "報告", p, note=f"n{p.ordinal}") for p in passages]


def test_paragraph_inserted_above_shifts_ordinals_anchor_matches(store: BookmarkStore) -> None:
    before = _bookmark_all(store)
    edited = make_passages(KEY, [TEXTS[0], "新插入的一段話，講的是別的事情。", *TEXTS[1:]])
    after = store.reanchor(KEY, edited)
    assert [b.ordinal for b in after] == [0, 2, 3, 4, 5]
    assert [b.anchor for b in after] == [b.anchor for b in before]
    assert [b.excerpt for b in after] == [b.excerpt for b in before]
    assert not any(b.orphaned for b in after)
    assert store.list_bookmarks(KEY) == after  # written to the store
    assert [b.note for b in after] == [b.note for b in before]


def test_edited_passage_is_found_by_excerpt(store: BookmarkStore) -> None:
    before = _bookmark_all(store)
    changed = TEXTS[2].replace("持續高漲", "依然十分旺盛")
    edited = make_passages(KEY, [*TEXTS[:2], changed, *TEXTS[3:]])
    after = store.reanchor(KEY, edited)
    moved = after[2]
    assert moved.id == before[2].id
    assert moved.anchor == edited[2].anchor != before[2].anchor
    assert moved.ordinal == 2
    assert moved.excerpt == before[2].excerpt  # the stored excerpt is never rewritten
    assert not moved.orphaned
    assert moved.note == "n2"
    assert store.get(moved.id) == moved


def test_edited_and_moved_passage_prefers_best_then_nearest(store: BookmarkStore) -> None:
    before = _bookmark_all(store)
    changed = TEXTS[4].replace("探索", "嘗試")
    edited = make_passages(KEY, [changed, *TEXTS[:4]])  # moved to the top and edited
    after = store.reanchor(KEY, edited)
    assert after[4].id == before[4].id
    assert (after[4].ordinal, after[4].anchor, after[4].orphaned) == (0, edited[0].anchor, False)


def test_deleted_passage_is_orphaned_and_still_listed(store: BookmarkStore) -> None:
    before = _bookmark_all(store)
    edited = make_passages(KEY, [t for i, t in enumerate(TEXTS) if i != 4])
    after = store.reanchor(KEY, edited)
    assert [b.orphaned for b in after] == [False, False, False, False, True]
    gone = store.get(before[4].id)
    assert gone is not None and gone.orphaned
    # what identified it is kept, so it can come back
    assert (gone.anchor, gone.ordinal, gone.excerpt, gone.note) == (
        before[4].anchor,
        before[4].ordinal,
        before[4].excerpt,
        before[4].note,
    )
    assert store.count() == 5
    # the passage comes back: the bookmark is found again
    again = store.reanchor(KEY, make_passages(KEY, TEXTS))
    assert not any(b.orphaned for b in again)


def test_report_removed_entirely_orphans_everything(store: BookmarkStore) -> None:
    _bookmark_all(store)
    other = store.add("r2", "t", make_passages("r2", ["別的報告"])[0])
    assert all(b.orphaned for b in store.reanchor(KEY, None))
    assert store.count() == 6
    assert all(b.orphaned for b in store.list_bookmarks(KEY))
    assert store.get(other.id) == other


def test_reanchor_all_uses_the_library(store: BookmarkStore) -> None:
    _bookmark_all(store)
    store.add("gone", "t", make_passages("gone", ["已刪除的報告"])[0])

    class Edition:
        passages = make_passages(KEY, TEXTS)

    orphaned = store.reanchor_all(lambda key: Edition() if key == KEY else None)  # type: ignore[return-value,arg-type]
    assert orphaned == 1
    assert store.find_by_anchor("gone", store.list_bookmarks("gone")[0].anchor).orphaned  # type: ignore[union-attr]


def test_similar_short_headings_do_not_steal_each_other() -> None:
    passages = make_passages(KEY, ["一、芯片", "正文"])
    b = Bookmark(1, KEY, "t", "gone", 0, make_excerpt("二、芯片"))
    assert reanchor([b], passages)[0].orphaned


def test_unrelated_text_is_not_matched() -> None:
    passages = make_passages(KEY, TEXTS)
    b = Bookmark(1, KEY, "t", "gone", 2, make_excerpt("今天天氣很好，我們去公園散步吧。"))
    assert reanchor([b], passages)[0].orphaned


def test_duplicate_passages_pick_the_nearest_ordinal() -> None:
    passages = make_passages(KEY, ["重複", "甲", "乙", "重複", "丙"])
    b = Bookmark(1, KEY, "t", passages[0].anchor, 4, "重复")
    assert reanchor([b], passages)[0].ordinal == 3


def test_unchanged_report_writes_nothing(store: BookmarkStore) -> None:
    before = _bookmark_all(store)
    changes_before = store.query("SELECT total_changes()")[0][0]
    assert store.reanchor(KEY, make_passages(KEY, TEXTS)) == before
    assert store.query("SELECT total_changes()")[0][0] == changes_before


# ------------------------------------------------------- on real report text

SEED = Path(__file__).parents[2] / "seeds" / "002_6b54d0aafa120f4a.txt"


def _seed_paragraphs() -> list[str]:
    lines = SEED.read_text("utf-8").splitlines()
    unique = dict.fromkeys(line.strip() for line in lines if len(line.strip()) >= 40)
    return list(unique)


@pytest.mark.skipif(not SEED.exists(), reason="seed report not present")
def test_every_edited_paragraph_of_a_real_report_is_found_again() -> None:
    texts = _seed_paragraphs()
    assert len(texts) > 30
    passages = make_passages(KEY, texts)
    bookmarks = [
        Bookmark(i, KEY, "t", p.anchor, p.ordinal, make_excerpt(p.text))
        for i, p in enumerate(passages)
    ]
    # every paragraph edited a little (a phrase in the middle replaced), two inserted on top
    edited_texts = ["插入的新段落。", "又一段。"] + [
        t[: len(t) // 2] + "（編者按：此處有改動）" + t[len(t) // 2 + 3 :] for t in texts
    ]
    edited = make_passages(KEY, edited_texts)
    found = reanchor(bookmarks, edited)
    assert not any(b.orphaned for b in found)
    assert [b.ordinal for b in found] == [p.ordinal + 2 for p in passages]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.text("芯片人工智能大模型算力半导体", min_size=3, max_size=30),
        min_size=1,
        max_size=20,
        unique=True,
    ),
    st.data(),
)
def test_insertions_never_lose_an_unchanged_passage(texts: list[str], data: st.DataObject) -> None:
    passages = make_passages(KEY, texts)
    if len({p.anchor for p in passages}) != len(passages):
        return  # texts equal up to whitespace: one anchor, nothing to tell apart
    index = data.draw(st.integers(0, len(texts) - 1))
    bookmark = Bookmark(1, KEY, "t", passages[index].anchor, index, make_excerpt(texts[index]))
    inserted = data.draw(st.lists(st.sampled_from(["甲", "乙乙", "丙丙丙"]), max_size=5))
    at = data.draw(st.integers(0, index))
    edited = make_passages(KEY, texts[:at] + inserted + texts[at:])
    [found] = reanchor([bookmark], edited)
    assert not found.orphaned
    assert found.anchor == bookmark.anchor
    assert edited[found.ordinal].text == texts[index]
