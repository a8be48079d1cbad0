"""Where trendreader keeps its files.

platformdirs gives the per-user data and cache directories; ``--data-dir`` or the
``TRENDREADER_HOME`` environment variable put everything under one directory instead
(tests always do this).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "trendreader"
HOME_ENV = "TRENDREADER_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The directories one run of trendreader reads and writes."""

    data_dir: Path
    cache_dir: Path

    @property
    def bookmarks_db(self) -> Path:
        return self.data_dir / "bookmarks.db"

    @property
    def config_file(self) -> Path:
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
    )
