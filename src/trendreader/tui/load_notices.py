"""Library files the reader refused, and sidecar values it did not use: told once each, in
one warning (the CLI's ``list`` prints them too). A problem that goes away and comes back
later is told again."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from trendreader.i18n import _
from trendreader.library.catalog import LoadProblem, in_this_catalog, problem_line

#: problems told in full in one warning; the others are counted
SHOWN_LINES = 3


class LoadNotices:
    """Which load problems the reader has told (data only: the app shows the lines)."""

    def __init__(self) -> None:
        self._told: set[tuple[str, str]] = set()

    def lines_to_tell(self, problems: Iterable[LoadProblem], *, whole: bool = False) -> list[str]:
        """The lines of the ``problems`` not told yet (at most :data:`SHOWN_LINES`, then a
        count of the rest), now told. ``whole``: ``problems`` are all the library's now, so
        one that is not among them any more is forgotten (told again if it comes back)."""
        problems = in_this_catalog(problems)  # (a start-up's, told before the catalog)
        keys = [(str(problem.path), problem.reason) for problem in problems]
        new = [p for p, key in zip(problems, keys, strict=True) if key not in self._told]
        self._told = set(keys) if whole else self._told | set(keys)
        lines = [problem_line(problem) for problem in new[:SHOWN_LINES]]
        if len(new) > SHOWN_LINES:
            rest = len(new) - SHOWN_LINES
            lines.append(_("… and {n} more: `trendreader list` prints them all.").format(n=rest))
        return lines


def tell_load_problems(
    notices: LoadNotices,
    notify: Callable[..., None],
    problems: Iterable[LoadProblem],
    *,
    whole: bool = False,
) -> None:
    """One warning, through the app's ``notify``, with the problems not told yet (see
    :meth:`LoadNotices.lines_to_tell`); nothing when there are none."""
    lines = notices.lines_to_tell(problems, whole=whole)
    if lines:
        notify("\n".join(lines), title=_("Library"), severity="warning", timeout=15)
