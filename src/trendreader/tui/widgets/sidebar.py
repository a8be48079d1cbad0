"""The sidebar: Reports grouped by year (newest first) and Trends."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from trendreader.library.catalog import Library
from trendreader.script.variants import Variant

UNDATED = "Undated"


@dataclass(frozen=True, slots=True)
class SidebarEntry:
    """What a sidebar node stands for."""

    kind: str  # "report" | "trend" | "section"
    key: str = ""


class LibrarySidebar(Tree[SidebarEntry]):
    """A tree of reports by year and of trends; enter opens the selected entry."""

    HELP_GROUP = "sidebar"
    DEFAULT_CSS = """
    LibrarySidebar {
        background: $panel;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    """
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", show=False, id="sidebar.open"),
    ]

    class ReportChosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class TrendChosen(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Library", data=SidebarEntry("section"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._report_nodes: dict[str, TreeNode[SidebarEntry]] = {}

    def render_label(self, node: TreeNode[SidebarEntry], base_style: Style, style: Style) -> Text:
        """The node's label, cut to the room the tree has, ending in "…" when it was cut
        (Textual would crop it mid-title without a mark)."""
        label = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 1 and label.cell_len > room:
            from trendreader.library.titles import fit_title

            kept = len(fit_title(label.plain, room)) - 1  # the characters before the "…"
            cut = label[:kept]
            cut.append("…")
            return cut
        return label

    def populate(
        self,
        library: Library,
        variant: Variant,
        trends: list[tuple[str, str, int]] | None = None,
    ) -> None:
        """Fill the tree. ``trends`` are (name, label, report count) rows.

        The cursor stays on the entry it was on, if that entry is still there (the tree is
        filled again when trend counts arrive, maybe while someone is moving through it).
        """
        from trendreader.library.sanitize import plain
        from trendreader.reading import report_title

        before = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        self._report_nodes.clear()
        # Every label is a Text, never a markup string: titles and names come from outside.
        reports = self.root.add(plain("Reports"), data=SidebarEntry("section"), expand=True)
        for year, year_reports in library.by_year():
            year_node = reports.add(
                plain(str(year) if year else UNDATED), data=SidebarEntry("section"), expand=True
            )
            for report in year_reports:
                title = report_title(report, variant)
                label = title if len(report.editions) == 1 else f"{title} ×{len(report.editions)}"
                node = year_node.add_leaf(plain(label), data=SidebarEntry("report", report.key))
                for edition in report.editions:
                    self._report_nodes[edition.key] = node
        section = self.root.add(plain("Trends"), data=SidebarEntry("section"), expand=True)
        trend_nodes = {}
        for name, label, count in trends or []:
            entry = SidebarEntry("trend", name)
            trend_nodes[name] = section.add_leaf(plain(f"{label} ({count})"), data=entry)
        if not trends:
            section.add_leaf(plain("—"), data=SidebarEntry("section"))
        if before is not None and before.kind in ("report", "trend"):
            nodes = self._report_nodes if before.kind == "report" else trend_nodes
            node = nodes.get(before.key)
            if node is not None:
                self.call_after_refresh(self.move_cursor, node)

    def select_report(self, key: str) -> None:
        """Move the cursor to a report's node without opening it."""
        node = self._report_nodes.get(key)
        if node is not None:
            # node lines are known only after the tree has laid itself out
            self.call_after_refresh(self.move_cursor, node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[SidebarEntry]) -> None:
        event.stop()
        entry = event.node.data
        if entry is None:
            return
        if entry.kind == "report":
            self.post_message(self.ReportChosen(entry.key))
        elif entry.kind == "trend":
            self.post_message(self.TrendChosen(entry.key))
