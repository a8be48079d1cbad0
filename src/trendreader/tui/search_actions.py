"""What the app does for ``/``, ``ctrl+f``, a chosen trend, a chosen passage, a saved
search, ``n``/``N`` and ``escape``: open the screen (with the last query and selection),
then open the passage it was dismissed with; find in the report (the find bar); step through
the lit hits ("hit 2 of 6"), or clear them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from trendreader.i18n import _
from trendreader.library.sanitize import clean_line

if TYPE_CHECKING:
    from trendreader.script.variants import Variant
    from trendreader.trends.mentions import Mentions
    from trendreader.trends.yearly import YearRow
    from trendreader.tui.host import ReaderHost
    from trendreader.tui.messages import PassageChoice
    from trendreader.tui.screens.search import LastSearch, SearchScreen
    from trendreader.tui.screens.trend import TrendScreen
    from trendreader.tui.search_highlights import ReaderHits
    from trendreader.tui.widgets.find_bar import FindBar

_last: WeakKeyDictionary[object, LastSearch] = WeakKeyDictionary()
"""Each app's last search (query, highlighted row, order), for the next ``/``."""


def open_search(app: ReaderHost, report: str | None = None) -> None:
    """``/``: the search screen, opened with the last search's query, highlighted row and
    order (``report``, as ``ctrl+f`` asks: the find bar of the open report instead). The
    screen is kept between opens while the library, script and index stay the same
    (:mod:`.kept_screens`)."""
    if report is not None:
        open_find_bar(app)
        return
    screen = search_screen(app)

    def closed(choice: PassageChoice | None) -> None:
        _last[app] = screen.last
        app.passage_chosen(choice)

    app.push_screen(screen, closed)


def search_screen(app: ReaderHost) -> SearchScreen:
    """The search screen kept for the app's index, library and script (made and kept if
    there is none that fits: :mod:`.kept_screens`)."""
    from trendreader.tui.kept_screens import kept_screen
    from trendreader.tui.screens.search import SearchScreen

    index = app.index
    service, library, variant = index.service, app.library, app.variant

    def fits(kept: SearchScreen) -> bool:
        return kept.service is service and kept.library is library and kept.variant == variant

    def make() -> SearchScreen:
        return SearchScreen(service, library, variant, index=index, last=_last.get(app))

    return kept_screen(app, "search", SearchScreen, fits, make)


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
    """A trend's screen: its mentions and year table are counted in a thread worker (2 s at
    2,000 reports), with a "counting …" line meanwhile; the screen opens when they are done."""
    catalog = app.trends.catalog
    trend = catalog.find(name) if catalog else None
    if trend is None or catalog is None:
        shown = clean_line(name)
        message = _("No trend {name!r} (is the index still building?)").format(name=shown)
        app.notify(message, markup=False)
        return
    from trendreader.trends.naming import sidebar_label

    variant = app.variant
    label = clean_line(sidebar_label(trend, variant))
    app.notify(_("Counting {trend} …").format(trend=label), timeout=2, markup=False)

    def count() -> None:
        years = catalog.years(trend, variant)  # counts the mentions (kept) when not yet
        app.call_from_thread(show, catalog.mentions(trend, variant), years)

    def show(mentions: Mentions, years: list[YearRow]) -> None:
        if app.variant != variant:
            return  # the script changed while counting: the next open counts again
        app.push_screen(trend_screen(app, mentions, years), app.passage_chosen)

    app.run_worker(count, thread=True, exclusive=True, group="trend-count")


def trend_screen(app: ReaderHost, mentions: Mentions, years: list[YearRow]) -> TrendScreen:
    """The trend screen kept for the app's library, script and trend store (made and kept if
    there is none that fits: :mod:`.kept_screens`), to show ``mentions`` when it is up."""
    from trendreader.tui.kept_screens import kept_screen
    from trendreader.tui.screens.trend import TrendScreen

    variant, library, store = app.variant, app.library, app.trends.store

    def make() -> TrendScreen:
        return TrendScreen(mentions, library, variant, store=store, years=years)

    discard_stale_trend_screens(app)
    name = trend_screen_name(variant)
    screen = kept_screen(app, name, TrendScreen, lambda kept: trend_screen_fits(app, kept), make)
    screen.show_trend(mentions, years)  # a kept one shows this trend when it is up
    return screen


def trend_screen_name(variant: Variant) -> str:
    """The name a trend screen is kept by: one per script shown (a ``t`` and back finds its
    screen still made; at 2,000 reports making one took ~1 s, its mentions counted again)."""
    return f"trend-{variant.value}"


def discard_stale_trend_screens(app: ReaderHost) -> None:
    """Forget the trend screens kept for another library or trend store (each holds its
    library), whatever their script; those of the other scripts that still fit stay."""
    from textual.app import App

    from trendreader.script.variants import CYCLE
    from trendreader.tui.kept_screens import PREFIX, discard
    from trendreader.tui.screens.trend import TrendScreen

    textual_app: App[object] = app  # type: ignore[assignment]
    for variant in CYCLE:
        name = trend_screen_name(variant)
        if not textual_app.is_screen_installed(PREFIX + name):
            continue
        kept = textual_app.get_screen(PREFIX + name)
        stale = kept.library is not app.library or kept.store is not app.trends.store
        if isinstance(kept, TrendScreen) and stale and kept not in textual_app.screen_stack:
            discard(app, name)


def trend_screen_fits(app: ReaderHost, kept: TrendScreen) -> bool:
    """``kept`` can show the app's trends as they are now: its library, script and store."""
    return (
        kept.library is app.library
        and kept.variant == app.variant
        and kept.store is app.trends.store
    )


def save_search(app: ReaderHost, query: str) -> None:
    """Keep ``query`` as a trend (``ctrl+s`` in search, or the palette): a name is proposed
    (the query's first term, in the reader's script) and can be edited first; escape saves
    nothing."""
    from trendreader.trends.naming import propose_trend_name
    from trendreader.tui.screens.trend import TrendInput

    query = query.strip()
    if not query:
        app.notify(_("Search for something first (/), then save it as a trend."))
        return
    if app.trends.store is None:
        app.notify(_("Trends are not ready yet: the index is still building."))
        return
    proposed, _aliases = propose_trend_name(query, app.variant)

    def named(name: str | None) -> None:
        if name is not None and name.strip():
            save_named_search(app, name.strip(), query)

    prompt = _("Save “{query}” as a trend named:").format(query=clean_line(query))
    app.push_screen(TrendInput(prompt, proposed), named)


def save_named_search(app: ReaderHost, name: str, query: str) -> None:
    """Save ``query`` as the trend ``name`` and say so (or why not)."""
    from trendreader.trends.model import TrendError
    from trendreader.trends.store import save_search_as_trend

    if app.trends.store is None:
        return
    try:
        trend = save_search_as_trend(name, query, store=app.trends.store)
    except TrendError as error:
        app.notify(clean_line(str(error)), severity="error", markup=False)
        return
    app.notify(_("Saved trend “{name}”.").format(name=clean_line(trend.name)), markup=False)
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
