"""Which tests judge the mutants of each package (`bash packaging/dev.sh mutants PACKAGE`).

mutmut runs the tests of `[tool.mutmut] pytest_add_cli_args_test_selection` (the union of the
lists below); dev.sh names the package in PLANNER_MUTANTS and this plugin deselects the rest,
so each package is judged by its own fast, in-process tests:

- the domain by the rule tests (plain Python, milliseconds each);
- the services by the service tests on SQLite (the PostgreSQL half of each is the same code
  above a different engine) and the exchange tests;
- the storage by the storage tests and the safety tests that open, check, lock and back up
  real files in-process.

With PLANNER_TEST_SERVER set (a running PostgreSQL server, shared by every mutant's test run,
so no cluster is started per mutant) the services and the storage are judged by the team tests
too: the team half of the service and storage tests and tests/team/ (roles, copying, change
notices, the server's opening), the only judges of server.py, server_roles.py and the team
paths of the services. Without it they are left out, so a run needs no server.

Left out everywhere: the UI (Qt does not survive mutmut's fork), tests that run the command
line in subprocesses (mutmut cannot see what a subprocess calls), the kill -9 test and the
property tests (minutes each; their rules have example tests of their own).
"""

from __future__ import annotations

import os
import sys

import pytest

# Paths; a folder ends with "/".
SELECTIONS: dict[str, tuple[str, ...]] = {
    "domain": (
        "tests/domain/",
        "tests/exchange/test_spreadsheet_columns.py",
        "tests/exchange/test_spreadsheet_values.py",
        "tests/exchange/test_spreadsheet_import.py",  # the rows reader's only judge
        "tests/brief/test_brief_content.py",
        "tests/brief/test_brief_occasion.py",
    ),
    "services": (
        "tests/services/",
        "tests/exchange/test_calendar_export.py",
        "tests/exchange/test_contacts.py",
        "tests/exchange/test_csv_export.py",
        "tests/exchange/test_spreadsheet_import.py",
        "tests/safety/test_import_midway.py",
        "tests/safety/test_streamed_import.py",
        # the services that open, back up, restore and write files, and read spreadsheets:
        "tests/safety/test_backups.py",
        "tests/safety/test_check_after_opening.py",
        "tests/safety/test_hostile_spreadsheets.py",
        "tests/safety/test_integrity.py",
        "tests/safety/test_output_targets.py",
        "tests/brief/test_partner_brief.py",
        "tests/brief/test_portfolio_brief.py",
    ),
    "storage": (
        "tests/storage/",
        "tests/services/",
        "tests/safety/test_backups.py",
        "tests/safety/test_check_after_opening.py",
        "tests/safety/test_integrity.py",
        "tests/safety/test_lock_identity.py",
        "tests/safety/test_locking.py",
        "tests/safety/test_output_targets.py",
        "tests/safety/test_stray_wal.py",
        "tests/safety/test_opening_pipeline.py",
        "tests/safety/test_checkpoint_after_note.py",
    ),
}
# With a server (PLANNER_TEST_SERVER), these packages are judged by the team tests too.
TEAM = ("tests/team/",)
TEAM_PACKAGES = ("services", "storage")
SERVER = "PLANNER_TEST_SERVER"
# Without a server, node ids containing one of these are left out: the team (PostgreSQL) half
# of the service and storage tests.
LEFT_OUT = ("[team", "-team]", "-team-")
# Tests asking for one of these fixtures are left out: `run_cli` runs the command line in a
# subprocess, which mutmut can neither attribute nor time.
SUBPROCESS_FIXTURES = {"run_cli"}
# Without a server, tests asking for one of these are left out too: each of mutmut's test runs
# would start a PostgreSQL cluster of its own (seconds per mutant).
SERVER_FIXTURES = {"postgres_server"}

# Tests left out by the start of their node id: each measures a subprocess (whose calls mutmut
# cannot see) and would only be run, for seconds, against the mutants of its fixtures.
SUBPROCESS_TESTS = (
    "tests/safety/test_hostile_spreadsheets.py::test_a_huge_csv_stays_within",
    "tests/safety/test_streamed_import.py::test_a_1_gb_hostile_file_is_refused",
    "tests/storage/test_opening_files.py::test_a_launch_loads_no_library",  # 11 s a run
    # reads the services' source, not what they do (under mutmut, 40 s of parsing mutants)
    "tests/team/test_reader_cannot_write.py::test_every_writing_service_has_a_call",
)

ENV = "PLANNER_MUTANTS"


def selected(nodeid: str, package: str, fixtures=(), prop: bool = False,
             server: bool = False) -> bool:
    """Whether the mutants of `package` are judged by the test `nodeid` (using `fixtures`;
    `prop`: a property test, hundreds of examples, left out; `server`: a PostgreSQL server is
    running for the team tests)."""
    if prop or SUBPROCESS_FIXTURES & set(fixtures) or nodeid.startswith(SUBPROCESS_TESTS):
        return False
    if not server and (any(mark in nodeid for mark in LEFT_OUT)
                       or SERVER_FIXTURES & set(fixtures)):
        return False
    entries = SELECTIONS[package] + (TEAM if server and package in TEAM_PACKAGES else ())
    path = nodeid.split("::", 1)[0]
    return any(path == entry or (entry.endswith("/") and path.startswith(entry))
               for entry in entries)


def pytest_collection_modifyitems(config, items):
    package = os.environ.get(ENV, "")
    if package not in SELECTIONS:
        return
    server = bool(os.environ.get(SERVER))
    keep, drop = [], []
    for item in items:
        prop = getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
        chosen = selected(item.nodeid, package, item.fixturenames, prop, server)
        (keep if chosen else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def clear_planner_caches(prefix: str = "planner.") -> int:
    """Empties the functools caches of the planner's functions in modules named from `prefix`
    (the schema, its quick validator, the migration chain...); returns how many. A cache
    filled before a mutant is switched on hides it: mutmut forks each mutant's run from a
    process whose stats or clean run filled them, and its stats run maps a cached function
    only to the first test that called it. Only the judged package's are emptied: another's
    mutants are not run, and refilling, say, the storage's expected schema before each test
    costs a migration."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith(prefix) or module is None:
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
                cleared += 1
    return cleared


def _judged() -> str:
    package = os.environ.get(ENV, "")
    return f"planner.{package}." if package in SELECTIONS else "planner."


def pytest_configure(config):
    if "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", ""):  # a mutant's own run
        clear_planner_caches(_judged())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":  # each test's calls mapped to it
        clear_planner_caches(_judged())


def pytest_runtest_makereport(item, call):
    """In mutmut's mapping pass, a test's setup counts in its duration too. mutmut counts the
    call alone, so a team test, whose database is made in its setup, looked as fast as a file
    test: it was run as early, and the wall-time limit mutmut derives from the estimate
    ((estimate + 20 s) x 3) stopped survivors reached by many team tests as "timeouts",
    which it counts as killed."""
    if call.when != "setup" or os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return
    try:
        from mutmut.state import state
    except ImportError:  # not under mutmut
        return
    durations = state().duration_by_test
    if item.nodeid in durations:
        durations[item.nodeid] += call.duration
