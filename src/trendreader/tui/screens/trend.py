"""The trend view: how much each report mentions a trend (a column chart, one column per
report, grouped by year), then every passage that does, grouped by report, with the trend's
terms highlighted in the reader's script.

The chart has a column per year of the library, zeros included (``s``: passages or the
share of the year's reports); below it each year's reports, share, and what was new.
Passages are wrapped by the project's CJK wrapper (:func:`trendreader.typeset.wrap`).

Dismissed with a :class:`TrendChoice` (enter on a passage: open it) or ``None`` (escape).
``a`` accepts a suggested trend as the reader's own; ``r`` renames and ``A`` edits the
aliases of a user trend; ``d`` deletes a user trend after a confirmation (the binding is
hidden for built-in and suggested trends). After a change the screen posts
:class:`TrendsChanged` to the app.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from trendreader import keys_help
from trendreader.i18n import N_, _, ngettext
from trendreader.library.catalog import Library
from trendreader.resources import styles_dir
from trendreader.script.display import display_text, show_user_text, show_user_texts
from trendreader.script.variants import Variant
from trendreader.search.service import SearchHit
from trendreader.trends.chart import ChartColumn, chart_lines
from trendreader.trends.mentions import Mentions
from trendreader.trends.model import Trend, TrendError
from trendreader.trends.store import TrendStore
from trendreader.trends.yearly import YearRow, trend_years
from trendreader.tui.bindings import binding_list
from trendreader.tui.kept_screens import KeptScreen
from trendreader.tui.messages import PassageChoice, TrendsChanged
from trendreader.tui.trend_rows import passage_text, report_heading
from trendreader.typeset.wrap import wrap_passage

__all__ = [
    "ConfirmDelete",
    "TrendChart",
    "TrendChoice",
    "TrendInput",
    "TrendScreen",
    "TrendsChanged",
    "wrap_text",
]

CHART_HEIGHT = 4
#: Passages listed at most (the chart and the counts still cover all of them): an OptionList
#: lays out every row when mounted, ~0.3 ms a row.
MAX_ROWS = 300


ALIAS_SPLIT = re.compile(r"[,，、;；\n]+")

TrendChoice = PassageChoice
"""Open this passage, highlighting what ``query`` finds (one class with `SearchChoice`)."""


def wrap_text(text: Text, width: int) -> Text:
    """``text`` broken into lines by the CJK wrapper (no line starts with 。 or 、), its
    styles (highlights) kept."""
    lines = wrap_passage(text.plain, max(8, width))
    return Text("\n").join(text[line.start : line.end] for line in lines)


class TrendChart(Widget):
    """The year chart; drawn for the width it has, in the theme's colours (component
    classes), readable without colour (block glyphs, ``·`` and ``0`` for a year without)."""

    COMPONENT_CLASSES = {
        "trend-chart--axis",
        "trend-chart--bar",
        "trend-chart--zero",
        "trend-chart--label",
        "trend-chart--value",
    }
    DEFAULT_CSS = """
    TrendChart {
        height: auto;
    }
    TrendChart > .trend-chart--axis { color: $text-muted; }
    TrendChart > .trend-chart--bar { color: $accent; }
    TrendChart > .trend-chart--zero { color: $text-muted; }
    TrendChart > .trend-chart--label { color: $foreground; }
    TrendChart > .trend-chart--value { color: $text-accent; text-style: bold; }
    """

    def __init__(self, rows: list[YearRow], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.share = False

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return CHART_HEIGHT + 3

    def columns(self) -> list[ChartColumn]:
        if self.share:
            return [ChartColumn(r.year, r.report_share) for r in self.rows]
        return [ChartColumn(r.year, r.mentions) for r in self.rows]

    def render(self) -> RenderResult:
        text = Text()
        lines = chart_lines(self.columns(), self.size.width, CHART_HEIGHT, share=self.share)
        for n, line in enumerate(lines):
            if n:
                text.append("\n")
            for part, role in line:
                text.append(part, self.get_component_rich_style(f"trend-chart--{role}"))
        return text


class TrendInput(ModalScreen[str | None]):
    """One line to type (a trend's name, its aliases): enter saves, escape cancels."""

    CSS_PATH = str(styles_dir() / "trends.tcss")
    BINDINGS = binding_list(keys_help.TREND_DIALOGS, "trend_input.")

    def __init__(self, prompt: str, value: str) -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="trend-input"):
            yield Static(Text(self.prompt))
            yield Input(self.value, id="trend-input-field")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDelete(ModalScreen[bool]):
    """Delete this trend? y / n."""

    CSS_PATH = str(styles_dir() / "trends.tcss")

    BINDINGS = binding_list(keys_help.TREND_DIALOGS, "trend_confirm.")

    def __init__(self, name: str) -> None:
        super().__init__()
        self.trend_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="trend-confirm"):
            before, _name, after = _("Delete the trend {name}?").partition("{name}")
            question = Text(before)
            question.append(self.trend_name, style="bold")
            question.append(after)
            yield Static(question)
            hint = Text(_("y: delete   n: keep"), style="dim")
            yield Static(hint, id="trend-confirm-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


KIND_LABEL = {"built-in": N_("built-in"), "user": N_("yours"), "suggested": N_("suggested")}


class TrendScreen(KeptScreen, Screen[TrendChoice | None]):
    """One trend across the library. Kept between opens (:mod:`..kept_screens`): enter on
    another trend shows it on the same screen (:meth:`show_trend`), without composing,
    mounting and styling the screen again."""

    CSS_PATH = str(styles_dir() / "trends.tcss")

    BINDINGS = binding_list(keys_help.TRENDS)

    def __init__(
        self,
        mentions: Mentions,
        library: Library,
        variant: Variant,
        *,
        store: TrendStore | None = None,
        years: list[YearRow] | None = None,
    ) -> None:
        super().__init__()
        self.mentions = mentions
        self.trend: Trend = mentions.trend
        self.library = library
        self.variant = variant
        self.store = store
        self.years = years if years is not None else trend_years(mentions, library)
        self.hits: list[SearchHit] = []
        self._width = 0
        self._another_trend = False  # show_trend() since the screen was last shown
        self._years_changed = False
        self._filled_for: tuple[object, ...] | None = None  # ``_fill_key`` of the last fill

    def show_trend(self, mentions: Mentions, years: list[YearRow] | None = None) -> None:
        """Show ``mentions`` when this kept screen is pushed again (its :meth:`reopened`)."""
        years = years if years is not None else trend_years(mentions, self.library)
        if mentions is self.mentions:  # the same trend: where the reader left it
            if years != self.years:  # (made at idle without its years: see tui/prewarm.py)
                self.years = years
                self._years_changed = True
            return
        self.mentions = mentions
        self.trend = mentions.trend
        self.years = years
        self._another_trend = True

    def reopened(self) -> None:
        """Pushed again: the trend given by :meth:`show_trend` (its first passage), or the
        same one where the reader left it."""
        another, self._another_trend = self._another_trend, False
        years_changed, self._years_changed = self._years_changed, False
        chart = self.query_one(TrendChart)
        if another or years_changed:
            chart.rows = self.years
            chart.share = chart.share and not another
            chart.refresh()
        width = self.app.size.width
        if another or self._filled_for != self._fill_key(width):
            self._refill(width, keep_place=not another)
        elif years_changed:  # the same passages, where the reader left them
            self._fill_heading(max(8, width - 4))
        passages = self.query_one("#trend-passages", OptionList)
        if another:
            passages.scroll_home(animate=False)
        self.refresh_bindings()
        passages.focus()

    def _build_options(self, width: int) -> list[Option | None]:
        options: list[Option | None] = []
        self.hits = []
        for group in self.mentions.reports:
            if len(self.hits) >= MAX_ROWS:
                break
            title = display_text(group.title, None, self.variant)
            if options:
                options.append(None)
            heading = wrap_text(report_heading(group.year, title, group.count), width)
            options.append(Option(heading, disabled=True))
            for hit in group.hits[: MAX_ROWS - len(self.hits)]:
                options.append(Option(wrap_text(passage_text(hit), width), id=str(len(self.hits))))
                self.hits.append(hit)
        hidden = len(self.mentions.hits) - len(self.hits)
        if hidden > 0:
            more = ngettext(
                "… and {n} more passage (search for the trend to see them all)",
                "… and {n} more passages (search for the trend to see them all)",
                hidden,
            ).format(n=hidden)
            options.append(Option(Text(more, style="dim italic"), disabled=True))
        if not self.hits:
            options.append(Option(Text(_("No passage mentions this trend."), "dim"), disabled=True))
        return options

    def _shown(self, text: str) -> str:
        return show_user_text(text, self.variant)

    def _title(self) -> Text:
        m = self.mentions
        text = Text(self._shown(self.trend.name), style="bold")
        kind = KIND_LABEL.get(self.trend.kind)
        text.append("  " + (_(kind) if kind else self.trend.kind), style="dim")
        counts = ngettext(
            "{n} passage in {reports} of {total} reports",
            "{n} passages in {reports} of {total} reports",
            m.total,
        ).format(n=m.total, reports=m.report_count, total=len(self.library.reports))
        text.append("  ·  " + counts)
        shown = self._shown(self.trend.name)
        shown_aliases = dict.fromkeys(show_user_texts(self.trend.aliases, self.variant))
        aliases = [a for a in shown_aliases if a != shown]
        if aliases:
            text.append("  ·  " + " / ".join(aliases), style="dim")
        return text

    def _year_lines(self, width: int) -> Text:
        """Each year: reports mentioning, share of passages, what was new, what faded."""
        out = Text()
        for row in self.years:
            if row.year is None and not row.reports:
                continue
            line = Text(str(row.year) if row.year is not None else "—", style="bold")
            reports = _("{n}/{total} reports").format(n=row.mentioning, total=row.reports)
            line.append(f"  {reports}  ")
            passages = _("{n} passages ({share})").format(n=row.mentions, share=f"{row.share:.1%}")
            line.append(passages, style="dim")
            if row.new:
                line.append("  " + _("new: "), style="dim")
                line.append(self._shown("、".join(row.new)))
            if row.faded:
                line.append("  " + _("faded: "), style="dim")
                line.append(self._shown("、".join(row.faded)), style="dim")
            if out:
                out.append("\n")
            out.append_text(wrap_text(line, width))
        return out

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="trend-title")
        yield TrendChart(self.years, id="trend-chart")
        yield Static(Text(), id="trend-years")
        yield OptionList(id="trend-passages")
        from trendreader.tui.chrome import reader_footer

        yield reader_footer()()

    def on_mount(self) -> None:
        self._refill(self.app.size.width)
        self.query_one("#trend-passages", OptionList).focus()

    def on_resize(self) -> None:
        if self.size.width and self.size.width != self._width:
            self._refill(self.size.width)

    def _fill_key(self, width: int) -> tuple[object, ...]:
        """What the passages as filled depend on besides the trend: the width and the
        interface's language (a reopen with the same ones keeps them: at 2,000 reports,
        filling ~500 options again was most of a reopen's ~120 ms)."""
        from trendreader.i18n import current_locale

        return (width, current_locale())

    def _fill_heading(self, inner: int) -> None:
        self.query_one("#trend-title", Static).update(wrap_text(self._title(), inner))
        self.query_one("#trend-years", Static).update(self._year_lines(inner))

    def _refill(self, width: int, *, keep_place: bool = True) -> None:
        self._width = width
        self._filled_for = self._fill_key(width)
        inner = max(8, width - 4)
        self._fill_heading(inner)
        passages = self.query_one("#trend-passages", OptionList)
        current = self.current if passages.option_count and keep_place else None
        passages.clear_options()
        passages.add_options(self._build_options(inner))
        if self.hits:
            target = self.hits.index(current) if current in self.hits else 0
            passages.highlighted = next(
                i for i, o in enumerate(passages.options) if o.id == str(target)
            )

    @property
    def current(self) -> SearchHit | None:
        passages = self.query_one("#trend-passages", OptionList)
        index = passages.highlighted
        if index is None:
            return None
        option = passages.get_option_at_index(index)
        return self.hits[int(option.id)] if option.id is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what this trend allows: delete, rename and aliases for the reader's
        own, accept for a suggestion (the others are hidden from the footer)."""
        has_store = self.store is not None
        if action in ("delete", "rename", "edit_aliases"):
            return self.trend.user and has_store
        if action == "accept":
            return self.trend.suggested and has_store
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        hit = self.hits[int(event.option.id)]
        self.dismiss(TrendChoice(hit.report_key, hit.edition_key, hit.ordinal, self.trend.query))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_share(self) -> None:
        chart = self.query_one(TrendChart)
        chart.share = not chart.share
        chart.refresh()

    def _changed(self, trend: Trend, message: str) -> None:
        self.trend = trend
        self.query_one("#trend-title", Static).update(
            wrap_text(self._title(), max(8, self._width - 4))
        )
        self.refresh_bindings()
        self.app.post_message(TrendsChanged(trend.name))
        self.notify(message)

    def _store_call(self, call: Callable[[], Trend]) -> Trend | None:
        try:
            return call()
        except (TrendError, OSError) as error:
            self.notify(show_user_text(str(error), self.variant), severity="error")
            return None

    def action_accept(self) -> None:
        """A suggestion becomes the reader's own trend, as it is (rename it after)."""
        store, trend = self.store, self.trend
        if store is None or not trend.suggested:
            return
        saved = self._store_call(lambda: store.add(trend.name, trend.aliases))
        if saved is not None:
            self._changed(
                saved, _("Trend {name} added to yours.").format(name=self._shown(saved.name))
            )

    def action_rename(self) -> None:
        store, trend = self.store, self.trend
        if store is None or not trend.user:
            return

        def typed(name: str | None) -> None:
            if name is None or not name.strip() or name.strip() == trend.name:
                return
            saved = self._store_call(lambda: store.rename(trend.name, name))
            if saved is not None:
                self._changed(
                    saved, _("Trend renamed {name}.").format(name=self._shown(saved.name))
                )

        self.app.push_screen(TrendInput(_("New name of the trend:"), trend.name), typed)

    def action_edit_aliases(self) -> None:
        store, trend = self.store, self.trend
        if store is None or not trend.user:
            return

        def typed(value: str | None) -> None:
            if value is None:
                return
            aliases = [a for a in ALIAS_SPLIT.split(value) if a.strip()]
            saved = self._store_call(
                lambda: store.add(trend.name, aliases or [trend.name], saved_query=None)
            )
            if saved is not None:
                self._changed(
                    saved, _("Aliases of {name} saved.").format(name=self._shown(saved.name))
                )

        self.app.push_screen(
            TrendInput(_("Aliases (separated by commas or 、):"), ", ".join(trend.aliases)), typed
        )

    def action_delete(self) -> None:
        trend = self.trend
        if not trend.user or self.store is None:
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
            self.notify(_("Trend {name} deleted.").format(name=self._shown(trend.name)))
            self.dismiss(None)

        self.app.push_screen(ConfirmDelete(self._shown(trend.name)), answered)
