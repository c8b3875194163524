"""A fresh portfolio for each service test, on both engines: a real SQLite file in tmp_path
and a real team portfolio on the test PostgreSQL server; nothing mocked."""

import datetime as dt
from pathlib import Path

import pytest

from planner.domain.model import Partner
from planner.services.partners import add_partner
from planner.services.portfolio import open_portfolio

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def portfolio(any_location, empty_file_at):
    """Every service test runs on both engines: a file (a copy of the migrated template, as
    fast to open as any portfolio), and a team portfolio."""
    if isinstance(any_location, Path):
        empty_file_at(any_location)
    with open_portfolio(any_location, create=True) as p:
        yield p


@pytest.fixture
def acme(portfolio):
    return add_partner(portfolio.uow(), Partner("Acme", organisation="Acme Ltd"))
