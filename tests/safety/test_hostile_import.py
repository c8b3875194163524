"""Hostile import files: each gets one clear message and a non-zero exit, in bounded time and
memory, and nothing is written to the portfolio."""

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain.errors import PlannerError
from planner.services import backups, portfolio_io
from planner.services.portfolio import check_portfolio
from tests.safety.hostile_documents import CASES, MB, VALID

REPO = Path(__file__).resolve().parents[2]


def state(path):
    """Everything a failed import could have touched: the file, its WAL, and the counts."""
    wal = Path(f"{path}-wal")
    return (hashlib.sha256(path.read_bytes()).hexdigest(),
            wal.exists() and wal.stat().st_size, check_portfolio(path).counts)


@pytest.fixture(scope="module")
def portfolio_template(tmp_path_factory):
    import datetime as dt

    from planner.services.portfolio import open_portfolio

    path = tmp_path_factory.mktemp("template") / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(
            dt.date(2026, 6, 1)))
    return path.read_bytes()


@pytest.fixture
def target(tmp_path, portfolio_template):
    path = tmp_path / "portfolio.sqlite"
    path.write_bytes(portfolio_template)
    os.chmod(path, 0o600)
    return path


@pytest.mark.parametrize("name,data,expected", CASES, ids=[c[0] for c in CASES])
def test_a_hostile_import_file_is_refused_with_one_clear_line(name, data, expected, target,
                                                              tmp_path, capsys):
    hostile = tmp_path / "hostile.json"
    hostile.write_bytes(data)
    before = state(target)
    started = time.monotonic()
    code = main(["import", str(target), str(hostile)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1, f"{name}: exit {code}, stdout {out[:200]!r}"
    assert err.startswith("planner: error: ") and err.count("\n") == 1, err[:300]
    assert expected in err, err[:300]
    assert len(err) < 500, f"{name}: the message is {len(err)} characters long"
    assert "Traceback" not in err and out == ""
    assert elapsed < 15, f"{name} took {elapsed:.1f}s"
    assert state(target) == before


def test_the_valid_control_document_imports(target, tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_bytes(VALID)
    assert main(["import", str(target), str(good)]) == 0
    assert "Imported 1 partners" in capsys.readouterr().out


@pytest.mark.parametrize("make", ["folder", "missing", "fifo", "dev-zero"])
def test_what_is_not_a_regular_file_is_refused(make, target, tmp_path, capsys):
    path = {"folder": tmp_path, "missing": tmp_path / "missing.json",
            "fifo": tmp_path / "fifo.json", "dev-zero": Path("/dev/zero")}[make]
    if make == "fifo":
        os.mkfifo(path)
    before = state(target)
    assert main(["import", str(target), str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "planner: error:" in err
    assert state(target) == before


def test_control_characters_other_than_nul_are_kept_exactly(target, tmp_path):
    text = "bell\x07 esc\x1b[2J del\x7f c1\x85 bidi\u202e zero-width\u200b tab\t line\nend"
    data = json.dumps({"format": "partner-planner", "version": 1, "partners": [
        {"name": "Ctrl", "stage": "exit", "notes": text}]}).encode()
    (tmp_path / "ctrl.json").write_bytes(data)
    from planner.services.portfolio import open_portfolio

    with open_portfolio(target) as portfolio:
        portfolio_io.import_json(portfolio.uow(), tmp_path / "ctrl.json")
        document = portfolio_io.export_document(portfolio.uow())
    [ctrl] = [p for p in document["partners"] if p["name"] == "Ctrl"]
    assert ctrl["notes"] == text


def big_file(path: Path, size: int) -> None:
    """A file of `size` bytes that starts like an export (so only its size gives it away)."""
    head = b'{"format": "partner-planner", "version": 1, "partners": [{"name": "A", ' \
           b'"stage": "exit", "notes": "'
    with open(path, "wb") as f:
        f.write(head)
        chunk = b"x" * MB
        remaining = size - len(head) - 4
        while remaining > 0:
            f.write(chunk[:remaining])
            remaining -= len(chunk)
        f.write(b'"}]}')


def peak_memory_of_import(target: Path, document: Path) -> tuple[int, int, str]:
    """Run the import in a fresh interpreter; its own peak RSS (KB), exit code and stderr."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child forked from a
    # big pytest worker would report the worker's size, not its own.
    script = ("import sys\n"
              "from planner.cli import main\n"
              "code = main(['import', sys.argv[1], sys.argv[2]])\n"
              "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
              "print(int(hwm.split()[1]), code)\n")
    run = subprocess.run([sys.executable, "-c", script, str(target), str(document)],
                         capture_output=True, text=True, timeout=120, cwd=REPO,
                         env=dict(os.environ, PYTHONPATH=str(REPO)))
    peak, code = run.stdout.split()
    return int(peak), int(code), run.stderr


def test_a_100_mb_file_is_refused_before_it_is_read(target, tmp_path):
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    big = tmp_path / "big.json"
    big_file(big, 100 * MB)
    assert big.stat().st_size == 100 * MB
    before = state(target)
    baseline, _, _ = peak_memory_of_import(target, small)
    started = time.monotonic()
    peak, code, err = peak_memory_of_import(target, big)
    elapsed = time.monotonic() - started
    print(f"peak memory: baseline {baseline // 1024} MB, 100 MB file {peak // 1024} MB, "
          f"{elapsed:.1f}s")
    assert code == 1 and "the file is 100 MB" in err and err.count("\n") == 1
    # Streamed: at most one partner's span (MAX_PARTNER_BYTES, 4 MB) is held, with the
    # parser's copies of it; never the 100 MB file (measured: about 26 MB over the baseline).
    assert peak - baseline < 40 * 1024
    assert elapsed < 30
    assert state(target) == before


def test_a_file_just_under_the_limit_is_parsed_in_bounded_memory(target, tmp_path):
    near = tmp_path / "near.json"
    big_file(near, portfolio_io.MAX_IMPORT_BYTES - 1024)
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    baseline, _, _ = peak_memory_of_import(target, small)
    peak, code, err = peak_memory_of_import(target, near)
    print(f"peak memory: 16 MB file {peak // 1024} MB (baseline {baseline // 1024} MB)")
    assert code == 1 and "$.partners[0].notes" in err
    assert peak - baseline < 200 * 1024


def test_nothing_is_backed_up_or_written_when_the_import_file_is_bad(target, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{")
    assert main(["import", str(target), str(bad), "--replace"]) == 1
    assert backups.list_backups(target) == []


def test_the_importer_raises_only_planner_errors_for_every_case():
    for name, data, expected in CASES:
        with pytest.raises(PlannerError) as error:
            portfolio_io.document_records(portfolio_io.parse_document(data))
        message = str(error.value)
        assert expected in message and "\n" not in message, f"{name}: {message[:300]}"
