"""Search fixtures: the seed index is built once per module, in a temporary directory."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest


def write_report(folder: Path, key: str, title: str, date: str, paragraphs: list[str]) -> Path:
    """A plain-text report: title line, date line, one paragraph per line."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.txt"
    path.write_text("\n".join([title, date, *paragraphs]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three small reports in three years: simplified, traditional (Taiwan), simplified."""
    lib = tmp_path / "lib"
    write_report(lib, "r1", "芯片报告", "2021-03-04", ["推理芯片很重要。", "固态电池也是。"])
    write_report(lib, "r2", "機器人報告", "2022-05-06", ["人形機器人來了。", "晶片戰線。"])
    write_report(lib, "r3", "互联网", "2023-01-02", ["移动互联网的时代。"])
    return lib


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "index"


def whoosh_postings(reader: Any, term: Any, field: str = "text") -> tuple[list[int], list[float]]:
    """A term's ids and weights as Whoosh's own matcher walks to them (deleted ones left out)."""
    matcher = reader.postings(field, term)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def name_segments_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """New Whoosh segments are named seg0, seg1, … (not at random): two builds compare."""
    from whoosh.codec import base as codec_base

    counter = itertools.count()
    monkeypatch.setattr(
        codec_base.Segment,
        "_random_id",
        classmethod(lambda cls, size=16, c=counter: f"seg{next(c)}"),
    )
