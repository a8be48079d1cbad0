"""``/``: search every report; ``ctrl+f``: find in the current report.

An `Input` (search as you type, debounced), a report and a year filter, the results grouped
by report (a title row "title · year · 3 hits", then each hit's highlighted snippet in the
reader's script; ``ctrl+o`` orders the reports by relevance or by date; more results load as
the cursor nears the end) and a status line ("26 hits · 3 ms", or the service's one-line
message). The screen is dismissed with a :class:`SearchChoice` (enter on a result, or enter
in the input: the highlighted result, else the first) or ``None`` (escape); what it showed
(:attr:`SearchScreen.last`) is handed to the next one, so the query and the selection are
there again when search is opened again.

Searches run in a thread worker (exclusive: a newer search cancels the stale one) and results
for anything but the current query and filters are dropped, so typing never waits for the
index. The screen never builds the index itself: it watches the ``index_state`` of the app's
`IndexController` (or, shown on its own, of one it makes for itself). It does not wait for a
build either: once the service answers for the library (at the build's first progress
message) it searches, and while the build goes on the results come from the indexed part plus
a scan of the rest, the status line saying so ("indexing 320 / 2,000 — results may be
incomplete"); when the build is done the query is searched again. ``ctrl+s`` saves the query
as a trend (a message to the app).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Select, Static
from textual.worker import get_current_worker

from trendreader.i18n import N_, _
from trendreader.library.catalog import Library
from trendreader.reading import report_title
from trendreader.reading.result_groups import ORDERS, Order, ResultRow, group_hits
from trendreader.resources import styles_dir
from trendreader.script.variants import Variant
from trendreader.search.paging import report_dates
from trendreader.search.service import SearchResults, SearchService
from trendreader.tui.index_controller import IndexController, IndexState
from trendreader.tui.kept_screens import KeptScreen
from trendreader.tui.messages import IndexDone, IndexProgress, PassageChoice, SaveSearchAsTrend
from trendreader.tui.widgets.search_results import (
    SearchResultList,
    hit_prompt,
    status_text,
)

__all__ = [
    "ALL",
    "PLACEHOLDER",
    "SearchChoice",
    "SearchResultList",
    "SearchScreen",
    "hit_prompt",
    "status_text",
]

PLACEHOLDER = '搜索 search… (芯片, "自动驾驶", -手机, year:2024, report:004)'
ALL = ""  # the filter value meaning "no filter"
HINT = N_('Type to search every report — words, OR, -word, "phrase", report:KEY, year:2024')
FIND_HINT = N_("Type to find in this report")
KEYS_HINT = N_("enter open · ↓↑ results · ctrl+o order · esc close")
ORDER_LABELS = {"relevance": N_("by relevance"), "date": N_("newest first")}


Wanted = tuple[str, str, str]
"""What results are for: the query, the report filter and the year filter."""

SearchChoice = PassageChoice
"""Where enter on a result goes (one class with `TrendChoice`)."""


@dataclass(frozen=True, slots=True)
class LastSearch:
    """What a search screen showed when it closed: its query, the row highlighted (an option
    id) and the order; the next screen opens with them."""

    query: str = ""
    highlighted: str | None = None
    order: Order = "relevance"


class SearchScreen(KeptScreen, Screen[SearchChoice | None]):
    """Search the library as you type; enter opens a result, escape closes."""

    CSS_PATH = str(styles_dir() / "search.tcss")

    DEBOUNCE: ClassVar[float] = 0.15
    """Seconds of typing stillness before a search runs."""

    LIMIT: ClassVar[int] = 50
    """Results asked for at a time: as many more load when the cursor nears the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="search.close"),
        Binding("enter", "open", N_("Open"), id="search.open"),
        Binding("ctrl+o", "toggle_order", N_("Order"), id="search.order"),
        Binding("down", "results_first", N_("Results"), show=False, id="search.results"),
        Binding("up", "results_last", N_("Last result"), show=False, id="search.results_last"),
        Binding("ctrl+l", "focus_input", N_("Edit query"), show=False, id="search.focus_input"),
        Binding("ctrl+s", "save_search", N_("Save as trend"), show=False, id="search.save_search"),
    ]

    index_state: reactive[IndexState] = var(IndexState(), init=False)
    """Of the screen's own index controller (shown without an app that has one)."""

    def __init__(
        self,
        service: SearchService,
        library: Library,
        variant: Variant,
        *,
        report: str | None = None,
        initial_query: str = "",
        last: LastSearch | None = None,
        index: IndexController | None = None,
        show_elapsed: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.service = service
        self.library = library
        self.variant = variant
        found = library.find(report) if report else None
        self.report_key: str | None = found[0].key if found else report
        self.last = last or LastSearch(initial_query)
        """The query, highlighted row and order: given at the start, kept as they change."""
        self.initial_query = initial_query or self.last.query
        self.order: Order = self.last.order
        self._restore: str | None = self.last.highlighted  # a row to highlight once shown
        self.limit = self.LIMIT
        """Results asked for at a time (the next page starts at :attr:`loaded`)."""
        self.loaded = 0
        """Matches asked for so far for the results on screen (the next page's offset)."""
        self.rows: list[ResultRow] = []
        """The rows on screen (title rows and hit rows), in list order."""
        self.show_elapsed = show_elapsed
        self.results: SearchResults | None = None
        """The results on screen (for the query and filters they were asked with)."""
        self.searches = 0
        """Searches started (a test hook: typing fast runs one)."""
        self.index = index if index is not None else IndexController(self, service=service)
        self.index_ready = service.library is library
        self._timer: Timer | None = None
        self._shown_for: tuple[str, str, str] | None = None  # what the results are for
        self._asked_for: tuple[str, str, str] | None = None  # the latest search started
        self._open_when_ready = False
        self._loading_more = False  # the next page is on its way
        self._report_dates: dict[str, tuple[int, str]] | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        title = _("Search")
        if self.report_key:
            found = self.library.find(self.report_key)
            if found is not None:
                name = report_title(found[0], self.variant)
                title = _("Find in {title}").format(title=name)
        with Horizontal(id="search-header"):
            yield Static(Text(title), id="search-title")
            yield Static(Text(_(KEYS_HINT)), id="search-keys")
        yield Input(value=self.initial_query, placeholder=self._placeholder(), id="search-input")
        with Horizontal(id="search-filters"):
            yield Select(
                self._report_options(),
                value=self.report_key or ALL,
                allow_blank=False,
                compact=True,
                id="search-report",
            )
            yield Select(
                self._year_options(), value=ALL, allow_blank=False, compact=True, id="search-year"
            )
        yield SearchResultList(id="search-results")
        yield Static("", id="search-status")
        from trendreader.tui.chrome import COMPACT_FOOTER_WIDTH, reader_footer

        yield reader_footer()(compact=self.app.size.width < COMPACT_FOOTER_WIDTH)

    def _report_options(self) -> list[tuple[Text, str]]:
        options = [(Text(_("All reports")), ALL)]
        for report in self.library.reports:
            options.append((Text(report_title(report, self.variant)), report.key))
        if self.report_key and all(value != self.report_key for _t, value in options):
            options.append((Text(self.report_key), self.report_key))  # a key prefix
        return options

    def _year_options(self) -> list[tuple[Text, str]]:
        years = sorted({r.year for r in self.library.reports if r.year is not None}, reverse=True)
        return [(Text(_("All years")), ALL), *((Text(str(y)), str(y)) for y in years)]

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        host = self.index.host
        self.watch(host, "index_state", self._index_state_changed, init=False)
        if self.index_ready:
            self._set_status(self._hint())
            self._search_now()
            return
        self._set_status(_("Indexing…"))
        state: IndexState = host.index_state  # type: ignore[attr-defined]
        if state.phase != "building":
            self.index.start(self.library)  # the controller builds; the screen watches
        elif state.searchable:
            self._indexed(None)

    def reopened(self) -> None:
        """Pushed again (kept: :mod:`..kept_screens`): the last query selected in the input
        and searched again (the index may have changed since), the row highlighted then
        highlighted again."""
        self.input.focus()
        self.input.select_all()
        self._restore = self.last.highlighted
        self._shown_for = self._asked_for = None
        self._open_when_ready = False
        self._search_now()

    # ------------------------------------------------------------------ widgets

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def result_list(self) -> SearchResultList:
        return self.query_one(SearchResultList)

    @property
    def status(self) -> str:
        """The status line's text."""
        return str(self.query_one("#search-status", Static).content)

    def _set_status(self, text: str) -> None:
        if not self.is_attached:
            return
        self.query_one("#search-status", Static).update(Text(text))

    def _placeholder(self) -> str:
        """The example query in the reader's script (搜索… / 自動駕駛 in 繁體)."""
        from trendreader.library.model import Script
        from trendreader.script.display import display_text

        return display_text(PLACEHOLDER, Script.SIMPLIFIED, self.variant)

    def _hint(self) -> str:
        return _(FIND_HINT) if self.report_key else _(HINT)

    # ------------------------------------------------------------------ indexing

    def on_index_progress(self, message: IndexProgress) -> None:
        self.index.progressed(message)  # the screen's own controller reports here

    def on_index_done(self, message: IndexDone) -> None:
        self.index.done(message)

    def _index_state_changed(self, state: IndexState) -> None:
        if not self.index_ready:
            if state.searchable:
                self._indexed(state.notice if state.ready else None)
            elif state.total:
                self._set_status(
                    _("Indexing… {done}/{total}").format(done=state.done, total=state.total)
                )
            return
        if not state.ready or not self.is_attached:
            return
        if state.notice and self.index.host is self:  # the app says its own
            self.notify(state.notice, severity="warning")
        results = self.results
        if results is not None and results.partial is not None:  # complete them now
            self._restore = self.result_list.highlighted_id
            self._shown_for = self._asked_for = None
            self._search_now()

    def action_save_search(self) -> None:
        self.app.post_message(SaveSearchAsTrend(self.input.value))

    def _indexed(self, notice: str | None) -> None:
        if not self.is_attached:
            return
        self.index_ready = True
        self._set_status(notice or self._hint())
        if notice and self.index.host is self:  # the app says its own
            self.notify(notice, severity="warning")
        self._search_now()

    # ------------------------------------------------------------------ searching

    def _wanted(self) -> tuple[str, str, str]:
        report = self.query_one("#search-report", Select).value
        year = self.query_one("#search-year", Select).value
        return (
            self.input.value,
            report if isinstance(report, str) else ALL,
            year if isinstance(year, str) else ALL,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._open_when_ready = False
        self.limit = self.LIMIT
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE, self._search_now)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.limit = self.LIMIT
        if self._timer is not None:
            self._timer.stop()
        self._search_now()

    def _search_now(self) -> None:
        """Search for what the input and filters say now (unless it is on screen already)."""
        self._timer = None
        if not self.index_ready:
            return  # _indexed() searches when the index is there
        wanted = self._wanted()
        if wanted in (self._shown_for, self._asked_for):
            return  # on screen, or on its way
        self._asked_for = wanted
        self._loading_more = False
        query, report, year = wanted
        if not query.strip():
            self._show_results(None, wanted)
            return
        self.searches += 1
        self._search(query, report or None, int(year) if year else None, wanted, 0, self.order)

    @work(thread=True, exclusive=True, group="search")
    def _search(
        self,
        query: str,
        report: str | None,
        year: int | None,
        wanted: tuple[str, str, str],
        offset: int,
        order: Order,
    ) -> None:
        results = self.service.search(
            query,
            variant=self.variant,
            limit=self.limit,
            report=report,
            year=year,
            offset=offset,
            order=order,
        )
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, results, wanted, order)

    def _show_results(
        self,
        results: SearchResults | None,
        wanted: tuple[str, str, str],
        order: Order | None = None,
    ) -> None:
        if not self.is_attached:
            return  # the screen was closed while the search ran
        if wanted != self._wanted() or (order is not None and order != self.order):
            return  # stale: the query, a filter or the order changed since
        self._loading_more = False
        shown = self.results
        more = (
            results is not None
            and shown is not None
            and wanted == self._shown_for
            and results.offset > 0
            and results.offset == self.loaded
        )
        if results is not None and shown is not None and more:
            results = replace(results, hits=shown.hits + results.hits, offset=0)
        keep = more or (results is not None and wanted == self._shown_for)
        self._shown_for = wanted
        self.results = results
        self.loaded = (self.loaded if more else 0) + self.limit
        self._fill_list(keep_highlight=keep)
        if results is None:
            self._set_status(self._hint())
            return
        self._show_status()
        if self._open_when_ready:
            self._open_when_ready = False
            self._choose(0)

    def _fill_list(self, *, keep_highlight: bool) -> None:
        results = self.results
        hits = results.hits if results is not None else []
        rows = group_hits(hits, self.order, self._dates()) if hits else []
        counts = results.per_report if results is not None else {}
        # a title row says how many hits its report has in all, not only those loaded
        self.rows = [
            replace(row, count=counts.get(row.report_key, row.count)) if row.is_title else row
            for row in rows
        ]
        kept = self.result_list.highlighted_id if keep_highlight else None
        wanted, self._restore = (self._restore or kept), None
        partial = results is not None and results.total > len(hits) and not counts
        self.result_list.show_rows(hits, self.rows, highlight=wanted, partial=partial)

    def _dates(self) -> dict[str, tuple[int, str]]:
        if self._report_dates is None:
            self._report_dates = report_dates(self.library)
        return self._report_dates

    def _show_status(self) -> None:
        if self.results is None:
            return
        status = status_text(self.results, elapsed=self.show_elapsed)
        if self.results.hits:
            status = f"{status} · {_(ORDER_LABELS[self.order])}"
        partial = self.results.partial_notice()
        if partial:  # the build is under way: part of the library was scanned
            status = f"{status} · {partial}" if status else partial
        self._set_status(status)

    def action_toggle_order(self) -> None:
        """``ctrl+o``: reports by relevance, or newest first (of every match: the first page
        is asked for again in the new order when more than one page matched)."""
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._fill_list(keep_highlight=True)
        self._show_status()
        self._remember()
        results = self.results
        if results is not None and results.total > len(results.hits):
            self._asked_for = None
            self.limit = self.LIMIT
            self._search_now_again()

    def _search_now_again(self) -> None:
        """The current query from its first page (the order or the page size changed)."""
        wanted = self._wanted()
        query, report, year = wanted
        if not self.index_ready or not query.strip():
            return
        self._asked_for = wanted
        self.searches += 1
        self._search(query, report or None, int(year) if year else None, wanted, 0, self.order)

    def on_search_result_list_load_more(self, event: SearchResultList.LoadMore) -> None:
        """The cursor nears the end: ask for :attr:`LIMIT` more results, if there are."""
        event.stop()
        results = self.results
        if results is None or results.total <= self.loaded:
            return
        if self._asked_for != self._shown_for or self._loading_more:
            return  # a search is on its way already
        wanted = self._wanted()
        if wanted != self._shown_for:
            return
        query, report, year = wanted
        self._loading_more = True
        self.searches += 1
        self._more(query, report or None, int(year) if year else None, wanted)

    def _more(self, query: str, report: str | None, year: int | None, wanted: Wanted) -> None:
        """The next :attr:`LIMIT` matches, from :attr:`loaded` on, in the order shown."""
        self._search(query, report, year, wanted, self.loaded, self.order)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._remember()

    def _remember(self) -> None:
        self.last = LastSearch(self.input.value, self.result_list.highlighted_id, self.order)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        if self.results is not None and self.result_list.needs_rewrap():
            self._fill_list(keep_highlight=True)

    # ------------------------------------------------------------------ choosing

    def _choose(self, index: int | None) -> None:
        if self.results is None or not self.results.hits:
            return
        row = self.rows[index] if index is not None and index < len(self.rows) else None
        hit = self.results.hits[row.hit if row is not None else 0]
        self._remember()
        self.dismiss(SearchChoice(hit.report_key, hit.edition_key, hit.ordinal, self.results.query))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted result, else the first; when the results on screen are not
        for the current query yet, open the first as soon as they arrive."""
        if self._shown_for != self._wanted():
            self._open_when_ready = True
            if self._timer is not None:
                self._timer.stop()
            self._search_now()
            return
        self._choose(self.result_list.highlighted)

    def action_close(self) -> None:
        self._remember()
        self.dismiss(None)

    # ------------------------------------------------------------------ focus moves

    def action_results_first(self) -> None:
        self._enter_results(0)

    def action_results_last(self) -> None:
        self._enter_results(-1)

    def _enter_results(self, index: int) -> None:
        results_list = self.result_list
        if not results_list.option_count:
            return
        results_list.focus()
        if results_list.highlighted is None or index < 0:
            results_list.highlighted = index % results_list.option_count

    def action_focus_input(self) -> None:
        self.input.focus()

    def on_search_result_list_leave_top(self, event: SearchResultList.LeaveTop) -> None:
        event.stop()
        self.input.focus()

    def on_search_result_list_typed_ahead(self, event: SearchResultList.TypedAhead) -> None:
        event.stop()
        self.input.focus()
        self.input.insert_text_at_cursor(event.character)
