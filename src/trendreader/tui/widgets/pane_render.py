"""How the reading pane draws one line of its `Layout`: the gutter (cursor bar, bookmark
mark), the centring margin and each piece's role mapped to a component class
(``reading-pane--<role>``), the inline ranges (bold, spans, links, search hits, the selected
link) as styled segments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from trendreader.library.model import PassageKind
from trendreader.typeset.blocks import DisplayLine, inline_runs
from trendreader.typeset.layout import DisplayPassage, Layout, inline_layers

CURSOR_GLYPH = "▌"
MARK_GLYPH = "●"
GUTTER = 3  # cursor bar, bookmark mark, space


PANE_COMPONENTS: frozenset[str] = frozenset(
    {
        "reading-pane--cursor",
        "reading-pane--mark",
        "reading-pane--heading",
        "reading-pane--quote",
        "reading-pane--quote-bar",
        "reading-pane--bullet",
        "reading-pane--emphasis",
        "reading-pane--highlight",
        "reading-pane--italic",
        "reading-pane--strike",
        "reading-pane--code-span",
        "reading-pane--link",
        "reading-pane--link-selected",
        "reading-pane--code",
        "reading-pane--code-mark",
        "reading-pane--code-language",
        "reading-pane--table-header",
        "reading-pane--table-rule",
        "reading-pane--table-mark",
        "reading-pane--image",
        "reading-pane--rule",
    }
)
"""The component classes of the pane, one per layout role (``reading-pane--<role>``)."""

PANE_CSS = """
ReadingPane {
    height: 1fr;
    overflow-x: hidden;
    overflow-y: auto;
    scrollbar-gutter: stable;
    background: $surface;
    color: $foreground;
    scrollbar-size-vertical: 1;

    & > .reading-pane--cursor {
        color: $accent;
    }
    &:blur > .reading-pane--cursor {
        color: $accent-muted;
    }
    & > .reading-pane--mark {
        color: $warning;
    }
    & > .reading-pane--heading {
        color: $text-accent;
        text-style: bold;
    }
    & > .reading-pane--quote {
        color: $text-muted;
    }
    & > .reading-pane--quote-bar {
        color: $accent-muted;
    }
    & > .reading-pane--bullet {
        color: $text-accent;
    }
    & > .reading-pane--emphasis {
        text-style: bold;
    }
    & > .reading-pane--italic {
        text-style: italic;
    }
    & > .reading-pane--strike {
        text-style: strike;
    }
    & > .reading-pane--code-span {
        color: $text-secondary;
        background: $boost;
    }
    & > .reading-pane--link {
        color: $text-primary;
        text-style: underline;
    }
    & > .reading-pane--link-selected {
        text-style: underline reverse;
    }
    /* Code blocks: one shaded box; ↪ marks a soft-wrapped continuation. */
    & > .reading-pane--code {
        background: $boost;
    }
    & > .reading-pane--code-mark {
        color: $text-muted;
        background: $boost;
    }
    & > .reading-pane--code-language {
        color: $text-muted;
        background: $boost;
        text-style: italic;
    }
    & > .reading-pane--table-header {
        color: $text-accent;
        text-style: bold;
    }
    & > .reading-pane--table-rule {
        color: $text-muted;
    }
    & > .reading-pane--table-mark {
        color: $text-warning;
    }
    & > .reading-pane--image {
        color: $text-muted;
        text-style: italic;
    }
    & > .reading-pane--rule {
        color: $text-muted;
    }
    & > .reading-pane--highlight {
        background: $warning-muted;
        color: $text-warning;
    }
}
"""
"""The pane's own styles: its box, then each role's colours from the active theme."""


class PaneRendering:
    """Line rendering of `ReadingPane` (a plain mixin: no Widget of its own, so nothing of
    ScrollView's is shadowed): the role styles are cached in ``_role_styles`` (cleared when
    the styles change)."""

    _role_styles: dict[str, Style]
    cursor: int

    if TYPE_CHECKING:  # the pane's own (see ReadingPane), and Widget's
        measure: int
        left_margin: int
        base_style: Style

        def get_component_rich_style(self, *names: str, partial: bool = False) -> Style: ...

        def _selected_link_range(self, index: int) -> tuple[int, int] | None: ...

    def _role_style(self, role: str) -> Style:
        """The style of a layout role: component class ``reading-pane--<role>`` (cached)."""
        style = self._role_styles.get(role)
        if style is None:
            style = self.get_component_rich_style(f"reading-pane--{role}")
            self._role_styles[role] = style
        return style

    def _render_layout_line(self, layout: Layout, y: int, width: int) -> Strip:
        base = self.base_style
        ref = layout.line_at(y)
        if ref is None or ref.line is None:
            return Strip.blank(width, base)
        passage = layout.passages[ref.index]
        line = ref.line
        role = self._role_style
        segments: list[Segment] = []
        measure = layout.measure
        margin = max(0, (width - GUTTER - measure) // 2)  # as ``left_margin``, without a lookup
        if margin:
            segments.append(Segment(" " * margin, base))
        if ref.index == self.cursor:
            segments.append(Segment(CURSOR_GLYPH, base + role("cursor")))
        else:
            segments.append(Segment(" ", base))
        if passage.marked and ref.row == 0:
            segments.append(Segment(MARK_GLYPH, base + role("mark")))
        else:
            segments.append(Segment(" ", base))
        segments.append(Segment(" ", base))
        selected = self._selected_link_range(ref.index)
        if isinstance(line, DisplayLine):
            for piece in line.pieces:
                style = base + role(piece.role) if piece.role else base
                if piece.literal is not None:
                    segments.append(Segment(piece.literal, style))
                else:
                    segments.extend(
                        self._text_segments(passage, piece.start, piece.end, style, selected)
                    )
            if line.fill and line.width < measure:
                fill = base + role(line.fill)
                segments.append(Segment(" " * (measure - line.width), fill))
            return Strip(segments).adjust_cell_length(width, base)
        text_style = base + role("heading") if passage.kind == PassageKind.HEADING else base
        if line.indent:
            segments.append(Segment(" " * line.indent, base))
        segments.extend(self._text_segments(passage, line.start, line.end, text_style, selected))
        return Strip(segments).adjust_cell_length(width, base)

    def _text_segments(
        self,
        passage: DisplayPassage,
        start: int,
        end: int,
        plain: Style,
        selected: tuple[int, int] | None = None,
    ) -> list[Segment]:
        """Segments of ``passage.text[start:end]``, styled by its inline ranges (bold, spans,
        links, search hits; the selected link of the cursor passage)."""
        text = passage.text
        if not (passage.emphasis or passage.highlights or passage.spans or passage.links):
            return [Segment(text[start:end], plain)] if end > start else []
        layers = inline_layers(passage, selected)
        segments = []
        role = self._role_style
        for a, b, roles in inline_runs(start, end, layers):
            style = plain
            for name in roles:
                style = style + role(name)
            segments.append(Segment(text[a:b], style))
        return segments
