"""Two people on one portfolio with the sample partners, on either engine.

On a team portfolio they are two database users (editors), each with their own connection;
on a file (one writer at a time, so one window) they are two units of work on the one open
portfolio. Either way a change one of them saves is one the other has not loaded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.services import portfolio_io
from planner.services.portfolio import Portfolio, open_portfolio

# How a refusal names the time of the other person's change ("... at 10:45; ...").
CLOCK = r"at \d\d:\d\d"


@pytest.fixture
def people(any_location, request):
    """(ann's portfolio, bob's portfolio) on either engine: see open_for_two."""
    return open_for_two(any_location, request)


def grant_editor(server, database: str, user: str) -> None:
    """What an editor may do on a team portfolio: change rows, not the schema."""
    server.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{user}"')
    server.execute(f'GRANT USAGE ON SCHEMA public TO "{user}"',
                   f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public '
                   f'TO "{user}"',
                   f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{user}"',
                   database=database)


def editors(server, location, make_user, labels: tuple[str, ...]) -> list:
    """A location per new editor of the team portfolio at `location`."""
    found = []
    for label in labels:
        name, password = make_user(label)
        grant_editor(server, location.database, name)
        found.append(server.location(location.database, name, password))
    return found


def open_for_two(location, request) -> tuple[Portfolio, Portfolio]:
    """(ann's portfolio, bob's portfolio), the sample imported; close both after."""
    with open_portfolio(location, create=True) as owner:
        portfolio_io.import_records(owner.uow(), portfolio_io.sample_records(dt.date.today()))
    if isinstance(location, Path):
        one = open_portfolio(location)
        request.addfinalizer(one.close)
        return one, one
    server = request.getfixturevalue("postgres_server")
    make_user = request.getfixturevalue("make_user")
    opened = [open_portfolio(place) for place in editors(server, location, make_user,
                                                         ("ann", "bob"))]
    for portfolio in opened:
        request.addfinalizer(portfolio.close)
    return opened[0], opened[1]


def name_of(portfolio: Portfolio) -> str:
    """Whom this person's changes are stamped with."""
    import getpass

    return portfolio.location.user if portfolio.is_team else getpass.getuser()
