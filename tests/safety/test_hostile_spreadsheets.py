"""Hostile and huge spreadsheets: each is refused with one line naming the problem, in bounded
time and memory, and the portfolio is left exactly as it was."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.cli import main
from planner.services import spreadsheet_files
from tests.safety.hostile_spreadsheets import CASES, _csv_rows, _streamed_xlsx
from tests.safety.test_hostile_import import state

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    import datetime as dt

    from planner.services import portfolio_io
    from planner.services.portfolio import open_portfolio

    path = tmp_path_factory.mktemp("template") / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(
            dt.date(2026, 6, 1)))
    return path.read_bytes()


@pytest.fixture
def target(tmp_path, template):
    path = tmp_path / "portfolio.sqlite"
    path.write_bytes(template)
    path.chmod(0o600)
    return path


@pytest.fixture(scope="session")
def written(tmp_path_factory):
    """Each hostile file written once per session (the biggest take seconds to build), in the
    session's own temporary folder. Not a module-level cache: mutmut runs pytest sessions
    one after another in one process (its clean run, then each mutant's in a fork), and a
    path cached by an earlier session points into a folder pytest may since have removed
    (it keeps the newest three of every run on the machine), so the test "failed" with
    "There is no file at ...", which mutmut counted as a kill of whatever mutant ran."""
    files: dict[str, Path] = {}

    def write_once(name, write) -> Path:
        if name not in files:
            files[name] = write(tmp_path_factory.mktemp("hostile"))
        return files[name]

    return write_once


@pytest.mark.parametrize("name,write,expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_a_hostile_spreadsheet_is_refused_with_one_line(name, write, expected, dry_run, target,
                                                        written, capsys):
    hostile = written(name, write)
    before = state(target)
    started = time.monotonic()
    code = main(["import", str(target), str(hostile)] + (["--dry-run"] if dry_run else []))
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1, f"{name}: exit {code}, stdout {out[:200]!r}"
    assert err.startswith("planner: error: ") and err.count("\n") == 1, err[:300]
    assert expected in err, err[:300]
    assert len(err) < 400 and err[:-1].isprintable(), err[:400]
    assert out == ""
    assert elapsed < 30, f"{name} took {elapsed:.1f}s"
    assert state(target) == before


def test_openpyxl_reads_workbook_xml_through_defusedxml():
    """The entity cases above rely on it; without defusedxml they depend on expat's limits."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_a_workbook_with_a_huge_declared_dimension_still_reads(tmp_path):
    from tests.safety.hostile_spreadsheets import GOOD_ROWS, sheet_xml, workbook_parts, write_xlsx

    path = write_xlsx(tmp_path / "dim.xlsx", workbook_parts(
        sheet=sheet_xml(GOOD_ROWS, dimension="A1:XFD1048576")))
    sheet = spreadsheet_files.read_sheet(path)
    assert sheet.headers == ("Partner", "Stage")
    assert [r.cells for r in sheet.rows] == [("Acme", "courtship")]


def test_a_list_of_five_thousand_partners_is_within_the_limits(tmp_path):
    csv_path = _csv_rows("five.csv", 5_000)(tmp_path)
    assert len(spreadsheet_files.read_sheet(csv_path).rows) == 5_000
    xlsx_path = _streamed_xlsx("five.xlsx", 5_000)(tmp_path)
    assert len(spreadsheet_files.read_sheet(xlsx_path).rows) == 5_000


# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child forked from a big
# pytest worker would report the worker's size (about 300 MB late in a run), not its own.
PEAK = """
import sys
from planner.cli import main
code = main(["import", sys.argv[1], sys.argv[2], "--dry-run"])
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
print(code, int(hwm.split()[1]) // 1024)
"""


@pytest.mark.parametrize("rows", [100_000, 1_000_000])
def test_a_huge_csv_stays_within_a_few_hundred_megabytes(rows, target, tmp_path):
    huge = _csv_rows("huge.csv", rows)(tmp_path)
    done = subprocess.run([sys.executable, "-c", PEAK, str(target), str(huge)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    code, peak_mb = map(int, done.stdout.split())
    assert code == 1 and "more than 5,000 partner rows" in done.stderr, done.stderr[-300:]
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert peak_mb < 300, f"{rows:,} rows took {peak_mb} MB"
