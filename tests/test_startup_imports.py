"""A command in a fresh process imports only what it needs (issue 14, item 6).

Each command runs as ``python -m trendreader`` does (``runpy``, so ``main()`` is the process's
own command) in a subprocess with its own ``TRENDREADER_HOME``, twice: the first run fills
the caches (the parsed library, the index, the forms of the words searched), the second is
the one looked at. What the process had imported at exit is compared with what the command
has no use for. Also: the collector's setting for a command, the names Whoosh took from the
stand-ins of ``trendreader.search.whoosh_import``, and the cleaning of printable text without
compiling a pattern. Behaviour, not timing: the speed is measured by ``bench/cli_speed.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

# What the process had imported (and how the collector was set) once the command returned.
PROBE = """
import gc, runpy, sys
out = sys.argv.pop(1)
sys.argv[0] = "trendreader"
try:
    runpy.run_module("trendreader", run_name="__main__")
except SystemExit as stop:
    code = stop.code
modules = sorted(sys.modules)
import json
with open(out, "w", encoding="utf-8") as stream:
    json.dump({"modules": modules, "status": code,
               "threshold": gc.get_threshold()[0], "frozen": gc.get_freeze_count()}, stream)
"""

#: Nothing a command prints needs these (the TUI, search, conversion, archives, temporary
#: files, the C locale tables).
NEVER_IN_A_LISTING = (
    "textual",
    "whoosh",
    "opencc",
    "rjieba",
    "tempfile",
    "shutil",
    "bz2",
    "lzma",
    "locale",
    "calendar",
    "urllib.request",
    "importlib.resources",
    "zipfile",
    "hashlib",
)
#: Whoosh's modules that opening and searching an index never use (see
#: ``trendreader.search.whoosh_import``), and what writes an index.
NEVER_IN_A_WARM_SEARCH = (
    "textual",
    "opencc",
    "rjieba",
    "locale",
    "calendar",
    "html",
    "queue",
    "urllib.request",
    "cached_property",
    "whoosh.lang.porter",
    "whoosh.lang.dmetaphone",
    "whoosh.lang.morph_en",
    "whoosh.writing",
    "trendreader.search.writer",
)


def imported_by(home: Path, tmp_path: Path, *args: str) -> dict[str, object]:
    """Run ``trendreader ARGS`` twice in fresh processes; what the second had imported."""
    env = {
        **os.environ,
        "TRENDREADER_HOME": str(home),
        "TRENDREADER_UI": "en",
        "PYTHONIOENCODING": "utf-8",
    }
    out = tmp_path / "probe.json"
    for _run in range(2):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(out), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    found = json.loads(out.read_text("utf-8"))
    assert found["status"] in (0, None), found["status"]
    return found


def loaded(found: dict[str, object], names: tuple[str, ...]) -> list[str]:
    modules = set(found["modules"])  # type: ignore[arg-type]
    return [name for name in names if name in modules]


@pytest.mark.parametrize(
    ("args", "also_absent"),
    [
        (("list",), ("rich", "json")),  # piped: neither a table nor JSON
        (("list", "--json"), ("rich",)),
        (("read", "001_e66a1ed0cdcaae93"), ("json", "rich")),  # a report without tables
        (("--version",), ("rich", "json", "pickle", "trendreader.library.store")),
    ],
    ids=["list", "list-json", "read", "version"],
)
def test_a_listing_command_imports_only_what_it_needs(
    isolated_home: Path, tmp_path: Path, args: tuple[str, ...], also_absent: tuple[str, ...]
) -> None:
    found = imported_by(isolated_home, tmp_path, *args)
    assert loaded(found, NEVER_IN_A_LISTING + also_absent) == []
    if args[0] != "--version":  # the command did run: the library was read from its cache
        assert "trendreader.library.listing" in found["modules"]  # type: ignore[operator]


def test_a_warm_search_imports_no_writer_and_no_unused_whoosh_module(
    isolated_home: Path, tmp_path: Path
) -> None:
    found = imported_by(isolated_home, tmp_path, "search", "芯片")
    assert "whoosh.searching" in found["modules"]  # type: ignore[operator]
    assert loaded(found, NEVER_IN_A_WARM_SEARCH) == []


def test_the_process_command_runs_with_a_high_threshold_and_ends_frozen(
    isolated_home: Path, tmp_path: Path
) -> None:
    from trendreader.cli import COMMAND_GC_THRESHOLD

    found = imported_by(isolated_home, tmp_path, "list")
    assert found["threshold"] == COMMAND_GC_THRESHOLD
    assert found["frozen"] > 0  # type: ignore[operator]


def test_main_called_in_process_leaves_the_collector_as_it_was(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from trendreader.cli import main

    before, enabled, frozen = gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()
    assert main(["list"]) == 0
    assert "000_933e302ea0e991db" in capsys.readouterr().out
    assert (gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()) == (
        before,
        enabled,
        frozen,
    )


def test_what_whoosh_took_from_a_stand_in_works_and_later_imports_are_real() -> None:
    # A fresh process: Whoosh imported through load_whoosh, then every name it took from a
    # stand-in used, then the modules imported by name.
    code = """
import io, sys
from trendreader.search.whoosh_import import load_whoosh
load_whoosh()
import whoosh.analysis.morph as morph, whoosh.compat as compat
import whoosh.filedb.compound as compound, whoosh.filedb.filestore as filestore
import whoosh.util.times as times
assert "tempfile" not in sys.modules and "calendar" not in sys.modules
assert morph.stem("running") == "runn" and morph.double_metaphone("Smith") == ("SM0", "XMT")
assert compat.htmlescape("<a&b>") == "&lt;a&amp;b&gt;"
out = io.BytesIO()
compound.copyfileobj(io.BytesIO(b"postings"), out)
assert out.getvalue() == b"postings"
assert times.calendar.monthrange(2024, 2) == (3, 29)
import calendar, html, queue, shutil, tempfile
import whoosh.lang.porter
for module in (calendar, html, queue, shutil, tempfile, whoosh.lang.porter):
    assert not getattr(module, "__trendreader_standin__", False), module
assert filestore.tempfile.gettempdir() == tempfile.gettempdir()
assert shutil.copyfileobj.__module__ == "shutil" and callable(queue.Queue)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_printable_text_is_cleaned_without_compiling_a_pattern() -> None:
    code = """
from trendreader.library import sanitize
assert sanitize.clean_line("2025年，6大機會") == "2025年，6大機會"
assert sanitize.clean_text("第一行\\n\\t第二行") == "第一行\\n    第二行"
assert sanitize._compiled.cache_info().currsize == 0
assert sanitize.clean_text("紅\\x1b[31m字\\u202e") == "紅字"
assert sanitize._compiled.cache_info().currsize == 3
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


_ESCAPES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
_CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]"


def _cleaned_by_the_patterns(text: str) -> str:
    """What clean_text does to any text, every pattern applied (the fast paths' oracle)."""
    import re

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(_ESCAPES, "", text)
    text = re.sub(_CONTROLS, "", text)
    return re.sub("[\ud800-\udfff]", "\ufffd", text).replace("\t", "    ")


_TEXTS = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from("中文漢字，。\n\t\r\x1b\x9b\x9d\x07[]\\\u200b\u2028\u202e\u3000\ufeff"),
    ),
    max_size=60,
)


@given(_TEXTS)
def test_the_fast_paths_clean_as_the_patterns_do(text: str) -> None:
    import re

    from trendreader.library.sanitize import clean_line, clean_text

    assert clean_text(text) == _cleaned_by_the_patterns(text)
    assert clean_line(text) == re.sub(
        r"[\t\n]+", " ", _cleaned_by_the_patterns(text.replace("\t", " "))
    )
