"""Folders the app creates are 0700 whatever the umask; a portfolio the app writes, and its
-wal and -shm, are owner-only; a looser portfolio is tightened when opened for writing, and
the user told once (issue: permissions).

File-only: file and folder modes; a server's access is its roles
(tests/team/test_roles.py)."""

import os
import stat

import pytest

from planner.services import csv_export, partners
from planner.services.portfolio import open_portfolio


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def test_every_folder_sample_creates_is_owner_only(tmp_path, open_umask, capsys):
    from planner.cli import main

    path = tmp_path / "a" / "b" / "c" / "p.sqlite"
    assert main(["sample", str(path)]) == 0, capsys.readouterr().err
    for level in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert mode(level) == 0o700, level
    assert mode(path) == 0o600


def test_folders_and_files_under_umask_000(tmp_path, open_umask):
    path = tmp_path / "x" / "y" / "p.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), partners.Partner(name="Acme"))
        for companion in ("", "-wal", "-shm", ".lock"):
            assert mode(f"{path}{companion}") == 0o600, companion
        out = tmp_path / "new csv folder"
        csv_export.export_csv(portfolio.uow(), out)
    assert mode(tmp_path / "x") == 0o700 and mode(tmp_path / "x" / "y") == 0o700
    assert mode(out) == 0o700
    assert all(mode(p) == 0o600 for p in out.iterdir())


def test_a_loose_portfolio_is_tightened_when_opened_for_writing_and_the_user_told_once(
        sample_path, caplog):
    os.chmod(sample_path, 0o644)
    with open_portfolio(sample_path, read_only=True):
        assert mode(sample_path) == 0o644  # reading changes nothing
    with caplog.at_level("WARNING", logger="planner.notices"):
        with open_portfolio(sample_path) as portfolio:
            partners.add_partner(portfolio.uow(), partners.Partner(name="Acme"))
            assert mode(sample_path) == 0o600
            for companion in ("-wal", "-shm"):
                assert mode(f"{sample_path}{companion}") == 0o600, companion
        with open_portfolio(sample_path):
            pass
    told = [r.getMessage() for r in caplog.records if r.name == "planner.notices"]
    assert len(told) == 1, told
    assert "readable by others" in told[0] and "now readable by you only" in told[0]


def test_the_cli_tells_it_on_one_line(sample_path, run_cli, tmp_path):
    os.chmod(sample_path, 0o664)
    doc = tmp_path / "one.json"
    doc.write_text('{"format": "partner-planner", "version": 1, '
                   '"partners": [{"name": "New", "stage": "courtship"}]}')
    result = run_cli("import", sample_path, doc)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "planner: note: " in result.stderr
    assert mode(sample_path) == 0o600
