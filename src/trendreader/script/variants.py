"""The display variants the reader cycles through, their labels and their CLI names."""

from __future__ import annotations

import argparse
from enum import StrEnum

from trendreader.script.kinds import Script


class Variant(StrEnum):
    """A script to show a report in; ``original`` shows it as written."""

    ORIGINAL = "original"
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    TAIWAN = "taiwan"
    HONGKONG = "hongkong"

    @property
    def label(self) -> str:
        """The header label, written in the variant's own script."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """The short CLI form: ``o``, ``s``, ``t``, ``tw`` or ``hk``."""
        return _SHORT[self]

    @property
    def target_script(self) -> Script | None:
        """The script this variant produces; ``None`` for ``original`` (as written)."""
        return _TARGET[self]

    def next(self) -> Variant:
        """The variant after this one in the toggle cycle."""
        return next_variant(self)


_LABELS: dict[Variant, str] = {
    Variant.ORIGINAL: "原文",
    Variant.SIMPLIFIED: "简体",
    Variant.TRADITIONAL: "繁體",
    Variant.TAIWAN: "臺灣正體",
    Variant.HONGKONG: "香港繁體",
}

_SHORT: dict[Variant, str] = {
    Variant.ORIGINAL: "o",
    Variant.SIMPLIFIED: "s",
    Variant.TRADITIONAL: "t",
    Variant.TAIWAN: "tw",
    Variant.HONGKONG: "hk",
}

_TARGET: dict[Variant, Script | None] = {
    Variant.ORIGINAL: None,
    Variant.SIMPLIFIED: Script.SIMPLIFIED,
    Variant.TRADITIONAL: Script.TRADITIONAL,
    Variant.TAIWAN: Script.TRADITIONAL,
    Variant.HONGKONG: Script.TRADITIONAL,
}

#: One variant of each script a variant can show (as written, 简体, 繁體): variants of one
#: script pick the same editions and find the same passages.
SCRIPT_VARIANTS: tuple[Variant, ...] = (Variant.ORIGINAL, Variant.SIMPLIFIED, Variant.TRADITIONAL)

#: The toggle order: original → 简体 → 繁體 → 臺灣 → 香港 → original.
CYCLE: tuple[Variant, ...] = tuple(Variant)


def next_variant(variant: Variant) -> Variant:
    """The variant after ``variant`` in :data:`CYCLE`, wrapping around to ``original``."""
    return CYCLE[(CYCLE.index(variant) + 1) % len(CYCLE)]


class VariantError(ValueError, argparse.ArgumentTypeError):
    """An unknown variant name. Also an ``ArgumentTypeError``, so that
    ``argparse`` shows its message when :func:`parse_variant` is used as ``type=``."""


def _choices() -> str:
    return ", ".join(f"{v.value} ({v.short})" for v in CYCLE)


_BY_NAME: dict[str, Variant] = {
    **{v.value: v for v in CYCLE},
    **{v.short: v for v in CYCLE},
    **{v.label: v for v in CYCLE},
}


def parse_variant(value: str) -> Variant:
    """A variant from its name or short form (case and surrounding space ignored).

    Accepts ``original simplified traditional taiwan hongkong``, ``o s t tw hk`` and the
    header labels; raises :class:`VariantError` (a ``ValueError``) otherwise.
    """
    variant = _BY_NAME.get(value.strip().lower())
    if variant is None:
        raise VariantError(f"unknown script variant {value!r}; choose one of: {_choices()}")
    return variant
