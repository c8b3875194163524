"""The command line: `planner [PATH]` opens the app; `planner COMMAND ...` does one job.

Each command lives in its own module with a `register(subparsers)` function; the parser sets
`handler` on the namespace. A user's mistake is one line on stderr and a non-zero exit, never
a traceback, and nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from planner import __version__
from planner.cli import (
    app_command,
    backup_commands,
    brief_command,
    exchange_commands,
    portfolio_commands,
)
from planner.domain.errors import PlannerError

# Modules whose commands `planner --help` lists, in this order.
COMMAND_MODULES = [portfolio_commands, brief_command, exchange_commands, backup_commands]

EXIT_ERROR = 1
EXIT_USAGE = 2


class UsageError(PlannerError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every argparse tool
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


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
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        if argv and argv[0] in command_names(parser) or any(
                a in ("-h", "--help", "--version") for a in argv[:1]):
            args = parser.parse_args(argv)
            return args.handler(args) or 0
        return app_command.run(app_command.parse(argv))
    except PlannerError as error:
        print(f"planner: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("planner: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `planner check PATH | head`: the reader left; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def portfolio_path(text: str) -> Path:
    return Path(text).expanduser()
