"""Refusals of the services read whole, so that a changed word is noticed: a score beyond the
scale, a stakeholder on no side, a role name PostgreSQL cannot hold, and a conflict naming more
fields than it lists."""

import dataclasses

import pytest

from planner.domain.errors import InvalidValue
from planner.domain.model import (
    HealthCheck,
    HealthScore,
    Level,
    Meeting,
    Partner,
    Stakeholder,
)
from planner.services.conflicts import changed_fields
from planner.services.editing import MAX_NAME
from planner.services.health import record_check
from planner.services.meetings import record_meeting
from planner.services.partners import partner_record
from planner.services.people import add_stakeholder
from planner.services.team_roles import READ, grant_access
from tests.services.conftest import TODAY


@pytest.mark.parametrize(("ours", "theirs"), [(6, None), (0, None), (5, 6), (True, None)])
def test_a_score_beyond_one_to_five_is_refused_and_the_ends_are_kept(portfolio, acme, ours,
                                                                      theirs):
    check = HealthCheck(acme.id, TODAY, (HealthScore("trust", ours, theirs),))
    with pytest.raises(InvalidValue) as refused:
        record_check(portfolio.uow(), check)
    assert str(refused.value) == "Scores run from 1 (poor) to 5 (excellent)."
    ends = HealthCheck(acme.id, TODAY, (HealthScore("trust", 1, 5), HealthScore("governance", 5)))
    record_check(portfolio.uow(), ends)
    assert [c.scores for c in partner_record(portfolio.uow(), acme.id).health] == [ends.scores]


def test_a_stakeholder_on_no_side_is_refused(portfolio, acme):
    with pytest.raises(InvalidValue) as refused:
        add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Ann", "neither", Level.EXECUTIVE))
    assert str(refused.value) == "A stakeholder is on our side or theirs."


def test_a_role_name_longer_than_postgresql_allows_is_refused_before_connecting():
    role = "é" * 32  # 64 bytes
    with pytest.raises(InvalidValue) as refused:
        grant_access("postgresql://owner@127.0.0.1:1/alliances", role, READ)
    assert str(refused.value) == (f"The role name '{role}' is longer than the 63 bytes "
                                  "PostgreSQL allows.")


def test_a_conflict_over_more_than_four_fields_lists_four_and_more():
    loaded = Partner("Acme")
    current = dataclasses.replace(loaded, name="Acme Ltd", organisation="Acme plc", notes="new",
                                  owner="Ann", unique_result="More reach")
    said = changed_fields("partners", loaded, current)
    assert said.startswith("this partner (") and said.endswith(" and more)")
    assert said.count(", ") == 3


def test_a_meetings_place_is_a_name_and_its_fields_are_named_when_refused(portfolio, acme):
    with pytest.raises(InvalidValue) as refused:
        record_meeting(portfolio.uow(), Meeting(acme.id, TODAY, place="x" * (MAX_NAME + 1)))
    assert str(refused.value) == (f"The place is too long ({MAX_NAME + 1:,} characters; at most "
                                  f"{MAX_NAME:,}).")
    with pytest.raises(InvalidValue) as refused:
        record_meeting(portfolio.uow(), Meeting(acme.id, TODAY, decisions=42))
    assert str(refused.value) == "The decisions must be text."
    kept = record_meeting(portfolio.uow(), Meeting(acme.id, TODAY, place="y" * MAX_NAME))
    assert kept.place == "y" * MAX_NAME
