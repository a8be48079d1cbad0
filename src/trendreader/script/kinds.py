"""The scripts a text can be written in (what detection finds; what an edition is).

Here, at the bottom of the script layer, so that ``script`` needs nothing from ``library``;
:mod:`trendreader.library.model` re-exports it as part of the domain model.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Script(StrEnum):
    """The script a text is written in."""

    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    MIXED = "mixed"
    UNKNOWN = "unknown"


#: Whose wording a traditional text uses: mainland China, Taiwan or Hong Kong.
Region = Literal["cn", "tw", "hk"]

__all__ = ["Region", "Script"]
