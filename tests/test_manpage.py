"""Issue 19, item 6: the wheel carries ``trendreader.1``, generated from the parser."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAN_PAGE = "share/man/man1/trendreader.1"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout the way pip builds one (PEP 517, isolated: only
    ``[build-system] requires`` is installed for the build)."""
    out = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (found,) = out.glob("trendreader-*.whl")
    return found


def man_page(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".data/data/" + MAN_PAGE)]
        return archive.read(name).decode("utf-8")


def test_the_wheel_installs_the_man_page_as_shared_data(wheel: Path) -> None:
    page = man_page(wheel)
    assert page.startswith('.TH TRENDREADER "1"')
    assert "trendreader \\- read, search and bookmark" in page


def test_the_man_page_names_every_subcommand_and_option(wheel: Path) -> None:
    from trendreader.cli import build_parser

    page = man_page(wheel).replace("\\-", "-")
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert len(commands.choices) >= 10
    for name in commands.choices:
        assert f"trendreader\\fR \\fI\\,{name}\\/\\fR" in page
    for option in ("--data-dir", "--library", "--script", "--json", "--limit", "--rebuild"):
        assert option in page
    for section in ("ENVIRONMENT", "FILES", "TRENDREADER_HOME", "config.toml"):
        assert section in page
