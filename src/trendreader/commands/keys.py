"""Report keys as the user types them: a whole key, or a unique prefix of one (as search's
``report:`` takes it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trendreader.commands.errors import CliError
from trendreader.i18n import _

if TYPE_CHECKING:
    from trendreader.library.catalog import Library
    from trendreader.library.model import Edition, Report

#: Candidates named in the one line of an ambiguous prefix.
SHOWN_CANDIDATES = 8


def resolve_key(library: Library, key: str) -> tuple[Report, Edition]:
    """The report and edition ``key`` names: an edition key, else the one report whose
    editions' keys start with ``key`` (that edition when only one of them does, else the
    report's first). Unknown or ambiguous: :class:`CliError` (exit 2) in one line, naming
    the candidates."""
    found = library.find(key)
    if found is not None:
        return found
    matches: list[tuple[Report, list[Edition]]] = []
    if key:
        for report in library.reports:
            editions = [e for e in report.editions if e.key.startswith(key)]
            if editions:
                matches.append((report, editions))
    if len(matches) == 1:
        report, editions = matches[0]
        return report, editions[0] if len(editions) == 1 else report.primary
    if not matches:
        known = ", ".join(r.key for r in library.reports[:SHOWN_CANDIDATES])
        raise CliError(
            _("no report with key {key!r} (try `trendreader list`; keys: {known})").format(
                key=key, known=known
            )
        )
    names = ", ".join(report.key for report, _editions in matches[:SHOWN_CANDIDATES])
    if len(matches) > SHOWN_CANDIDATES:
        names += ", …"
    raise CliError(
        _("{key!r} could be {count} reports: {names}").format(
            key=key, count=len(matches), names=names
        )
    )


__all__ = ["resolve_key"]
