"""`planner [PATH]`: open the desktop app on PATH or on the default portfolio."""

from __future__ import annotations

import argparse
from pathlib import Path


def parse(argv: list[str]) -> argparse.Namespace:
    from planner.cli import _Parser

    parser = _Parser(prog="planner", description="Open the desktop app on a portfolio.")
    parser.add_argument("path", nargs="?", type=Path, metavar="PATH",
                        help="portfolio file (default: your default portfolio)")
    parser.add_argument("--read-only", action="store_true", help="open without changing it")
    parser.add_argument("--quit-after-load", action="store_true",
                        help="quit (exit 0) once the window is up and the portfolio listed; "
                             "exit 1 with the message if it cannot be opened (for smoke tests)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    # Imported here so that commands that need no window never load Qt.
    from planner.ui.app import run_app

    return run_app(args.path, read_only=args.read_only, quit_after_load=args.quit_after_load)
