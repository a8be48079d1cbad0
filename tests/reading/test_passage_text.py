"""One passage in a variant is that passage of the whole edition in the variant."""

from __future__ import annotations

from pathlib import Path

import pytest

from trendreader.library.catalog import load_library
from trendreader.reading import _passages_cache, passage_text, passage_texts
from trendreader.script.variants import Variant

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize("variant", list(Variant))
def test_one_passage_equals_that_passage_of_the_whole_edition(variant: Variant) -> None:
    library = load_library([SEEDS])
    editions = [edition for report in library.reports for edition in report.editions]
    assert {e.script for e in editions} >= {"simplified", "traditional"}
    for edition in editions:
        _passages_cache().clear()  # each passage converted on its own first, then the whole
        alone = [passage_text(edition, variant, i) for i in range(len(edition.passages))]
        _passages_cache().clear()
        assert alone == passage_texts(edition, variant)
