"""A fresh portfolio file in tmp_path for each service test (real SQLite, nothing mocked)."""

import datetime as dt

import pytest

from planner.domain.model import Partner
from planner.services.partners import add_partner
from planner.services.portfolio import open_portfolio

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def portfolio(tmp_path):
    with open_portfolio(tmp_path / "portfolio.sqlite", create=True) as p:
        yield p


@pytest.fixture
def acme(portfolio):
    return add_partner(portfolio.uow(), Partner("Acme", organisation="Acme Ltd"))
