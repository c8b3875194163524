"""Every benchmark runs in its --quick mode, so none can break unseen.

The figures of a tiny portfolio prove nothing about speed; what is checked is that each
script still runs from start to end against the current code and prints its table.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = sorted((REPO / "benchmarks").glob("bench_*.py"))
# needs a PostgreSQL server: run below with the test server's (never skipped in CI)
ON_A_SERVER = {"bench_engines.py", "bench_team_load.py"}


def test_every_benchmark_is_found():
    assert {p.name for p in BENCHMARKS} >= {"bench_app.py", "bench_brief.py",
                                            "bench_portfolio.py", "bench_engines.py"}


def _quick(script: Path, tmp_path: Path, *arguments: str, **environment: str):
    env = dict(os.environ, PLANNER_BENCH_CACHE=str(tmp_path / "cache"),
               QT_QPA_PLATFORM="offscreen", **environment)
    return subprocess.run([sys.executable, str(script), "--quick", *arguments],
                          capture_output=True, text=True, timeout=240, cwd=REPO, env=env)


@pytest.mark.parametrize("script", [p for p in BENCHMARKS if p.name not in ON_A_SERVER],
                         ids=lambda p: p.stem)
def test_quick_mode_runs(script, tmp_path):
    result = _quick(script, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert result.stdout.strip(), "the benchmark printed nothing"
    assert "Traceback" not in result.stderr


def test_both_engines_side_by_side_in_quick_mode(tmp_path, postgres_server):
    admin = postgres_server.admin
    result = _quick(REPO / "benchmarks" / "bench_engines.py", tmp_path, "--server", admin.url,
                    PGPASSWORD=admin.password or "")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "Traceback" not in result.stderr
    for figure in ("list load", "select biggest", "search 'p'", "export to JSON",
                   "import that export", "copy"):
        assert figure in result.stdout, figure


def test_many_people_on_one_team_portfolio_in_quick_mode(tmp_path, postgres_server):
    admin = postgres_server.admin
    result = _quick(REPO / "benchmarks" / "bench_team_load.py", tmp_path, admin.url,
                    PGPASSWORD=admin.password or "")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert result.stdout.strip(), "the benchmark printed nothing"
    assert "Traceback" not in result.stderr


def test_a_cached_portfolio_of_an_older_schema_is_migrated_not_generated_again(tmp_path,
                                                                             monkeypatch):
    """Generating 8,000 partners takes many minutes; a cached copy at an earlier schema is
    brought to this one by the app's migrations instead, its contents kept."""
    from planner.domain.model import Partner
    from planner.services import partners
    from planner.services.portfolio import open_portfolio
    from planner.storage import database
    from tests.storage.old_revisions import migrate

    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    monkeypatch.setenv("PLANNER_BENCH_CACHE", str(tmp_path))
    import portfolio_data

    older = tmp_path / f"portfolio-3-small-g{portfolio_data.GENERATOR_VERSION}-00000000.sqlite"
    with open_portfolio(older, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Kept from the older copy"))
    previous = sorted(database.known_revisions())[-2]
    migrate(older, previous, down=True)
    assert database.peek_revision(older) == previous

    path = portfolio_data.cached_portfolio(3, small=True)
    assert path != older and database.peek_revision(path) == database.head_revision()
    with open_portfolio(path, read_only=True) as portfolio:
        names = partners.partner_names(portfolio.uow())
    assert list(names) == ["Kept from the older copy"]  # a copy, not three generated
    assert database.peek_revision(older) == previous  # the older copy left as it was
