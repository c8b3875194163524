"""No lost update: a record saved over a version someone else has moved on is refused with
who changed what and when, on both engines, for every kind of record; nothing is written."""

import dataclasses
import datetime as dt
import getpass
import re

import pytest

from planner.domain.errors import DuplicateName, EditConflict, NotFound
from planner.domain.model import (
    Action,
    Area,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Meeting,
    Partner,
    Rating,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueExchange,
)
from planner.domain.stages import Stage
from planner.services import checklist, differences, health, meetings, partners, people, value
from planner.services.conflicts import changed_fields, moment
from tests.two_people import CLOCK


def who(portfolio) -> str:
    """Whom a change is stamped with: the database user on a server, else the OS user."""
    return portfolio.location.user if portfolio.is_team else getpass.getuser()


def stored_difference(portfolio, acme, **changes):
    return differences.record_difference(portfolio.uow(), Difference(
        acme.id, Area.PROCESS, "Quarterly plans", "Weekly sprints", **changes))


def test_a_stale_save_is_refused_naming_who_changed_which_field_and_when(portfolio, acme):
    loaded = stored_difference(portfolio, acme)
    theirs = differences.update_difference(
        portfolio.uow(), dataclasses.replace(loaded, management="Monthly joint planning"))
    mine = dataclasses.replace(loaded, owner="Ann")

    with pytest.raises(EditConflict) as refused:
        differences.update_difference(portfolio.uow(), mine, loaded=loaded)

    message = str(refused.value)
    assert re.fullmatch(rf"{re.escape(who(portfolio))} changed the agreed way to manage this "
                        rf"difference {CLOCK}; your change was not saved\.", message), message
    assert refused.value.current == theirs
    now = differences.differences(portfolio.uow(), acme.id)[0]
    assert now == theirs and now.owner == "" and now.version == theirs.version


def test_without_what_was_loaded_the_record_is_named(portfolio, acme):
    loaded = stored_difference(portfolio, acme)
    differences.update_difference(portfolio.uow(), dataclasses.replace(loaded, owner="Tom"))
    with pytest.raises(EditConflict, match=rf"changed this difference {CLOCK}; your change"):
        differences.update_difference(portfolio.uow(), dataclasses.replace(loaded, owner="Ann"))


def test_the_loaded_version_is_what_the_save_checks_and_a_fresh_one_saves(portfolio, acme):
    loaded = stored_difference(portfolio, acme)
    first = differences.update_difference(
        portfolio.uow(), dataclasses.replace(loaded, owner="Tom"), loaded=loaded)
    assert first.version == loaded.version + 1
    with pytest.raises(EditConflict):  # the same loaded version cannot win twice
        differences.update_difference(
            portfolio.uow(), dataclasses.replace(loaded, owner="Ann"), loaded=loaded)
    second = differences.update_difference(
        portfolio.uow(), dataclasses.replace(first, owner="Ann"), loaded=first)
    assert (second.owner, second.version) == ("Ann", first.version + 1)


def test_several_changed_fields_are_listed(portfolio, acme):
    loaded = stored_difference(portfolio, acme)
    differences.update_difference(portfolio.uow(), dataclasses.replace(
        loaded, management="Monthly", status=DifferenceStatus.MANAGED, owner="Tom"))
    with pytest.raises(EditConflict, match=r"changed this difference \(agreed way to manage "
                                           r"it, owner and status\) at"):
        differences.update_difference(portfolio.uow(), loaded, loaded=loaded)


def test_a_record_removed_meanwhile_is_said_so(portfolio, acme):
    loaded = stored_difference(portfolio, acme)
    differences.remove_difference(portfolio.uow(), loaded.id)
    with pytest.raises(NotFound, match="That difference no longer exists; it may have been "
                                       "removed."):
        differences.update_difference(portfolio.uow(), dataclasses.replace(loaded, owner="A"),
                                      loaded=loaded)


def test_a_removal_over_someone_elses_change_is_refused(portfolio, acme):
    loaded = stored_difference(portfolio, acme)
    differences.update_difference(portfolio.uow(), dataclasses.replace(loaded, owner="Tom"))
    with pytest.raises(EditConflict, match=rf"changed this difference {CLOCK}; it was not "
                                           "removed."):
        differences.remove_difference(portfolio.uow(), loaded.id, loaded.version)
    assert [d.owner for d in differences.differences(portfolio.uow(), acme.id)] == ["Tom"]


# every kind of record --------------------------------------------------------------------

def _kinds(uow, acme):
    """(part, service module's update, a stored record, an edit someone else makes, mine)."""
    ours = people.add_stakeholder(uow(), Stakeholder(acme.id, "Ola", Side.OURS))
    theirs = people.add_stakeholder(uow(), Stakeholder(acme.id, "Tess", Side.THEIRS))
    meeting = meetings.record_meeting(uow(), Meeting(acme.id, dt.date(2026, 5, 1)))
    return {
        "partner": (partners.update_partner, partners.get_partner(uow(), acme.id),
                    {"notes": "Theirs"}, {"owner": "Mine"}, "the notes of this partner"),
        "stakeholder": (people.update_stakeholder, ours, {"role": "CFO"}, {"email": "o@x.org"},
                        "the role of this stakeholder"),
        "tie": (people.update_tie, people.add_tie(uow(), Tie(acme.id, ours.id, theirs.id)),
                {"strength": Strength.STRONG}, {"strength": Strength.WEAK},
                "the strength of this tie"),
        "difference": (differences.update_difference, differences.record_difference(
            uow(), Difference(acme.id, Area.CULTURE, "Fast")), {"question": "Why?"},
            {"owner": "Me"}, "the question to ask about this difference"),
        "meeting": (meetings.update_meeting, meeting, {"attendee_ids": (ours.id,)},
                    {"place": "Utrecht"}, "who attends this meeting"),
        "action": (meetings.update_action, meetings.add_action(uow(), Action(
            acme.id, "Send the plan")), {"done": True}, {"owner": "Me"},
            "whether this action is done"),
        "value exchange": (value.update_exchange, value.record_exchange(uow(), ValueExchange(
            acme.id, Side.OURS, "Leads", 10)), {"worth": 20}, {"what": "Two leads"},
            "the worth of this value exchange"),
        "health check": (health.update_check, health.record_check(uow(), HealthCheck(
            acme.id, dt.date(2026, 5, 2), (HealthScore("trust", 3),))),
            {"scores": (HealthScore("trust", 4),)}, {"comment": "Mine"},
            "the scores of this health check"),
        "checklist item": (checklist.update_item, checklist.add_item(uow(), ChecklistItem(
            acme.id, Stage.BRIDGES, "Name an ambassador")), {"note": "Theirs"},
            {"note": "Mine"}, "the note of this checklist item"),
    }


KINDS = ("partner", "stakeholder", "tie", "difference", "meeting", "action", "value exchange",
         "health check", "checklist item")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_record_refuses_a_stale_save(portfolio, acme, kind):
    update, loaded, their_edit, my_edit, phrase = _kinds(portfolio.uow, acme)[kind]
    theirs = update(portfolio.uow(), dataclasses.replace(loaded, **their_edit), loaded=loaded)
    assert theirs.version == loaded.version + 1

    with pytest.raises(EditConflict) as refused:
        update(portfolio.uow(), dataclasses.replace(loaded, **my_edit), loaded=loaded)
    assert f"{who(portfolio)} changed {phrase} at" in str(refused.value)
    assert refused.value.current == theirs  # and mine was not written
    for name, mine in my_edit.items():
        if their_edit.get(name) != mine:
            assert getattr(refused.value.current, name) != mine


def test_changing_only_a_meetings_attendees_moves_its_version_on(portfolio, acme):
    person = people.add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Tess"))
    loaded = meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 1)))
    theirs = meetings.update_meeting(portfolio.uow(),
                                     dataclasses.replace(loaded, attendee_ids=(person.id,)))
    assert theirs.version == loaded.version + 1
    with pytest.raises(EditConflict, match="who attends this meeting"):
        meetings.update_meeting(portfolio.uow(), dataclasses.replace(loaded, notes="Mine"),
                                loaded=loaded)
    assert meetings.meetings(portfolio.uow(), acme.id)[0].attendee_ids == (person.id,)


def test_naming_someone_twice_in_an_unchanged_meeting_is_no_change(portfolio, acme):
    """Saved as it is kept (each attendee once): the version does not move on, so nobody
    else's later save of the meeting is refused over a change that was never made."""
    person = people.add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Tess"))
    loaded = meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 1),
                                                              attendee_ids=(person.id,)))
    again = meetings.update_meeting(
        portfolio.uow(), dataclasses.replace(loaded, attendee_ids=(person.id, person.id)),
        loaded=loaded)
    assert again.version == loaded.version and again.attendee_ids == (person.id,)
    meetings.update_meeting(portfolio.uow(), dataclasses.replace(loaded, notes="Mine"),
                            loaded=loaded)  # not refused


def test_rows_are_stamped_with_who_saves_on_this_engine(portfolio, acme):
    stored = stored_difference(portfolio, acme)
    differences.update_difference(portfolio.uow(), dataclasses.replace(stored, owner="X"))
    with portfolio.uow() as uow:
        assert uow.differences.stamp(stored.id)[0] == who(portfolio)
        assert uow.partners.stamp(acme.id)[0] == who(portfolio)
        assert {uow.checklist.stamp(i.id)[0] for i in uow.checklist.for_partner(acme.id)} \
            == {who(portfolio)}


def test_a_name_taken_meanwhile_gets_the_usual_sentence(portfolio, acme):
    loaded = partners.add_partner(portfolio.uow(), Partner("Globex"))
    # someone renamed another partner to the same name between our check and our save:
    # the database's unique key refuses it with the service's own sentence
    with portfolio.uow() as uow, pytest.raises(DuplicateName,
                                               match="A partner named 'Acme' is already in"):
        uow.partners.save(dataclasses.replace(loaded, name="Acme"))


# the words --------------------------------------------------------------------------------

def test_the_moment_is_local_time_with_the_date_when_not_today():
    now = dt.datetime(2026, 11, 26, 15, 0).astimezone()
    utc = now.astimezone(dt.UTC).replace(tzinfo=None)
    assert moment(utc, now) == f"at {now:%H:%M}"
    earlier = utc - dt.timedelta(days=2)
    local = (now - dt.timedelta(days=2))
    assert moment(earlier, now) == f"on {local.day} {local:%b} at {local:%H:%M}"
    last_year = utc - dt.timedelta(days=400)
    assert moment(last_year, now).endswith(f"{(now - dt.timedelta(days=400)):%Y} at "
                                           f"{now:%H:%M}")


def test_fields_are_named_in_the_domains_words():
    loaded = Difference(1, Area.CULTURE, "A")
    assert changed_fields("differences", loaded, dataclasses.replace(loaded, management="M")) \
        == "the agreed way to manage this difference"
    assert changed_fields("differences", None, loaded) == "this difference"
    assert changed_fields("differences", loaded, dataclasses.replace(loaded, version=7)) \
        == "this difference"


# ticks, completions and stage moves --------------------------------------------------------

def test_a_tick_over_a_version_moved_on_is_refused(portfolio, acme):
    loaded = checklist.checklist(portfolio.uow(), acme.id)[0]
    checklist.update_item(portfolio.uow(), dataclasses.replace(loaded, note="Theirs"))
    with pytest.raises(EditConflict, match=rf"changed this checklist item {CLOCK}"):
        checklist.tick_item(portfolio.uow(), loaded.id, True, dt.date(2026, 6, 1),
                            loaded.version)
    assert not checklist.checklist(portfolio.uow(), acme.id)[0].done
    ticked = checklist.tick_item(portfolio.uow(), loaded.id, True, dt.date(2026, 6, 1))
    assert ticked.done and ticked.note == "Theirs"  # without a version: onto what is stored


def test_completing_an_action_over_a_version_moved_on_is_refused(portfolio, acme):
    loaded = meetings.add_action(portfolio.uow(), Action(acme.id, "Send the plan"))
    meetings.update_action(portfolio.uow(), dataclasses.replace(loaded, owner="Tom"))
    with pytest.raises(EditConflict, match=rf"changed this action {CLOCK}"):
        meetings.complete_action(portfolio.uow(), loaded.id, True, dt.date(2026, 6, 1),
                                 loaded.version)
    assert not meetings.actions(portfolio.uow(), acme.id)[0].done


def test_a_stage_move_over_a_version_moved_on_is_refused(portfolio, acme):
    loaded = partners.get_partner(portfolio.uow(), acme.id)
    partners.update_partner(portfolio.uow(), dataclasses.replace(loaded, stage=Stage.EXIT))
    with pytest.raises(EditConflict, match=rf"changed this partner {CLOCK}"):
        partners.move_to_stage(portfolio.uow(), acme.id, Stage.COURTSHIP, confirmed=True,
                               version=loaded.version)
    assert partners.get_partner(portfolio.uow(), acme.id).stage is Stage.EXIT
    moved = partners.move_to_stage(portfolio.uow(), acme.id, Stage.BRIDGES, confirmed=True,
                                   version=loaded.version + 1)
    assert moved.version == loaded.version + 2


REMOVALS = {"partner": (partners.remove_partner, "partners"),
            "stakeholder": (people.remove_stakeholder, "stakeholders"),
            "tie": (people.remove_tie, "ties"),
            "difference": (differences.remove_difference, "differences"),
            "meeting": (meetings.remove_meeting, "meetings"),
            "action": (meetings.remove_action, "actions"),
            "value exchange": (value.remove_exchange, "value"),
            "health check": (health.remove_check, "health"),
            "checklist item": (checklist.remove_item, "checklist")}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_record_refuses_a_stale_removal_and_keeps_the_change(portfolio, acme,
                                                                            kind):
    update, loaded, their_edit, _, phrase = _kinds(portfolio.uow, acme)[kind]
    remove, part = REMOVALS[kind]
    theirs = update(portfolio.uow(), dataclasses.replace(loaded, **their_edit), loaded=loaded)

    with pytest.raises(EditConflict) as refused:
        remove(portfolio.uow(), loaded.id, loaded.version)
    assert re.fullmatch(rf"{re.escape(who(portfolio))} changed this {kind} {CLOCK}; it was "
                        r"not removed\.", str(refused.value)), str(refused.value)
    with portfolio.uow() as uow:
        assert getattr(uow, part).get(loaded.id) == theirs  # still there, as they left it
    removed = remove(portfolio.uow(), loaded.id, theirs.version)  # the current version may
    with portfolio.uow() as uow, pytest.raises(NotFound):
        getattr(uow, part).get(loaded.id)
    assert removed is not None


def test_an_item_marked_not_applicable_and_back_keeps_no_reason(portfolio, acme):
    item = checklist.checklist(portfolio.uow(), acme.id)[0]
    marked = checklist.mark_not_applicable(portfolio.uow(), item.id, "Not in this alliance")
    assert (marked.not_applicable, marked.not_applicable_reason) == (
        True, "Not in this alliance")
    back = checklist.mark_not_applicable(portfolio.uow(), item.id, None)
    assert (back.not_applicable, back.not_applicable_reason) == (False, "")
    stored = checklist.checklist(portfolio.uow(), acme.id)[0]
    assert (stored.not_applicable, stored.not_applicable_reason) == (False, "")


def test_ticking_or_marking_a_removed_item_not_applicable_says_it_is_gone(portfolio, acme):
    item = checklist.checklist(portfolio.uow(), acme.id)[0]
    checklist.remove_item(portfolio.uow(), item.id)
    with pytest.raises(NotFound, match="That checklist item no longer exists"):
        checklist.mark_not_applicable(portfolio.uow(), item.id, "Gone anyway")
    with pytest.raises(NotFound, match="That checklist item no longer exists"):
        checklist.tick_item(portfolio.uow(), item.id, True, dt.date(2026, 6, 1))


def test_a_list_of_changed_fields_names_each_without_the_record():
    exchange = ValueExchange(1, Side.OURS, "Leads", 10)
    assert changed_fields("value", exchange, dataclasses.replace(
        exchange, what="Two leads", giver=Side.THEIRS, worth=3)) \
        == "this value exchange (who gave, what was given and worth)"
    partner = Partner("Acme")
    assert changed_fields("partners", partner, dataclasses.replace(
        partner, unique_result="A market", definition="Joint")) \
        == "this partner (shared definition and result neither side could reach alone)"
    difference = Difference(1, Area.CULTURE, "A")
    assert changed_fields("differences", difference, dataclasses.replace(
        difference, likelihood=Rating.HIGH, question="Why?")) \
        == "this difference (likelihood of conflict and question to ask)"
