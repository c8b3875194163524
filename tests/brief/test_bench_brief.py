"""The brief benchmark runs (its --quick mode); the timings themselves are read by people."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_brief_benchmark_runs_quickly_and_reports_pages():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_brief.py"),
                             "--quick"], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "Portfolio brief: 200 partners" in result.stdout
    assert result.stdout.count("page(s)") == 2 and "CPU" in result.stdout
