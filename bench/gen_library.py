"""Generate a library of N reports from seed paragraphs, the same one for everyone.

    python bench/gen_library.py N OUT

Each report: a title line, a date line ("2021-03-04"), then 10–40 paragraphs drawn from the
seeds' passages (through the library layer, so cleaned), one per line. Scripts are mixed: a
report is written as drawn, converted to 臺灣正體 (s2twp) or to 简体 (t2s), so both scripts
and both regional wordings occur. Fixed random seed; prints the total size.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from trendreader.library.catalog import load_library
from trendreader.library.model import PassageKind
from trendreader.script.display import run_many  # OpenCC, then the known corrections

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
RANDOM_SEED = 20250101


def seed_paragraphs() -> tuple[list[str], list[str]]:
    """(paragraphs, headings) of every seed edition."""
    library = load_library([SEEDS])
    paragraphs, headings = [], []
    for edition in library.editions():
        for passage in edition.passages:
            text = " ".join(passage.text.split())
            if not text:
                continue
            (headings if passage.kind == PassageKind.HEADING else paragraphs).append(text)
    return paragraphs, headings


def generate(count: int, out: Path) -> int:
    rng = random.Random(RANDOM_SEED)
    paragraphs, headings = seed_paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(count):
        body = rng.choices(paragraphs, k=rng.randint(10, 40))
        title = f"{rng.choice(headings)[:30]} ({number})"
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines = [title, *body]
        script = rng.random()
        if script < 0.3:
            lines = run_many(lines, "s2twp")
        elif script < 0.6:
            lines = run_many(lines, "t2s")
        text = "\n".join([lines[0], date, *lines[1:]]) + "\n"
        (out / f"gen{number:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    total = generate(int(argv[0]), Path(argv[1]))
    print(f"{argv[0]} reports, {total / 1e6:.1f} MB in {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
