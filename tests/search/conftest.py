"""Search fixtures: the seed index is built once per module, in a temporary directory."""

from __future__ import annotations

from pathlib import Path


def write_report(folder: Path, key: str, title: str, date: str, paragraphs: list[str]) -> Path:
    """A plain-text report: title line, date line, one paragraph per line."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.txt"
    path.write_text("\n".join([title, date, *paragraphs]) + "\n", encoding="utf-8")
    return path
