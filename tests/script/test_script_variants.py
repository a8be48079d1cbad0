from __future__ import annotations

import argparse

import pytest

from trendreader.library.model import Script
from trendreader.script.variants import CYCLE, Variant, VariantError, next_variant, parse_variant


def test_cycle_order_wraps_to_original() -> None:
    seen = [Variant.ORIGINAL]
    for _ in range(5):
        seen.append(next_variant(seen[-1]))
    assert seen == [
        Variant.ORIGINAL,
        Variant.SIMPLIFIED,
        Variant.TRADITIONAL,
        Variant.TAIWAN,
        Variant.HONGKONG,
        Variant.ORIGINAL,
    ]
    assert Variant.HONGKONG.next() is Variant.ORIGINAL
    assert len(CYCLE) == len(set(CYCLE)) == 5


@pytest.mark.parametrize(
    ("variant", "label"),
    [
        (Variant.ORIGINAL, "原文"),
        (Variant.SIMPLIFIED, "简体"),
        (Variant.TRADITIONAL, "繁體"),
        (Variant.TAIWAN, "臺灣正體"),
        (Variant.HONGKONG, "香港繁體"),
    ],
)
def test_labels_in_their_own_script(variant: Variant, label: str) -> None:
    assert variant.label == label


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("original", Variant.ORIGINAL),
        ("o", Variant.ORIGINAL),
        ("simplified", Variant.SIMPLIFIED),
        ("s", Variant.SIMPLIFIED),
        ("traditional", Variant.TRADITIONAL),
        ("t", Variant.TRADITIONAL),
        ("taiwan", Variant.TAIWAN),
        ("tw", Variant.TAIWAN),
        ("hongkong", Variant.HONGKONG),
        ("hk", Variant.HONGKONG),
        (" TW ", Variant.TAIWAN),
        ("HongKong", Variant.HONGKONG),
        ("简体", Variant.SIMPLIFIED),
    ],
)
def test_parse_variant(text: str, variant: Variant) -> None:
    assert parse_variant(text) is variant


@pytest.mark.parametrize("text", ["", "x", "zh-tw", "trad", "hong kong", "ss"])
def test_parse_variant_rejects_with_the_choices(text: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_variant(text)
    message = str(excinfo.value)
    assert "\n" not in message
    assert repr(text) in message
    for variant in Variant:
        assert f"{variant.value} ({variant.short})" in message


def test_parse_variant_as_argparse_type_shows_the_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser(prog="trendreader")
    parser.add_argument("--script", type=parse_variant)
    assert parser.parse_args(["--script", "hk"]).script is Variant.HONGKONG
    with pytest.raises(SystemExit):
        parser.parse_args(["--script", "klingon"])
    err = capsys.readouterr().err
    assert "unknown script variant 'klingon'; choose one of: original (o)" in err
    assert issubclass(VariantError, ValueError)


def test_target_scripts() -> None:
    assert Variant.ORIGINAL.target_script is None
    assert Variant.SIMPLIFIED.target_script == Script.SIMPLIFIED
    for variant in (Variant.TRADITIONAL, Variant.TAIWAN, Variant.HONGKONG):
        assert variant.target_script == Script.TRADITIONAL
