"""Does ``trendreader read`` keep every character markdown-it reads in a Markdown file?

    python bench/fidelity.py DIR [--failures-only]

For each ``.md``/``.markdown`` file under DIR: markdown-it's own plain-text rendering (the
text of every text token, code span, code block, image alt text and raw HTML with its tags
dropped; front matter left out; stock markdown-it with tables, strikethrough, front matter
and mdit-py-cjk-friendly) must appear, in order, in what ``read`` prints for the file
(`plain_render.render_text` of the parsed edition) — a subsequence check that ignores
whitespace. Prints OK/FAIL per file (with the first missing character and its context) and
the totals. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_cjk_friendly import cjk_friendly
from mdit_py_plugins.front_matter import front_matter_plugin

from trendreader.library.parse import ReportFileError, read_edition
from trendreader.library.plain_render import render_text

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def reference_parser() -> MarkdownIt:
    """Stock markdown-it with the extensions the reader promises, none of our speed-ups."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(front_matter_plugin).use(cjk_friendly)


_REFERENCE = reference_parser()


def reference_text(source: str) -> str:
    """markdown-it's plain text of ``source``: token text content, no markup."""
    tokens = _REFERENCE.parse(source)
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type == "image":
                    parts.extend(c.content for c in child.children or ())
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        elif token.type == "html_block":
            parts.append(html.unescape(_TAG.sub("", token.content)))
    return "".join(parts)


def first_missing(reference: str, output: str) -> int | None:
    """Index in ``reference`` of the first character not found in order in ``output``."""
    position = 0
    for index, char in enumerate(reference):
        found = output.find(char, position)
        if found < 0:
            return index
        position = found + 1
    return None


def check(path: Path) -> tuple[bool, str]:
    source = path.read_text("utf-8", errors="replace")
    try:
        edition = read_edition(path)
    except ReportFileError as error:
        return False, str(error)
    output = render_text(edition.passages, [p.text for p in edition.passages])
    from trendreader.library.sanitize import clean_text

    reference = _SPACE.sub("", clean_text(reference_text(source)))
    ours = _SPACE.sub("", output)
    missing = first_missing(reference, ours)
    if missing is None:
        return True, f"{len(reference)} chars"
    context = reference[max(0, missing - 20) : missing + 20]
    return False, f"char {missing}/{len(reference)} {reference[missing]!r} near {context!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--failures-only", action="store_true", help="print FAIL lines only")
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in (".md", ".markdown"))
    ok = failed = 0
    for path in files:
        good, detail = check(path)
        ok, failed = (ok + 1, failed) if good else (ok, failed + 1)
        if not (good and args.failures_only):
            print(f"{'OK  ' if good else 'FAIL'} {path.relative_to(args.folder)}: {detail}")
    print(f"files: {len(files)}  OK: {ok}  FAIL: {failed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
