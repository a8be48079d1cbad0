"""What a reader sees of a report in a variant (no Textual).

- :mod:`.texts`: which edition to show, and its passages' text in a variant (shared by the
  CLI and the TUI so both show exactly the same thing);
- :mod:`.session`: a :class:`ReadingSession` — the report, edition, variant, cursor, marks
  and hits of one reader; the TUI is a thin shell around it.

Every name of the former ``trendreader.reading`` module is re-exported here.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trendreader.reading.session import ReadingSession
    from trendreader.reading.texts import (
        IMAGE_LABELS,
        OPENABLE_SCHEMES,
        _converted_offsets,
        _emphasis_cuts,
        _inline_cuts,
        _passages_cache,
        _regions,
        choose_edition,
        conversion_to_save,
        converted_emphasis,
        converted_inline,
        display_passages,
        edition_region,
        openable_url,
        passage_text,
        passage_texts,
        passage_texts_for,
        report_title,
        restore_conversion,
        shown_texts,
    )

__all__ = [
    "IMAGE_LABELS",
    "OPENABLE_SCHEMES",
    "ReadingSession",
    "_converted_offsets",
    "_emphasis_cuts",
    "_inline_cuts",
    "_passages_cache",
    "_regions",
    "choose_edition",
    "conversion_to_save",
    "converted_emphasis",
    "converted_inline",
    "display_passages",
    "edition_region",
    "openable_url",
    "passage_text",
    "passage_texts",
    "passage_texts_for",
    "report_title",
    "restore_conversion",
    "shown_texts",
]


def __getattr__(name: str) -> Any:
    """The names above, imported on first use (PEP 562): ``trendreader list`` needs
    ``report_title`` but not the session, the typesetter or Rich."""
    if name == "ReadingSession":
        from trendreader.reading.session import ReadingSession

        return ReadingSession
    if name in __all__:
        from trendreader.reading import texts

        return getattr(texts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
