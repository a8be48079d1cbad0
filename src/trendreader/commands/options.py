"""Options shared by the top-level parser and the subcommands."""

from __future__ import annotations

import argparse

from trendreader.i18n import _

SCRIPT_CHOICES = "original|simplified|traditional|taiwan|hongkong (o, s, t, tw, hk)"


def add_script_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--script",
        default=argparse.SUPPRESS,
        metavar="V",
        help=_("show text as {choices}").format(choices=SCRIPT_CHOICES),
    )


__all__ = ["SCRIPT_CHOICES", "add_script_option"]
