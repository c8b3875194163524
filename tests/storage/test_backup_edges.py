"""The edges of storage's backup files, on real files: a damaged file kept aside with its WAL,
never over another file and refused once every name is taken; the checks of a file that is
missing or not a database, in one sentence and without creating anything."""

import datetime as dt
import sqlite3

import pytest

from planner.domain.errors import PlannerError
from planner.storage import backups

NOW = dt.datetime(2026, 6, 1, 9, 30)


@pytest.fixture
def damaged(tmp_path):
    path = tmp_path / "portfolio.sqlite"
    path.write_bytes(b"not a database" * 300)
    return path


def test_a_damaged_file_is_kept_aside_with_its_wal_and_index(damaged):
    damaged.with_name("portfolio.sqlite-wal").write_bytes(b"wal frames")
    damaged.with_name("portfolio.sqlite-shm").write_bytes(b"index")
    aside = backups.move_aside(damaged, NOW)
    assert aside.name == "portfolio.damaged-2026-06-01T0930.sqlite"
    assert aside.read_bytes() == b"not a database" * 300
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"wal frames"
    assert aside.with_name(aside.name + "-shm").read_bytes() == b"index"
    assert sorted(p.name for p in damaged.parent.iterdir()) == sorted(
        [aside.name, aside.name + "-wal", aside.name + "-shm"])


def test_a_name_taken_by_a_file_or_its_wal_is_passed_over(damaged):
    first = damaged.with_name("portfolio.damaged-2026-06-01T0930.sqlite")
    first.write_bytes(b"an earlier one")
    damaged.with_name("portfolio.damaged-2026-06-01T0930-2.sqlite-wal").write_bytes(b"stray")
    aside = backups.move_aside(damaged, NOW)
    assert aside.name == "portfolio.damaged-2026-06-01T0930-3.sqlite"
    assert first.read_bytes() == b"an earlier one"


def test_when_every_name_is_taken_the_file_stays_where_it_is(damaged):
    base = "portfolio.damaged-2026-06-01T0930"
    for n in range(1, 1000):
        damaged.with_name(base + (f"-{n}" if n > 1 else "") + ".sqlite").write_bytes(b"")
    with pytest.raises(PlannerError, match="^Cannot find a free name to keep the damaged "
                                           r"portfolio\.sqlite aside\.$"):
        backups.move_aside(damaged, NOW)
    assert damaged.read_bytes() == b"not a database" * 300
    assert not damaged.with_name(base + "-1000.sqlite").exists()


def test_a_file_that_is_not_a_database_is_one_problem_in_sqlites_words(damaged):
    assert backups.problems(damaged, read_only=True) == ["file is not a database"]
    assert backups.full_problems(damaged) == ["file is not a database"]
    assert backups.table_counts(damaged) == {}


def test_checking_a_missing_file_is_one_sentence_and_creates_nothing(tmp_path):
    missing = tmp_path / "gone.sqlite"
    with pytest.raises(PlannerError, match="^Cannot open gone.sqlite: unable to open database "
                                           "file.$"):
        backups.problems(missing, read_only=True)
    assert backups.revision_known(missing) is False
    assert backups.full_problems(missing) == ["unable to open database file"]
    assert list(tmp_path.iterdir()) == []


def test_a_backup_that_cannot_be_written_says_why_and_leaves_nothing(tmp_path, empty_file_at):
    source = empty_file_at(tmp_path / "portfolio.sqlite")
    before = source.read_bytes()
    with pytest.raises(PlannerError, match="^Could not write the backup b.sqlite: "
                                           "No such file or directory.$"):
        backups.copy_database(source, tmp_path / "no such folder" / "b.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.sqlite"]
    assert source.read_bytes() == before


def test_the_reason_is_the_systems_words_then_the_message_then_the_kind(tmp_path):
    assert backups._reason(FileNotFoundError(2, "No such file or directory.")) == \
        "No such file or directory"
    assert backups._reason(sqlite3.DatabaseError("database disk image is malformed")) == \
        "database disk image is malformed"
    assert backups._reason(sqlite3.OperationalError()) == "OperationalError"


def test_a_backup_of_a_known_revision_that_fails_the_full_check_is_refused(tmp_path,
                                                                          empty_file_at):
    backup = empty_file_at(tmp_path / "portfolio.2026-06-01T093000.000000Z.manual.sqlite")
    with sqlite3.connect(backup) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("DROP TABLE value_exchanges")
    connection.close()
    assert backups.revision_known(backup)
    with pytest.raises(PlannerError, match=r"^The backup portfolio\.2026.*\.sqlite is not healthy "
                                           r"\(the table value_exchanges is missing\), so nothing "
                                           "was restored; choose another one.$"):
        backups.check_backup(backup)


def test_on_a_file_system_without_hard_links_the_damaged_file_is_renamed_aside(damaged,
                                                                               monkeypatch):
    """FAT and some network shares refuse os.link (the only thing not real here: no such
    file system can be mounted in a test); the file is then renamed, with its WAL."""
    damaged.with_name("portfolio.sqlite-wal").write_bytes(b"wal frames")

    def no_hard_links(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(backups.os, "link", no_hard_links)
    aside = backups.move_aside(damaged, NOW)
    assert aside.name == "portfolio.damaged-2026-06-01T0930.sqlite"
    assert aside.read_bytes() == b"not a database" * 300
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"wal frames"
    assert sorted(p.name for p in damaged.parent.iterdir()) == [aside.name, aside.name + "-wal"]


@pytest.mark.parametrize("backup, reason", [
    (None, "unable to open database file"),  # gone since it was chosen
    (b"not a database" * 300, "file is not a database"),
])
def test_a_restore_that_cannot_read_its_backup_names_it_and_why(tmp_path, empty_file_at,
                                                                backup, reason):
    target = empty_file_at(tmp_path / "portfolio.sqlite")
    before = target.read_bytes()
    source = tmp_path / "backups" / "portfolio-2026-06-01T0930.sqlite"
    source.parent.mkdir()
    if backup is not None:
        source.write_bytes(backup)
    with pytest.raises(PlannerError) as refused:
        backups.restore_into(source, target)
    assert str(refused.value) == f"Could not restore {source.name}: {reason}."
    assert target.read_bytes() == before
