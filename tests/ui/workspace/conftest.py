"""A real portfolio file holding the sample partners, and a workspace over it."""

import datetime as dt

import pytest

from planner.services import partners, portfolio_io
from planner.services.portfolio import open_portfolio
from planner.ui.session import AppSession


@pytest.fixture
def portfolio(tmp_path):
    opened = open_portfolio(tmp_path / "portfolio.sqlite", create=True)
    portfolio_io.import_records(opened.uow(), portfolio_io.sample_records(dt.date.today()))
    yield opened
    opened.close()


@pytest.fixture
def session(portfolio):
    return AppSession(portfolio)


@pytest.fixture
def workspace(qtbot, session):
    from planner.ui.workspace import PartnerWorkspace

    widget = PartnerWorkspace(session)
    qtbot.addWidget(widget)
    widget.resize(650, 700)
    widget.show()
    return widget


@pytest.fixture
def partner_id(portfolio):
    """Helix & Stone: a partner in the bridges stage with something in every part."""
    return partners.find_partner(portfolio.uow(), "Helix & Stone Consulting").id


@pytest.fixture
def partner_named(portfolio):
    return lambda name: partners.find_partner(portfolio.uow(), name).id
