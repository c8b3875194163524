"""Every record kind through its repository and back, on both engines, with every field set:
text in many scripts (astral characters, combining marks, right-to-left, controls, quotes and
backslashes), every text at the longest the app or the interchange format lets in, dates at
both ends of the calendar, the largest worth and the smallest, None wherever a field may be
empty, and every default. What goes in is what comes out: a file keeps anything SQLite does,
so a server must keep the same (its columns are typed and sized; SQLite's are not)."""

import dataclasses
import datetime as dt

import pytest

from planner.domain.model import (
    Action,
    Area,
    Cadence,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Kind,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Rating,
    Scope,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueCategory,
    ValueExchange,
)
from planner.domain.stages import Stage
from planner.services.editing import MAX_ACTION_TEXT, MAX_NAME, MAX_PHONE, MAX_TEXT

MIXED = "Zoë ß 日本語 🚀 e\u0301 \u202eאבג\u202c 'q\"uo\\te' \t\u0007 %_ "


def text_of(length: int, seed: str = MIXED) -> str:
    """Exactly `length` characters (code points) of mixed text."""
    return (seed * (length // len(seed) + 1))[:length]


FIRST, LAST = dt.date(1, 1, 1), dt.date(9999, 12, 31)
MAX_WORTH = 10**15  # the interchange format's and the editor's largest worth
MAX_EMAIL = 254  # the interchange format's longest address (RFC 5321's)


def stored_as(repository, obj):
    """What the repository hands back for `obj`, read again in a new unit of work."""
    return repository.get(repository.add(obj).id)


def same(stored, obj) -> None:
    assert stored == dataclasses.replace(obj, id=stored.id), type(obj).__name__


def the_longest(store):
    """A partner and one of every record it can hold, every field at its fullest."""
    # a name of 200 characters whose case-folded key is longer ("ß" folds to "ss")
    name = text_of(MAX_NAME, "Straße ")
    with store.unit_of_work() as uow:
        partner = Partner(name=name, stage=Stage.BRIDGES, organisation=text_of(MAX_NAME, "🚀é"),
                          kind=Kind.VERTICAL, definition=text_of(MAX_TEXT),
                          unique_result=text_of(MAX_TEXT, "ünï "), owner=text_of(MAX_NAME),
                          next_review=FIRST, review_place=text_of(MAX_NAME, "日本"),
                          tags=("quo\"te", "back\\slash", "🚀", text_of(60)),
                          notes=text_of(MAX_TEXT, "\n\r\n"), created_on=LAST,
                          stage_since=FIRST, decision_needed=text_of(MAX_TEXT))
        got = uow.partners.get(uow.partners.add(partner).id)
        same(got, partner)
        pid = got.id
        ours = stored_as(uow.stakeholders, Stakeholder(
            pid, text_of(MAX_NAME), Side.OURS, Level.EXECUTIVE, role=text_of(MAX_NAME),
            ambassador=True, email="a" * (MAX_EMAIL - 12) + "@example.org",
            phone=text_of(MAX_PHONE, "+44 (0) 20 ")))
        theirs = stored_as(uow.stakeholders, Stakeholder(pid, "Ünal", Side.THEIRS))
        meeting = Meeting(pid, LAST, MeetingKind.BOARD, place=text_of(MAX_NAME),
                          attendee_ids=(theirs.id, ours.id), notes=text_of(MAX_TEXT),
                          decisions=text_of(MAX_TEXT), moment_of_truth=True,
                          decision_needed=text_of(MAX_TEXT))
        meeting_id = uow.meetings.add(meeting).id
        records = [
            ours,
            Tie(pid, ours.id, theirs.id, Strength.STRONG),
            Difference(pid, Area.BUSINESS_MODEL, ours=text_of(MAX_TEXT), theirs=text_of(MAX_TEXT),
                       likelihood=Rating.HIGH, impact=Rating.LOW,
                       management=text_of(MAX_TEXT), owner=text_of(MAX_NAME),
                       status=DifferenceStatus.MANAGED, question=text_of(MAX_TEXT),
                       agreed_with_partner=True, last_reviewed=LAST),
            dataclasses.replace(meeting, id=meeting_id),
            Action(pid, text_of(MAX_ACTION_TEXT), owner=text_of(MAX_NAME), side=Side.THEIRS,
                   due=FIRST, done=True, done_on=LAST, meeting_id=meeting_id),
            ValueExchange(pid, Side.THEIRS, text_of(2000), MAX_WORTH, LAST,
                          category=ValueCategory.CONTRACT_PAYMENT),
            HealthCheck(pid, FIRST, (HealthScore("trust", 5, None),
                                     HealthScore("communication", 1, 5)), text_of(MAX_TEXT)),
            ChecklistItem(pid, Stage.EXIT, text_of(500), 15, True, LAST, text_of(MAX_TEXT), 7,
                          scope=Scope.INTERNAL, cadence=Cadence.HALF_YEARLY,
                          not_applicable=True, not_applicable_reason=text_of(MAX_TEXT),
                          choice_group=text_of(60)),
        ]
        uow.commit()
    return pid, records


REPOSITORY = {Stakeholder: "stakeholders", Tie: "ties", Difference: "differences",
              Meeting: "meetings", Action: "actions", ValueExchange: "value",
              HealthCheck: "health", ChecklistItem: "checklist"}


def test_every_field_at_its_fullest_comes_back_as_it_went_in(store):
    pid, records = the_longest(store)
    with store.unit_of_work() as uow:
        for obj in records:
            repository = getattr(uow, REPOSITORY[type(obj)])
            if obj.id is None:
                obj = repository.add(obj)  # noqa: PLW2901 - stored now, compared below
                uow.commit()
            same(repository.get(obj.id), obj)
        (record,) = uow.load_records([pid])
    assert {type(r).__name__ for r in records} == {c.__name__ for c in REPOSITORY}
    # and the whole partner, loaded as a brief or an export loads it
    assert len(record.partner.name) == MAX_NAME and record.meetings[0].attendee_ids[0] > 0
    assert record.value[0].worth == MAX_WORTH


def test_every_field_left_empty_comes_back_empty(store):
    """Only what is required: every optional field None or its default, on both engines."""
    with store.unit_of_work() as uow:
        partner = Partner("A")
        got = uow.partners.get(uow.partners.add(partner).id)
        same(got, partner)
        assert got.next_review is got.created_on is got.stage_since is None
        pid = got.id
        ours = stored_as(uow.stakeholders, Stakeholder(pid, "B", Side.OURS))
        theirs = stored_as(uow.stakeholders, Stakeholder(pid, "C"))
        for obj in (Tie(pid, ours.id, theirs.id), Difference(pid, Area.CULTURE),
                    Meeting(pid, dt.date(2026, 6, 1)), Action(pid, "D"),
                    ValueExchange(pid, Side.OURS, "E"), HealthCheck(pid, dt.date(2026, 6, 1)),
                    ChecklistItem(pid, Stage.COURTSHIP, "F")):
            same(stored_as(getattr(uow, REPOSITORY[type(obj)]), obj), obj)
        uow.commit()


def test_a_whole_partner_record_goes_in_and_comes_out_whole(store):
    """insert_records (import, copy, undo of a removal) and load_records (export, brief):
    the fullest partner, written in one go and read back, is the same record."""
    pid, records = the_longest(store)
    with store.unit_of_work() as uow:
        for obj in records:
            if obj.id is None:
                getattr(uow, REPOSITORY[type(obj)]).add(obj)
        uow.commit()
    with store.unit_of_work() as uow:
        (original,) = uow.load_records([pid])
        uow.partners.remove(pid)
        renamed = dataclasses.replace(original.partner, name="Again " + original.partner.name[6:])
        (new_id,) = uow.insert_records([dataclasses.replace(original, partner=renamed)])
        uow.commit()
    with store.unit_of_work() as uow:
        (again,) = uow.load_records([new_id])
    assert again.partner == dataclasses.replace(renamed, id=new_id)
    for part in ("checklist", "stakeholders", "differences", "actions", "value", "health"):
        strip = ("id", "partner_id", "meeting_id") if part == "actions" else ("id", "partner_id")
        assert [_without(r, strip) for r in getattr(again, part)] == [
            _without(r, strip) for r in getattr(original, part)], part
    assert len(again.ties) == len(original.ties) == 1
    assert [_without(m, ("id", "partner_id", "attendee_ids")) for m in again.meetings] == [
        _without(m, ("id", "partner_id", "attendee_ids")) for m in original.meetings]
    assert isinstance(again, PartnerRecord)


def _without(obj, names):
    return {k: v for k, v in dataclasses.asdict(obj).items() if k not in names}


@pytest.mark.parametrize("value", ["", "x", text_of(MAX_TEXT), "Zoë 🚀 \u202e"])
def test_a_setting_is_kept_exactly(store, value):
    with store.unit_of_work() as uow:
        uow.settings.put("name", value)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.settings.get("name") == value and uow.settings.get("absent") is None
