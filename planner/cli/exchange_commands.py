"""Spreadsheets, calendars and contacts: the formats other tools already read.

`calendar` and `contacts` are registered here. Spreadsheet import and CSV export share the
`import` and `export` commands of portfolio_commands, which hand over to the functions below
when the file is a spreadsheet or `--csv` is given.
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.arguments import file_path, portfolio_location, where
from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.domain.spreadsheet_columns import header_key
from planner.domain.spreadsheet_rows import RowReport
from planner.services import calendar_export, contacts, csv_export, spreadsheet_import
from planner.services.portfolio import ServerLocation, open_for_import, open_portfolio


def register(commands) -> None:
    p = commands.add_parser(
        "calendar", help="write reviews and open actions as an iCalendar (.ics) file",
        description="Write every partner's next review as an all-day event and every open "
                    "action with a due date as a to-do, for Outlook, Google Calendar, Apple "
                    "Calendar or Thunderbird. UIDs are stable: importing the file again "
                    "updates the entries instead of duplicating them.")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL")
    p.add_argument("-o", "--output", type=file_path, metavar="FILE.ics", required=True)
    p.add_argument("--actions-as-events", action="store_true",
                   help="write actions as all-day events instead of to-dos (Google Calendar "
                        "and Outlook ignore to-dos)")
    p.set_defaults(handler=calendar)

    p = commands.add_parser(
        "contacts", help="write a partner's stakeholders as vCards (.vcf)",
        description="Write the stakeholders of one partner as vCard 3.0 contacts, which "
                    "Outlook, Google Contacts, Apple Contacts and Thunderbird read.")
    p.add_argument("path", type=portfolio_location, metavar="PATH|URL")
    p.add_argument("--partner", required=True, metavar="NAME", help="the partner's name")
    p.add_argument("--side", choices=("ours", "theirs", "both"), default="both",
                   help="whose people to write (default: both sides)")
    p.add_argument("-o", "--output", type=file_path, metavar="FILE.vcf", required=True)
    p.set_defaults(handler=contacts_)


# import PATH FILE.csv|.xlsx ----------------------------------------------------------------

def add_spreadsheet_import_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("spreadsheets (.csv, .tsv, .txt, .xlsx)")
    group.add_argument("--map", action="append", default=[], metavar='"Column Header=field"',
                       help="import a column as a field (name, organisation, stage, kind, "
                            "owner, next_review, review_place, definition, unique_result, "
                            "tags, notes, or 'ignore'); repeat for more columns")
    order = group.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_const", const=True, dest="dayfirst",
                       help="read dates like 03/04/2026 as 3 April")
    order.add_argument("--monthfirst", action="store_const", const=False, dest="dayfirst",
                       help="read dates like 03/04/2026 as 4 March")
    group.add_argument("--dry-run", action="store_true",
                       help="show what would be imported, row by row, and write nothing")


def is_spreadsheet(args: argparse.Namespace) -> bool:
    return args.file.suffix.casefold() in (spreadsheet_import.SPREADSHEET_SUFFIXES
                                           + (".xls", ".ods", ".numbers"))


def refuse_spreadsheet_options(args: argparse.Namespace) -> None:
    """A JSON import has nothing to map or settle: say so rather than ignore the option."""
    for given, option in ((args.map, "--map"), (args.dayfirst is not None, "--dayfirst"),
                          (args.dry_run, "--dry-run")):
        if given:
            raise PlannerError(f"{option} works only when importing a spreadsheet "
                               "(.csv, .tsv, .txt or .xlsx).")


def parse_overrides(items: list[str]) -> dict[str, str]:
    """--map options as "Header" -> field; one header given two fields is refused."""
    overrides: dict[str, str] = {}
    for item in items:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip():
            raise PlannerError(f"--map '{shown(item)}' needs the form \"Column Header=field\".")
        header, field = header.strip(), field.strip()
        same = next((h for h in overrides if header_key(h) == header_key(header)), None)
        if same is not None and header_key(overrides[same]) != header_key(field):
            raise PlannerError(
                f"--map gives the column '{shown(header, limit=40)}' two fields "
                f"('{shown(overrides[same], limit=30)}' and '{shown(field, limit=30)}'); "
                "keep one.")
        overrides[same if same is not None else header] = field
    return overrides


def import_spreadsheet(args: argparse.Namespace) -> int:
    if args.replace:
        raise PlannerError("--replace works only for JSON imports; a spreadsheet adds new "
                           "partners (remove or rename the ones already in the portfolio).")
    overrides = parse_overrides(args.map)
    sheet = spreadsheet_import.read_sheet(args.file, overrides=overrides)
    with open_for_import(args.path, dry_run=args.dry_run) as (portfolio, created):
        plan = spreadsheet_import.plan_import(portfolio.uow(), sheet, overrides=overrides,
                                              dayfirst=args.dayfirst)
        if args.dry_run:
            print_plan(plan, args.file.name)
            if not plan.ready:
                raise PlannerError(plan.summary())
            new = " (a new portfolio)" if created else ""
            print(f"Would import {len(plan.partners)} partners into {where(args.path)}{new}; "
                  "nothing was written (dry run).")
            return 0
        if not plan.ready:
            for line in plan.problem_lines():
                print(line, file=sys.stderr)
            if plan.has_ambiguous_dates:
                print(AMBIGUOUS_TIP, file=sys.stderr)
            raise PlannerError(plan.summary())
        result = spreadsheet_import.import_plan(portfolio.uow(), plan)
    if created:
        print(f"Created the portfolio {shown(args.path)}.")
    print(f"Imported {result.added} partners from {shown(args.file.name)} into "
          f"{where(args.path)}, each with the four stage checklists.")
    return 0


AMBIGUOUS_TIP = ("Dates like 03/04/2026 read two ways: add --dayfirst (3 April) or "
                 "--monthfirst (4 March), or write them as YYYY-MM-DD.")


def print_plan(plan: spreadsheet_import.ImportPlan, name: str) -> None:
    sheet = plan.sheet
    print(f"Reading {shown(name)} ({sheet.description}); the header is on row {sheet.header_row}.")
    if sheet.above_header:
        rows = ", ".join(map(str, sheet.above_header))
        print(f"Skipped above the header (titles): row {rows}.")
    print("Columns:")
    width = max((len(sheet.column_label(i)) for i in range(len(sheet.headers))), default=0)
    for i, field in enumerate(plan.mapping[:len(sheet.headers)]):
        print(f"  {sheet.column_label(i):<{width}}  -> {field or 'not imported'}")
    for problem in plan.problems:
        print(f"Problem: {problem}")
    for row in plan.rows:
        print(describe_row(row))
    if plan.has_ambiguous_dates:
        print(AMBIGUOUS_TIP)


def describe_row(row: RowReport) -> str:
    if row.skipped:
        return f"Row {row.number}: empty, skipped."
    if row.problems:
        return "\n".join(f"Row {row.number}: PROBLEM {p}" for p in row.problems)
    p = row.partner
    parts = [p.stage.value, p.kind.value]
    if p.organisation:
        parts.append(shown(p.organisation))
    if p.owner:
        parts.append(f"owner {shown(p.owner)}")
    if p.next_review:
        parts.append(f"next review {p.next_review.isoformat()}")
    if p.tags:
        parts.append("tags " + shown(", ".join(p.tags)))
    return f"Row {row.number}: import '{shown(p.name)}' ({'; '.join(parts)})"


# export PATH --csv DIR ---------------------------------------------------------------------

def export_csv(args: argparse.Namespace) -> int:
    with open_portfolio(args.path, read_only=True) as portfolio:
        written = csv_export.export_csv(portfolio.uow(), args.csv)
    counts = ", ".join(f"{table} {count}" for table, count in written.items())
    print(f"Wrote {len(written)} CSV files to {shown(args.csv)} (rows: {counts}).")
    return 0


# calendar, contacts -------------------------------------------------------------------------

def calendar(args: argparse.Namespace) -> int:
    with open_portfolio(args.path, read_only=True) as portfolio:
        counts = calendar_export.export_calendar(
            portfolio.uow(), args.output, uid_key=uid_key(args.path),
            actions_as_events=args.actions_as_events)
    kind = "all-day events" if args.actions_as_events else "to-dos"
    print(f"Wrote {counts.reviews} reviews and {counts.actions} open actions (as {kind}) "
          f"to {shown(args.output)}.")
    return 0


def uid_key(location) -> str:
    """What keeps the UIDs of one portfolio's events and contacts apart from another's: the
    file's name, or a team portfolio's database name (whatever address each member reaches
    the server by, so their calendars agree)."""
    return location.database if isinstance(location, ServerLocation) else location.name


def contacts_(args: argparse.Namespace) -> int:
    side = None if args.side == "both" else args.side
    with open_portfolio(args.path, read_only=True) as portfolio:
        count = contacts.export_vcards(portfolio.uow(), args.partner, args.output,
                                       uid_key=uid_key(args.path), side=side)
    print(f"Wrote {count} contacts to {shown(args.output)}.")
    return 0
