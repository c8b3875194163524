"""copy: a portfolio moved between a file and a team portfolio, or to another of its kind."""

from __future__ import annotations

import argparse

from planner.cli.arguments import portfolio_location, where
from planner.services.copying import copy_portfolio


def register(commands) -> None:
    p = commands.add_parser(
        "copy", help="copy a portfolio between a file and a team portfolio",
        description="Copy every partner and everything about them, with their ids, versions "
                    "and who changed them when, from SOURCE to TARGET: a file to an empty "
                    "PostgreSQL database (a team portfolio), a team portfolio to a new file "
                    "(to work offline), or either to its own kind. SOURCE is only read. "
                    "TARGET must be new: a file that does not exist, or an empty database; "
                    "nothing is ever written over, and a copy that fails leaves nothing.")
    p.add_argument("source", type=portfolio_location, metavar="SOURCE",
                   help="a portfolio file, or postgresql://user@host:port/dbname")
    p.add_argument("target", type=portfolio_location, metavar="TARGET",
                   help="a new file, or an empty database's postgresql:// address")
    p.set_defaults(handler=copy)


def copy(args: argparse.Namespace) -> int:
    report = copy_portfolio(args.source, args.target)
    print(f"Copied {report.partners:,} partners ({report.total:,} rows in "
          f"{len(report.rows)} tables) from {where(args.source)} to {where(args.target)}.")
    return 0
