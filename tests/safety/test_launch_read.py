"""A launch reads the portfolio list with plain sqlite3 before the engine exists; killed at
that moment, it still leaves a crash's WAL provably the file's own: the next opening replays
it, keeps nothing aside, and every edit saved before either kill is there.

File-only: SQLite's -wal companions and the lock's record of them."""

import shutil

from planner.services import partners
from planner.services.portfolio import open_portfolio
from tests.safety.test_stray_wal import killed_after_its_line, killed_writer, wal_files

KILLED_LAUNCH = """
import datetime as dt, sys, time
from pathlib import Path
from planner.services.opening import start_opening
portfolio, summaries = start_opening(Path(sys.argv[1])).result()
today = dt.date.today()
assert portfolio.storage.read_overview(today, today) is not None  # no engine made yet
print(len(summaries), flush=True)
time.sleep(120)
"""


def test_a_launch_killed_after_listing_keeps_the_crash_wal_the_files_own(sample_path, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "a.sqlite"
    shutil.copy(sample_path, path)
    killed_writer(path, "Saved before the kill")
    assert killed_after_its_line(KILLED_LAUNCH, str(path)) == "9"
    assert wal_files.wal_path(path).stat().st_size > 0  # still the first kill's WAL
    with open_portfolio(path) as portfolio:
        assert "Saved before the kill" in partners.partner_names(portfolio.uow())
    assert not [p for p in folder.iterdir() if "kept-aside" in p.name]
    assert not wal_files.wal_path(path).exists()
