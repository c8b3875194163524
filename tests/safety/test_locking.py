"""One writer per file: who holds it, read-only openings, stale locks taken over.

File-only: one writer per file through its lock file; a server serves many writers."""

import json
import os
import socket
import stat

import pytest

from planner.domain.errors import PortfolioLocked
from planner.services import backups, partners
from planner.services.portfolio import open_portfolio
from planner.storage import locking


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "portfolio.sqlite"
    open_portfolio(p, create=True).close()
    return p


def test_a_second_writer_is_told_who_has_it_open_and_since_when(path):
    with open_portfolio(path):
        with pytest.raises(PortfolioLocked) as caught:
            open_portfolio(path)
    error = caught.value
    assert error.host == socket.gethostname()
    assert error.user
    assert error.since[:4].isdigit()
    message = str(error)
    assert "portfolio.sqlite is already open in another window or process by" in message
    assert error.host in message and "since" in message and "read-only" in message


def test_a_locked_portfolio_can_still_be_opened_read_only(path):
    with open_portfolio(path) as writer:
        partners.add_partner(writer.uow(), partners.Partner(name="Acme"))
        with open_portfolio(path, read_only=True) as reader:
            assert reader.read_only
            assert partners.partner_names(reader.uow()) == ["Acme"]


def test_closing_releases_the_lock_and_removes_the_lock_file(path):
    portfolio = open_portfolio(path)
    assert locking.lock_path(path).exists()
    portfolio.close()
    assert not locking.lock_path(path).exists()
    open_portfolio(path).close()


def test_a_lock_file_nobody_holds_is_stale_and_taken_over(path):
    locking.lock_path(path).write_text(json.dumps(
        {"user": "ghost", "host": "old-laptop", "pid": 999999, "since": "2026-01-01T09:00:00"}))
    with open_portfolio(path) as portfolio:
        assert portfolio.took_over_from.user == "ghost"
        assert portfolio.took_over_from.host == "old-laptop"
        holder = locking.read_holder(path)
        assert holder.pid == os.getpid()


def test_a_garbled_lock_file_is_taken_over_too(path):
    locking.lock_path(path).write_bytes(b"\xff\x00 not json")
    with open_portfolio(path) as portfolio:
        assert portfolio.took_over_from is None
        assert locking.read_holder(path).pid == os.getpid()


def test_the_lock_file_is_owner_only(path):
    with open_portfolio(path):
        assert stat.S_IMODE(locking.lock_path(path).stat().st_mode) == 0o600


def test_a_refused_opening_leaves_the_holders_lock_alone(path):
    with open_portfolio(path) as first:
        for _ in range(3):
            with pytest.raises(PortfolioLocked):
                open_portfolio(path)
        partners.add_partner(first.uow(), partners.Partner(name="Still mine"))
        assert locking.read_holder(path).pid == os.getpid()


def test_lock_holder_is_reported_without_taking_the_lock(path):
    assert locking.holder_if_locked(path) is None
    with open_portfolio(path):
        assert locking.holder_if_locked(path).pid == os.getpid()
    assert locking.holder_if_locked(path) is None


def test_restore_and_sample_respect_the_lock(path, run_cli, tmp_path):
    backups.take_backup(path)
    with open_portfolio(path):
        restore = run_cli("restore", path, "latest")
        sample = run_cli("sample", path, "--force")
    for result in (restore, sample):
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1
        assert "already open in another window" in result.stderr
    assert path.exists()
