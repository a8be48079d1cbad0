"""The reading pane's content: the session's passages in its variant, marks and search
highlights drawn, a long report's first conversion in a worker, conversions saved for the
next start, and the header line (with the page of the cursor passage in a paged document:
第 12 页). The app calls :meth:`Page.refresh` whenever what is shown changed and
:meth:`Page.show_header` when the cursor moved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trendreader.library.model import Edition, Script
from trendreader.reading import display_passages, passage_texts
from trendreader.script.variants import Variant
from trendreader.tui.conversions import SavedConversions
from trendreader.typeset.layout import DisplayPassage

if TYPE_CHECKING:
    from trendreader.reading import ReadingSession
    from trendreader.tui.host import ReaderHost

PAGE_LABEL = "第 {page} 页"
"""The header's page of the cursor passage, written in simplified; shown in the reader's
script (第 12 頁 in 繁體)."""


def page_label(page: int, script: Script, variant: Variant) -> str:
    """``第 12 页`` in ``variant`` (``original``: in the script of the document, ``script``)."""
    from trendreader.script.display import display_text

    if variant == Variant.ORIGINAL and script == Script.TRADITIONAL:
        variant = Variant.TRADITIONAL
    return display_text(PAGE_LABEL.format(page=page), Script.SIMPLIFIED, variant)


def header_line(session: ReadingSession) -> str:
    """The session's header, with the page of the cursor passage when it has one."""
    header = session.header()
    passage, edition = session.passage, session.edition
    if passage is None or edition is None or passage.page is None:
        return header
    return f"{header} · {page_label(passage.page, edition.script, session.variant)}"


class Page:
    def __init__(self, app: ReaderHost, conversions: Path) -> None:
        """``app``: the reader app (its session, index, reader and delays)."""
        self.app = app
        self.conversions = SavedConversions(conversions, self._save_later)

    def refresh(self, *, keep_row: bool) -> None:
        app, session = self.app, self.app.session
        edition, variant = session.edition, session.variant
        assert edition is not None and session.report is not None
        if session.hits is not None and app.index.opened:
            from trendreader.tui.search_highlights import refresh_reader_hits

            session.hits = refresh_reader_hits(
                session.hits, app.index.service, session.report.key, edition.key, variant
            )
        self.conversions.use(edition, variant)
        app.sub_title = header_line(session)
        chars = sum(len(p.text) for p in edition.passages)
        if variant != Variant.ORIGINAL and chars > app.CONVERT_IN_THREAD_CHARS:
            cursor = session.cursor  # a long report's first conversion: off the UI thread
            app.run_worker(
                lambda: self._convert(edition, variant, cursor, keep_row),
                thread=True,
                exclusive=True,
                group="convert",
            )
            return
        shown = self.passages(edition, variant)
        app.reader.show(shown, cursor=session.cursor, keep_cursor_row=keep_row)

    def show_header(self) -> None:
        """The header again (the cursor moved: maybe to another page)."""
        header = header_line(self.app.session)
        if header != self.app.sub_title:
            self.app.sub_title = header

    def passages(self, edition: Edition, variant: Variant) -> list[DisplayPassage]:
        session = self.app.session
        texts = passage_texts(edition, variant)
        passages = display_passages(edition, variant, session.marks, texts)
        if session.hits is None:
            return passages
        from trendreader.tui.search_highlights import with_highlights  # once there are hits

        return with_highlights(passages, session.hits, edition.key, variant)

    def _convert(self, edition: Edition, variant: Variant, cursor: int, keep: bool) -> None:
        shown = self.passages(edition, variant)
        self.app.call_from_thread(self._converted, edition, variant, shown, cursor, keep)

    def _converted(
        self,
        edition: Edition,
        variant: Variant,
        shown: list[DisplayPassage],
        cursor: int,
        keep: bool,
    ) -> None:
        session = self.app.session
        if edition is session.edition and variant == session.variant:  # not stale
            self.app.reader.show(shown, cursor=cursor, keep_cursor_row=keep)

    def _save_later(self, edition: Edition, variant: Variant) -> None:
        def save() -> None:
            self.app.run_worker(
                lambda: self.conversions.save(edition, variant),
                thread=True,
                group="saved-conversions",
            )

        self.app.set_timer(self.app.SAVE_CONVERSION_DELAY, save)
