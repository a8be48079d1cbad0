"""The trend view: how much each report mentions a trend (a column chart, one column per
report, grouped by year), then every passage that does, grouped by report, with the trend's
terms highlighted in the reader's script.

Dismissed with a :class:`TrendChoice` (enter on a passage: open it) or ``None`` (escape).
``d`` deletes a user trend after a confirmation; built-in and suggested trends cannot be
deleted (a notice says why). After a deletion the screen posts :class:`TrendsChanged` to the
app, then closes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from trendreader.library.catalog import Library
from trendreader.resources import styles_dir
from trendreader.script.display import display_text
from trendreader.script.variants import Variant
from trendreader.search.service import SearchHit
from trendreader.trends.mentions import Mentions
from trendreader.trends.model import Trend, TrendError
from trendreader.trends.store import TrendStore
from trendreader.tui.messages import PassageChoice, TrendsChanged
from trendreader.tui.trend_rows import Bar, chart_bars, passage_text, render_chart, report_heading

__all__ = ["ConfirmDelete", "TrendChart", "TrendChoice", "TrendScreen", "TrendsChanged"]

CHART_HEIGHT = 4
#: Passages listed at most (the chart and the counts still cover all of them): an OptionList
#: lays out every row when mounted, ~0.3 ms a row.
MAX_ROWS = 300


TrendChoice = PassageChoice
"""Open this passage, highlighting what ``query`` finds (one class with `SearchChoice`)."""


class TrendChart(Widget):
    """The column chart; drawn for the width it has."""

    DEFAULT_CSS = """
    TrendChart {
        height: auto;
    }
    """

    def __init__(self, bars: list[Bar], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars = bars

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return CHART_HEIGHT + 2

    def render(self) -> RenderResult:
        return render_chart(self.bars, self.size.width, CHART_HEIGHT)


class ConfirmDelete(ModalScreen[bool]):
    """Delete this trend? y / n."""

    CSS_PATH = str(styles_dir() / "trends.tcss")

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Delete", id="trend_confirm.yes"),
        Binding("n,escape", "answer(False)", "Keep", id="trend_confirm.no"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.trend_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="trend-confirm"):
            question = Text("Delete the trend ")
            question.append(self.trend_name, style="bold")
            question.append("?")
            yield Static(question)
            yield Static(Text("y: delete   n: keep", style="dim"), id="trend-confirm-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TrendScreen(Screen[TrendChoice | None]):
    """One trend across the library."""

    CSS_PATH = str(styles_dir() / "trends.tcss")

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="trend.close"),
        Binding("d", "delete", "Delete trend", id="trend.delete"),
    ]

    def __init__(
        self,
        mentions: Mentions,
        library: Library,
        variant: Variant,
        *,
        store: TrendStore | None = None,
    ) -> None:
        super().__init__()
        self.mentions = mentions
        self.trend: Trend = mentions.trend
        self.library = library
        self.variant = variant
        self.store = store
        self.hits: list[SearchHit] = []
        self._options = self._build_options()
        self._bars = chart_bars(mentions, library, variant)

    def _build_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for group in self.mentions.reports:
            if len(self.hits) >= MAX_ROWS:
                break
            title = display_text(group.title, None, self.variant)
            if options:
                options.append(None)
            options.append(Option(report_heading(group.year, title, group.count), disabled=True))
            for hit in group.hits[: MAX_ROWS - len(self.hits)]:
                options.append(Option(passage_text(hit), id=str(len(self.hits))))
                self.hits.append(hit)
        hidden = len(self.mentions.hits) - len(self.hits)
        if hidden > 0:
            more = f"… and {hidden} more passages (search for the trend to see them all)"
            options.append(Option(Text(more, style="dim italic"), disabled=True))
        return options

    def _title(self) -> Text:
        m = self.mentions
        text = Text(display_text(self.trend.name, None, self.variant), style="bold")
        text.append(f"  {self.trend.kind}", style="dim")
        text.append(
            f"  ·  {m.total} passage{'s' if m.total != 1 else ''} in "
            f"{m.report_count} of {len(self.library.reports)} reports",
        )
        aliases = [a for a in self.trend.aliases if a != self.trend.name]
        if aliases:
            text.append("  ·  " + " / ".join(aliases), style="dim")
        return text

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="trend-title")
        yield TrendChart(self._bars, id="trend-chart")
        passages = OptionList(*self._options, id="trend-passages")
        if not self.hits:
            passages.add_option(
                Option(Text("No passage mentions this trend.", "dim"), disabled=True)
            )
        yield passages
        yield Footer()

    def on_mount(self) -> None:
        passages = self.query_one("#trend-passages", OptionList)
        passages.focus()
        if self.hits:
            passages.highlighted = next(
                i for i, option in enumerate(passages.options) if not option.disabled
            )

    @property
    def current(self) -> SearchHit | None:
        passages = self.query_one("#trend-passages", OptionList)
        index = passages.highlighted
        if index is None:
            return None
        option = passages.get_option_at_index(index)
        return self.hits[int(option.id)] if option.id is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        hit = self.hits[int(event.option.id)]
        self.dismiss(TrendChoice(hit.report_key, hit.edition_key, hit.ordinal, self.trend.query))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_delete(self) -> None:
        trend = self.trend
        if trend.suggested:
            self.notify(f"{trend.name} is suggested from the reports; there is nothing to delete.")
            return
        if not trend.user or self.store is None:
            self.notify(
                f"{trend.name} is built in (it ships with the library's trends.toml) "
                "and cannot be deleted."
            )
            return

        def answered(yes: bool | None) -> None:
            if not yes or self.store is None:
                return
            try:
                self.store.remove(trend.name)
            except (TrendError, OSError) as error:
                self.notify(str(error), severity="error")
                return
            self.app.post_message(TrendsChanged(trend.name))
            self.notify(f"Trend {trend.name} deleted.")
            self.dismiss(None)

        self.app.push_screen(ConfirmDelete(trend.name), answered)
