"""What the window's File menu asks of the services, on both engines: opening a portfolio on a
thread of its own hands over the portfolio with the overview its table shows (read at opening
with plain sqlite3 for a file), and "Save a copy as" writes a file holding every partner."""

import datetime as dt
from pathlib import Path

import pytest

from planner.domain.errors import NotFound
from planner.domain.model import Action, Partner
from planner.services import meetings, partners
from planner.services.opening import start_opening
from planner.services.portfolio import open_portfolio
from tests.storage.old_revisions import build_at, revision_of


@pytest.fixture
def location(any_location, empty_file_at):
    if isinstance(any_location, Path):
        empty_file_at(any_location)
    with open_portfolio(any_location, create=True) as portfolio:
        bolt = partners.add_partner(portfolio.uow(), Partner("Bolt", owner="Dana"))
        partners.add_partner(portfolio.uow(), Partner("acme"))
        meetings.add_action(portfolio.uow(), Action(bolt.id, "Send the draft",
                                                    due=dt.date(2020, 1, 6)))
    return any_location


def test_the_windows_opening_hands_over_the_overview_the_table_shows(location):
    portfolio, summaries = start_opening(location).result(timeout=120)
    try:
        assert sorted(s.partner.name for s in summaries) == ["Bolt", "acme"]
        assert summaries == partners.portfolio_overview(portfolio.uow(), dt.date.today())
        bolt = next(s for s in summaries if s.partner.name == "Bolt")
        assert (bolt.partner.owner, bolt.overdue_actions) == ("Dana", 1)
    finally:
        portfolio.close()


def test_a_refused_opening_is_handed_over_as_the_refusal(tmp_path):
    with pytest.raises(NotFound, match="^There is no portfolio at"):
        start_opening(tmp_path / "missing.sqlite").result(timeout=120)


def test_a_new_portfolio_is_created_by_the_windows_opening_when_asked(tmp_path):
    """File > New: the same opening, told to create the file it finds missing."""
    path = tmp_path / "new.sqlite"
    portfolio, summaries = start_opening(path, create=True).result(timeout=120)
    try:
        assert summaries == [] and portfolio.location == path
    finally:
        portfolio.close()
    assert path.exists()


def test_save_a_copy_as_writes_a_file_with_every_partner(location, tmp_path):
    copy = tmp_path / "copy.sqlite"
    with open_portfolio(location) as portfolio:
        portfolio.save_copy(copy)
        expected = partners.partner_names(portfolio.uow())
    with open_portfolio(copy, read_only=True) as saved:
        assert partners.partner_names(saved.uow()) == expected == ["acme", "Bolt"]


def test_an_older_layout_is_named_to_the_caller_before_it_is_updated(tmp_path):
    old = tmp_path / "old.sqlite"
    build_at(old, "0005")
    heard = []
    with open_portfolio(old, before_migration=lambda r: heard.append((r, revision_of(old)))):
        pass
    assert heard == [("0005", "0005")]  # told the old revision while the file still had it
    assert revision_of(old) != "0005"
    with open_portfolio(old, before_migration=heard.append):
        pass
    assert heard == [("0005", "0005")]  # at the current layout: nothing to tell
