"""Shell completion scripts, generated from the argparse parser by shtab.

Why shtab (MPL-2.0, used unmodified as a library; maintained by iterative.ai) and not
argcomplete: shtab writes a static script, so completing a subcommand or an option starts no
Python at all, where argcomplete runs ``trendreader`` on every TAB (about half a second here:
the full parser imports every command module) and needs a hook in ``main()`` before parsing.
shtab covers bash, zsh and fish (and tcsh, PowerShell). Values that depend on the library (report
keys, trend names) are the one place the script calls back: ``trendreader completion --words
keys`` (see :mod:`trendreader.commands.completion_cmd`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

SHELLS = ("bash", "zsh", "fish")
WORD_KINDS = ("keys", "trends", "scripts")

# Which argument completes what: (subcommand path, dest) → kind; "*" is any subcommand.
_DYNAMIC: dict[tuple[str, str], str] = {
    ("open", "key"): "keys",
    ("read", "key"): "keys",
    ("remove", "key"): "keys",
    ("unhide", "key"): "keys",
    ("bookmarks add", "key"): "keys",
    ("search", "report"): "keys",
    ("trends compare", "name"): "trends",
    ("trends remove", "name"): "trends",
    ("*", "script"): "scripts",
}
_PATHS: dict[tuple[str, str], str] = {
    ("*", "data_dir"): "directory",
    ("*", "library"): "directory",
    ("add", "files"): "file",
    ("bookmarks import", "file"): "file",
}


def _parsers(
    parser: argparse.ArgumentParser, path: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}".strip())


def _words_command(kind: str, prog: str) -> str:
    if kind == "scripts":  # fixed words: no need to start Python
        from trendreader.script.variants import Variant

        return "printf '%s\\n' " + " ".join(v.value for v in Variant)
    return f"{prog} completion --words {kind} 2>/dev/null"


def annotate(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Set shtab's ``.complete`` on the arguments that take keys, trend names, scripts and
    paths (in place; returns ``parser``)."""
    import shtab

    prog = parser.prog
    for path, sub in _parsers(parser):
        for action in sub._actions:
            dest = action.dest
            kind = _DYNAMIC.get((path, dest)) or _DYNAMIC.get(("*", dest))
            if kind is not None:
                action.complete = shtab.cmd(_words_command(kind, prog))  # type: ignore[attr-defined]
                continue
            where = _PATHS.get((path, dest)) or _PATHS.get(("*", dest))
            if where is not None:
                action.complete = shtab.DIRECTORY if where == "directory" else shtab.FILE  # type: ignore[attr-defined]
    return parser


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`) of ``parser``."""
    import shtab

    if shell not in SHELLS:
        raise ValueError(f"unknown shell {shell!r}")
    return shtab.complete(annotate(parser), shell=shell)


__all__ = ["SHELLS", "WORD_KINDS", "annotate", "completion_script"]
