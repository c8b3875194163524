"""`planner [PATH]`: open the desktop app on PATH or on the default portfolio."""

from __future__ import annotations

import argparse


def location(text: str):
    """A file's path, or a team portfolio's URL (its password, if any, stays in memory)."""
    from planner.cli.arguments import file_path
    from planner.domain.errors import PlannerError
    from planner.services.portfolio import ServerLocation, parse_location

    try:
        found = parse_location(text)
    except PlannerError as error:
        raise argparse.ArgumentTypeError(str(error).rstrip(".")) from None
    return found if isinstance(found, ServerLocation) else file_path(text)


def parse(argv: list[str]) -> argparse.Namespace:
    from planner.cli import _Parser

    parser = _Parser(prog="planner", description="Open the desktop app on a portfolio.")
    parser.add_argument("path", nargs="?", type=location, metavar="PATH|URL",
                        help="portfolio file, or a team portfolio's "
                             "postgresql://user@server:port/database (default: your "
                             "default portfolio)")
    parser.add_argument("--read-only", action="store_true", help="open without changing it")
    parser.add_argument("--quit-after-load", action="store_true",
                        help="quit as soon as the window shows the portfolio (exit 0), or "
                             "print why it cannot be opened (exit 1): to check an install or "
                             "time a start")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    # Imported here so that commands that need no window never load Qt.
    from planner.ui.app import run_app

    return run_app(args.path, read_only=args.read_only, quit_after_load=args.quit_after_load)
