"""The reading pane's keys (ids ``reading_pane.*`` for `App.set_keymap`) and its link
actions: ``o`` opens the selected link of the cursor passage in the browser (`webbrowser`
honours ``$BROWSER``; only http, https and mailto), ``y`` copies it, ``l`` selects the
passage's next link. URLs are cleaned (`clean_line`) before they are shown, opened or copied;
notifications never take markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType

from trendreader.library.sanitize import clean_line
from trendreader.reading import openable_url

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from trendreader.typeset.layout import DisplayPassage


def _link_count(index: int, count: int) -> str:
    return f" (link {index + 1} of {count}; l: next)" if count > 1 else ""


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
    Binding("o", "open_link", "Open link", show=False, id="reading_pane.open_link"),
    Binding("y", "copy_link", "Copy link", show=False, id="reading_pane.copy_link"),
    Binding("l", "next_link", "Next link", show=False, id="reading_pane.next_link"),
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

    def action_open_link(self) -> None:
        """Open the selected link of the cursor passage in the browser (``$BROWSER``)."""
        link = self._cursor_link()
        if link is None:
            return
        url, index, count = link
        target = openable_url(url)
        if target is None:
            self.notify(
                f"Not opened: only http, https and mailto links are opened ({clean_line(url)})",
                severity="warning",
                markup=False,
            )
            return
        self._open_in_browser(target)
        self.notify(f"Opening {target}{_link_count(index, count)}", markup=False)

    def action_copy_link(self) -> None:
        """Copy the selected link of the cursor passage to the clipboard."""
        link = self._cursor_link()
        if link is None:
            return
        url, index, count = link
        cleaned = clean_line(url)
        self.app.copy_to_clipboard(cleaned)
        self.notify(f"Copied {cleaned}{_link_count(index, count)}", markup=False)

    def action_next_link(self) -> None:
        """Select the next link of the cursor passage (what ``o`` opens and ``y`` copies)."""
        if not self._passages:
            return
        links = self._passages[self.cursor].links
        if len(links) > 1:
            self._link_index = (self._link_index + 1) % len(links)
            self._clear()
        link = self._cursor_link()
        if link is not None:
            url, index, count = link
            self.notify(f"Link {index + 1} of {count}: {clean_line(url)}", markup=False)

    def _cursor_link(self) -> tuple[str, int, int] | None:
        """(url, index, count) of the selected link of the cursor passage; None (and a
        notification) when it has none."""
        links = self._passages[self.cursor].links if self._passages else ()
        if not links:
            self.notify("No link in this passage", severity="warning", markup=False)
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
                self.notify, f"No browser could open {url}", severity="error", markup=False
            )
