"""A trend's name proposed for a search (``ctrl+s``): its first term, in the shown script;
the other terms become its aliases. No Textual."""

from __future__ import annotations

from trendreader.library.sanitize import clean_line
from trendreader.script.display import display_text, show_user_text
from trendreader.script.variants import Variant
from trendreader.trends.model import Trend

__all__ = ["SUGGESTED_MARK", "propose_trend_name", "sidebar_label"]

SUGGESTED_MARK = "~ "  # before a suggested trend's label in the sidebar


def sidebar_label(trend: Trend, variant: Variant) -> str:
    """A trend's name as the sidebar shows it: in the variant, suggested ones marked."""
    label = display_text(trend.name, None, variant)
    return SUGGESTED_MARK + label if trend.suggested else label


def _terms(query: str) -> list[str]:
    from trendreader.search.query import Node, Not, QuerySyntaxError, Word, parse

    try:
        root: Node = parse(query)
    except QuerySyntaxError:
        return [w for w in query.replace('"', " ").split() if w.upper() not in ("OR", "AND")]
    words: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, Word):
            words.append(node.text)
        elif not isinstance(node, Not):
            for child in getattr(node, "nodes", ()):
                collect(child)

    collect(root)
    return words


def propose_trend_name(query: str, variant: Variant = Variant.ORIGINAL) -> tuple[str, list[str]]:
    """``(name, aliases)`` for saving ``query`` as a trend: the first term, shown in
    ``variant``, is the name (``量子计算 OR 量子電腦`` → ``量子计算``; in 繁體 ``量子計算``);
    every term as typed, the first included, is an alias. ``("", [])`` for an empty query."""
    text = " ".join(clean_line(query).split())
    terms = list(dict.fromkeys(t for t in _terms(text) if t.strip())) if text else []
    if not terms:
        return "", []
    return show_user_text(terms[0], variant), terms
