"""Locate the files shipped beside the code: the built-in library and the styles.

In a wheel they live in ``trendreader/_data/``; in a source checkout (editable install or
running from ``src/``) they are the repository's top-level ``seeds/`` and ``styles/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped_dir(name: str) -> Path:
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"trendreader is missing its {name}/ folder (looked in {packaged})")


def seeds_dir() -> Path:
    """The built-in library of reports."""
    return _shipped_dir("seeds")


def styles_dir() -> Path:
    """The Textual stylesheets (``*.tcss``)."""
    return _shipped_dir("styles")
