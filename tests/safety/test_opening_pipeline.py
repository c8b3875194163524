"""Opening is one pipeline (services/opening.py): refuse what is not ours, lock, check, back
up, migrate, in that order. These tests hold the order where it matters to the user: nothing
is written before a refusal, nothing damaged is migrated, and a migration's backup is taken
before the file changes, holding the old revision."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.domain.errors import NewerSchema, PortfolioDamaged
from planner.services import backups
from planner.services.portfolio import open_portfolio
from tests.safety.conftest import damage

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "portfolio-revision-0001.sqlite"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(path):
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def neighbours(path):
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    return path


def test_a_newer_file_is_refused_before_the_lock_and_the_backup(sample_path):
    with sqlite3.connect(sample_path) as db:
        db.execute("UPDATE alembic_version SET version_num = 'f00d9999'")
    db.close()
    before, names = digest(sample_path), neighbours(sample_path)
    with pytest.raises(NewerSchema, match="newer version of Partner Planner"):
        open_portfolio(sample_path)
    assert digest(sample_path) == before
    assert neighbours(sample_path) == names  # no lock file, no -wal, nothing set aside
    assert backups.list_backups(sample_path) == []  # nothing of a stranger's kept as ours


def test_a_migration_is_backed_up_first_and_the_backup_holds_the_old_revision(old_file):
    heard = []

    def before_migration(revision):
        # The backup is there already, of the file as it was, when the user is told.
        found = {b.reason: b for b in backups.list_backups(old_file)}
        heard.append((revision, revision_of(found["migration"].path)))

    with open_portfolio(old_file, before_migration=before_migration):
        pass
    assert heard == [("0001", "0001")]
    assert revision_of(old_file) != "0001"
    # On opening, the hourly backup first, then the one before the upgrade.
    assert sorted(b.reason for b in backups.list_backups(old_file)) == ["migration", "open"]


def test_a_damaged_file_due_a_migration_is_put_aside_not_migrated(old_file):
    damage(old_file, page=2, pages=2)
    damaged = digest(old_file)
    with pytest.raises(PortfolioDamaged, match="is damaged"):
        open_portfolio(old_file, check_later=True)  # a due migration never waits for a check
    [aside] = old_file.parent.glob("old.damaged-*.sqlite")
    assert digest(aside) == damaged
    assert not old_file.exists()
    assert not list(old_file.parent.glob("*.lock"))


def test_a_read_only_opening_of_an_old_file_neither_migrates_nor_backs_up(old_file):
    before, names = digest(old_file), neighbours(old_file)
    with open_portfolio(old_file, read_only=True) as portfolio:
        assert portfolio.read_only
    assert digest(old_file) == before
    assert backups.list_backups(old_file) == []
    assert neighbours(old_file) == names
