"""What the app does for ``/``, ``ctrl+f``, a chosen trend, a chosen passage, a saved
search, ``n``/``N`` and ``escape``: open the screen (with the last query and selection),
then open the passage it was dismissed with; find in the report (the find bar); step through
the lit hits ("hit 2 of 6"), or clear them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from trendreader.i18n import _

if TYPE_CHECKING:
    from trendreader.tui.host import ReaderHost
    from trendreader.tui.messages import PassageChoice
    from trendreader.tui.screens.search import LastSearch
    from trendreader.tui.search_highlights import ReaderHits
    from trendreader.tui.widgets.find_bar import FindBar

_last: WeakKeyDictionary[object, LastSearch] = WeakKeyDictionary()
"""Each app's last search (query, highlighted row, order), for the next ``/``."""


def open_search(app: ReaderHost, report: str | None = None) -> None:
    """``/``: the search screen, opened with the last search's query, highlighted row and
    order (``report``, as ``ctrl+f`` asks: the find bar of the open report instead)."""
    if report is not None:
        open_find_bar(app)
        return
    from trendreader.tui.screens.search import SearchScreen

    index = app.index
    screen = SearchScreen(index.service, app.library, app.variant, index=index, last=_last.get(app))

    def closed(choice: PassageChoice | None) -> None:
        _last[app] = screen.last
        app.passage_chosen(choice)

    app.push_screen(screen, closed)


def passage_chosen(app: ReaderHost, choice: PassageChoice | None) -> None:
    """Open a search or trend hit's passage, with every hit of its query lit."""
    if choice is None or not app.index.opened:
        return
    app.sync_cursor()  # the place left, for going back
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
    """``n`` / ``N``: the cursor to the next (previous) lit hit, and "hit 2 of 6"."""
    hits = lit_hits(app)
    target = hits.step(app.reader.cursor, direction) if hits else None
    if target is None or hits is None:
        return
    app.reader.scroll_to_passage(target)
    ordinals = hits.ordinals
    bar = find_bar(app)
    if bar is not None:
        bar.show_count(ordinals.index(target) + 1, len(ordinals))
    else:
        message = _("Hit {n} of {total}").format(n=ordinals.index(target) + 1, total=len(ordinals))
        app.notify(message, timeout=1.5)


def clear_hits(app: ReaderHost) -> None:
    """``escape``: no more highlights."""
    app.sync_cursor()
    app.session.hits = None
    app.refresh_page(keep_row=True)


# ------------------------------------------------------------------ find in the report


def find_bar(app: ReaderHost) -> FindBar | None:
    """The find bar, if it is open."""
    from trendreader.tui.widgets.find_bar import FindBar

    found = list(app.reader.screen.query(FindBar)) if app.reader.is_attached else []
    return found[0] if found else None


def open_find_bar(app: ReaderHost) -> None:
    """``ctrl+f``: the find bar under the page (focused; the last query kept)."""
    from trendreader.tui.widgets.find_bar import FindBar

    if not app.session.is_open:
        return
    bar = find_bar(app)
    if bar is None:
        hits = lit_hits(app)
        bar = FindBar(
            lambda query: find_in_report(app, query),
            lambda direction: step_in_report(app, direction),
            lambda: close_find_bar(app),
            query=hits.query if hits else "",
        )
        app.reader.screen.mount(bar, after="#main")
        app.call_after_refresh(bar.focus_input)
        return
    bar.focus_input()


def find_in_report(app: ReaderHost, query: str) -> None:
    """Light every hit of ``query`` in the open report; the cursor to the first one at or
    after it; the bar's count."""
    session, bar = app.session, find_bar(app)
    if session.report is None or session.edition is None:
        return
    if not query.strip():
        session.hits = None
        app.sync_cursor()
        app.refresh_page(keep_row=True)
        if bar is not None:
            bar.show_count(None, 0)
        return
    from trendreader.tui.search_highlights import find_reader_hits

    hits = _found_on_page(app, query)
    if app.index.opened:  # the index knows words, 芯片 for 晶片, OR and -word
        indexed = find_reader_hits(
            app.index.service, query, session.report.key, session.edition.key, app.variant
        )
        hits = indexed if len(indexed) else hits
    app.sync_cursor()
    session.hits = hits if len(hits) else None
    app.refresh_page(keep_row=True)
    ordinals = hits.ordinals
    if not ordinals:
        if bar is not None:
            bar.show_count(None, 0)
        return
    cursor = app.reader.cursor
    target = cursor if cursor in ordinals else hits.step(cursor, 1)
    if target is not None:
        app.reader.scroll_to_passage(target)
    if bar is not None:
        bar.show_count(ordinals.index(target) + 1 if target is not None else None, len(ordinals))


def _found_on_page(app: ReaderHost, query: str) -> ReaderHits:
    """The literal occurrences of ``query`` in the passages as shown."""
    from trendreader.reading import passage_texts
    from trendreader.reading.find import find_in_texts
    from trendreader.tui.search_highlights import ReaderHits

    session = app.session
    assert session.report is not None and session.edition is not None
    texts = passage_texts(session.edition, session.variant)
    found = find_in_texts(texts, query)
    return ReaderHits(query, session.report.key, session.edition.key, session.variant, found)


def step_in_report(app: ReaderHost, direction: int) -> None:
    """Enter / ↓ / ↑ in the find bar: the next (previous) hit."""
    next_hit(app, direction)


def close_find_bar(app: ReaderHost) -> None:
    """Escape in the find bar: it goes, and so do its highlights."""
    bar = find_bar(app)
    if bar is not None:
        bar.remove()
    if app.session.hits is not None:
        clear_hits(app)
    app.reader.focus()
