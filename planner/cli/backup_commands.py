"""backup, backups, restore: copies of a portfolio, and putting one back."""

from __future__ import annotations

import argparse

from planner.cli.arguments import file_only, file_path, portfolio_location
from planner.domain.quoting import shown
from planner.services import backups


def register(commands) -> None:
    p = commands.add_parser("backup", help="back up a portfolio now",
                            description="Make a consistent copy of the portfolio (safe while "
                                        "the app has it open), in its backups folder or at OUT.")
    p.add_argument("path", type=portfolio_location, metavar="PATH")
    p.add_argument("-o", "--output", type=file_path, metavar="OUT",
                   help="write the copy here instead (an existing file is never overwritten)")
    p.set_defaults(handler=backup)

    p = commands.add_parser("backups", help="list a portfolio's backups",
                            description="List the backups of the portfolio, newest first, "
                                        "with their dates and what they hold.")
    p.add_argument("path", type=portfolio_location, metavar="PATH")
    p.set_defaults(handler=list_)

    p = commands.add_parser("restore", help="restore a portfolio from a backup",
                            description="Put a backup in place of the portfolio. The current "
                                        "file is backed up first (or, when damaged, kept "
                                        "aside), so a restore can itself be undone.")
    p.add_argument("path", type=portfolio_location, metavar="PATH")
    p.add_argument("backup", metavar="BACKUP",
                   help="a backup file, its name as 'planner backups' lists it, or 'latest'")
    p.set_defaults(handler=restore)


# A team portfolio's backups are the server's (pg_dump, its provider's snapshots): this app
# keeps copies of files only, and says so in one sentence naming what to do instead.
TEAM_BACKUP = ("{name} is a team portfolio; its backups are the database server's own (ask "
               "whoever runs it), or take a copy as a file with: planner copy {url} FILE")
TEAM_BACKUPS = ("{name} is a team portfolio; this app keeps no backups of it: they are the "
                "database server's own (ask whoever runs it).")
TEAM_RESTORE = ("{name} is a team portfolio; restore it with the database server's own "
                "backups (ask whoever runs it), or copy a file into an empty database with: "
                "planner copy FILE URL")


def backup(args: argparse.Namespace) -> int:
    args.path = file_only(args.path, TEAM_BACKUP)
    taken = backups.take_backup(args.path, output=args.output)
    print(f"Backed up {taken.partners} partners to {shown(taken.path)}.")
    return 0


def list_(args: argparse.Namespace) -> int:
    args.path = file_only(args.path, TEAM_BACKUPS)
    found = backups.list_backups(args.path)
    if not found:
        print(f"No backups of {shown(args.path)} yet (they are kept in "
              f"{shown(backups.backups_folder(args.path))}).")
        return 0
    print(f"Backups of {shown(args.path)}, newest first, in "
          f"{shown(backups.backups_folder(args.path))}:")
    for b in found:
        print(f"  {b.describe()}")
        print(f"      {shown(b.path.name)}")
    return 0


def restore(args: argparse.Namespace) -> int:
    args.path = file_only(args.path, TEAM_RESTORE)
    chosen = backups.find_backup(args.path, args.backup)
    before = backups.restore_backup(args.path, chosen)
    kept = f" The file it replaced is backed up as {shown(before.path.name)}." if before else ""
    print(f"Restored {shown(args.path)} from the backup of "
          f"{chosen.taken_at.astimezone():%Y-%m-%d %H:%M} ({chosen.partners} partners).{kept}")
    return 0
