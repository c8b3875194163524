"""The window opens a portfolio at once and checks its integrity right after, in the background.

Until the check has passed nothing can be saved, so a damaged file is still never written to;
a damaged file is then put aside with the same message and backups as on a checked opening.

File-only: the deferred check is SQLite's quick_check of the file; a server checks
its own pages.
"""

import datetime as dt
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


def test_closing_waits_for_a_check_still_running_and_leaves_no_companions(sample_path,
                                                                          monkeypatch):
    """Quitting while the background check runs (seen in CI: `planner PATH --quit-after-load`
    on a loaded machine): the check's own connection outlived the writer's, so the writer's
    close was not the last and a -wal stayed beside the file."""
    import threading

    from planner.storage import backups as backup_files

    real_problems = backup_files.problems
    started, release = threading.Event(), threading.Event()
    order = []

    def slow_problems(path, **kwargs):
        started.set()
        release.wait(5)
        found = real_problems(path, **kwargs)
        order.append("check done")
        return found

    monkeypatch.setattr(backup_files, "problems", slow_problems)
    portfolio = open_portfolio(sample_path, check_later=True)
    partners.portfolio_overview(portfolio.uow(), dt.date.today())  # what the window reads
    check = threading.Thread(target=portfolio.finish_opening)
    check.start()
    assert started.wait(5)
    closing = threading.Thread(target=lambda: (portfolio.close(), order.append("closed")))
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()  # waiting for the check, not closing under it
    release.set()
    check.join(5), closing.join(5)
    assert order == ["check done", "closed"]
    left = sorted(p.name for p in sample_path.parent.iterdir() if p.name != sample_path.name
                  and p.name.startswith(sample_path.name))
    assert left == []


def test_a_check_that_starts_after_closing_touches_nothing(sample_path, monkeypatch):
    from planner.storage import backups as backup_files

    portfolio = open_portfolio(sample_path, check_later=True)
    portfolio.close()
    monkeypatch.setattr(backup_files, "problems",
                        lambda *a, **k: pytest.fail("checked a closed portfolio"))
    assert portfolio.finish_opening()
    assert backups.list_backups(sample_path) == []
    portfolio.close()  # twice is harmless
