"""`planner PATH --quit-after-load`: the window opens the portfolio and the app quits (exit 0);
a file that is not a portfolio is refused in one line (exit 1) and left as it was.
Used by packaging/smoke.sh on the installed app and by benchmarks/bench_install.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def planner(*args, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    return subprocess.run([sys.executable, "-m", "planner", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_window_opens_the_portfolio_and_quits(tmp_path):
    portfolio = tmp_path / "acme.sqlite"
    assert planner("sample", portfolio, home=tmp_path).returncode == 0
    result = planner(portfolio, "--quit-after-load", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_portfolio_is_refused_in_one_line(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a portfolio\n", "utf-8")
    result = planner(notes, "--quit-after-load", home=tmp_path)
    assert result.returncode == 1
    # (Qt's offscreen platform may say something of its own first.)
    last = result.stderr.splitlines()[-1]
    assert last.startswith("planner: error: ") and "Traceback" not in result.stderr
    assert "notes.txt is not a Partner Planner portfolio" in last
    assert notes.read_text("utf-8") == "not a portfolio\n"
