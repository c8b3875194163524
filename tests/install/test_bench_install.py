"""benchmarks/bench_install.py --quick runs without a built bundle and reports what it measured."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def test_the_quick_install_benchmark_times_a_start_of_the_venv():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_install.py"),
                             "--quick"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"venv planner +\d+\.\d\d s", out), out
    assert re.search(r"bundle on disk +(absent|\d+\.\d MB)", out), out
    assert re.search(r"\.deb +(absent|\d+\.\d MB)", out), out
    assert "installed app       absent" in out  # --quick never starts the bundle
