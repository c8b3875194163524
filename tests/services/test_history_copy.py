"""The history is part of the portfolio: `planner copy` takes it along both ways, file to
team portfolio and back, as it was (who, when, old and new values), with no entries of the
copy's own."""

import dataclasses
import datetime as dt
import importlib.util

import pytest

from planner.domain.model import Area, Difference, Meeting, Partner
from planner.services import differences, meetings, partners
from planner.services.history import partner_history
from planner.services.portfolio import open_portfolio

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("planner.services.copying") is None,
    reason="planner.services.copying (planner copy) is not on this branch yet")


def history_of(location) -> dict[str, list[tuple]]:
    with open_portfolio(location, read_only=True) as portfolio:
        return {p.name: [(e.at, e.by, e.kind, e.record, e.fields)
                         for e in partner_history(portfolio.uow(), p.id)]
                for p in partners.list_partners(portfolio.uow())}


def test_the_history_survives_a_copy_both_ways(tmp_path, team_location):
    from planner.services.copying import copy_portfolio

    source = tmp_path / "source.sqlite"
    with open_portfolio(source, create=True) as portfolio:
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
        d = differences.record_difference(portfolio.uow(), Difference(
            acme.id, Area.PROCESS, ours="Weekly releases"))
        differences.update_difference(portfolio.uow(), dataclasses.replace(
            d, management="Release notes a week ahead"))
        m = meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 3)))
        meetings.remove_meeting(portfolio.uow(), m.id)
    before = history_of(source)
    # added (with its checklist), difference added and changed, meeting added and removed
    assert len(before["Acme"]) == 5

    copy_portfolio(source, team_location)
    assert history_of(team_location) == before
    back = tmp_path / "back.sqlite"
    copy_portfolio(team_location, back)
    assert history_of(back) == before
