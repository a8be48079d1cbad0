"""``?``: every key, generated from the bindings of the app and its widgets."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(nodes: list[DOMNode]) -> list[tuple[str, str, str]]:
    """(where, keys, description) for every described binding, without repeats."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for node in nodes:
        where = "anywhere" if node is node.app else getattr(node, "HELP_GROUP", type(node).__name__)
        by_action: dict[str, list[Binding]] = {}
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.description:
                    by_action.setdefault(binding.action, []).append(binding)
        for bindings in by_action.values():
            keys = " ".join(dict.fromkeys(node.app.get_key_display(b) for b in bindings))
            description = bindings[0].description
            if (keys, description) in seen:
                continue
            seen.add((keys, description))
            rows.append((where, keys, description))
    return rows


class HelpScreen(ModalScreen[None]):
    """A table of every key binding; escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, nodes: list[DOMNode]) -> None:
        super().__init__()
        self._binding_sources = nodes

    def compose(self) -> ComposeResult:
        table = Table(title="trendreader keys", expand=True, show_edge=False)
        table.add_column("where", style="dim")
        table.add_column("key", style="bold")
        table.add_column("does")
        for where, keys, description in binding_rows(self._binding_sources):
            table.add_row(where, Text(keys), Text(description))
        with VerticalScroll(id="help-body"):
            yield Static(table)
        yield Static(Text("escape closes · ctrl+p opens the command palette"), id="help-footer")

    def action_dismiss(self) -> None:
        self.dismiss(None)


def open_help(app: App[object], *widgets: DOMNode) -> None:
    """The keys of the screen on top (unless it is the main one), the app and ``widgets``."""
    nodes: list[DOMNode] = [app, *widgets]
    if app.screen is not app.screen_stack[0]:
        nodes.insert(0, app.screen)  # a screen on top: its keys first
    app.push_screen(HelpScreen(nodes))
