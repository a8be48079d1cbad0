"""What the app does for ``/``, ``ctrl+f``, a chosen trend, a chosen passage, a saved
search, ``n``/``N`` and ``escape``: open the screen, then open the passage it was dismissed
with; step through the lit hits, or clear them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trendreader.tui.host import ReaderHost
    from trendreader.tui.messages import PassageChoice
    from trendreader.tui.search_highlights import ReaderHits


def open_search(app: ReaderHost, report: str | None = None) -> None:
    """The search screen (``report``: only that report's passages)."""
    from trendreader.tui.screens.search import SearchScreen

    index = app.index
    screen = SearchScreen(index.service, app.library, app.variant, report=report, index=index)
    app.push_screen(screen, app.passage_chosen)


def passage_chosen(app: ReaderHost, choice: PassageChoice | None) -> None:
    """Open a search or trend hit's passage, with every hit of its query lit."""
    if choice is None or not app.index.opened:
        return
    app.open_report(choice.edition_key, cursor=choice.ordinal, exact=True)
    session = app.session
    if session.report is None or session.edition is None:
        return
    from trendreader.tui.search_highlights import find_reader_hits

    session.hits = find_reader_hits(
        app.index.service, choice.query, session.report.key, session.edition.key, app.variant
    )
    session.move_cursor(choice.ordinal)
    app.refresh_page(keep_row=True)
    app.reader.focus()


def open_trend(app: ReaderHost, name: str) -> None:
    from trendreader.tui.screens.trend import TrendScreen

    catalog = app.trends.catalog
    trend = catalog.find(name) if catalog else None
    if trend is None or catalog is None:
        app.notify(f"No trend {name!r} (is the index still building?)")
        return
    screen = TrendScreen(
        catalog.mentions(trend, app.variant), app.library, app.variant, store=app.trends.store
    )
    app.push_screen(screen, app.passage_chosen)


def save_search(app: ReaderHost, query: str) -> None:
    """Keep ``query`` as a trend (``ctrl+s`` in search, or the palette)."""
    from trendreader.trends.model import TrendError
    from trendreader.trends.store import save_search_as_trend

    query = query.strip()
    if not query:
        app.notify("Search for something first (/), then save it as a trend.")
        return
    if app.trends.store is None:
        app.notify("Trends are not ready yet: the index is still building.")
        return
    try:
        trend = save_search_as_trend(query, query, store=app.trends.store)
    except TrendError as error:
        app.notify(str(error), severity="error")
        return
    app.notify(f"Saved trend “{trend.name}”.")
    app.load_trends()


def lit_hits(app: ReaderHost) -> ReaderHits | None:
    """The search hits lit in the reader (None: no highlights)."""
    return app.session.hits  # type: ignore[return-value]


def next_hit(app: ReaderHost, direction: int) -> None:
    """``n`` / ``N``: the cursor to the next (previous) lit hit."""
    hits = lit_hits(app)
    target = hits.step(app.reader.cursor, direction) if hits else None
    if target is not None:
        app.reader.scroll_to_passage(target)


def clear_hits(app: ReaderHost) -> None:
    """``escape``: no more highlights."""
    app.sync_cursor()
    app.session.hits = None
    app.refresh_page(keep_row=True)
