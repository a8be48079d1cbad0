"""The reading pane's keys (ids ``reading_pane.*`` for `App.set_keymap`) and its actions:
``o`` opens the selected link of the cursor passage in the browser (`webbrowser` honours
``$BROWSER``; only http, https and mailto), ``c`` copies it, ``l`` selects the passage's next
link; ``y`` copies the cursor passage in the shown script, ``Y`` a citation of it (OSC 52,
`App.copy_to_clipboard`); ``O`` the outline; ``alt+left`` / ``alt+right`` (also ``H`` /
``L``, as in vim-style browsers) back and forward over jumps; ``R`` / ``T`` the sidebar's
Reports / Trends. URLs are cleaned (`clean_line`) before they are shown, opened or copied;
notifications never take markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType

from trendreader.i18n import N_, _
from trendreader.library.sanitize import clean_line
from trendreader.reading import openable_url

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from trendreader.tui.history import Navigator
    from trendreader.typeset.layout import DisplayPassage


def _link_count(index: int, count: int) -> str:
    if count < 2:
        return ""
    return _(" (link {index} of {count}; l: next)").format(index=index + 1, count=count)


COPIED_PREVIEW = 24
"""Characters of a copied passage the notification repeats."""


PANE_BINDINGS: list[BindingType] = [
    Binding("j,down", "cursor_down", "Next passage", show=False, id="reading_pane.down"),
    Binding("k,up", "cursor_up", "Previous passage", show=False, id="reading_pane.up"),
    Binding("space,pagedown", "page_down", "Page down", show=False, id="reading_pane.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="reading_pane.page_up"),
    Binding("g,home", "home", "First passage", show=False, id="reading_pane.home"),
    Binding("G,end", "end", "Last passage", show=False, id="reading_pane.end"),
    Binding(
        "left_square_bracket",
        "previous_section",
        "Previous section",
        key_display="[",
        show=False,
        id="reading_pane.previous_section",
    ),
    Binding(
        "right_square_bracket",
        "next_section",
        "Next section",
        key_display="]",
        show=False,
        id="reading_pane.next_section",
    ),
    Binding("o", "open_link", N_("Open link"), show=False, id="reading_pane.open_link"),
    Binding("c", "copy_link", N_("Copy link"), show=False, id="reading_pane.copy_link"),
    Binding("l", "next_link", N_("Next link"), show=False, id="reading_pane.next_link"),
    Binding("y", "copy_passage", N_("Copy passage"), show=False, id="reading_pane.copy"),
    Binding(
        "Y",
        "copy_citation",
        N_("Copy citation"),
        key_display="Y",
        show=False,
        id="reading_pane.copy_citation",
    ),
    Binding("O", "outline", N_("Outline"), key_display="O", show=False, id="reading_pane.outline"),
    Binding("alt+left,H", "back", N_("Back"), show=False, id="reading_pane.back"),
    Binding("alt+right,L", "forward", N_("Forward"), show=False, id="reading_pane.forward"),
    Binding(
        "R",
        "sidebar_section('reports')",
        N_("Reports"),
        key_display="R",
        show=False,
        id="reading_pane.reports",
    ),
    Binding(
        "T",
        "sidebar_section('trends')",
        N_("Trends"),
        key_display="T",
        show=False,
        id="reading_pane.trends",
    ),
]
"""The pane's keys (`ReadingPane.BINDINGS`)."""


class PaneKeys:
    """The pane's link actions: a plain mixin of `ReadingPane` (no Widget of its own, so
    nothing of ScrollView's is shadowed), which sets ``_passages``, ``cursor`` and
    ``_link_index`` and redraws on ``_clear``."""

    _passages: Sequence[DisplayPassage]
    _link_index: int
    cursor: int

    if TYPE_CHECKING:  # the pane's own (see ReadingPane), and Widget's
        app: App[object]

        def _clear(self) -> None: ...

        def notify(
            self,
            message: str,
            *,
            title: str = "",
            severity: SeverityLevel = "information",
            timeout: float | None = None,
            markup: bool = True,
        ) -> None: ...

    @property
    def _host(self) -> Navigator | None:
        """The reader app (None: the pane shown by an app without a reading session)."""
        return self.app if hasattr(self.app, "session") else None  # type: ignore[return-value]

    def action_copy_passage(self) -> None:
        """Copy the cursor passage as it is shown (in the reader's script)."""
        from trendreader.reading.citation import passage_text

        host = self._host
        if host is None:
            return
        host.sync_cursor()
        session = host.session
        if session.edition is None or session.passage is None:
            return
        text = passage_text(session.edition, session.passage, session.variant)
        self.app.copy_to_clipboard(text)
        preview = text if len(text) <= COPIED_PREVIEW else text[: COPIED_PREVIEW - 1] + "…"
        self.notify(_("Copied: {text}").format(text=clean_line(preview)), markup=False)

    def action_copy_citation(self) -> None:
        """Copy a citation of the cursor passage: the passage, then author, 《title》, date
        and source."""
        from trendreader.reading.citation import citation

        host = self._host
        if host is None:
            return
        host.sync_cursor()
        session = host.session
        if session.report is None or session.edition is None or session.passage is None:
            return
        text = citation(session.report, session.edition, session.passage, session.variant)
        self.app.copy_to_clipboard(text)
        self.notify(_("Copied a citation of this passage."), markup=False)

    def action_outline(self) -> None:
        from trendreader.tui.palette_navigation import open_outline

        if self._host is not None:
            open_outline(self._host)

    def action_back(self) -> None:
        from trendreader.tui.history import go_back

        if self._host is not None:
            go_back(self._host)

    def action_forward(self) -> None:
        from trendreader.tui.history import go_forward

        if self._host is not None:
            go_forward(self._host)

    async def action_sidebar_section(self, section: str) -> None:
        """``R`` / ``T``: the sidebar's Reports / Trends, focused (shown if hidden)."""
        from trendreader.tui.widgets.sidebar import LibrarySidebar

        found = list(self.app.screen_stack[0].query(LibrarySidebar))
        if not found:
            return
        sidebar = found[0]
        slot = sidebar.parent
        if slot is not None and not slot.display:
            await self.app.run_action("toggle_sidebar")
        sidebar.go_to_section(section)

    def action_open_link(self) -> None:
        """Open the selected link of the cursor passage in the browser (``$BROWSER``)."""
        link = self._cursor_link()
        if link is None:
            return
        url, index, count = link
        if url.startswith("#") and self._follow_fragment(url):
            return
        target = openable_url(url)
        if target is None:
            self.notify(
                _("Not opened: only http, https and mailto links are opened ({url})").format(
                    url=clean_line(url)
                ),
                severity="warning",
                markup=False,
            )
            return
        self._open_in_browser(target)
        self.notify(_("Opening {url}").format(url=target) + _link_count(index, count), markup=False)

    def _follow_fragment(self, fragment: str) -> bool:
        """A ``#heading`` link: jump to that heading of the open report (back returns)."""
        from trendreader.reading.outline import outline, section_for_fragment
        from trendreader.script.variants import Variant
        from trendreader.tui.history import jump_within

        host = self._host
        edition = host.session.edition if host is not None else None
        if host is None or edition is None:
            return False
        section = section_for_fragment(outline(edition, Variant.ORIGINAL), fragment)
        if section is None:
            return False
        jump_within(host, section.ordinal)
        return True

    def action_copy_link(self) -> None:
        """Copy the selected link of the cursor passage to the clipboard."""
        link = self._cursor_link()
        if link is None:
            return
        url, index, count = link
        cleaned = clean_line(url)
        self.app.copy_to_clipboard(cleaned)
        self.notify(_("Copied {url}").format(url=cleaned) + _link_count(index, count), markup=False)

    def action_next_link(self) -> None:
        """Select the next link of the cursor passage (what ``o`` opens and ``c`` copies)."""
        if not self._passages:
            return
        links = self._passages[self.cursor].links
        if len(links) > 1:
            self._link_index = (self._link_index + 1) % len(links)
            self._clear()
        link = self._cursor_link()
        if link is not None:
            url, index, count = link
            message = _("Link {index} of {count}: {url}")
            self.notify(
                message.format(index=index + 1, count=count, url=clean_line(url)), markup=False
            )

    def _cursor_link(self) -> tuple[str, int, int] | None:
        """(url, index, count) of the selected link of the cursor passage; None (and a
        notification) when it has none."""
        links = self._passages[self.cursor].links if self._passages else ()
        if not links:
            self.notify(_("No link in this passage"), severity="warning", markup=False)
            return None
        index = self._link_index % len(links)
        return links[index][2], index, len(links)

    def _selected_link_range(self, index: int) -> tuple[int, int] | None:
        """The text range of the selected link when passage ``index`` is the cursor's."""
        if index != self.cursor or not self._passages:
            return None
        links = self._passages[index].links
        if len(links) < 2:
            return None  # one link: nothing to choose between
        a, b, _ = links[self._link_index % len(links)]
        return a, b

    @work(thread=True, group="open-link")
    def _open_in_browser(self, url: str) -> None:
        import webbrowser  # honours $BROWSER

        if not webbrowser.open(url):
            self.app.call_from_thread(
                self.notify,
                _("No browser could open {url}").format(url=url),
                severity="error",
                markup=False,
            )
