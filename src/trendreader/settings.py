"""The user's settings file (``config.toml`` in the data dir): script variant, hidden reports.

Written by hand as a tiny TOML subset (strings and lists of strings); read with tomllib. A
settings file that cannot be read is left as it is and defaults are used.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from trendreader.paths import AppPaths
from trendreader.script.variants import Variant, VariantError, parse_variant


@dataclass(slots=True)
class Settings:
    variant: Variant | None = None
    hidden: list[str] = field(default_factory=list)


def load_settings(paths: AppPaths) -> Settings:
    try:
        raw = paths.config_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return Settings()
    import tomllib  # here: the reader's start-up pays for it only when there is a file

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError:
        return Settings()
    variant = None
    if isinstance(data.get("script"), str):
        with contextlib.suppress(VariantError):
            variant = parse_variant(data["script"])
    hidden = [k for k in data.get("hidden", []) if isinstance(k, str)]
    return Settings(variant=variant, hidden=hidden)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def save_settings(paths: AppPaths, settings: Settings) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    lines = ["# trendreader settings"]
    if settings.variant is not None:
        lines.append(f"script = {_toml_string(settings.variant.value)}")
    lines.append("hidden = [" + ", ".join(_toml_string(k) for k in settings.hidden) + "]")
    target: Path = paths.config_file
    target.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: it pulls in shutil and random, which start-up does not need

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".config-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.replace(tmp, target)
