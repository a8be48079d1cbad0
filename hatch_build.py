"""Hatch build hook: the manual page ``trendreader.1``, generated from the argparse parser.

argparse-manpage (Apache-2.0) turns ``trendreader.cli.build_parser()`` (every subcommand,
its options and help) into roff; the wheel installs it as shared data, so ``pip install``
puts it in ``<prefix>/share/man/man1/trendreader.1`` and ``man trendreader`` finds it.

The build environment holds only what ``[build-system] requires`` lists (hatchling and
argparse-manpage): building the parser imports no Textual, Whoosh or OpenCC (the subcommand
modules import those when they run; ``tests/test_cli.py`` keeps ``--help`` light), so
``src/`` is put on ``sys.path`` just for the import and taken off again.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MAN_PAGE = "share/man/man1/trendreader.1"


INCLUDE = Path("docs/man/trendreader.1.include")  # ENVIRONMENT, FILES, SEE ALSO (roff)


def render_man_page(source_dir: Path, include: Path | None = None) -> str:
    """The roff text of ``trendreader(1)`` for the code under ``source_dir`` (``src/``), with
    the sections of ``include`` (argparse-manpage's include format) when given."""
    from argparse_manpage.manpage import Manpage

    added = str(source_dir)
    sys.path.insert(0, added)
    try:
        import trendreader
        from trendreader.cli import build_parser

        parser = build_parser()
        data = {
            "project_name": "trendreader",
            "version": trendreader.__version__,
            "manual_title": "trendreader manual",
            "description": "read, search and bookmark Chinese trend reports in the terminal",
        }
        if include is not None:
            data["include"] = str(include)
        page = Manpage(parser, _data=data)
        return str(page)
    finally:
        sys.path.remove(added)
        for name in [m for m in sys.modules if m == "trendreader" or m.startswith("trendreader.")]:
            del sys.modules[name]


class ManPageHook(BuildHookInterface):  # type: ignore[type-arg]
    """Writes the man page into a temporary folder and ships it with the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        self._folder = Path(tempfile.mkdtemp(prefix="trendreader-man-"))
        page = self._folder / "trendreader.1"
        include = Path(self.root) / INCLUDE
        text = render_man_page(Path(self.root) / "src", include if include.is_file() else None)
        page.write_text(text, encoding="utf-8")
        build_data.setdefault("shared_data", {})[str(page)] = MAN_PAGE

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
