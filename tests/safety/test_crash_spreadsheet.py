"""Crash-proof, for spreadsheets: the largest import a file may hold, and a huge file that is
refused, killed with SIGKILL at random moments, lose nothing and leave nothing half done.

Kept beside test_crash.py (which kills an editing writer) so the two harnesses stay apart.

File-only, like test_crash.py: SQLite's own writer is killed.
"""

import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.services import partners
from planner.services.portfolio import check_portfolio, open_portfolio

REPO = Path(__file__).resolve().parents[2]
ROWS = 2_000
ROUNDS = 6


def _big_csv(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Partner", "Stage", "Owner", "Notes"])
        for n in range(rows):
            writer.writerow([f"Imported {n}", "bridges", f"Owner {n % 50}", "note " * 200])
    return path


def _snapshot(path: Path) -> dict:
    with open_portfolio(path, read_only=True) as portfolio:
        return {p.name: p for p in partners.list_partners(portfolio.uow())}


def _killed_import(portfolio: Path, sheet: Path, delay: float) -> int | None:
    """Run `planner import` and SIGKILL it after `delay` seconds; its exit code if it ended."""
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "import", str(portfolio), str(sheet)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        process.wait(delay)
        return process.returncode
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return None


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_huge_spreadsheet_import_killed_at_random_moments_loses_nothing(sample_path,
                                                                          tmp_path):
    sheet = _big_csv(tmp_path / "big.csv", ROWS)
    before = _snapshot(sample_path)
    imported = {f"Imported {n}" for n in range(ROWS)}
    rng = random.Random(20261126)
    # One run to the end first: how long the whole import takes on this machine.
    target = tmp_path / "timed.sqlite"
    shutil.copyfile(sample_path, target)
    started = time.monotonic()
    assert _killed_import(target, sheet, 600) == 0
    duration = time.monotonic() - started
    outcomes = []
    for round_no in range(ROUNDS):
        target = tmp_path / f"round{round_no}.sqlite"
        shutil.copyfile(sample_path, target)
        code = _killed_import(target, sheet, rng.uniform(0.2, duration * 1.1))
        outcomes.append(code)
        assert check_portfolio(target).healthy, f"round {round_no}"
        after = _snapshot(target)  # also takes over the lock the killed import left
        assert {n: after[n] for n in before} == before, f"round {round_no}: a partner changed"
        added = set(after) - set(before)
        assert added in (set(), imported), (
            f"round {round_no}: {len(added)} of {ROWS} partners were imported (all or none)")
    assert outcomes.count(None) >= ROUNDS // 2, f"too few kills landed: {outcomes}"


def test_a_refused_huge_spreadsheet_killed_while_read_changes_no_byte(sample_path, tmp_path):
    sheet = tmp_path / "million.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as f:
        f.write("Partner,Stage\r\n")
        for start in range(0, 1_000_000, 10_000):
            f.write("".join(f"P{n},exit\r\n" for n in range(start, start + 10_000)))
    original = sample_path.read_bytes()
    for delay in (0.3, 0.8, 1.5, 30):
        code = _killed_import(sample_path, sheet, delay)
        assert code in (None, 1)
        assert sample_path.read_bytes() == original
        assert not Path(f"{sample_path}-wal").exists() or code is None
    assert check_portfolio(sample_path).healthy
