"""Test configuration: headless Qt, and a private home for every test's settings and data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

# A real, throwaway PostgreSQL server for team portfolios (tests/team_server.py); the tests
# that judge each package's mutants (tests/mutant_selection.py, idle unless PLANNER_MUTANTS)
# and each one's time limit under a mutant (tests/mutant_deadline.py, idle without a mutant);
# an empty portfolio file at head to copy (tests/portfolio_template.py).
pytest_plugins = ["team_server", "mutant_selection", "mutant_deadline", "portfolio_template",
                  "two_people"]


def pytest_collection_modifyitems(items):
    """Tests marked slow go first: in a parallel run one worker takes them at once while the
    others share the rest, instead of everyone waiting for them at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory, monkeypatch):
    """Keep the default portfolio, settings and backups of a test out of the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home


import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_cli():
    """Run the real entry point (`python -m planner ...`) in a subprocess."""

    def run(*args, input=None, timeout=120, env=None):
        environment = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
        return subprocess.run(
            [sys.executable, "-m", "planner", *map(str, args)],
            capture_output=True, text=True, input=input, timeout=timeout, env=environment,
            cwd=REPO,
        )

    return run
