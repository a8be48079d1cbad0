"""Conversions of the editions last read in another script, kept on disk.

Opening a report in 简体 or 臺灣正體 needs OpenCC: importing it and building a converter cost
~80 ms, more than the rest of start-up. So once an edition has been shown in a script, its
converted texts (passages, title, bold pieces) are saved here, and the next start that opens it
in the same script reads them back instead of loading OpenCC. One small pickle per edition and
script under the cache dir; the oldest beyond :data:`KEEP` are removed. It only holds what
OpenCC would compute again, so losing it loses nothing.
"""

from __future__ import annotations

import contextlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from trendreader.atomic import write_pickle
from trendreader.script.corrections import VERSION as CORRECTIONS_VERSION

#: Bump the first number when what is saved changes (2: chains such as ``t2s>s2twp`` and the
#: regions ``cn``/``tw``/``hk``); a new corrections table also makes old files stale.
FORMAT = 2 * 1000 + CORRECTIONS_VERSION
KEEP = 64  # saved editions (files) at most


@dataclass(frozen=True, slots=True)
class SavedConversion:
    """The converted texts of one edition in one config (``region``: as detected)."""

    config: str
    region: str | None
    texts: dict[str, str] = field(default_factory=dict)  # original → converted
    format: int = FORMAT


def saved_path(folder: Path, content_hash: str, variant: str) -> Path:
    return folder / f"{content_hash}-{variant}.pickle"


def load_saved(path: Path) -> SavedConversion | None:
    """The saved conversion at ``path``, or None if there is none (or it is unreadable)."""
    try:
        with path.open("rb") as handle:
            saved = pickle.load(handle)
    except Exception:  # missing, partial or foreign: convert again
        return None
    if isinstance(saved, SavedConversion) and saved.format == FORMAT:
        return saved
    return None


def save(path: Path, saved: SavedConversion, *, keep: int = KEEP) -> None:
    """Write atomically, then drop the oldest files beyond ``keep``; never raises OSError."""
    with contextlib.suppress(OSError):
        write_pickle(path, saved)
        files = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in files[:-keep] if keep else files:
            old.unlink(missing_ok=True)
