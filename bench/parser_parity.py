"""The fast Markdown path against markdown-it-py on real files; prints counts, asserts nothing.

    python bench/parser_parity.py DIR [DIR ...]

For every ``.md`` file under each DIR: the blocks from pulldown-cmark's events
(`trendreader.library.markdown_events`) and from markdown-it-py's tokens, with the front
matter; each file is "same", "differs" (listed) or "falls back" (the events path gives up
and markdown-it-py reads it, as `parse_markdown` does).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from trendreader.library import markdown
from trendreader.library.markdown_events import GiveUp, walk_events


def compare(text: str) -> str:
    """ "same", "differs" or "falls back" for one document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body = markdown.split_front_matter(text)
    fast = markdown.BlockWalker(wechat=False)
    try:
        walk_events(
            markdown._shallow(body), fast, markdown._normalize_link, markdown._inline_run_of
        )
    except GiveUp:
        return "falls back"
    tokens, front_by_tokens = markdown.parse_tokens(text)
    slow = markdown.BlockWalker(wechat=False)
    markdown.walk_tokens(tokens, slow)
    return "same" if (fast.blocks, front) == (slow.blocks, front_by_tokens) else "differs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    args = parser.parse_args()
    counts = {"same": 0, "differs": 0, "falls back": 0}
    start = time.perf_counter()
    for folder in args.folders:
        for path in sorted(folder.rglob("*.md")):
            verdict = compare(path.read_text("utf-8", errors="replace"))
            counts[verdict] += 1
            if verdict == "differs":
                print(f"differs: {path}")
    took = time.perf_counter() - start
    print(", ".join(f"{name}: {count}" for name, count in counts.items()) + f"  ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
