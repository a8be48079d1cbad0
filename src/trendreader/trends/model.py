"""A trend: a named set of aliases, searched together as one query."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Trend", "TrendError", "TrendFileError", "TrendNameError", "alias_query"]

_QUOTE_CHARS = str.maketrans(dict.fromkeys('"“”「」『』()', " "))


class TrendError(Exception):
    """A trend operation failed; the message is one line for the user."""


class TrendFileError(TrendError):
    """A trends file cannot be read (not TOML, or not the expected shape). Never rewritten."""


class TrendNameError(TrendError):
    """The name is empty, taken by a built-in trend, or not found."""


def _phrase(alias: str) -> str:
    """One alias as a quoted phrase of the search syntax (quote characters become spaces)."""
    cleaned = " ".join(alias.translate(_QUOTE_CHARS).split())
    return f'"{cleaned}"' if cleaned else ""


def alias_query(aliases: tuple[str, ...] | list[str]) -> str:
    """The search query of a set of aliases: the OR of each alias as a quoted phrase."""
    phrases = [p for p in dict.fromkeys(_phrase(a) for a in aliases) if p]
    return " OR ".join(phrases)


@dataclass(frozen=True, slots=True)
class Trend:
    """A topic followed across reports.

    ``aliases`` are the wordings searched for (any script; the search layer also tries each
    alias's other regional wording, so 芯片 finds 晶片). ``saved_query``, when set, is a search
    saved as a trend (``ctrl+s``) that is not a plain list of alternatives, e.g. ``芯片 美国``;
    it is searched as written and ``aliases`` only describe it.
    ``suggested``: found in the library, not curated. ``user``: the reader's own (deletable).
    """

    name: str
    aliases: tuple[str, ...]
    suggested: bool = False
    user: bool = False
    saved_query: str | None = None

    @property
    def query(self) -> str:
        """What is searched for the trend's mentions."""
        if self.saved_query:
            return self.saved_query
        return alias_query(self.aliases or (self.name,))

    @property
    def builtin(self) -> bool:
        return not self.suggested and not self.user

    @property
    def kind(self) -> str:
        """ "built-in", "user" or "suggested"."""
        return "suggested" if self.suggested else "user" if self.user else "built-in"
