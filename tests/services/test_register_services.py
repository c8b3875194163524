"""Differences, meetings and actions, value exchanges and health checks."""

import dataclasses
import datetime as dt

import pytest

from planner.domain.errors import InvalidValue, NotFound
from planner.domain.model import (
    Action,
    Area,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Meeting,
    MeetingKind,
    Partner,
    Rating,
    Side,
    Stakeholder,
    ValueExchange,
)
from planner.services import health as health_service
from planner.services.differences import (
    differences,
    record_difference,
    remove_difference,
    restore_difference,
    update_difference,
)
from planner.services.meetings import (
    actions,
    add_action,
    complete_action,
    meetings,
    record_meeting,
    remove_action,
    remove_meeting,
    restore_action,
    restore_meeting,
    update_meeting,
)
from planner.services.partners import add_partner
from planner.services.people import add_stakeholder
from planner.services.value import exchanges, record_exchange, remove_exchange, update_exchange
from tests.services.conftest import TODAY

# differences ------------------------------------------------------------------------------

def test_record_update_remove_restore_a_difference(portfolio, acme):
    low = record_difference(portfolio.uow(), Difference(
        acme.id, Area.CULTURE, "We decide in the room", "", Rating.LOW, Rating.LOW))
    high = record_difference(portfolio.uow(), Difference(
        acme.id, Area.PROCESS, "Quarterly plans", "Weekly sprints", Rating.HIGH, Rating.HIGH,
        owner="Tom"))
    assert [d.id for d in differences(portfolio.uow(), acme.id)] == [high.id, low.id]

    managed = update_difference(portfolio.uow(), dataclasses.replace(
        high, management="Monthly joint planning", status=DifferenceStatus.MANAGED))
    assert managed.status is DifferenceStatus.MANAGED
    assert [d.id for d in differences(portfolio.uow(), acme.id)] == [low.id, high.id]

    removed = remove_difference(portfolio.uow(), low.id)
    assert [d.id for d in differences(portfolio.uow(), acme.id)] == [high.id]
    assert restore_difference(portfolio.uow(), removed) == low


@pytest.mark.parametrize("change, message", [
    ({"ours": "", "theirs": " "}, "needs one side"),
    ({"area": "religion"}, "area"),
    ({"impact": "huge"}, r"^Likelihood and impact are low, medium or high\.$"),
    ({"likelihood": None}, r"^Likelihood and impact are low, medium or high\.$"),
    ({"status": "closed"}, "open, managed or resolved"),
    ({"owner": "x" * 201}, "too long"),
])
def test_invalid_differences_are_refused(portfolio, acme, change, message):
    with pytest.raises(InvalidValue, match=message):
        record_difference(portfolio.uow(), dataclasses.replace(
            Difference(acme.id, Area.OTHER, "We", "They"), **change))
    assert differences(portfolio.uow(), acme.id) == []


# meetings and actions ---------------------------------------------------------------------

@pytest.fixture
def meeting(portfolio, acme):
    ann = add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Ann", Side.OURS))
    return record_meeting(portfolio.uow(), Meeting(
        acme.id, TODAY - dt.timedelta(days=7), MeetingKind.BOARD, "Manchester", (ann.id, ann.id),
        "Went well", "Pilot in Leeds", True))


def test_record_and_update_a_meeting(portfolio, acme, meeting):
    assert len(meeting.attendee_ids) == 1 and meeting.moment_of_truth
    later = record_meeting(portfolio.uow(), Meeting(acme.id, TODAY))
    assert [m.id for m in meetings(portfolio.uow(), acme.id)] == [later.id, meeting.id]
    changed = update_meeting(portfolio.uow(), dataclasses.replace(meeting, attendee_ids=(),
                                                                  notes="Tense"))
    assert changed.attendee_ids == () and changed.notes == "Tense"


def test_meeting_attendees_must_belong_to_the_partner(portfolio, acme):
    beta = add_partner(portfolio.uow(), Partner("Beta"))
    stranger = add_stakeholder(portfolio.uow(), Stakeholder(beta.id, "Stranger"))
    with pytest.raises(InvalidValue, match="stakeholders of this partner"):
        record_meeting(portfolio.uow(), Meeting(acme.id, TODAY, attendee_ids=(stranger.id,)))


def test_a_meeting_needs_a_real_date(portfolio, acme):
    with pytest.raises(InvalidValue, match="real date"):
        record_meeting(portfolio.uow(), Meeting(acme.id, None))
    with pytest.raises(InvalidValue, match="real date"):
        record_meeting(portfolio.uow(), Meeting(acme.id, dt.datetime(2026, 1, 1, 9)))


def test_removing_a_meeting_keeps_its_actions_and_restore_reattaches_them(portfolio, acme,
                                                                           meeting):
    first = add_action(portfolio.uow(), Action(acme.id, "Send the pilot plan", "Ann",
                                               due=TODAY, meeting_id=meeting.id))
    second = add_action(portfolio.uow(), Action(acme.id, "Book the lab", side=Side.THEIRS,
                                                meeting_id=meeting.id))
    loose = add_action(portfolio.uow(), Action(acme.id, "Unrelated"))

    removal = remove_meeting(portfolio.uow(), meeting.id)
    assert removal.meeting == meeting
    assert {a.id for a in removal.actions} == {first.id, second.id}
    assert meetings(portfolio.uow(), acme.id) == []
    left = {a.id: a for a in actions(portfolio.uow(), acme.id)}
    assert set(left) == {first.id, second.id, loose.id}
    assert left[first.id].meeting_id is None and left[second.id].meeting_id is None

    restored = restore_meeting(portfolio.uow(), removal)
    assert restored == meeting
    back = {a.id: a for a in actions(portfolio.uow(), acme.id)}
    assert back[first.id] == first and back[second.id] == second and back[loose.id] == loose


def test_actions_order_complete_and_remove(portfolio, acme):
    late = add_action(portfolio.uow(), Action(acme.id, "Late", due=TODAY - dt.timedelta(days=3)))
    soon = add_action(portfolio.uow(), Action(acme.id, "Soon", due=TODAY + dt.timedelta(days=3)))
    undated = add_action(portfolio.uow(), Action(acme.id, "Some day"))
    assert late.is_overdue(TODAY) and not soon.is_overdue(TODAY)
    done = complete_action(portfolio.uow(), soon.id, True, TODAY)
    assert done.done and done.done_on == TODAY
    assert [a.id for a in actions(portfolio.uow(), acme.id)] == [late.id, undated.id, soon.id]
    reopened = complete_action(portfolio.uow(), soon.id, False, TODAY)
    assert reopened.done_on is None
    removed = remove_action(portfolio.uow(), late.id)
    assert restore_action(portfolio.uow(), removed) == late


def test_an_action_belongs_to_a_meeting_of_the_same_partner(portfolio, acme, meeting):
    beta = add_partner(portfolio.uow(), Partner("Beta"))
    with pytest.raises(InvalidValue, match="same partner"):
        add_action(portfolio.uow(), Action(beta.id, "Cross", meeting_id=meeting.id))
    with pytest.raises(InvalidValue, match="action is required"):
        add_action(portfolio.uow(), Action(acme.id, " "))
    with pytest.raises(NotFound):
        add_action(portfolio.uow(), Action(acme.id, "Ghost", meeting_id=999))


# value ------------------------------------------------------------------------------------

def test_record_update_and_remove_value(portfolio, acme):
    given = record_exchange(portfolio.uow(), ValueExchange(acme.id, Side.OURS, "Two engineers",
                                                           40000, TODAY))
    got = record_exchange(portfolio.uow(), ValueExchange(acme.id, Side.THEIRS, "Leads", 0))
    assert exchanges(portfolio.uow(), acme.id) == [given, got]
    bigger = update_exchange(portfolio.uow(), dataclasses.replace(got, worth=25000))
    assert bigger.worth == 25000
    remove_exchange(portfolio.uow(), given.id)
    assert exchanges(portfolio.uow(), acme.id) == [bigger]


@pytest.mark.parametrize("worth", [-1, 1.5, True, 10**16, "100"])
def test_worth_must_be_a_whole_amount_of_zero_or_more(portfolio, acme, worth):
    with pytest.raises(InvalidValue, match="worth"):
        record_exchange(portfolio.uow(), ValueExchange(acme.id, Side.OURS, "Cash", worth))
    assert exchanges(portfolio.uow(), acme.id) == []


def test_value_needs_a_giver_and_what(portfolio, acme):
    with pytest.raises(InvalidValue, match="which side gives"):
        record_exchange(portfolio.uow(), ValueExchange(acme.id, "us", "Cash", 1))
    with pytest.raises(InvalidValue, match="what was given is required"):
        record_exchange(portfolio.uow(), ValueExchange(acme.id, Side.OURS, " ", 1))


# health -----------------------------------------------------------------------------------

def scores(*ours, theirs=None):
    keys = [d.key for d in health_service.dimensions()]
    return tuple(HealthScore(keys[i], v, theirs) for i, v in enumerate(ours))


def test_record_health_checks_oldest_first(portfolio, acme):
    later = health_service.record_check(portfolio.uow(), HealthCheck(
        acme.id, TODAY, scores(4, 4, 5, theirs=3), "Better"))
    earlier = health_service.record_check(portfolio.uow(), HealthCheck(
        acme.id, TODAY - dt.timedelta(days=90), scores(2, 3)))
    assert health_service.checks(portfolio.uow(), acme.id) == [earlier, later]
    assert later.scores == scores(4, 4, 5, theirs=3)
    changed = health_service.update_check(portfolio.uow(), dataclasses.replace(
        earlier, scores=scores(1, 1, 1)))
    assert len(changed.scores) == 3
    removed = health_service.remove_check(portfolio.uow(), earlier.id)
    assert health_service.checks(portfolio.uow(), acme.id) == [later]
    assert health_service.restore_check(portfolio.uow(), removed) == changed


@pytest.mark.parametrize("bad", [
    scores(0), scores(6), scores(3, theirs=0), scores(3, theirs=6),
    (HealthScore("strategic_value", True),), (HealthScore("strategic_value", 2.5),),
])
def test_scores_run_from_one_to_five(portfolio, acme, bad):
    with pytest.raises(InvalidValue, match="1 \\(poor\\) to 5 \\(excellent\\)"):
        health_service.record_check(portfolio.uow(), HealthCheck(acme.id, TODAY, bad))
    assert health_service.checks(portfolio.uow(), acme.id) == []


def test_a_health_check_needs_scores_once_each_and_a_date(portfolio, acme):
    with pytest.raises(InvalidValue, match="at least one"):
        health_service.record_check(portfolio.uow(), HealthCheck(acme.id, TODAY, ()))
    twice = (HealthScore("trust", 3), HealthScore("trust", 4))
    with pytest.raises(InvalidValue, match="scored twice"):
        health_service.record_check(portfolio.uow(), HealthCheck(acme.id, TODAY, twice))
    with pytest.raises(InvalidValue, match="real date"):
        health_service.record_check(portfolio.uow(), HealthCheck(acme.id, "2026-01-01",
                                                                 scores(3)))
