"""What ``y`` and ``Y`` copy: the cursor passage as shown, or a citation of it (title,
author, date, source, passage). No Textual; every field is cleaned."""

from __future__ import annotations

from trendreader.library.model import Edition, Passage, Report
from trendreader.library.sanitize import clean_line, clean_text
from trendreader.reading.texts import passage_texts, passage_texts_for, report_title
from trendreader.script.variants import Variant


def passage_text(edition: Edition, passage: Passage, variant: Variant) -> str:
    """The passage's text in ``variant``, as the reader sees it (cleaned)."""
    texts = passage_texts(edition, variant)
    index = passage.ordinal if 0 <= passage.ordinal < len(texts) else 0
    text = texts[index] if texts and texts[index] is not None else passage.text
    return clean_text(text).strip()


def citation(report: Report, edition: Edition, passage: Passage, variant: Variant) -> str:
    """``“passage”`` then a line ``— author, 《title》, date, source`` (the parts that are
    known), everything in ``variant``'s script."""
    meta = edition.meta
    title = clean_line(report_title(report, variant))
    author, source = clean_line(meta.author), clean_line(meta.source)
    if variant != Variant.ORIGINAL:
        author, source = (
            clean_line(t) for t in passage_texts_for([author, source], edition, variant)
        )
    when = ""
    if meta.date is not None:
        when = meta.date.date().isoformat()
    elif meta.year is not None:
        when = str(meta.year)
    parts = [author, f"《{title}》" if title else "", when, source]
    byline = ", ".join(part for part in parts if part)
    quoted = f"“{passage_text(edition, passage, variant)}”"
    return f"{quoted}\n— {byline}" if byline else quoted
