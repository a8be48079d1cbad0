"""Where trendreader keeps its files.

platformdirs gives each kind of file its folder: settings (``config.toml``) in the user's
config folder (``$XDG_CONFIG_HOME/trendreader``), reading state in the state folder
(``$XDG_STATE_HOME/trendreader``), bookmarks, trends and added reports in the data folder,
the index in the cache folder. ``--data-dir`` or the ``TRENDREADER_HOME`` environment variable
put everything under one directory instead, laid out as it always was (``config.toml`` in its
root; tests always do this). Files left in the old places are moved by
:mod:`trendreader.migrate_paths`.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from trendreader.i18n import _

APP_NAME = "trendreader"
HOME_ENV = "TRENDREADER_HOME"


class StateError(Exception):
    """A file of the user's state or cache cannot be read or written: one line for the user
    (naming the file and what to do), exit status 1. Never a traceback."""

    status = 1


def write_hint(error: OSError) -> str:
    """What to do about an OSError met while writing: one short clause."""
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return _("free some disk space and try again")
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return _("a file stands where a folder should be: move it, or choose another --data-dir")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("make it writable, or set --data-dir / ${env} to a folder you can write").format(
            env=HOME_ENV
        )
    return _("check the folder, or set --data-dir / ${env} to another one").format(env=HOME_ENV)


def describe_os_error(error: OSError, fallback: Path | str | None = None) -> str:
    """``PATH: reason — what to do`` for an OSError (one line)."""
    where = error.filename if error.filename is not None else fallback
    reason = error.strerror or type(error).__name__
    head = f"{where}: {reason}" if where is not None else reason
    return f"{head} — {write_hint(error)}"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The directories one run of trendreader reads and writes.

    ``config_dir`` and ``state_dir`` default to ``data_dir`` (one folder for everything, as
    under ``TRENDREADER_HOME``), so ``AppPaths(data_dir=..., cache_dir=...)`` means what it did.
    """

    data_dir: Path
    cache_dir: Path
    config_dir: Path = None  # type: ignore[assignment]  # None: data_dir (see __post_init__)
    state_dir: Path = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.config_dir is None:
            object.__setattr__(self, "config_dir", self.data_dir)
        if self.state_dir is None:
            object.__setattr__(self, "state_dir", self.data_dir)

    @property
    def bookmarks_db(self) -> Path:
        return self.data_dir / "bookmarks.db"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def legacy_config_file(self) -> Path:
        """Where ``config.toml`` was kept before it moved to the config folder."""
        return self.data_dir / "config.toml"

    @property
    def user_library(self) -> Path:
        return self.data_dir / "library"

    @property
    def user_trends(self) -> Path:
        return self.data_dir / "trends.toml"

    @property
    def index_dir(self) -> Path:
        return self.cache_dir / "index"

    def home_problem(self) -> str | None:
        """One line when the data dir cannot hold state (a file is there, or it cannot be
        entered); None when it is a folder or does not exist yet. Reads nothing else."""
        try:
            if self.data_dir.exists() and not self.data_dir.is_dir():
                return _(
                    "{path} is a file, not a folder: bookmarks, settings and the "
                    "index cannot be saved — move it, or set --data-dir / ${env} "
                    "to a folder"
                ).format(path=self.data_dir, env=HOME_ENV)
            if self.data_dir.is_dir() and not os.access(self.data_dir, os.W_OK | os.X_OK):
                return _(
                    "{path}: permission denied: bookmarks, settings and the index "
                    "cannot be saved — make it writable, or set --data-dir / ${env} "
                    "to a folder you can write"
                ).format(path=self.data_dir, env=HOME_ENV)
        except OSError as error:  # a parent that cannot be entered
            return describe_os_error(error, self.data_dir)
        return None


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Return the paths for this run: explicit dir, then $TRENDREADER_HOME, then platformdirs."""
    home = data_dir if data_dir is not None else os.environ.get(HOME_ENV) or None
    if home is not None:
        root = Path(home).expanduser()
        return AppPaths(data_dir=root, cache_dir=root / "cache")
    import platformdirs

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        state_dir=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
    )


class LibraryFolders(NamedTuple):
    """The folders a run reads reports from, in order, and which of them are built in (never
    written). Unpacks as ``folders, builtin = library_folders(paths, library_dir)``."""

    folders: list[Path]
    builtin: list[Path]


def library_folders(
    paths: AppPaths, library_dir: str | os.PathLike[str] | None = None
) -> LibraryFolders:
    """The one place the library folders are worked out: ``--library DIR`` alone when given,
    else the built-in library (``seeds/``) then the user's folder (``paths.user_library``)."""
    if library_dir:
        return LibraryFolders([Path(library_dir).expanduser()], [])
    from trendreader.resources import seeds_dir

    builtin = seeds_dir()
    return LibraryFolders([builtin, paths.user_library], [builtin])
