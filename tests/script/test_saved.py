"""Saved conversions: an edition read in another script opens next time without OpenCC."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trendreader import reading
from trendreader.library.catalog import Library
from trendreader.reading import (
    conversion_to_save,
    converted_emphasis,
    passage_texts,
    passage_texts_for,
    restore_conversion,
)
from trendreader.script import display
from trendreader.script.saved import SavedConversion, load_saved, save, saved_path
from trendreader.script.variants import Variant

KEY_002 = "002_6b54d0aafa120f4a"  # traditional only: shown in 简体 it must be converted


def forget_conversions() -> None:
    reading._passages_cache().clear()
    reading._regions.clear()


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    saved = SavedConversion(config="t2s", region=None, texts={"機器人": "机器人"})
    path = saved_path(tmp_path, "abc", "simplified")
    save(path, saved)
    assert load_saved(path) == saved
    assert load_saved(tmp_path / "missing.pickle") is None


def test_an_unreadable_or_foreign_file_is_ignored(tmp_path: Path) -> None:
    path = saved_path(tmp_path, "abc", "simplified")
    path.write_bytes(b"not a pickle")
    assert load_saved(path) is None
    save(path, SavedConversion(config="t2s", region=None, texts={}, format=0))
    assert load_saved(path) is None  # an older format is converted again


def test_only_the_newest_files_are_kept(tmp_path: Path) -> None:
    for k in range(5):
        path = saved_path(tmp_path, f"h{k}", "taiwan")
        save(path, SavedConversion(config="s2twp", region=None, texts={"a": "a"}), keep=3)
        os.utime(path, ns=(k * 10**9, k * 10**9))
    save(saved_path(tmp_path, "h5", "taiwan"), SavedConversion("s2twp", None, {}), keep=3)
    assert sorted(p.name for p in tmp_path.glob("*.pickle")) == [
        "h3-taiwan.pickle",
        "h4-taiwan.pickle",
        "h5-taiwan.pickle",
    ]


@pytest.mark.parametrize("variant", [Variant.SIMPLIFIED, Variant.TAIWAN, Variant.HONGKONG])
def test_a_restored_conversion_needs_no_opencc_and_equals_it(
    seed_library: Library, variant: Variant, monkeypatch: pytest.MonkeyPatch
) -> None:
    _report, edition = seed_library.find(KEY_002) or (None, None)
    assert edition is not None
    forget_conversions()
    expected = passage_texts(edition, variant)
    title = passage_texts_for([edition.title], edition, variant)
    bold = [
        converted_emphasis(p.text, t, p.emphasis, variant, edition)
        for p, t in zip(edition.passages, expected, strict=True)
    ]
    saved = conversion_to_save(edition, variant)
    assert saved is not None and len(saved.texts) >= len(edition.passages)

    forget_conversions()
    restore_conversion(edition, saved)

    def no_opencc(texts: object, config: str) -> list[str]:
        raise AssertionError("OpenCC was called")

    monkeypatch.setattr(display, "convert_many", no_opencc)
    assert passage_texts(edition, variant) == expected
    assert passage_texts_for([edition.title], edition, variant) == title
    assert [
        converted_emphasis(p.text, t, p.emphasis, variant, edition)
        for p, t in zip(edition.passages, expected, strict=True)
    ] == bold


def test_nothing_to_save_in_the_original_script(seed_library: Library) -> None:
    _report, edition = seed_library.find(KEY_002) or (None, None)
    assert edition is not None
    assert conversion_to_save(edition, Variant.ORIGINAL) is None
