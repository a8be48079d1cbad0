"""ReadingSession: script switching and editions, without a pilot."""

from __future__ import annotations

import pytest

from trendreader.library.catalog import Library
from trendreader.library.editions import corresponding_passage
from trendreader.library.model import Script
from trendreader.reading import ReadingSession, passage_texts
from trendreader.script.variants import Variant

TWO_EDITIONS = "000_933e302ea0e991db"  # 繁體; 001 is its 简体 edition
SIMPLIFIED_EDITION = "001_e66a1ed0cdcaae93"
ONE_EDITION = "002_6b54d0aafa120f4a"  # 繁體 only


def test_nothing_open(seed_library: Library) -> None:
    session = ReadingSession()
    assert not session.is_open
    assert session.passages() == []
    assert session.header() == Variant.ORIGINAL.label
    assert not session.set_variant(Variant.TAIWAN)
    assert session.variant is Variant.TAIWAN
    assert not session.switch_edition()
    assert not session.open(seed_library, "no-such-key")
    assert not session.is_open


def test_open_in_original_shows_the_edition_asked_for(seed_library: Library) -> None:
    session = ReadingSession()
    assert session.open(seed_library, SIMPLIFIED_EDITION, cursor=3)
    assert session.report_key == TWO_EDITIONS
    assert session.edition_key == SIMPLIFIED_EDITION
    assert session.cursor == 3


def test_open_prefers_the_edition_in_the_variants_script(seed_library: Library) -> None:
    session = ReadingSession(variant=Variant.SIMPLIFIED)
    source = seed_library.find(TWO_EDITIONS)[1]  # type: ignore[index]
    assert session.open(seed_library, TWO_EDITIONS, cursor=40)
    assert session.edition_key == SIMPLIFIED_EDITION
    assert session.edition is not None and session.edition.script == Script.SIMPLIFIED
    expected = corresponding_passage(
        source.passages[40].text, 40, len(source.passages), session.edition
    )
    assert session.cursor == expected


def test_open_exact_keeps_the_edition(seed_library: Library) -> None:
    session = ReadingSession(variant=Variant.SIMPLIFIED)
    session.open(seed_library, TWO_EDITIONS, cursor=40, exact=True)
    assert session.edition_key == TWO_EDITIONS
    assert session.cursor == 40


def test_cursor_is_clamped(seed_library: Library) -> None:
    session = ReadingSession()
    session.open(seed_library, ONE_EDITION, cursor=10_000)
    assert session.edition is not None
    assert session.cursor == len(session.edition.passages) - 1
    session.move_cursor(-5)
    assert session.cursor == 0


def test_script_switch_changes_edition_and_keeps_the_passage(seed_library: Library) -> None:
    session = ReadingSession()
    session.open(seed_library, TWO_EDITIONS, cursor=60)
    before = session.passage
    assert before is not None
    session.set_marks({before.anchor})
    assert session.set_variant(Variant.SIMPLIFIED)  # the 简体 edition exists: shown
    assert session.edition_key == SIMPLIFIED_EDITION
    assert session.marks == frozenset()  # marks belong to an edition: the caller reloads
    after = session.passage
    assert after is not None
    assert after.ordinal == session.cursor
    # back to 繁體: the traditional edition again, near where the reader was
    assert session.set_variant(Variant.TRADITIONAL)
    assert session.edition_key == TWO_EDITIONS
    assert abs(session.cursor - 60) <= 3


def test_script_switch_on_one_edition_converts(seed_library: Library) -> None:
    session = ReadingSession()
    session.open(seed_library, ONE_EDITION, cursor=5)
    session.set_marks({"x"})
    assert not session.set_variant(Variant.SIMPLIFIED)  # converted, same edition
    assert session.edition_key == ONE_EDITION
    assert session.cursor == 5
    assert session.marks == {"x"}
    assert session.edition is not None
    shown = [p.text for p in session.passages()]
    assert shown == passage_texts(session.edition, Variant.SIMPLIFIED)
    assert shown != [p.text for p in session.edition.passages]


def test_switch_edition_cycles_and_maps_the_cursor(seed_library: Library) -> None:
    session = ReadingSession()
    session.open(seed_library, TWO_EDITIONS, cursor=100)
    assert session.switch_edition()
    assert session.edition_key == SIMPLIFIED_EDITION
    assert 0 <= session.cursor < 75
    assert session.switch_edition()
    assert session.edition_key == TWO_EDITIONS
    session.open(seed_library, ONE_EDITION)
    assert not session.switch_edition()


@pytest.mark.parametrize("variant", list(Variant))
def test_header_names_title_variant_and_edition(seed_library: Library, variant: Variant) -> None:
    session = ReadingSession(variant=variant)
    session.open(seed_library, TWO_EDITIONS, exact=True)
    header = session.header()
    assert variant.label in header
    assert header.endswith("edition 1/2")
    session.open(seed_library, ONE_EDITION)
    assert "edition" not in session.header()


def test_marks_show_in_passages(seed_library: Library) -> None:
    session = ReadingSession()
    session.open(seed_library, ONE_EDITION)
    assert session.edition is not None
    anchor = session.edition.passages[2].anchor
    session.set_marks([anchor])
    marked = [i for i, p in enumerate(session.passages()) if p.marked]
    assert marked == [2]


@pytest.mark.parametrize(
    ("key", "variant", "label"),
    [
        ("003_17c9e8caa8554f56", Variant.SIMPLIFIED, "简体（由台湾用语转换）"),  # Taiwan wording
        (ONE_EDITION, Variant.TAIWAN, "臺灣正體（由大陸用語轉換）"),  # mainland, traditional glyphs
        (ONE_EDITION, Variant.SIMPLIFIED, "· 简体"),  # glyphs only: nothing more to say
        ("003_17c9e8caa8554f56", Variant.ORIGINAL, "· 原文"),  # always the file's own words
    ],
)
def test_header_says_when_the_wording_was_converted(
    seed_library: Library, key: str, variant: Variant, label: str
) -> None:
    session = ReadingSession(variant=variant)
    session.open(seed_library, key, exact=True)
    header = session.header()
    assert label in header
    if "转换" not in label and "轉換" not in label:
        assert "转换" not in header and "轉換" not in header


def test_a_title_the_other_edition_lacks_keeps_its_place(seed_library: Library) -> None:
    """001 (简体) opens with its title; 000 (繁體) has none. The title shares ``2025年``
    with a passage in the middle of 000: ``t`` to 繁體 on the title used to jump there."""
    source = seed_library.find("001_e66a1ed0cdcaae93")[1]
    target = seed_library.find("000_933e302ea0e991db")[1]
    title = source.passages[0].text
    assert "2025年" in title and not any(p.text == title for p in target.passages)
    assert corresponding_passage(title, 0, len(source.passages), target) == 0
    session = ReadingSession(variant=Variant.ORIGINAL)
    session.open(seed_library, source.key)
    session.set_variant(Variant.TRADITIONAL)
    assert session.edition is target and session.cursor == 0
