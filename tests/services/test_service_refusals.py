"""Refusals of the services read whole, so that a changed word is noticed: a score beyond the
scale, a stakeholder on no side, a role name PostgreSQL cannot hold, a conflict naming more
fields than it lists, an owner's length, a meeting with another partner's people, the
partner a refused restore points to, a difference with no side, a date that is not one, a
currency that is not a code, a save over a partner removed meanwhile; and the occasion the
brief dialog proposes."""

import dataclasses
import datetime as dt

import pytest

from planner.domain.errors import EditConflict, InvalidValue, NotFound
from planner.domain.model import (
    Action,
    Area,
    Difference,
    HealthCheck,
    HealthScore,
    Level,
    Meeting,
    Partner,
    Side,
    Stakeholder,
)
from planner.services.briefs import partner_named, partner_occasion
from planner.services.conflicts import changed_fields, describe
from planner.services.differences import record_difference
from planner.services.editing import MAX_NAME
from planner.services.health import record_check
from planner.services.meetings import add_action, record_meeting
from planner.services.partners import (
    add_partner,
    partner_record,
    remove_partner,
    restore_partner,
    update_partner,
)
from planner.services.people import add_stakeholder
from planner.services.portfolio_settings import update_settings
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


def test_a_partners_owner_is_a_name_of_at_most_200_characters(portfolio, acme):
    with pytest.raises(InvalidValue) as refused:
        update_partner(portfolio.uow(), dataclasses.replace(acme, owner="x" * (MAX_NAME + 1)))
    assert str(refused.value) == (f"The owner is too long ({MAX_NAME + 1:,} characters; at most "
                                  f"{MAX_NAME:,}).")
    kept = update_partner(portfolio.uow(), dataclasses.replace(acme, owner="y" * MAX_NAME))
    assert kept.owner == "y" * MAX_NAME


def test_a_meeting_with_someone_of_another_partner_is_refused_in_one_sentence(portfolio, acme):
    other = add_partner(portfolio.uow(), Partner("Globex"))
    theirs = add_stakeholder(portfolio.uow(), Stakeholder(other.id, "Ann", Side.THEIRS,
                                                          Level.EXECUTIVE))
    with pytest.raises(InvalidValue) as refused:
        record_meeting(portfolio.uow(), Meeting(acme.id, TODAY, attendee_ids=(theirs.id,)))
    assert str(refused.value) == "Attendees must be stakeholders of this partner."


def test_a_restore_refused_for_a_taken_place_names_the_partner_there_now(tmp_path):
    from planner.services.portfolio import open_portfolio

    # a file's: SQLite gives a removed partner's id to the next one, a server never does
    with open_portfolio(tmp_path / "p.sqlite", create=True) as portfolio:
        acme = add_partner(portfolio.uow(), Partner("Acme"))
        removed = remove_partner(portfolio.uow(), acme.id)
        globex = add_partner(portfolio.uow(), Partner("Globex"))
        with pytest.raises(EditConflict) as refused:
            restore_partner(portfolio.uow(), removed)
        assert (refused.value.item_id, refused.value.current) == (acme.id, globex)


def test_a_difference_with_neither_side_is_refused_in_one_sentence(portfolio, acme):
    with pytest.raises(InvalidValue) as refused:
        record_difference(portfolio.uow(), Difference(acme.id, Area.OTHER, "", " "))
    assert str(refused.value) == ("Say how we work or how they work: a difference needs one "
                                  "side.")


def test_an_actions_due_date_that_is_not_a_date_is_refused_by_its_name(portfolio, acme):
    with pytest.raises(InvalidValue) as refused:
        add_action(portfolio.uow(), Action(acme.id, "Send", due="2026-05-01"))
    assert str(refused.value) == "The due date must be a real date."
    with pytest.raises(InvalidValue) as refused:
        add_action(portfolio.uow(), Action(acme.id, "Send", done_on="2026-05-01"))
    assert str(refused.value) == "The date done must be a real date."


def test_a_currency_that_is_not_a_three_letter_code_is_refused_in_one_sentence(portfolio):
    with pytest.raises(InvalidValue) as refused:
        update_settings(portfolio.uow(), currency="euro")
    assert str(refused.value) == "A currency is a three-letter code such as EUR, USD or GBP."


def test_a_conflict_over_a_partner_removed_meanwhile_names_it_and_has_no_current(portfolio,
                                                                                   acme):
    remove_partner(portfolio.uow(), acme.id)  # after a stale save, before it is read afresh
    said = describe(portfolio.uow(), "partners", acme.id, acme)
    assert str(said) == ("Someone else removed this partner after you loaded it; your change "
                         "was not saved.")
    assert (said.item_id, said.current) == (acme.id, None)


def test_the_brief_dialogs_occasion_is_the_partners_next_review(portfolio):
    acme = add_partner(portfolio.uow(), Partner("Acme", next_review=TODAY + dt.timedelta(days=3),
                                                review_place="Leeds"))
    occasion = partner_occasion(portfolio.uow(), acme.id, TODAY)
    assert (occasion.date, occasion.place, occasion.review) == (
        TODAY + dt.timedelta(days=3), "Leeds", True)


def test_a_brief_for_a_name_in_a_portfolio_of_no_partners_says_there_are_none(portfolio):
    with pytest.raises(NotFound) as refused:
        partner_named(portfolio.uow(), "Acme")
    assert str(refused.value) == "No partner is named 'Acme': the portfolio has no partners yet."


def test_an_action_for_no_partner_is_refused_in_one_sentence(portfolio):
    with pytest.raises(InvalidValue) as refused:
        add_action(portfolio.uow(), Action(None, "Send"))
    assert str(refused.value) == "Choose the partner this belongs to."


def test_a_decision_needed_holds_500_characters_and_no_more(portfolio, acme):
    with pytest.raises(InvalidValue) as refused:
        update_partner(portfolio.uow(), dataclasses.replace(acme, decision_needed="x" * 501))
    assert str(refused.value) == ("The decision needed is too long (501 characters; at most "
                                  "500).")
    kept = update_partner(portfolio.uow(), dataclasses.replace(acme, decision_needed="y" * 500))
    assert kept.decision_needed == "y" * 500


def test_a_stakeholders_email_is_a_name_of_at_most_200_characters(portfolio, acme):
    with pytest.raises(InvalidValue) as refused:
        add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Ann", Side.OURS,
                                                     email="x" * (MAX_NAME + 1)))
    assert str(refused.value) == (f"The email is too long ({MAX_NAME + 1:,} characters; at most "
                                  f"{MAX_NAME:,}).")
