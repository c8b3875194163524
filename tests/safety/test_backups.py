"""Automatic and on-demand backups, rotation, listing and restore.

File-only: backups are copies of the file beside it (SQLite's backup API); a team
portfolio's backups are its server's."""

import datetime as dt
import stat
from pathlib import Path

import pytest

from planner.domain.errors import PlannerError
from planner.domain.model import Partner
from planner.services import backups, partners
from planner.services.portfolio import open_portfolio
from planner.storage import backups as backup_files
from planner.storage import database

UTC = dt.UTC


def reasons(path):
    return [b.reason for b in backups.list_backups(path)]


def test_opening_for_writing_backs_up_at_most_once_an_hour(sample_path, monkeypatch):
    open_portfolio(sample_path).close()
    open_portfolio(sample_path).close()
    open_portfolio(sample_path, read_only=True).close()
    assert reasons(sample_path) == ["open"]
    monkeypatch.setattr(backups, "BACKUP_EVERY", dt.timedelta(0))
    open_portfolio(sample_path).close()
    assert reasons(sample_path) == ["open", "open"]


def test_a_backup_is_a_consistent_single_file_with_everything_committed(sample_path):
    with open_portfolio(sample_path) as portfolio:
        partners.add_partner(portfolio.uow(), Partner(name="Committed before the backup"))
        taken = backups.take_backup(sample_path)  # while the writer has it open
    assert taken.partners == 9
    assert not Path(f"{taken.path}-wal").exists()
    with open_portfolio(taken.path, read_only=True) as copy:
        assert "Committed before the backup" in partners.partner_names(copy.uow())
    assert backup_files.problems(taken.path, read_only=True, quick=False) == []
    assert database.read_application_id(taken.path) == database.APPLICATION_ID


def test_backups_are_listed_newest_first_with_counts(sample_path):
    first = backups.take_backup(sample_path)
    with open_portfolio(sample_path) as portfolio:
        partners.add_partner(portfolio.uow(), Partner(name="Newer"))
    second = backups.take_backup(sample_path)
    listed = backups.list_backups(sample_path)
    assert [b.path for b in listed][:2] == [second.path, first.path]
    assert listed[0].partners == 9 and listed[1].partners == 8
    assert listed[0].counts["meetings"] > 0
    assert listed[0].taken_at > listed[1].taken_at


def test_backups_live_in_the_user_data_folder_one_folder_per_file(sample_path, tmp_path,
                                                                  private_dirs):
    other = tmp_path / "other" / "portfolio.sqlite"
    other.parent.mkdir()
    other.write_bytes(sample_path.read_bytes())
    a, b = backups.take_backup(sample_path), backups.take_backup(other)
    root = private_dirs / "data" / "PartnerPlanner" / "backups"
    assert a.path.parent.parent == root and b.path.parent.parent == root
    assert a.path.parent != b.path.parent
    assert a.path.parent.name.startswith("portfolio-")


def test_backup_to_a_chosen_file_never_overwrites(sample_path, tmp_path):
    out = tmp_path / "copy.sqlite"
    backups.take_backup(sample_path, output=out)
    with pytest.raises(PlannerError, match="already exists"):
        backups.take_backup(sample_path, output=out)
    with pytest.raises(PlannerError, match="does not exist"):
        backups.take_backup(sample_path, output=tmp_path / "nowhere" / "copy.sqlite")


def fake(when):
    return backup_files.BackupFile(Path(f"b-{when.isoformat()}"), when, "open")


def test_rotation_keeps_the_last_ten_a_day_for_two_weeks_and_a_month_for_six_months():
    now = dt.datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    # Every 6 hours for a year: 1460 backups.
    found = [fake(now - dt.timedelta(hours=6 * i)) for i in range(4 * 365)]
    removed = {b.path for b in backup_files.to_remove(found, now)}
    kept = sorted((b for b in found if b.path not in removed), key=lambda b: b.taken_at,
                  reverse=True)
    assert kept[:10] == found[:10]
    days = {b.taken_at.date() for b in kept}
    assert all((now - dt.timedelta(days=d)).date() in days for d in range(14))
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert months == {(2026, m) for m in range(6, 12)}
    # No more than 10 + 14 + 6, and nothing older than six months.
    assert len(kept) <= 30
    assert min(b.taken_at for b in kept) > now - dt.timedelta(days=190)


def test_rotation_removes_old_backup_files(sample_path, monkeypatch):
    for _ in range(14):
        backups.take_backup(sample_path)
    assert len(backups.list_backups(sample_path)) <= 14
    # All taken the same day: only the newest ten survive.
    later = dt.datetime.now(UTC) + dt.timedelta(minutes=1)
    backups.rotate_backups(sample_path, later)
    assert len(backups.list_backups(sample_path)) == 10


def test_a_backup_another_app_removed_while_rotating_is_not_an_error(sample_path,
                                                                     monkeypatch):
    """Two windows on one portfolio rotate its backups at once: a file the other removed
    between the listing and the unlink is gone, as wanted, and this rotation goes on."""
    for _ in range(12):
        backups.take_backup(sample_path, rotate=False)
    to_remove = backup_files.to_remove

    def the_other_app_removes_them_first(found, now):
        doomed = to_remove(found, now)
        for b in doomed:
            b.path.unlink()
        return doomed

    monkeypatch.setattr(backup_files, "to_remove", the_other_app_removes_them_first)
    later = dt.datetime.now(UTC) + dt.timedelta(minutes=1)
    removed = backups.rotate_backups(sample_path, later)
    assert len(removed) == 2 and not any(path.exists() for path in removed)
    assert len(backups.list_backups(sample_path)) == 10


def test_restore_puts_the_backup_back_and_backs_up_the_current_file_first(sample_path):
    old = backups.take_backup(sample_path)
    with open_portfolio(sample_path) as portfolio:
        partners.add_partner(portfolio.uow(), Partner(name="Added after the backup"))
    before = backups.restore_backup(sample_path, old)
    assert before.reason == "restore" and before.partners == 9
    with open_portfolio(sample_path) as portfolio:
        assert "Added after the backup" not in partners.partner_names(portfolio.uow())
        assert len(partners.list_partners(portfolio.uow())) == 8
    # ... and the restore itself can be undone from the backup it made.
    backups.restore_backup(sample_path, before)
    with open_portfolio(sample_path) as portfolio:
        assert "Added after the backup" in partners.partner_names(portfolio.uow())
    assert backup_files.problems(sample_path, read_only=True, quick=False) == []


def test_restore_refuses_what_is_not_a_healthy_backup(sample_path, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    before = sample_path.read_bytes()
    with pytest.raises(PlannerError, match="not a Partner Planner portfolio or backup"):
        backups.restore_backup(sample_path, junk)
    with pytest.raises(PlannerError, match="no backup"):
        backups.restore_backup(sample_path, tmp_path / "missing.sqlite")
    assert sample_path.read_bytes() == before
    assert backups.list_backups(sample_path) == []


def test_backups_and_their_folders_are_owner_only(sample_path):
    taken = backups.take_backup(sample_path)
    assert stat.S_IMODE(taken.path.stat().st_mode) == 0o600
    for folder in (taken.path.parent, taken.path.parent.parent, taken.path.parent.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_cli_backs_up_lists_and_restores(sample_path, run_cli, tmp_path):
    made = run_cli("backup", sample_path)
    assert made.returncode == 0 and "Backed up 8 partners" in made.stdout
    out = run_cli("backup", sample_path, "-o", tmp_path / "copy.sqlite")
    assert out.returncode == 0 and (tmp_path / "copy.sqlite").exists()
    listed = run_cli("backups", sample_path)
    assert listed.returncode == 0
    assert "8 partners" in listed.stdout and "on request" in listed.stdout
    restored = run_cli("restore", sample_path, "latest")
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "backed up as" in restored.stdout
    bad = run_cli("restore", sample_path, "no-such-backup")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1


def test_import_with_replace_backs_up_first(sample_path, run_cli, tmp_path):
    export = tmp_path / "all.json"
    assert run_cli("export", sample_path, "-o", export).returncode == 0
    run = run_cli("import", sample_path, export, "--replace")
    assert run.returncode == 0, run.stderr
    assert "import" in reasons(sample_path)


def test_sample_force_backs_up_the_portfolio_it_replaces(sample_path, run_cli):
    run = run_cli("sample", sample_path, "--force")
    assert run.returncode == 0, run.stderr
    assert "sample" in reasons(sample_path)


def test_restoring_the_oldest_of_ten_kept_backups_brings_it_back(sample_path):
    """The safety backup a restore takes first must not rotate the chosen backup away."""
    for n in range(backup_files.KEEP_LAST):
        with open_portfolio(sample_path) as portfolio:
            partners.add_partner(portfolio.uow(), Partner(name=f"Added before backup {n}"))
        backups.take_backup(sample_path)
    kept = backups.list_backups(sample_path)
    assert len(kept) == backup_files.KEEP_LAST  # all taken today: exactly the last ten
    oldest = kept[-1]
    assert oldest.partners == 9
    backups.restore_backup(sample_path, oldest)
    with open_portfolio(sample_path, read_only=True) as portfolio:
        names = partners.partner_names(portfolio.uow())
    assert "Added before backup 0" in names and "Added before backup 1" not in names
    assert len(names) == 9
    # The safety backup holds what was there before (all ten additions), and the rotation
    # after the restore kept ten again.
    after = backups.list_backups(sample_path)
    assert after[0].reason == "restore" and after[0].partners == 8 + backup_files.KEEP_LAST
    assert len(after) == backup_files.KEEP_LAST


def sqlite_header(path):
    with open(path, "rb") as f:
        return f.read(100)


def test_a_backup_is_one_file_in_rollback_journal_mode_that_opens_without_a_wal(sample_path,
                                                                               tmp_path):
    with open_portfolio(sample_path) as portfolio:  # the portfolio itself is in WAL mode
        partners.add_partner(portfolio.uow(), Partner(name="In the WAL"))
        assert sqlite_header(sample_path)[18:20] == b"\x02\x02"
        taken = backups.take_backup(sample_path)
        chosen = backups.take_backup(sample_path, output=tmp_path / "copy.sqlite")
    for path in (taken.path, chosen.path):
        # Bytes 18 and 19 of the header: 1 = rollback journal (legacy), 2 = WAL.
        assert sqlite_header(path)[18:20] == b"\x01\x01", path
        assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) \
            == [path.name]
        # Copied alone, it is the whole backup: it opens, read-only and for writing, and
        # leaves no -wal behind.
        alone = tmp_path / "alone" / path.name
        alone.parent.mkdir(exist_ok=True)
        alone.write_bytes(path.read_bytes())
        with open_portfolio(alone, read_only=True) as copy:
            assert "In the WAL" in partners.partner_names(copy.uow())
        assert not Path(f"{alone}-wal").exists()
        with open_portfolio(path, read_only=True) as copy:
            assert len(partners.partner_names(copy.uow())) == 9
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
        alone.unlink()


def test_a_backup_named_by_its_file_keeps_the_reason_and_time_its_name_carries(sample_path):
    taken = backups.take_backup(sample_path, "before-restore")
    found = backups.find_backup(sample_path, taken.path.name)
    assert found.reason == "before-restore"
    assert found.taken_at == taken.taken_at
    assert found == taken


def test_latest_names_the_newest_backup_and_says_when_there_is_none(sample_path, tmp_path):
    for taken in backups.list_backups(sample_path):
        taken.path.unlink()
    with pytest.raises(PlannerError) as refused:
        backups.find_backup(sample_path, "latest")
    assert str(refused.value) == f"There are no backups of {sample_path.name} yet."
    taken = backups.take_backup(sample_path, "manual")
    assert backups.find_backup(sample_path, "latest") == taken
