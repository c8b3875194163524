"""`planner [PATH]`: open the desktop app on PATH or on the default portfolio."""

from __future__ import annotations

import argparse


def parse(argv: list[str]) -> argparse.Namespace:
    from planner.cli import _Parser, _startup

    with _startup.importing():
        from planner.cli.arguments import portfolio_location

    parser = _Parser(prog="planner", description="Open the desktop app on a portfolio.")
    parser.add_argument("path", nargs="?", type=portfolio_location, metavar="PATH|URL",
                        help="portfolio file, or a team portfolio's "
                             "postgresql://user@host:port/dbname (default: your default "
                             "portfolio)")
    parser.add_argument("--read-only", action="store_true", help="open without changing it")
    parser.add_argument("--quit-after-load", action="store_true",
                        help="quit as soon as the window shows the portfolio (exit 0), or "
                             "print why it cannot be opened (exit 1): to check an install or "
                             "time a start")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    from planner.cli import _startup

    with _startup.importing():  # what opening the file and reading its list needs, only
        from planner.services.opening import start_opening
        from planner.services.portfolio import ServerLocation, default_portfolio_path

    location = default_portfolio_path() if args.path is None else args.path
    started = None
    if not isinstance(location, ServerLocation):  # a server may first want a password
        # The file opens and its list is read while Qt loads and the window is built.
        started = start_opening(location, create=args.path is None, read_only=args.read_only)
    with _startup.importing():  # here, so that commands that need no window never load Qt
        from planner.ui.app import run_app

    return run_app(args.path, read_only=args.read_only, quit_after_load=args.quit_after_load,
                   started=started)
