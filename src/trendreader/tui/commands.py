"""Command-palette providers: open a report, switch script variant."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from trendreader.script.variants import CYCLE

if TYPE_CHECKING:
    from trendreader.tui.app import TrendReaderApp


class ReportCommands(Provider):
    """ "Open report…": one command per report, by title in the current script."""

    def _commands(self) -> list[tuple[str, str]]:
        from trendreader.reading import report_title

        app: TrendReaderApp = self.app  # type: ignore[assignment]
        return [
            (f"Open report… {report_title(r, app.variant)}", r.key) for r in app.library.reports
        ]

    async def discover(self) -> Hits:
        app: TrendReaderApp = self.app  # type: ignore[assignment]
        for text, key in self._commands():
            yield DiscoveryHit(text, partial(app.open_report, key), help=key)

    async def search(self, query: str) -> Hits:
        app: TrendReaderApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for text, key in self._commands():
            if (score := matcher.match(text + " " + key)) > 0:
                yield Hit(score, matcher.highlight(text), partial(app.open_report, key), help=key)


class ScriptCommands(Provider):
    """ "Script: 简体" and friends."""

    def _commands(self) -> list[tuple[str, object]]:
        app: TrendReaderApp = self.app  # type: ignore[assignment]
        return [(f"Script: {v.label} ({v.value})", partial(app.set_variant, v)) for v in CYCLE]

    async def discover(self) -> Hits:
        for text, callback in self._commands():
            yield DiscoveryHit(text, callback)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback in self._commands():
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(text), callback)  # type: ignore[arg-type]
