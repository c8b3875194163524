"""`check` verifies the schema it reports is really there, and `restore` accepts only a backup
that passes that same full check (issue: restores of broken backups; check of an empty shell).

File-only: a shell file's schema and a backup file restored; check on both engines
is tests/storage/test_check_either_engine.py."""

import hashlib
import shutil
import sqlite3

import pytest

from planner.services import backups
from planner.services.portfolio import check_portfolio
from planner.storage.database import APPLICATION_ID, head_revision


def shell_with_revision(path, revision=None):
    """Right application_id and schema revision, and nothing else."""
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        db.execute("INSERT INTO alembic_version VALUES (?)", (revision or head_revision(),))
    db.close()
    return path


def altered(source, dest, *statements):
    shutil.copy(source, dest)
    db = sqlite3.connect(dest, isolation_level=None)
    db.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        db.execute(statement)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return dest


def test_check_fails_a_file_with_the_right_header_and_revision_but_no_tables(tmp_path, run_cli):
    path = shell_with_revision(tmp_path / "shell.sqlite")
    report = check_portfolio(path)
    assert not report.healthy
    assert "the table partners is missing" in report.problems
    result = run_cli("check", path)
    assert result.returncode == 1
    assert "Integrity: DAMAGED" in result.stderr
    assert "the table partners is missing" in result.stderr


def test_check_fails_a_table_that_lost_a_column(sample_path, tmp_path):
    path = altered(sample_path, tmp_path / "lost.sqlite",
                   "DROP TRIGGER IF EXISTS search_partners_update",
                   "DROP TRIGGER IF EXISTS search_partners_insert",
                   "DROP TRIGGER IF EXISTS search_partners_delete",
                   "DROP TRIGGER IF EXISTS history_partners_insert",
                   "DROP TRIGGER IF EXISTS history_partners_update",
                   "DROP TRIGGER IF EXISTS history_partners_delete",
                   "ALTER TABLE partners DROP COLUMN review_place")
    report = check_portfolio(path)
    assert "the table partners lacks the column review_place" in report.problems


def test_a_healthy_portfolio_still_passes(sample_path):
    assert check_portfolio(sample_path).healthy


BROKEN_BACKUPS = {
    "partners table dropped": ("DROP TABLE partners",),
    "orphaned rows": ("INSERT INTO actions (partner_id, text, owner, side, done, version, "
                      "changed_by, changed_at) SELECT 99999, text, owner, side, done, version, "
                      "changed_by, changed_at FROM actions LIMIT 1",),
    "every table dropped but the revision": None,
}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", list(BROKEN_BACKUPS))
def test_restore_refuses_an_unhealthy_backup_and_changes_nothing(kind, sample_path, tmp_path,
                                                                  run_cli):
    bad = tmp_path / "bad-backup.sqlite"
    if BROKEN_BACKUPS[kind] is None:
        shell_with_revision(bad)
    else:
        altered(sample_path, bad, *BROKEN_BACKUPS[kind])
    assert not check_portfolio(bad).healthy  # what `planner check` says of it
    before = digest(sample_path)
    folder = backups.backups_folder(sample_path)
    listed = sorted(folder.iterdir()) if folder.exists() else []
    result = run_cli("restore", sample_path, bad)
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1, result.stderr
    assert "is not healthy" in result.stderr and "nothing was restored" in result.stderr
    assert digest(sample_path) == before
    assert (sorted(folder.iterdir()) if folder.exists() else []) == listed
    assert check_portfolio(sample_path).healthy


def test_restore_still_takes_a_healthy_backup(sample_path, tmp_path, run_cli):
    good = backups.take_backup(sample_path).path
    result = run_cli("restore", sample_path, good)
    assert result.returncode == 0, result.stderr
