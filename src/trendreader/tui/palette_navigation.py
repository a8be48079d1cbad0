"""Finding one's way in a report: the outline popup (``O``: the report's headings by level,
the cursor's own marked ``▸``; enter jumps) and the palette's "Go to section…", "Back" and
"Forward" (:class:`NavigationCommands`).

The popup lives here, not in ``tui/screens``: the reading pane opens it, and ``widgets``
importing ``screens`` (which import ``widgets``) would be a package cycle. Every label is
`Text`/`Content` from cleaned text (headings come from outside); jumps go through
`trendreader.tui.history` so that back returns from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trendreader.i18n import N_, _
from trendreader.reading.outline import Section, current_section, indent_levels, outline
from trendreader.resources import styles_dir
from trendreader.tui import history

if TYPE_CHECKING:
    from trendreader.tui.history import Navigator

CURRENT = "▸ "
"""Marks the section the cursor is in."""


def section_label(section: Section, depth: int, *, current: bool) -> Text:
    """One outline row: indented two cells per level below the top, ``▸`` when current."""
    mark = CURRENT if current else "  "
    return Text(f"{mark}{'  ' * depth}{section.title}", no_wrap=True, overflow="ellipsis")


class OutlineScreen(ModalScreen[int | None]):
    """The report's headings; dismissed with the chosen heading's ordinal (None: escape)."""

    CSS_PATH = str(styles_dir() / "outline.tcss")
    HELP_GROUP = "outline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,O", "close", N_("Close"), id="outline.close"),
    ]

    def __init__(self, sections: Sequence[Section], cursor: int, title: str) -> None:
        super().__init__()
        self.sections = list(sections)
        self.current = current_section(self.sections, cursor)
        self.report_title = title

    def compose(self) -> ComposeResult:
        heading = _("Outline · {title}").format(title=self.report_title)
        yield Static(Text(heading, no_wrap=True, overflow="ellipsis"), id="outline-title")
        depths = indent_levels(self.sections)
        yield OptionList(
            *(
                Option(section_label(s, depths[n], current=n == self.current), id=f"s{n}")
                for n, s in enumerate(self.sections)
            ),
            id="outline-list",
        )
        hint = _("enter go to · esc close · alt+left back")
        yield Static(Text(hint, no_wrap=True, overflow="ellipsis"), id="outline-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.sections:
            options.highlighted = self.current or 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.sections[event.option_index].ordinal)

    def action_close(self) -> None:
        self.dismiss(None)


def open_outline(app: Navigator) -> None:
    """``O``: the open report's outline; enter jumps there (a jump back returns from)."""
    session = app.session
    if session.edition is None or session.report is None:
        return
    app.sync_cursor()
    sections = outline(session.edition, session.variant)
    if not sections:
        app.notify(_("This report has no headings."))
        return
    title = session.text(session.edition.title)

    def chosen(ordinal: int | None) -> None:
        if ordinal is not None:
            history.jump_within(app, ordinal)
        app.reader.focus()

    app.push_screen(OutlineScreen(sections, session.cursor, title), chosen)


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` as plain `Content` with the matcher's hits styled (no markup parsed; as
    ``tui.commands.highlighted``, not imported: that module reaches ``widgets``)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class NavigationCommands(Provider):
    """The palette's "Go to section…" (the outline popup), "Back", "Forward", and each
    heading of the open report when the query matches it ("Section: …")."""

    @property
    def host(self) -> Navigator:
        return self.app  # type: ignore[return-value]

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.host
        return [
            (_("Go to section…"), _("The open report's headings"), partial(open_outline, app)),
            (_("Back"), _("Where you were before the last jump"), partial(history.go_back, app)),
            (_("Forward"), _("Again after going back"), partial(history.go_forward, app)),
        ]

    def _sections(self) -> list[Section]:
        session = self.host.session
        if session.edition is None:
            return []
        return outline(session.edition, session.variant)

    async def discover(self) -> Hits:
        for text, help_text, command in self._commands():
            yield DiscoveryHit(Content(text), command, text=text, help=escape(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._commands():
            score = matcher.match(text)
            if score > 0:
                prompt = highlighted(matcher, text)
                yield Hit(score, prompt, command, text=text, help=escape(help_text))  # type: ignore[arg-type]
        prefix = _("Section: ")
        for section in self._sections():
            text = f"{prefix}{section.title}"
            score = matcher.match(text)
            if score > 0:
                jump = partial(history.jump_within, self.host, section.ordinal)
                yield Hit(score * 0.9, highlighted(matcher, text), jump, text=text)
