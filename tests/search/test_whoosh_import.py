"""The stand-ins used during Whoosh's import never reach anyone else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import trendreader.search.whoosh_import as loader

MODULE = Path(loader.__file__)


def _run(body: str) -> subprocess.CompletedProcess[str]:
    # A fresh process that has imported neither Whoosh nor urllib.request; the module is
    # loaded from its file so that the package's __init__ (which loads Whoosh) does not run.
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('wi', {str(MODULE)!r})\n"
        "wi = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(wi)\n"
        "assert 'urllib.request' not in sys.modules and 'whoosh' not in sys.modules\n" + body
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_urllib_imported_while_the_standins_are_in_place_is_the_real_one() -> None:
    done = _run(
        "with wi.standins_in_place():\n"
        "    import urllib.request\n"
        "    assert callable(urllib.request.urlopen)\n"
        "    from urllib.request import Request\n"
        "    assert callable(Request)\n"
        "print('ok')\n"
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_after_load_whoosh_the_real_modules_import() -> None:
    done = _run(
        "wi.load_whoosh()\n"
        "assert 'whoosh.query' in sys.modules\n"
        "assert not getattr(sys.modules.get('urllib.request'), '__trendreader_standin__', 0)\n"
        "import cached_property, urllib.request\n"
        "assert callable(urllib.request.urlopen)\n"
        "import whoosh.lang.morph_en\n"
        "assert callable(whoosh.lang.morph_en.variations)\n"
        "print('ok')\n"
    )
    assert done.stdout.strip() == "ok", done.stderr
