"""A stale or foreign -wal beside a portfolio: read-only commands leave every byte as they
found it, a WAL that does not belong is never replayed (a writer keeps it aside and says so),
the crash leftover of the file itself is not lost, and a clean close leaves no WAL.

File-only: SQLite's -wal companions."""

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest

from planner.services import partners, portfolio_io
from planner.services.portfolio import check_portfolio, open_portfolio
from tests.conftest import REPO


class wal_files:  # noqa: N801 - the names beside a portfolio, as SQLite gives them
    @staticmethod
    def wal_path(path):
        return path.with_name(path.name + "-wal")

    @staticmethod
    def shm_path(path):
        return path.with_name(path.name + "-shm")

KILLED_WRITER = """
import sys, time
from planner.domain.model import Partner
from planner.services import partners
from planner.services.portfolio import open_portfolio
p = open_portfolio(sys.argv[1])
for name in sys.argv[2:]:
    partners.add_partner(p.uow(), Partner(name=name))
print("saved", flush=True)
time.sleep(120)
"""


def killed_after_its_line(script: str, *args: str) -> str:
    """Run `script` in a child, read the first line it prints, then kill -9 it."""
    child = subprocess.Popen([sys.executable, "-c", script, *args],
                             stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        return child.stdout.readline().strip()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)


def killed_writer(path, *names):
    """A writer that reports its edits saved and is then killed: its WAL stays behind."""
    assert killed_after_its_line(KILLED_WRITER, str(path), *names) == "saved"
    assert wal_files.wal_path(path).stat().st_size > 0


def snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def names_in(path):
    with open_portfolio(path, read_only=True) as portfolio:
        return set(partners.partner_names(portfolio.uow()))


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "files"
    f.mkdir()
    return f


@pytest.fixture
def other(sample_path, folder):
    """A second, different portfolio: the sample with more partners."""
    b = folder / "b.sqlite"
    shutil.copy(sample_path, b)
    with open_portfolio(b) as portfolio:
        for i in range(30):
            partners.add_partner(portfolio.uow(), partners.Partner(name=f"B partner {i}"))
    return b


def read_only_commands(path, tmp_path):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    sheet = out / "partners.csv"
    sheet.write_text("Name,Stage\nSpreadsheet partner,courtship\n")
    return [("check", path), ("export", path, "-o", out / "a.json"),
            ("export", path, "--csv", out / "csv"), ("calendar", path, "-o", out / "a.ics"),
            ("brief", path, "--portfolio", "-o", out / "a.pdf"), ("backups", path),
            ("backup", path), ("import", path, sheet, "--dry-run")]


def test_a_killed_writers_wal_beside_a_copied_over_file_is_never_replayed(
        sample_path, folder, other, tmp_path, run_cli):
    a = folder / "a.sqlite"
    shutil.copy(sample_path, a)
    killed_writer(a, "Lost in A's WAL")
    shutil.copy(other, a)  # the user copies another portfolio over the file
    wal_bytes = wal_files.wal_path(a).read_bytes()
    before = snapshot(folder)
    for args in read_only_commands(a, tmp_path)[:5]:
        result = run_cli(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "a.sqlite-wal beside a.sqlite does not belong to it" in result.stderr, args
        assert result.stderr.count("\n") == 1, result.stderr
        assert snapshot(folder) == before, args
    report = check_portfolio(a)
    assert report.healthy and report.counts["partners"] == 38
    # A writer keeps it aside, says so in one line, and the file is B's, untouched.
    doc = tmp_path / "one.json"
    doc.write_text('{"format": "partner-planner", "version": 1, '
                   '"partners": [{"name": "New", "stage": "courtship"}]}')
    result = run_cli("import", a, doc)
    assert result.returncode == 0, result.stderr
    assert "did not belong to it" in result.stderr and "kept aside as" in result.stderr
    kept = [p for p in folder.iterdir() if ".kept-aside-" in p.name and "-wal" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == wal_bytes
    assert names_in(a) == names_in(other) | {"New"}
    assert check_portfolio(a).healthy
    assert not wal_files.wal_path(a).exists()


def test_a_wal_of_another_database_changes_nothing(sample_path, folder, tmp_path, run_cli):
    a = folder / "a.sqlite"
    shutil.copy(sample_path, a)
    evil = folder / "evil.sqlite"
    db = sqlite3.connect(evil, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("CREATE TABLE evil (x)")
    db.execute("INSERT INTO evil VALUES (1)")
    shutil.copy(folder / "evil.sqlite-wal", wal_files.wal_path(a))
    db.close()
    evil.unlink()
    before = snapshot(folder)
    for args in read_only_commands(a, tmp_path):
        result = run_cli(*args)
        assert snapshot(folder) == before, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert names_in(a) == names_in(sample_path)
    with open_portfolio(a) as portfolio:  # for writing: kept aside, never replayed
        assert len(partners.partner_names(portfolio.uow())) == 8
    assert check_portfolio(a).healthy


def test_a_backup_copied_over_the_file_is_not_merged_with_the_old_wal(
        sample_path, folder, tmp_path, run_cli):
    from planner.services import backups

    a = folder / "a.sqlite"
    shutil.copy(sample_path, a)
    backup = backups.take_backup(a).path  # a single-file (rollback journal) copy
    killed_writer(a, "After the backup")
    shutil.copy(backup, a)
    result = run_cli("check", a)
    assert result.returncode == 0, result.stderr
    assert "not in WAL mode" in result.stderr
    with open_portfolio(a) as portfolio:
        assert "After the backup" not in partners.partner_names(portfolio.uow())
    assert check_portfolio(a).healthy


def test_the_crash_leftover_of_the_file_itself_is_read_and_kept(sample_path, folder, tmp_path,
                                                                 run_cli):
    a = folder / "a.sqlite"
    shutil.copy(sample_path, a)
    killed_writer(a, "Saved before the kill", "Also saved")
    before = snapshot(folder)
    for args in read_only_commands(a, tmp_path)[:6]:
        result = run_cli(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "note" not in result.stderr, result.stderr
        assert snapshot(folder) == before, args
    report = check_portfolio(a)
    assert report.healthy and report.counts["partners"] == 10
    assert {"Saved before the kill", "Also saved"} <= names_in(a)
    exported = tmp_path / "x.json"
    assert run_cli("export", a, "-o", exported).returncode == 0
    assert "Also saved" in exported.read_text()
    with open_portfolio(a) as portfolio:  # the writer replays it as SQLite always did
        assert {"Saved before the kill", "Also saved"} <= set(
            partners.partner_names(portfolio.uow()))
    assert not [p for p in folder.iterdir() if "kept-aside" in p.name]
    assert not wal_files.wal_path(a).exists()


def test_a_wal_beside_an_empty_file_is_kept_not_deleted(folder, sample_path, run_cli, tmp_path):
    a = folder / "a.sqlite"
    shutil.copy(sample_path, a)
    killed_writer(a, "Only in the WAL")
    wal = wal_files.wal_path(a).read_bytes()
    a.write_bytes(b"")  # SQLite deletes a WAL beside an empty file when it opens it
    before = snapshot(folder)
    assert run_cli("check", a).returncode == 1
    assert snapshot(folder) == before
    with open_portfolio(a):
        pass
    kept = [p for p in folder.iterdir() if ".kept-aside-" in p.name and "-wal" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == wal


def test_a_clean_close_leaves_no_wal_even_with_a_reader_open(sample_path):
    with open_portfolio(sample_path) as writer:
        partners.add_partner(writer.uow(), partners.Partner(name="Written"))
        with open_portfolio(sample_path, read_only=True) as reader:
            assert "Written" in partners.partner_names(reader.uow())
    assert not wal_files.wal_path(sample_path).exists()
    assert not wal_files.shm_path(sample_path).exists()
    assert "Written" in names_in(sample_path)


def test_read_only_openings_leave_every_byte_of_a_closed_portfolio(sample_path, run_cli,
                                                                   tmp_path):
    folder = sample_path.parent
    before = snapshot(folder)
    for args in read_only_commands(sample_path, tmp_path)[:6]:
        assert run_cli(*args).returncode == 0, args
    with open_portfolio(sample_path, read_only=True) as portfolio:
        portfolio_io.export_document(portfolio.uow())
    assert snapshot(folder) == before
