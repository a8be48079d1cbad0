"""Helpers shared by the bookmarks tests (imported as a top-level module by pytest)."""

from __future__ import annotations

from trendreader.library.model import Passage, PassageKind


def make_passages(key: str, texts: list[str]) -> tuple[Passage, ...]:
    return tuple(
        Passage(doc_key=key, ordinal=i, kind=PassageKind.PARAGRAPH, text=t)
        for i, t in enumerate(texts)
    )
