"""grant: who may read and who may edit a team portfolio."""

from __future__ import annotations

import argparse
import getpass
import sys

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services import team_roles


def register(commands) -> None:
    p = commands.add_parser(
        "grant", help="let a database login read or edit a team portfolio",
        description="Manage who may use a team portfolio: --read makes the login ROLE a "
                    "reader (sees everything, changes nothing), --edit an editor (changes "
                    "data, never the schema), --revoke takes both away. Without ROLE, list "
                    "who can read and who can edit. Run as the portfolio's owner or a "
                    "superuser; all or nothing.")
    p.add_argument("url", metavar="URL", help="postgresql://user@server/database")
    p.add_argument("role", metavar="ROLE", nargs="?",
                   help="an existing database login (see --create)")
    level = p.add_mutually_exclusive_group()
    level.add_argument("--read", dest="level", action="store_const", const=team_roles.READ,
                       help="may read the portfolio, not change it")
    level.add_argument("--edit", dest="level", action="store_const", const=team_roles.EDIT,
                       help="may change the portfolio's data")
    level.add_argument("--revoke", dest="level", action="store_const", const="revoke",
                       help="may no longer read or edit it")
    p.add_argument("--create", action="store_true",
                   help="create ROLE as a new login first; asks for its password (read from "
                        "standard input when that is not a terminal)")
    p.set_defaults(handler=grant)


def grant(args: argparse.Namespace) -> int:
    if args.role is None:
        if args.level or args.create:
            raise PlannerError("Name the login to change: planner grant URL ROLE --read, "
                               "--edit or --revoke.")
        return list_access(args)
    if args.level is None:
        raise PlannerError(f"Say what {shown(args.role)} may do: add --read, --edit or "
                           "--revoke.")
    if args.level == "revoke":
        if args.create:
            raise PlannerError("--create makes a new login; it does not go with --revoke.")
        team_roles.revoke_access(args.url, args.role)
        print(f"{shown(args.role)} may no longer read or edit this team portfolio.")
        return 0
    password = new_password(args.role) if args.create else None
    team_roles.grant_access(args.url, args.role, args.level, password=password)
    created = "Created the login and made " if args.create else "Made "
    what = "a reader" if args.level == team_roles.READ else "an editor"
    print(f"{created}{shown(args.role)} {what} of this team portfolio.")
    return 0


def new_password(role: str) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for the new login {shown(role)}: ")
    if getpass.getpass("The same password again: ") != first:
        raise PlannerError("The two passwords differ; nothing was created.")
    return first


def list_access(args: argparse.Namespace) -> int:
    found = team_roles.who_has_access(args.url)
    print(f"Owner: {found.owner}")
    for title, people in (("Can edit:", found.editors), ("Can only read:", found.readers)):
        print(title)
        if not people:
            print("  nobody")
        width = max((len(p.name) for p in people), default=0)
        for person in people:
            print(f"  {shown(person.name):<{width}}  {person.why}")
    return 0
