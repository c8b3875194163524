"""Shared fixtures for the data-safety tests: a sample portfolio on disk, and damaging one."""

import datetime as dt
import os

import pytest

from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio


@pytest.fixture
def sample_path(tmp_path):
    """A closed sample portfolio (8 partners) with its WAL checkpointed into the file."""
    path = tmp_path / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(dt.date.today()))
    return path


def damage(path, page=5, pages=3):
    """Overwrite whole pages in the middle of the file, keeping the header intact."""
    with open(path, "r+b") as f:
        f.seek(4096 * page)
        f.write(os.urandom(4096 * pages))
        f.flush()
        os.fsync(f.fileno())
