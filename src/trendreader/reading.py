"""What a reader sees of a report in a variant: which edition, and its passages' text.

Shared by the CLI and the TUI so both show exactly the same thing.
"""

from __future__ import annotations

from trendreader.library.model import Edition, Report
from trendreader.script.detect import Region, source_region
from trendreader.script.display import DisplayCache, display_text
from trendreader.script.variants import Variant

_passages_cache = DisplayCache(maxsize=65536)


def choose_edition(report: Report, variant: Variant, preferred: str | None = None) -> Edition:
    """The edition to show: the one already in the variant's script, else the preferred one.

    A report with a 繁體 and a 简体 edition is shown in 简体 from the simplified edition,
    not by converting the traditional one.
    """
    chosen = report.edition(preferred) if preferred else None
    target = variant.target_script
    if target is not None and (chosen is None or chosen.script != target):
        exact = next((e for e in report.editions if e.script == target), None)
        if exact is not None:
            return exact
    return chosen or report.primary


def passage_texts(edition: Edition, variant: Variant) -> list[str]:
    """Every passage of ``edition`` as ``variant`` (converted once, then cached)."""
    texts = [p.text for p in edition.passages]
    if variant == Variant.ORIGINAL:
        return texts
    return _passages_cache.convert_passages(
        texts, edition.script, variant, region=edition_region(edition)
    )


_regions: dict[str, Region | None] = {}


def edition_region(edition: Edition) -> Region | None:
    """Taiwan or Hong Kong phrasing of a traditional edition, decided once per content."""
    if edition.script != "traditional":
        return None
    if edition.content_hash not in _regions:
        _regions[edition.content_hash] = source_region(edition.full_text()[:50_000])
    return _regions[edition.content_hash]


def report_title(report: Report, variant: Variant) -> str:
    """The report's title as the reader sees it in ``variant``."""
    edition = choose_edition(report, variant)
    title = edition.meta.title or report.title
    return display_text(title, None, variant)
