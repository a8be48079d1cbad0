"""Move files left in the places older versions used to the folders they belong in now.

Until issue 19 ``config.toml`` lived in the data folder; it now lives in the config folder
(``$XDG_CONFIG_HOME/trendreader``, see :mod:`trendreader.paths`). :func:`move_old_files` moves
it once, the first time a run finds it there and nothing in the new place, and says so in one
line for the caller to print. Nothing is ever lost: the file is copied (atomically), the copy is
read back and compared, and only then is the old file removed. When any step fails the old file
stays where it was and the returned paths keep reading it there, so the settings still apply.
A second run finds nothing to move and does nothing.

Under ``TRENDREADER_HOME`` / ``--data-dir`` (one folder for everything) the old and new places
are the same file, and so are they on macOS and Windows, where platformdirs gives one folder
for config and data: nothing moves.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import NamedTuple

from trendreader.i18n import _
from trendreader.paths import AppPaths, describe_os_error

__all__ = ["Moved", "move_file", "move_old_files"]


class Moved(NamedTuple):
    """What :func:`move_old_files` did: the paths to use from now on, and one line per move
    (or failed move) for the user."""

    paths: AppPaths
    messages: list[str]


def move_file(old: Path, new: Path) -> None:
    """Copy ``old`` to ``new`` atomically, check the copy byte for byte, then remove ``old``.

    Raises OSError with ``old`` untouched when the copy cannot be made or differs (a copy that
    differs is removed). A failure to remove ``old`` after a good copy propagates too: both
    files then hold the same bytes.
    """
    from trendreader.atomic import copy_file

    copy_file(old, new)
    if new.read_bytes() != old.read_bytes():
        new.unlink(missing_ok=True)
        raise OSError(f"the copy at {new} differs from {old}")
    old.unlink()


def _exists(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def move_old_files(paths: AppPaths) -> Moved:
    """Move ``config.toml`` from the data folder to the config folder if it is only there.

    Returns the paths to use (the given ones, or, when the move failed, ones that read the
    settings where they still are) and the lines to print. Never raises for a file problem.
    """
    old, new = paths.legacy_config_file, paths.config_file
    if old == new or not _exists(old) or _exists(new):
        return Moved(paths, [])
    try:
        move_file(old, new)
    except OSError as error:
        if _exists(new):  # copied and checked, but the old one could not be removed
            line = _("settings copied to {new}; {old} could not be removed ({reason})").format(
                new=new, old=old, reason=describe_os_error(error, old)
            )
            return Moved(paths, [line])
        line = _("settings left in {old}: they cannot be moved to {new} ({reason})").format(
            old=old, new=new, reason=describe_os_error(error, new)
        )
        return Moved(dataclasses.replace(paths, config_dir=paths.data_dir), [line])
    return Moved(paths, [_("settings moved from {old} to {new}").format(old=old, new=new)])
