"""Command-palette providers: open a report, switch script variant.

Report titles and keys come from outside, and Textual's palette parses a *string* prompt or
help as markup (and `Matcher.highlight` does too), so every prompt here is `Content` built from
cleaned plain text, and help strings are markup-escaped.

A command posts a message to the app (`OpenReport`, `SetVariant`); it never calls the app.
Matching crosses scripts: the query and the titles are folded to one form
(:func:`~trendreader.script.fold.fold_for_matching`), so 机会 finds 機會 and 機會 finds 机会.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from trendreader import i18n
from trendreader.i18n import _
from trendreader.library.sanitize import clean_line
from trendreader.script.fold import fold_for_matching
from trendreader.script.variants import CYCLE, Variant
from trendreader.tui.messages import OpenReport, SetVariant

if TYPE_CHECKING:
    from textual.message import Message

    from trendreader.library.catalog import Library


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` as plain `Content`, with the matcher's hits styled (no markup parsed); the
    matcher's query is folded, and so is the text it is matched against (same length)."""
    content = Content(text)
    folded = fold_for_matching(text)
    if len(folded) != len(text):  # a rare letter whose lower case is longer: no highlight
        return content
    score, offsets = matcher.fuzzy_search.match(matcher.query, folded)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ReportCommands(Provider):
    """ "Open report…": one command per report, by title in the current script."""

    def _commands(self) -> list[tuple[str, str]]:
        from trendreader.reading import report_title

        library: Library = self.app.library  # type: ignore[attr-defined]
        variant: Variant = self.app.variant  # type: ignore[attr-defined]
        return [
            (
                clean_line(_("Open report… {title}").format(title=report_title(r, variant))),
                clean_line(r.key),
            )
            for r in library.reports
        ]

    def _post(self, message: Message) -> None:
        self.app.post_message(message)

    async def discover(self) -> Hits:
        for text, key in self._commands():
            command = partial(self._post, OpenReport(key))
            yield DiscoveryHit(Content(text), command, text=text, help=escape(key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold_for_matching(query))
        for text, key in self._commands():
            if (score := matcher.match(fold_for_matching(text + " " + key))) > 0:
                yield Hit(
                    score,
                    highlighted(matcher, text),
                    partial(self._post, OpenReport(key)),
                    text=text,
                    help=escape(key),
                )


_LOCALE_VARIANTS = {
    "zh_Hans": "simplified",
    "zh_Hant": "traditional",
    "zh_TW": "taiwan",
    "zh_HK": "hongkong",
}


def interface_variant() -> Variant:
    """The script the interface speaks now (``original`` for English): interface words
    that are not in the catalog (a variant's own name, 简体) are shown in it."""
    return Variant(_LOCALE_VARIANTS.get(i18n.current_locale(), "original"))


class ScriptCommands(Provider):
    """ "Script: 简体" and friends."""

    def _commands(self) -> list[tuple[str, object]]:
        from trendreader.script.display import show_user_text

        post, speaks = self.app.post_message, interface_variant()
        return [
            (
                _("Script: {label} ({value})").format(
                    label=show_user_text(v.label, speaks), value=v.value
                ),
                partial(post, SetVariant(v)),
            )
            for v in CYCLE
        ]

    async def discover(self) -> Hits:
        for text, callback in self._commands():
            yield DiscoveryHit(Content(text), callback, text=text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold_for_matching(query))
        for text, callback in self._commands():
            if (score := matcher.match(fold_for_matching(text))) > 0:
                yield Hit(score, highlighted(matcher, text), callback, text=text)  # type: ignore[arg-type]
