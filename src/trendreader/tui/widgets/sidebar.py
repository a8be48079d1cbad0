"""The sidebar: Reports grouped by year (newest first) and Trends.

``f`` filters it as you type (every space-separated word, in any script, in a title or a
trend's name; escape clears it), ``R`` / ``T`` go to Reports / Trends; titles of a series
(``科技爱好者周刊（第 179 期）…``) are shown by what differs (``第 179 期：… · 科技爱好者周刊``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, Tree
from textual.widgets.tree import TreeNode

from trendreader.i18n import N_, _
from trendreader.library.catalog import Library
from trendreader.library.model import Report
from trendreader.script.variants import Variant

UNDATED = N_("Undated")
REPORTS = N_("Reports")
TRENDS = N_("Trends")
NO_MATCH = N_("No report matches")


@dataclass(frozen=True, slots=True)
class SidebarEntry:
    """What a sidebar node stands for."""

    kind: str  # "report" | "trend" | "section"
    key: str = ""


def _plain(label: str) -> Text:
    from trendreader.library.sanitize import plain

    return plain(label)


def _newest_first(report: Report) -> tuple[bool, int, int]:
    """Dated reports first, newest first (as the library sorts them)."""
    date = report.date
    if date is None:
        return (True, 0, 0)
    return (False, -date.toordinal(), -(date.hour * 3600 + date.minute * 60 + date.second))


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
        Binding("enter", "select_cursor", N_("Open"), show=False, id="sidebar.open"),
        Binding("f", "filter", N_("Filter"), show=False, id="sidebar.filter"),
        Binding(
            "R",
            "go_to_section('reports')",
            N_("Reports"),
            key_display="R",
            show=False,
            id="sidebar.reports",
        ),
        Binding(
            "T",
            "go_to_section('trends')",
            N_("Trends"),
            key_display="T",
            show=False,
            id="sidebar.trends",
        ),
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
        self._sections: dict[str, TreeNode[SidebarEntry]] = {}
        self._filled_with: tuple[Library, Variant, list[tuple[str, str, int]]] | None = None
        self._shape: list[tuple[int, SidebarEntry, bool]] = []  # the tree's rows, without labels
        self._plan_nodes: list[TreeNode[SidebarEntry]] = []  # the node of each row
        self._last_plan: list[tuple[int, SidebarEntry, bool, str]] = []  # what they show
        #: the Reports rows for (library, filter), and which rows are words of the interface
        self._report_rows: (
            tuple[object, list[tuple[int, SidebarEntry, bool, str]], list[tuple[int, str]]] | None
        ) = None
        self.filter_text = ""
        """What the filter holds ("": every entry)."""
        self._variant = Variant.ORIGINAL  # the script report titles are drawn in
        self._shown: dict[tuple[Variant, str], str] = {}  # a title as drawn in a script
        self._titles: tuple[Library, dict[str, str], dict[str, str]] | None = None

    def render_label(self, node: TreeNode[SidebarEntry], base_style: Style, style: Style) -> Text:
        """The node's label, a report's title in the script shown (converted when drawn:
        only the lines on screen, each once per script), cut to the room the tree has,
        ending in "…" when it was cut (Textual would crop it mid-title without a mark)."""
        label = super().render_label(node, base_style, style)
        original = node.label.plain
        shown = self.shown_label(node)
        if shown != original:
            head = label[: len(label.plain) - len(original)]  # the expand icon, if any
            head.append(shown, style)
            label = head
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

    def shown_label(self, node: TreeNode[SidebarEntry]) -> str:
        """``node``'s label as the tree draws it: a report's title in the script shown."""
        entry = node.data
        if entry is None or entry.kind != "report":
            return node.label.plain
        return self._in_script(node.label.plain)

    def _in_script(self, title: str, variant: Variant | None = None) -> str:
        """``title`` as drawn in ``variant`` (the script shown if None)."""
        variant = self._variant if variant is None else variant
        if variant == Variant.ORIGINAL:
            return title
        key = (variant, title)
        shown = self._shown.get(key)
        if shown is None:
            from trendreader.script.display import display_text

            shown = self._shown[key] = display_text(title, None, variant)
        return shown

    def _redraw_titles(self, was: Variant) -> None:
        """After a script switch from ``was``: the report lines on screen whose title reads
        otherwise in the new script are drawn again, and only those (a line is ~0.5 ms: the
        whole tree took 15-30 ms of every ``t``); the other lines on screen stay as drawn.

        The tree keeps drawn lines by line and node state, not by script (Textual 8.2.8's
        ``Tree._line_cache``, an ``LRUCache``): they are dropped, so that a line scrolled into
        view later is drawn in the new script (not with ``Tree._clear_line_cache``, which
        also drops the tree's lines: rebuilding them took ~25 ms at 2,000 reports). Without
        that cache (another Textual) every line is drawn again."""
        kept_lines = getattr(self, "_line_cache", None)
        if not hasattr(kept_lines, "clear"):
            for section in self.root.children:  # in every line's path: its cache key
                section.refresh()
            self.refresh()
            return
        kept_lines.clear()
        top = round(self.scroll_offset.y)
        for y in range(top, top + self.size.height):
            node = self.get_node_at_line(y)
            if node is None:
                break
            entry = node.data
            if entry is None or entry.kind != "report":
                continue
            title = node.label.plain
            if self._in_script(title, was) != self._in_script(title):
                node.refresh()

    def populate(
        self,
        library: Library,
        variant: Variant,
        trends: list[tuple[str, str, int]] | None = None,
    ) -> None:
        """Fill the tree. ``trends`` are (name, label, report count) rows.

        When only labels changed (a script switch, new trend counts) the nodes are relabelled
        in place: the tree is not rebuilt, its cursor and scroll stay, and only the lines on
        screen are drawn again. Otherwise the cursor stays on the entry it was on, if that
        entry is still there (the tree is filled again while someone may be moving through it).
        """
        self._filled_with = (library, variant, list(trends or []))
        shown_in, self._variant = self._variant, variant
        plan = self._plan(library, trends or [])
        shape = [(parent, entry, leaf) for parent, entry, leaf, _label in plan]
        cut = _trends_row(plan)
        if shape[:cut] == self._shape[:cut] and _trends_row(self._last_plan) == cut:
            if shape != self._shape:  # only the trends changed: those rows again
                self._refill_trends(plan, cut)
            rows = zip(self._plan_nodes, plan, self._last_plan, strict=True)
            for node, (_parent, _entry, _leaf, label), (*_before, was) in rows:
                if label != was:
                    node.set_label(_plain(label))
            self._last_plan = plan
            if variant != shown_in:  # the titles are drawn in the new script
                self._redraw_titles(shown_in)
            return
        before = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        self._report_nodes.clear()
        self._sections = {}
        nodes: list[TreeNode[SidebarEntry]] = []
        reports = {report.key: report for report in library.reports}
        trend_nodes: dict[str, TreeNode[SidebarEntry]] = {}
        for parent, entry, leaf, label in plan:
            under = self.root if parent < 0 else nodes[parent]
            if leaf:
                node = under.add_leaf(_plain(label), data=entry)
            else:
                node = under.add(_plain(label), data=entry, expand=True)
            nodes.append(node)
            if parent < 0:
                self._sections["reports" if not self._sections else "trends"] = node
            if entry.kind == "report":
                for edition in reports[entry.key].editions:
                    self._report_nodes[edition.key] = node
            elif entry.kind == "trend":
                trend_nodes[entry.key] = node
        self._plan_nodes = nodes
        self._shape = shape
        self._last_plan = plan
        if before is not None and before.kind in ("report", "trend"):
            found = self._report_nodes if before.kind == "report" else trend_nodes
            node = found.get(before.key)
            if node is not None:
                self.call_after_refresh(self.move_cursor, node)

    def _refill_trends(self, plan: list[tuple[int, SidebarEntry, bool, str]], cut: int) -> None:
        """The Trends section's rows from ``plan`` (from row ``cut``), the reports left as
        they are (at 2,000 reports a rebuild of the whole tree took ~0.3 s)."""
        before = self.cursor_node.data if self.cursor_node is not None else None
        section = self._plan_nodes[cut]
        section.remove_children()
        nodes = self._plan_nodes[: cut + 1]
        moved_to = None
        for _parent, entry, _leaf, label in plan[cut + 1 :]:
            node = section.add_leaf(_plain(label), data=entry)
            nodes.append(node)
            if before is not None and before.kind == "trend" and entry == before:
                moved_to = node
        self._plan_nodes = nodes
        self._shape = [(parent, entry, leaf) for parent, entry, leaf, _label in plan]
        self._last_plan = [*self._last_plan[: cut + 1], *plan[cut + 1 :]]
        if moved_to is not None:
            self.call_after_refresh(self.move_cursor, moved_to)

    def get_label_width(self, node: TreeNode[SidebarEntry]) -> int:
        """The label's width for the tree's scroll width, without drawing it (Textual's
        draws every label of the tree each time it is rebuilt: ~0.15 s at 2,000 reports;
        a label wider than the room is cut with "…" when drawn anyway)."""
        from rich.cells import cell_len

        return cell_len(node.label.plain) + (2 if node.allow_expand else 0)

    def _original_titles(self, library: Library) -> tuple[dict[str, str], dict[str, str]]:
        """Each report's title as written and its label (a series' distinct part first),
        worked out once per library: the tree's rows and their order do not depend on the
        script shown (``t`` only redraws them; the cursor stays on its row)."""
        if self._titles is not None and self._titles[0] is library:
            return self._titles[1], self._titles[2]
        from trendreader.reading import report_title
        from trendreader.reading.series import series_labels

        titles = {r.key: report_title(r, Variant.ORIGINAL) for r in library.reports}
        labels = dict(zip(titles, series_labels(list(titles.values())), strict=True))
        self._titles = (library, titles, labels)
        return titles, labels

    def _plan(
        self, library: Library, trends: list[tuple[str, str, int]]
    ) -> list[tuple[int, SidebarEntry, bool, str]]:
        """The tree to show, in order: (index of the parent row or -1 for a section, entry,
        is a leaf, label as written). Every label is plain text: titles and names come
        from outside."""
        from trendreader.script.fold import palette_matches

        wanted = self.filter_text
        section = SidebarEntry("section")
        if self._report_rows is None or self._report_rows[0] != (library, wanted):
            self._report_rows = ((library, wanted), *self._reports_plan(library, wanted))
        _key, rows, words = self._report_rows
        plan = list(rows)
        for row, message in words:  # in the interface's language and script of now
            parent, entry, leaf, _label = plan[row]
            plan[row] = (parent, entry, leaf, _(message))
        trends_row = len(plan)
        plan.append((-1, section, False, _(TRENDS)))
        shown_trends = 0
        for name, label, count in trends:
            if palette_matches(wanted, label):
                plan.append((trends_row, SidebarEntry("trend", name), True, f"{label} ({count})"))
                shown_trends += 1
        if not shown_trends:
            plan.append((trends_row, section, True, "—"))
        return plan

    def _reports_plan(
        self, library: Library, wanted: str
    ) -> tuple[list[tuple[int, SidebarEntry, bool, str]], list[tuple[int, str]]]:
        """The Reports section's rows of :meth:`_plan`, kept while the library and the filter
        stay the same, and the rows whose label is a word of the interface ``(row, message)``:
        a script switch changes those words (报告 → 報告), not the 2,000 rows (built again,
        they took ~30–60 ms of each ``t`` that crossed scripts)."""
        plan: list[tuple[int, SidebarEntry, bool, str]] = []
        words: list[tuple[int, str]] = [(0, REPORTS)]
        section = SidebarEntry("section")
        plan.append((-1, section, False, REPORTS))
        _titles, labels = self._original_titles(library)
        shown_any = False
        for year, shown in self._reports_order(library, wanted):
            year_row = len(plan)
            if not year:
                words.append((year_row, UNDATED))
            plan.append((0, section, False, str(year) if year else UNDATED))
            for report in shown:
                label = labels[report.key]
                if len(report.editions) > 1:
                    label = f"{label} ×{len(report.editions)}"
                plan.append((year_row, SidebarEntry("report", report.key), True, label))
                shown_any = True
        if wanted and not shown_any:
            words.append((len(plan), NO_MATCH))
            plan.append((0, section, True, NO_MATCH))
        return plan, words

    def _reports_order(
        self, library: Library, wanted: str
    ) -> list[tuple[int | None, list[Report]]]:
        """The reports ``wanted`` matches, year by year, each year's in the Reports
        section's order (sorted once per library and filter: see :meth:`_reports_plan`)."""
        from trendreader.library.titles import natural_key
        from trendreader.script.fold import palette_matches

        titles, labels = self._original_titles(library)
        order: list[tuple[int | None, list[Report]]] = []
        for year, year_reports in library.by_year():
            shown = [r for r in year_reports if palette_matches(wanted, titles[r.key])]
            shown.sort(
                key=lambda r: (_newest_first(r), natural_key("".join(labels[r.key].split())))
            )
            if shown:
                order.append((year, shown))
        return order

    # ------------------------------------------------------------------ filter, sections
    def set_filter(self, text: str) -> None:
        """Show only the reports and trends ``text`` matches (``""``: all of them)."""
        text = " ".join(text.split())
        if text == self.filter_text:
            return
        self.filter_text = text
        if self._filled_with is not None:
            library, variant, trends = self._filled_with
            self.populate(library, variant, trends)
            first = next(iter(self._report_nodes.values()), None)
            if text and first is not None:
                self.call_after_refresh(self.move_cursor, first)

    async def action_filter(self) -> None:
        """``f``: the filter input above the tree (typing filters; enter or ↓ back to the
        tree, escape clears it)."""
        parent = self.parent
        if parent is None:
            return
        existing = list(parent.query(SidebarFilter))
        field = existing[0] if existing else SidebarFilter(self)
        if not existing:
            await parent.mount(field, before=self)
        field.focus()

    def action_go_to_section(self, section: str) -> None:
        """``R`` / ``T``: the cursor on Reports / Trends (its first entry), focused."""
        node = self._sections.get(section)
        if node is None:
            return
        self.focus()
        target = node.children[0] if node.children else node
        if target.children and target.data is not None and target.data.kind == "section":
            target = target.children[0]  # the first report of the first year
        self.call_after_refresh(self.move_cursor, target)

    go_to_section = action_go_to_section

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


class SidebarFilter(Input):
    """The sidebar's filter: each change filters the tree; enter or ↓ returns to it, escape
    clears the filter and removes the input."""

    DEFAULT_CSS = """
    SidebarFilter {
        border: none;
        height: 1;
        padding: 0 1;
    }
    """

    def __init__(self, sidebar: LibrarySidebar) -> None:
        super().__init__(placeholder=_("Filter reports…"), id="sidebar-filter", compact=True)
        self.sidebar = sidebar

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.sidebar.set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.sidebar.focus()

    async def on_key(self, event: Key) -> None:
        if event.key == "down":
            event.stop()
            self.sidebar.focus()
        elif event.key == "escape":
            event.stop()
            self.sidebar.set_filter("")
            self.sidebar.focus()
            await self.remove()


def _trends_row(plan: Sequence[tuple[int, SidebarEntry, bool, str]]) -> int:
    """The index of the Trends section's row in a plan (the second section), or -1."""
    sections = [k for k, row in enumerate(plan) if row[0] < 0]
    return sections[1] if len(sections) > 1 else -1
