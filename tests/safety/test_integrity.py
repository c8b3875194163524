"""Integrity on open: a damaged file is detected, kept aside untouched, and a backup offered.

File-only: damaged pages of a file; a server has no pages of ours to damage."""

import hashlib

import pytest

from planner.domain.errors import NotAPortfolio, PortfolioDamaged
from planner.services import backups, partners
from planner.services.portfolio import check_portfolio, open_portfolio
from tests.safety.conftest import damage


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_file_is_kept_aside_never_overwritten_and_backups_offered(sample_path):
    older = backups.take_backup(sample_path)
    newer = backups.take_backup(sample_path)
    damage(sample_path)
    damaged_bytes = digest(sample_path)
    with pytest.raises(PortfolioDamaged) as caught:
        open_portfolio(sample_path)
    error = caught.value
    assert [b.path for b in error.backups] == [newer.path, older.path]
    assert not sample_path.exists()
    [aside] = sample_path.parent.glob("portfolio.damaged-*.sqlite")
    assert digest(aside) == damaged_bytes
    message = str(error)
    assert "is damaged" in message and aside.name in message
    assert f"planner restore {sample_path} latest" in message
    assert "\n" not in message


def test_a_second_damaged_file_gets_its_own_name(sample_path, tmp_path):
    copy = sample_path.read_bytes()
    damage(sample_path)
    with pytest.raises(PortfolioDamaged):
        open_portfolio(sample_path)
    sample_path.write_bytes(copy)
    damage(sample_path, page=8)
    with pytest.raises(PortfolioDamaged):
        open_portfolio(sample_path)
    assert len(list(tmp_path.glob("portfolio.damaged-*.sqlite"))) == 2


def test_read_only_opening_of_a_damaged_file_changes_nothing_and_offers_its_backups(
        sample_path):
    older = backups.take_backup(sample_path)
    newer = backups.take_backup(sample_path)
    damage(sample_path)
    before = digest(sample_path)
    with pytest.raises(PortfolioDamaged, match="is damaged") as caught:
        open_portfolio(sample_path, read_only=True)
    assert digest(sample_path) == before
    # the window offers to restore the newest, as when opened for writing
    assert [b.path for b in caught.value.backups] == [newer.path, older.path]


def test_restoring_after_damage_brings_everything_back(sample_path):
    backups.take_backup(sample_path)
    damage(sample_path)
    with pytest.raises(PortfolioDamaged) as caught:
        open_portfolio(sample_path)
    backups.restore_backup(sample_path, caught.value.backups[0])
    with open_portfolio(sample_path) as portfolio:
        assert len(partners.list_partners(portfolio.uow())) == 8
    assert check_portfolio(sample_path).healthy


def test_restoring_over_a_damaged_file_keeps_it_aside(sample_path):
    good = backups.take_backup(sample_path)
    damage(sample_path)
    damaged_bytes = digest(sample_path)
    backups.restore_backup(sample_path, good)
    [aside] = sample_path.parent.glob("portfolio.damaged-*.sqlite")
    assert digest(aside) == damaged_bytes
    assert check_portfolio(sample_path).healthy


def test_the_cli_says_it_is_damaged_and_how_to_restore(sample_path, run_cli):
    backups.take_backup(sample_path)
    damage(sample_path)
    (sample_path.parent / "one.json").write_text(
        '{"format": "partner-planner", "version": 1, "partners": []}')
    result = run_cli("import", sample_path, sample_path.parent / "one.json")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "is damaged" in result.stderr and "planner restore" in result.stderr
    assert "Traceback" not in result.stderr
    restored = run_cli("restore", sample_path, "latest")
    assert restored.returncode == 0, restored.stderr
    assert run_cli("check", sample_path).returncode == 0


def test_a_truncated_portfolio_is_damaged_not_a_crash(sample_path):
    data = sample_path.read_bytes()
    sample_path.write_bytes(data[: len(data) // 2])
    with pytest.raises((PortfolioDamaged, NotAPortfolio)) as caught:
        open_portfolio(sample_path)
    assert "\n" not in str(caught.value)
