"""The command line imports a command's modules only when that command is asked for: the
table of commands it decides by is the one the modules register, and opening the window
(`planner PATH`) starts reading the portfolio before the other commands' modules, or Qt,
are loaded."""

import subprocess
import sys

from planner import cli
from tests.conftest import REPO


def test_the_table_of_commands_is_what_each_module_registers():
    import argparse
    import importlib

    for name, commands in cli.COMMANDS.items():
        parser = argparse.ArgumentParser()
        importlib.import_module(f"planner.cli.{name}").register(parser.add_subparsers())
        assert cli.command_names(parser) == set(commands), name
    assert cli.command_names(cli.build_parser()) == cli.COMMAND_NAMES


def test_each_command_still_runs_its_own_handler(tmp_path):
    """A name in the table reaches its command (not the window): `planner init` makes a
    portfolio, `planner check` of a missing one refuses it in one line."""
    path = tmp_path / "new.sqlite"
    assert cli.main(["init", str(path)]) == 0 and path.exists()
    assert cli.main(["check", str(tmp_path / "missing.sqlite")]) == cli.EXIT_ERROR


def test_opening_the_window_starts_reading_before_the_rest_loads(tmp_path):
    """When `planner PATH` starts reading the portfolio on its own thread, neither Qt nor
    the modules of the other commands (briefs, spreadsheets, backups, team roles) have
    been imported: they load beside the reading, not before it."""
    path = tmp_path / "p.sqlite"
    assert cli.main(["init", str(path)]) == 0
    code = f"""
import sys
import planner.services.opening as opening
seen = []
def start_opening(*args, **kwargs):
    seen.append(sorted(m for m in sys.modules
                       if m.startswith(("PySide6", "planner.cli.", "planner.ui"))))
    raise SystemExit(0)
opening.start_opening = start_opening
from planner.cli import main
try:
    main([{str(path)!r}])
finally:
    print(seen)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[['planner.cli._startup', 'planner.cli.app_command', " \
                                    "'planner.cli.arguments']]"
