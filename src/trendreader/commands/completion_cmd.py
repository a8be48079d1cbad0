"""``trendreader completion bash|zsh|fish``: print a shell completion script.

``trendreader completion --words keys|trends|scripts`` prints the words the script offers
where a report key, a trend name or a script is expected, one a line (the script calls it; it
is quiet: no notices, nothing on a problem).

Install: ``trendreader completion bash > ~/.local/share/bash-completion/completions/trendreader``
(zsh: a file ``_trendreader`` in a folder of ``$fpath``; fish:
``~/.config/fish/completions/trendreader.fish``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from trendreader.commands.completion_script import SHELLS, WORD_KINDS, completion_script
from trendreader.commands.errors import CliError
from trendreader.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "completion",
        help=_("print a shell completion script (bash, zsh, fish)"),
        description=_(
            "Print a completion script for SHELL on stdout, e.g. `trendreader completion bash "
            "> ~/.local/share/bash-completion/completions/trendreader`."
        ),
    )
    parser.add_argument("shell", nargs="?", choices=SHELLS, metavar="SHELL", help="|".join(SHELLS))
    parser.add_argument("--words", choices=WORD_KINDS, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run_completion)


def run_completion(args: argparse.Namespace) -> int:
    if args.words:
        for word in _words(args, args.words):
            sys.stdout.write(word + "\n")
        return 0
    if not args.shell:
        raise CliError(_("completion: name a shell: {shells}").format(shells=", ".join(SHELLS)))
    full_parser: Callable[[], argparse.ArgumentParser] | None = getattr(args, "full_parser", None)
    if full_parser is None:
        raise CliError(_("completion: the command line parser is not available"))
    sys.stdout.write(completion_script(full_parser(), args.shell))
    return 0


def _words(args: argparse.Namespace, kind: str) -> list[str]:
    """The words for ``kind``, cleaned to one line each, without blanks or duplicates."""
    from trendreader.library.sanitize import clean_line

    if kind == "scripts":
        from trendreader.script.variants import Variant

        found = [v.value for v in Variant]
    elif kind == "keys":
        library = args.listing_loader()[0]
        found = [r.key for r in library.reports]
        found += [e.key for r in library.reports for e in r.editions]
    else:
        from trendreader.trends.store import TrendStore

        store = TrendStore.for_library(args.paths, args.library_folders.folders)
        found = [t.name for t in store.curated()]
    words = (clean_line(w).strip() for w in found)
    # a word with white space inside would be split in two by the shell's word list
    return list(dict.fromkeys(w for w in words if w and not any(c.isspace() for c in w)))
