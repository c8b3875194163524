"""init, sample, export, import, check: the portfolio file and its JSON interchange format."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from planner.cli import exchange_commands
from planner.cli.arguments import file_path, portfolio_location, where
from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services import backups, copying, portfolio_io
from planner.services.portfolio import (
    ServerLocation,
    check_portfolio,
    init_portfolio,
    open_for_import,
    open_portfolio,
    write_sample,
)


def register(commands) -> None:
    p = commands.add_parser("init", help="create an empty portfolio",
                            description="Create an empty portfolio file (and its folder), "
                                        "readable by you only, or an empty team portfolio "
                                        "in an empty PostgreSQL database. An existing file "
                                        "is never replaced; a database that holds anything "
                                        "is left as it is.")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL",
                   help="a new file, or postgresql://user@host:port/dbname")
    p.set_defaults(handler=init)

    p = commands.add_parser("sample", help="write the built-in sample portfolio",
                            description="Write the sample portfolio: 8 partners across all "
                                        "four stages, dated around today, to a new file or "
                                        "an empty team portfolio database.")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL")
    p.add_argument("--force", action="store_true",
                   help="replace an existing portfolio (backed up first; other files are "
                        "never replaced)")
    p.set_defaults(handler=sample)

    p = commands.add_parser("export", help="export the portfolio as JSON or CSV files",
                            description="Export every partner to the JSON interchange format "
                                        "(-o), or one CSV file per table (--csv).")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", type=file_path, metavar="FILE.json")
    target.add_argument("--csv", type=file_path, metavar="DIR",
                        help="write partners.csv, stakeholders.csv, ... into DIR")
    p.set_defaults(handler=export)

    p = commands.add_parser("import", help="import partners from a JSON export or a spreadsheet",
                            description="Import partners from a JSON file or a spreadsheet "
                                        "(.csv, .tsv, .txt, .xlsx). All or nothing: with any "
                                        "error, nothing is imported. A PATH that does not "
                                        "exist is created; a team portfolio is created by "
                                        "'planner init URL'.")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL")
    p.add_argument("file", type=file_path, metavar="FILE")
    p.add_argument("--replace", action="store_true",
                   help="replace partners whose names are already in the portfolio (JSON)")
    exchange_commands.add_spreadsheet_import_options(p)
    p.set_defaults(handler=import_)

    p = commands.add_parser("check", help="check a portfolio's integrity",
                            description="Integrity check, schema version and counts per table. "
                                        "Exits non-zero when the file is damaged or the "
                                        "team portfolio has problems.")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL")
    p.set_defaults(handler=check)


def init(args: argparse.Namespace) -> int:
    init_portfolio(args.path)
    if isinstance(args.path, ServerLocation):
        print(f"Created an empty team portfolio in the database {where(args.path)}.")
    else:
        print(f"Created an empty portfolio at {shown(args.path)}.")
    return 0


def sample(args: argparse.Namespace) -> int:
    records = portfolio_io.sample_records(dt.date.today())
    if isinstance(args.path, ServerLocation):
        if args.force:
            raise PlannerError("--force replaces a portfolio file; a team portfolio is never "
                               "replaced: write the sample into an empty database instead.")
        copying.fill_new_team_portfolio(args.path, lambda portfolio: portfolio_io.import_records(
            portfolio.uow(), records))
        print(f"Wrote the sample portfolio ({len(records)} partners) to the team portfolio "
              f"{where(args.path)}.")
        return 0
    write_sample(args.path, lambda portfolio: portfolio_io.import_records(portfolio.uow(),
                                                                          records),
                 force=args.force)
    print(f"Wrote the sample portfolio ({len(records)} partners) to {shown(args.path)}.")
    return 0


def export(args: argparse.Namespace) -> int:
    if args.csv is not None:
        return exchange_commands.export_csv(args)
    if (isinstance(args.path, Path) and args.output.exists() and args.path.exists()
            and args.output.samefile(args.path)):
        # The export would replace the portfolio itself with its JSON.
        raise PlannerError(f"{shown(args.output)} is the portfolio itself; name another file to "
                           "export to.")
    with open_portfolio(args.path, read_only=True) as portfolio:
        count = portfolio_io.export_json(portfolio.uow(), args.output)
    print(f"Exported {count} partners to {shown(args.output)}.")
    return 0


def import_(args: argparse.Namespace) -> int:
    if exchange_commands.is_spreadsheet(args):
        return exchange_commands.import_spreadsheet(args)
    exchange_commands.refuse_spreadsheet_options(args)
    if portfolio_io.streamed(args.file):  # a large export: read partner by partner
        with open_portfolio(args.path) as portfolio:
            result = portfolio_io.import_json(
                portfolio.uow(), args.file, replace=args.replace,
                before_commit=lambda: args.replace and back_up_before_replacing(args.path))
        replaced = f", replaced {result.replaced}" if result.replaced else ""
        print(f"Imported {result.added + result.replaced} partners into "
              f"{where(args.path)}{replaced}.")
        return 0
    document = portfolio_io.read_document(args.file)
    records = portfolio_io.document_records(document)
    with open_for_import(args.path) as (portfolio, created):
        if args.replace and not created:
            back_up_before_replacing(args.path)
        result = portfolio_io.import_records(portfolio.uow(), records, replace=args.replace)
    if created:
        print(f"Created the portfolio {shown(args.path)}.")
    replaced = f", replaced {result.replaced}" if result.replaced else ""
    print(f"Imported {result.added + result.replaced} partners into "
          f"{where(args.path)}{replaced}.")
    return 0


def back_up_before_replacing(location) -> None:
    """A file is backed up before --replace overwrites partners; a team portfolio is in the
    server's own backups (this app keeps no copies of a database)."""
    if isinstance(location, Path):
        backups.take_backup(location, "import")


def check(args: argparse.Namespace) -> int:
    report = check_portfolio(args.path)
    print(f"Portfolio: {where(report.path)}")
    print(f"Schema:    {report.schema}")
    for table, count in report.counts.items():
        print(f"  {table:<18} {'unreadable' if count is None else format(count, ','):>10}")
    if report.healthy:
        print("Integrity: ok")
        return 0
    print("Integrity: DAMAGED", file=sys.stderr)
    for problem in report.problems[:20]:
        print(f"  {problem}", file=sys.stderr)
    return 1
