"""What a reader sees of a report in a variant: which edition, and its passages' text.

Shared by the CLI and the TUI (through `ReadingSession`) so both show exactly the same thing.
"""

from __future__ import annotations

import itertools
from collections.abc import Container, Sequence
from functools import cache
from typing import TYPE_CHECKING

from trendreader.library.model import Edition, Passage, PassageKind, Report, Script
from trendreader.script.variants import Variant

if TYPE_CHECKING:  # OpenCC is imported on the first conversion, not at start-up
    from trendreader.script.detect import Region
    from trendreader.script.display import DisplayCache
    from trendreader.script.saved import SavedConversion
    from trendreader.typeset.layout import DisplayPassage  # Rich: only when a pane is drawn


@cache
def _passages_cache() -> DisplayCache:
    from trendreader.script.display import DisplayCache

    return DisplayCache(maxsize=65536)


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
    return _passages_cache().convert_passages(
        texts, edition.script, variant, region=edition_region(edition)
    )


def passage_text(edition: Edition, variant: Variant, ordinal: int) -> str:
    """Passage ``ordinal`` of ``edition`` as ``variant``: ``passage_texts(edition,
    variant)[ordinal]`` (each passage is converted, and cached, on its own), without looking
    up every other passage of the edition (a search hit shows one)."""
    text = edition.passages[ordinal].text
    if variant == Variant.ORIGINAL:
        return text
    return _passages_cache().convert_passages(
        [text], edition.script, variant, region=edition_region(edition)
    )[0]


_regions: dict[str, Region | None] = {}


def edition_region(edition: Edition) -> Region | None:
    """Taiwan or Hong Kong phrasing of a traditional edition, decided once per content."""
    if edition.script != "traditional":
        return None
    if edition.content_hash not in _regions:
        from trendreader.script.detect import source_region

        _regions[edition.content_hash] = source_region(edition.full_text()[:50_000])
    return _regions[edition.content_hash]


def report_title(report: Report, variant: Variant) -> str:
    """The report's title as the reader sees it in ``variant``."""
    edition = choose_edition(report, variant)
    title = edition.meta.title or report.title
    if variant == Variant.ORIGINAL:
        return title
    from trendreader.script.display import display_text

    return display_text(title, None, variant)


def converted_emphasis(
    original: str,
    converted: str,
    emphasis: tuple[tuple[int, int], ...],
    variant: Variant,
    edition: Edition,
) -> tuple[tuple[int, int], ...]:
    """Bold ranges for the converted text.

    Character conversion keeps offsets; phrase conversion (互联网→網際網路) does not, so
    then each piece between bold boundaries is converted on its own to find the ranges.
    """
    if not emphasis or len(original) == len(converted):
        return emphasis
    offsets = _converted_offsets(original, _emphasis_cuts(original, emphasis), edition, variant)
    return tuple((offsets[a], offsets[b]) for a, b in emphasis)


def converted_inline(
    passage: Passage, converted: str, variant: Variant, edition: Edition
) -> tuple[
    tuple[tuple[int, int], ...], tuple[tuple[int, int, str], ...], tuple[tuple[int, int, str], ...]
]:
    """``(emphasis, spans, links)`` of ``passage`` as ranges of its ``converted`` text.

    The same method as `converted_emphasis` (which it is, for a passage without spans and
    links), with the pieces cut at every bold, span and link boundary.
    """
    if not passage.spans and not passage.links:
        emphasis = converted_emphasis(passage.text, converted, passage.emphasis, variant, edition)
        return emphasis, (), ()
    original = passage.text
    if len(original) == len(converted):
        return passage.emphasis, passage.spans, passage.links
    offsets = _converted_offsets(original, _inline_cuts(passage), edition, variant)
    return (
        tuple((offsets[a], offsets[b]) for a, b in passage.emphasis),
        tuple((offsets[a], offsets[b], style) for a, b, style in passage.spans),
        tuple((offsets[a], offsets[b], url) for a, b, url in passage.links),
    )


IMAGE_LABELS = {Script.SIMPLIFIED: "图", Script.TRADITIONAL: "圖"}
"""The word of an image marker (``[图：alt]``) by the script shown."""


def display_passages(
    edition: Edition,
    variant: Variant,
    marked: Container[str] = (),
    texts: Sequence[str] | None = None,
) -> list[DisplayPassage]:
    """Every passage of ``edition`` as the reading pane shows it in ``variant``: converted
    text (``texts``, when the caller has it: `passage_texts`), bold/span/link ranges mapped
    onto it, kind fields kept, ``marked`` anchors marked."""
    from trendreader.typeset.layout import DisplayPassage

    if texts is None:
        texts = passage_texts(edition, variant)
    script = variant.target_script or edition.script
    label = IMAGE_LABELS.get(script, "")
    shown = []
    append = shown.append
    image = PassageKind.IMAGE
    for passage, text in zip(edition.passages, texts, strict=True):
        if passage.spans or passage.links:
            emphasis, spans, links = converted_inline(passage, text, variant, edition)
        else:  # the common case, inline: converted_emphasis's own shortcut
            emphasis, spans, links = passage.emphasis, (), ()
            if emphasis and len(text) != len(passage.text):
                emphasis = converted_emphasis(passage.text, text, emphasis, variant, edition)
        append(
            DisplayPassage(
                passage.kind,
                text,
                passage.level,
                emphasis,
                (),
                passage.anchor in marked,
                passage.number,
                passage.depth,
                passage.language,
                spans,
                links,
                label if passage.kind is image else "",
            )
        )
    return shown


def _converted_offsets(
    original: str, cuts: list[int], edition: Edition, variant: Variant
) -> dict[int, int]:
    """Where each cut of ``original`` lands once the pieces between cuts are converted."""
    pieces = [original[a:b] for a, b in itertools.pairwise(cuts)]
    converted_pieces = passage_texts_for(pieces, edition, variant)
    offsets = {0: 0}
    total = 0
    for cut, piece in zip(cuts[1:], converted_pieces, strict=True):
        total += len(piece)
        offsets[cut] = total
    return offsets


def _emphasis_cuts(text: str, emphasis: tuple[tuple[int, int], ...]) -> list[int]:
    return sorted({0, len(text), *(i for r in emphasis for i in r)})


def _inline_cuts(passage: Passage) -> list[int]:
    """Every bold, span and link boundary of ``passage`` (and its ends), sorted."""
    cuts = {0, len(passage.text)}
    cuts.update(i for r in passage.emphasis for i in r)
    cuts.update(i for a, b, _ in passage.spans for i in (a, b))
    cuts.update(i for a, b, _ in passage.links for i in (a, b))
    return sorted(cuts)


def shown_texts(edition: Edition) -> list[str]:
    """Every text of ``edition`` the reader shows converted: passages, title, the pieces
    between bold, span and link boundaries."""
    texts = [p.text for p in edition.passages]
    texts.append(edition.title)
    for passage in edition.passages:
        if passage.spans or passage.links:
            cuts = _inline_cuts(passage)
        elif passage.emphasis:
            cuts = _emphasis_cuts(passage.text, passage.emphasis)
        else:
            continue
        texts.extend(passage.text[a:b] for a, b in itertools.pairwise(cuts))
    return texts


OPENABLE_SCHEMES = ("http", "https", "mailto")
"""The link schemes the reader opens (a ``file:``, ``javascript:`` or relative link is not)."""


def openable_url(url: str) -> str | None:
    """``url`` cleaned for showing and opening, or None when its scheme is not openable."""
    from urllib.parse import urlsplit

    from trendreader.library.sanitize import clean_line

    cleaned = clean_line(url).strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in OPENABLE_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return cleaned


def conversion_to_save(edition: Edition, variant: Variant) -> SavedConversion | None:
    """The conversions of ``edition`` in ``variant`` made so far (None: nothing to save)."""
    if variant == Variant.ORIGINAL:
        return None
    from trendreader.script.display import config_for
    from trendreader.script.saved import SavedConversion

    region = edition_region(edition)
    config = config_for(edition.script, variant, region)
    if config is None:
        return None
    texts = _passages_cache().known(config, shown_texts(edition))
    return SavedConversion(config=config, region=region, texts=texts) if texts else None


def restore_conversion(edition: Edition, saved: SavedConversion) -> None:
    """Take a saved conversion of ``edition`` as already made: no OpenCC for those texts."""
    if edition.script == "traditional":
        _regions.setdefault(edition.content_hash, saved.region)  # type: ignore[arg-type]
    _passages_cache().prime(saved.config, saved.texts)


def passage_texts_for(texts: list[str], edition: Edition, variant: Variant) -> list[str]:
    """Arbitrary texts from ``edition`` in ``variant`` (titles, pieces, excerpts)."""
    if variant == Variant.ORIGINAL:
        return list(texts)
    return _passages_cache().convert_passages(
        texts, edition.script, variant, region=edition_region(edition)
    )
