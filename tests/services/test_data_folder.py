"""The app's own folder (README "One writer per file"): a portfolio open for writing holds, besides
`PATH.lock`, a lock named after the file's device and inode in the data folder's `locks/`, so a
hard link to the file lets no second writer in; closing it lets the next writer in."""

import os

import pytest

from planner.domain.errors import PortfolioLocked
from planner.services.portfolio import open_portfolio
from planner.storage.locking import identity_key


def test_a_writer_holds_a_lock_in_the_data_folders_locks(tmp_path, empty_file_at,
                                                         private_dirs):
    path = empty_file_at(tmp_path / "portfolio.sqlite")
    link = tmp_path / "another-name.sqlite"
    os.link(path, link)
    locks = private_dirs / "data" / "PartnerPlanner" / "locks"
    with open_portfolio(path):
        assert [p.name for p in locks.iterdir()] == [identity_key(path)]
        assert locks.stat().st_mode & 0o777 == 0o700
        with pytest.raises(PortfolioLocked):
            open_portfolio(link)
    with open_portfolio(link):
        assert [p.name for p in locks.iterdir()] == [identity_key(link)] == [identity_key(path)]
