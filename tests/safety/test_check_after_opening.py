"""The window opens a portfolio at once and checks its integrity right after, in the background.

Until the check has passed nothing can be saved, so a damaged file is still never written to;
a damaged file is then put aside with the same message and backups as on a checked opening.
"""

import hashlib

import pytest

from planner.domain.errors import PlannerError, PortfolioDamaged
from planner.domain.model import Partner
from planner.services import backups, partners
from planner.services.portfolio import open_portfolio
from tests.safety.conftest import damage


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_edits_wait_for_the_check_then_the_backup_is_taken(sample_path):
    assert backups.list_backups(sample_path) == []
    with open_portfolio(sample_path, check_later=True) as portfolio:
        assert not portfolio.checked
        assert backups.list_backups(sample_path) == []  # the backup waits too
        before = digest(sample_path)
        with pytest.raises(PlannerError, match="still being checked"):
            partners.add_partner(portfolio.uow(), Partner("Too early"))
        assert digest(sample_path) == before
        assert portfolio.finish_opening()
        assert portfolio.checked
        assert [b.reason for b in backups.list_backups(sample_path)] == ["open"]
        partners.add_partner(portfolio.uow(), Partner("After the check"))
        assert partners.find_partner(portfolio.uow(), "After the check") is not None


def test_a_damaged_file_found_after_opening_is_put_aside_untouched(sample_path):
    older = backups.take_backup(sample_path)
    damage(sample_path)
    damaged_bytes = digest(sample_path)
    portfolio = open_portfolio(sample_path, check_later=True)
    with pytest.raises(PlannerError, match="still being checked"):
        partners.add_partner(portfolio.uow(), Partner("Never saved"))
    assert not portfolio.finish_opening()
    with pytest.raises(PortfolioDamaged) as caught:
        portfolio.close_damaged()
    portfolio.close()  # the window closes its session afterwards: harmless
    assert not sample_path.exists()
    [aside] = sample_path.parent.glob("portfolio.damaged-*.sqlite")
    assert digest(aside) == damaged_bytes
    assert [b.path for b in caught.value.backups] == [older.path]
    assert "is damaged" in str(caught.value) and aside.name in str(caught.value)
    with open_portfolio(older.path, read_only=True):  # and the lock was released
        pass
    assert not list(sample_path.parent.glob("*.lock"))


def test_a_due_migration_is_never_deferred(sample_path, monkeypatch):
    from planner.storage import database

    monkeypatch.setattr(database, "at_head", lambda path: False)
    with open_portfolio(sample_path, check_later=True) as portfolio:
        assert portfolio.checked  # checked before anything could be written
    assert [b.reason for b in backups.list_backups(sample_path)] == ["open"]
