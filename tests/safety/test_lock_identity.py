"""The lock belongs to the file, not to a name (hard links, symlinks), and the lock file is
never a link, a FIFO or another person's file (issue: a lock that can be walked around).

File-only: the lock file and the file's links; a server serves many writers."""

import json
import os
import stat
import subprocess
import sys
import time

import pytest

from planner.domain.errors import PlannerError, PortfolioLocked
from planner.services import partners
from planner.services.portfolio import open_portfolio
from planner.storage import locking
from tests.conftest import REPO

ONE_PARTNER = ('{"format": "partner-planner", "version": 1, '
               '"partners": [{"name": "Second writer", "stage": "courtship"}]}')


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "portfolio.sqlite"
    open_portfolio(p, create=True).close()
    return p


def other_names(path, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hard = elsewhere / "hard.sqlite"
    os.link(path, hard)
    soft = elsewhere / "soft.sqlite"
    soft.symlink_to(path)
    hard_beside = path.with_name("beside.sqlite")
    os.link(path, hard_beside)
    return {"hard link elsewhere": hard, "symlink": soft, "hard link beside": hard_beside}


@pytest.mark.parametrize("name", ["hard link elsewhere", "symlink", "hard link beside"])
def test_another_name_for_an_open_portfolio_gets_no_second_writer(name, path, tmp_path):
    second = other_names(path, tmp_path)[name]
    with open_portfolio(path) as first:
        with pytest.raises(PortfolioLocked) as caught:
            open_portfolio(second)
        assert "already open in another window or process by" in str(caught.value)
        partners.add_partner(first.uow(), partners.Partner(name="Mine"))
    with open_portfolio(second) as later:  # once closed, any name opens it
        assert partners.partner_names(later.uow()) == ["Mine"]
    # and the other way round
    with open_portfolio(second):
        with pytest.raises(PortfolioLocked):
            open_portfolio(path)
    assert not list(tmp_path.rglob("*-wal"))


def test_a_second_import_through_a_hard_link_is_refused_while_a_process_writes(
        path, tmp_path, run_cli):
    hard = other_names(path, tmp_path)["hard link elsewhere"]
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from planner.services.portfolio import open_portfolio\n"
         "p = open_portfolio(sys.argv[1]); print('open', flush=True); sys.stdin.read()", path],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        assert holder.stdout.readline().strip() == "open"
        (tmp_path / "one.json").write_text(ONE_PARTNER)
        refused = run_cli("import", hard, tmp_path / "one.json")
        assert refused.returncode == 1, refused.stderr
        assert refused.stderr.count("\n") == 1
        assert "already open in another window or process" in refused.stderr
    finally:
        holder.communicate("", timeout=30)
    assert not hard.with_name("hard.sqlite-wal").exists()
    with open_portfolio(path, read_only=True) as portfolio:
        assert partners.partner_names(portfolio.uow()) == []


def test_a_symlinked_lock_is_refused_and_its_target_left_alone(path, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("someone's notes\n")
    locking.lock_path(path).symlink_to(notes)
    with pytest.raises(PlannerError) as caught:
        open_portfolio(path)
    message = str(caught.value)
    assert "portfolio.sqlite.lock is not a lock file of yours" in message
    assert "\n" not in message
    assert notes.read_text() == "someone's notes\n"
    assert locking.lock_path(path).is_symlink()
    with open_portfolio(path, read_only=True):  # reading needs no lock
        pass


def test_a_hard_linked_lock_is_refused_too(path, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n")
    os.link(notes, locking.lock_path(path))
    with pytest.raises(PlannerError, match="not a lock file of yours"):
        open_portfolio(path)
    assert notes.read_text() == "mine\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_as_the_lock_is_refused_at_once(path, run_cli, tmp_path):
    os.mkfifo(locking.lock_path(path))
    (tmp_path / "one.json").write_text(ONE_PARTNER)
    started = time.monotonic()
    result = run_cli("import", path, tmp_path / "one.json", timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1
    assert "is not a lock file of yours" in result.stderr
    assert time.monotonic() - started < 30
    assert stat.S_ISFIFO(os.lstat(locking.lock_path(path)).st_mode)
    # Readers neither hang on it nor take it for a holder.
    assert locking.holder_if_locked(path) is None
    assert locking.read_holder(path) is None
    assert run_cli("check", path, timeout=60).returncode == 0


def test_a_lock_file_of_another_user_is_refused(path, monkeypatch):
    locking.lock_path(path).write_text(json.dumps({"user": "other", "pid": 1}))
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    with pytest.raises(PlannerError, match="not a lock file of yours"):
        open_portfolio(path)
