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


def test_every_benchmark_is_found():
    assert {p.name for p in BENCHMARKS} >= {"bench_app.py", "bench_brief.py",
                                            "bench_portfolio.py"}


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.stem)
def test_quick_mode_runs(script, tmp_path, request):
    env = dict(os.environ, PLANNER_BENCH_CACHE=str(tmp_path / "cache"),
               QT_QPA_PLATFORM="offscreen")
    arguments = []
    if script.stem == "bench_team_load":  # against the tests' own PostgreSQL server
        admin = request.getfixturevalue("postgres_server").admin
        arguments.append(admin.url)
        if admin.password is not None:
            env["PGPASSWORD"] = admin.password
    result = subprocess.run([sys.executable, str(script), "--quick", *arguments],
                            capture_output=True,
                            text=True, timeout=240, cwd=REPO, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert result.stdout.strip(), "the benchmark printed nothing"
    assert "Traceback" not in result.stderr
