"""The command line: `planner [PATH]` opens the app; `planner COMMAND ...` does one job.

Each command lives in its own module with a `register(subparsers)` function; the parser sets
`handler` on the namespace. A user's mistake is one line on stderr and a non-zero exit, never
a traceback, and nothing is written.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from planner import __version__
from planner.cli import (  # _startup first: see there
    _startup,
    app_command,
)
from planner.domain.errors import PlannerError
from planner.domain.quoting import one_line, shown

_startup.imports_done()

# The modules whose commands `planner --help` lists, in this order, and the commands each
# registers. A module is imported only when one of its commands (or the help) is asked for:
# `planner PATH` opens the window without the briefs, the spreadsheets and the rest.
COMMANDS = {
    "portfolio_commands": ("init", "sample", "export", "import", "check"),
    "copy_command": ("copy",),
    "brief_command": ("brief",),
    "exchange_commands": ("calendar", "contacts"),
    "backup_commands": ("backup", "backups", "restore"),
    "team_commands": ("grant",),
}
COMMAND_NAMES = frozenset(name for names in COMMANDS.values() for name in names)

NOTICES = "planner.notices"  # the logger storage tells the user things on (database.notices)
EXIT_ERROR = 1
EXIT_USAGE = 2


class UsageError(PlannerError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every argparse tool
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="planner",
        description="Partner Planner: a portfolio of strategic alliances in one file. "
                    "Run without a command to open the desktop app.",
        epilog="Run 'planner COMMAND --help' for the options of one command. "
               "Without a command: planner [PATH] [--read-only] opens the app "
               "(--quit-after-load: quit once it is up and listed, for smoke tests).",
    )
    parser.add_argument("--version", action="version", version=f"Partner Planner {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND",
                                     parser_class=_Parser)
    with _startup.importing():
        for name in COMMANDS:
            importlib.import_module(f"planner.cli.{name}").register(commands)
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


class _PrintNotices(logging.Handler):
    """What the user is told once (e.g. a stray WAL kept aside): one line on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"planner: note: {one_line(record.getMessage())}", file=sys.stderr)


def _print_notices() -> None:
    logger = logging.getLogger(NOTICES)
    if not any(isinstance(h, _PrintNotices) for h in logger.handlers):
        logger.addHandler(_PrintNotices())
        logger.propagate = False


def tolerate_any_terminal() -> None:
    """Print what a terminal cannot show as escapes: a name with an accent or in Arabic must
    not crash `planner check` under LANG=C or PYTHONIOENCODING=ascii."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream we can adjust (a test's capture, a closed pipe)


def error_line(error: BaseException) -> str:
    """The one line a failed command prints: printable and bounded whatever the message holds
    (the last guard; messages quote user input through `shown` themselves)."""
    if isinstance(error, OSError) and not isinstance(error, PlannerError):
        what = f"{shown(error.filename)}: " if error.filename is not None else ""
        reason = error.strerror or type(error).__name__
        return f"planner: error: {one_line(f'Cannot use {what}{reason}.')}"
    return f"planner: error: {one_line(str(error))}"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _print_notices()
    tolerate_any_terminal()
    try:
        if argv and argv[0] in COMMAND_NAMES or any(
                a in ("-h", "--help", "--version") for a in argv[:1]):
            args = build_parser().parse_args(argv)
            return args.handler(args) or 0
        return app_command.run(app_command.parse(argv))
    except PlannerError as error:
        print(error_line(error), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("planner: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `planner check PATH | head`: the reader left; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:
        # A file the commands did not expect to fail on (a name too long for the file
        # system, a device that went away): one line, not a traceback.
        print(error_line(error), file=sys.stderr)
        return EXIT_ERROR


def portfolio_path(text: str) -> Path:
    return Path(text).expanduser()
