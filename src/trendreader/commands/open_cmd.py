"""``trendreader`` / ``trendreader open [KEY]``: start the reader."""

from __future__ import annotations

import argparse
import gc

from trendreader.commands.options import add_script_option


def register(subparsers: argparse._SubParsersAction) -> None:
    opener = subparsers.add_parser("open", help="open the reader (the default command)")
    opener.add_argument("key", nargs="?", help="report to open (default: where you left off)")
    add_script_option(opener)
    opener.set_defaults(handler=run_open)


def run_open(args: argparse.Namespace) -> int:
    gc.disable()  # until the first paint (see trendreader.cli.main)
    try:
        from trendreader.commands.library_cmd import find_edition

        library = args.library_loader()
        if args.key:
            find_edition(library, args.key)  # an unknown key is a one-line error, exit 2
        from trendreader.tui.app import TrendReaderApp

        app = TrendReaderApp(
            paths=args.paths,
            library=library,
            variant=args.variant,
            open_key=args.key,
            reload_library=args.load_library_fresh,
            watch=args.library_watch,
        )
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0
