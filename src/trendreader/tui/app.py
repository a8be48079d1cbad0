"""The Textual app: sidebar, reading pane, header and footer. No domain logic lives here;
it calls the library, script and reading layers and shows what they return."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header

from trendreader.library.catalog import Library
from trendreader.library.editions import corresponding_passage
from trendreader.library.model import Edition, Report
from trendreader.paths import AppPaths
from trendreader.reading import choose_edition, converted_emphasis, passage_texts, report_title
from trendreader.resources import styles_dir
from trendreader.script.variants import Variant
from trendreader.settings import load_settings, save_settings
from trendreader.tui.commands import ReportCommands, ScriptCommands
from trendreader.tui.widgets.reading_pane import ReadingPane
from trendreader.tui.widgets.sidebar import LibrarySidebar
from trendreader.typeset.layout import DisplayPassage


def _stylesheets() -> list[str | Path]:
    return sorted(styles_dir().glob("*.tcss"))


class TrendReaderApp(App[int]):
    """Read the library: pick a report in the sidebar, read it, switch its script."""

    TITLE = "trendreader"
    CSS_PATH = _stylesheets()
    COMMANDS = App.COMMANDS | {ReportCommands, ScriptCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("t", "cycle_script", "Script", id="app.cycle_script"),
        Binding("e", "switch_edition", "Edition", id="app.switch_edition"),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", show=False, id="app.palette"),
    ]

    def __init__(
        self,
        *,
        paths: AppPaths,
        library: Library,
        variant: Variant = Variant.ORIGINAL,
        open_key: str | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.library = library
        self.variant = variant
        self._open_key = open_key
        self.report: Report | None = None
        self.edition: Edition | None = None

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="main"):
            yield LibrarySidebar(id="sidebar")
            yield ReadingPane(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.sidebar.populate(self.library, self.variant)
        key = self._open_key or (self.library.reports[0].key if self.library.reports else None)
        if key:
            self.open_report(key)
        self.reader.focus()

    @property
    def sidebar(self) -> LibrarySidebar:
        return self.query_one(LibrarySidebar)

    @property
    def reader(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    # ---------------------------------------------------------------- reading
    def open_report(self, key: str, *, cursor: int = 0) -> None:
        """Show a report (or one edition of it, when ``key`` names an edition)."""
        found = self.library.find(key)
        if found is None:
            self.notify(f"No report {key!r}", severity="error")
            return
        report, edition = found
        if key == report.key:
            edition = choose_edition(report, self.variant)
        self.report, self.edition = report, edition
        self.sidebar.select_report(edition.key)
        self._show(cursor=cursor, keep_row=False)

    def _show(self, *, cursor: int, keep_row: bool) -> None:
        assert self.edition is not None
        edition, variant = self.edition, self.variant
        self._update_header()
        self.reader.show(self._display_passages(edition, variant), cursor=cursor,
                         keep_cursor_row=keep_row)

    def _display_passages(self, edition: Edition, variant: Variant) -> list[DisplayPassage]:
        texts = passage_texts(edition, variant)
        return [
            DisplayPassage(
                kind=passage.kind,
                level=passage.level,
                text=text,
                emphasis=converted_emphasis(passage.text, text, passage.emphasis, variant, edition),
            )
            for passage, text in zip(edition.passages, texts, strict=True)
        ]

    def _update_header(self) -> None:
        if self.report is None or self.edition is None:
            self.sub_title = self.variant.label
            return
        title = report_title(self.report, self.variant)
        editions = ""
        if len(self.report.editions) > 1:
            index = self.report.editions.index(self.edition) + 1
            editions = f" · edition {index}/{len(self.report.editions)}"
        self.sub_title = f"{title} · {self.variant.label}{editions}"

    # ---------------------------------------------------------------- actions
    def on_library_sidebar_report_chosen(self, message: LibrarySidebar.ReportChosen) -> None:
        self.open_report(message.key)
        self.reader.focus()

    def set_variant(self, variant: Variant) -> None:
        """Switch the script of everything on screen, keeping the cursor passage in place."""
        if self.report is None or self.edition is None:
            self.variant = variant
            return
        old_edition, cursor = self.edition, self.reader.cursor
        self.variant = variant
        new_edition = choose_edition(self.report, variant, preferred=old_edition.key)
        if new_edition is not old_edition:
            cursor = corresponding_passage(
                old_edition.passages[cursor].text,
                cursor,
                len(old_edition.passages),
                new_edition,
            )
            self.edition = new_edition
        self._remember_variant()
        self.sidebar.populate(self.library, variant)
        self.sidebar.select_report(self.edition.key)
        self._show(cursor=cursor, keep_row=True)

    def action_cycle_script(self) -> None:
        self.set_variant(self.variant.next())

    def action_switch_edition(self) -> None:
        if self.report is None or self.edition is None or len(self.report.editions) < 2:
            self.notify("This report has one edition.")
            return
        editions = self.report.editions
        target = editions[(editions.index(self.edition) + 1) % len(editions)]
        cursor = corresponding_passage(
            self.edition.passages[self.reader.cursor].text,
            self.reader.cursor,
            len(self.edition.passages),
            target,
        )
        self.edition = target
        self._show(cursor=cursor, keep_row=True)

    def action_help(self) -> None:
        from trendreader.tui.screens.help import HelpScreen

        nodes = [self, self.reader, self.sidebar]
        self.push_screen(HelpScreen(nodes))

    @work(thread=True, exclusive=True, group="settings")
    def _remember_variant(self) -> None:
        settings = load_settings(self.paths)
        settings.variant = self.variant
        try:
            save_settings(self.paths, settings)
        except OSError as error:
            self.call_from_thread(self.notify, f"Could not save settings: {error}", severity="warning")
