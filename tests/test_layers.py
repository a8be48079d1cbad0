"""The data layers stay importable without Textual (the TUI sits on top, nothing flows back)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import trendreader

PACKAGE = Path(trendreader.__file__).parent
DATA_LAYERS = ["library", "script", "search", "bookmarks", "trends", "typeset"]


def test_data_layers_do_not_import_textual() -> None:
    modules = sorted(
        "trendreader." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for layer in DATA_LAYERS
        for path in (PACKAGE / layer).rglob("*.py")
        if path.name != "__init__.py"
    )
    assert len(modules) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
