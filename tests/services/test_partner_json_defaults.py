"""What a partner in the JSON interchange format gets for each field it leaves out (the
format's defaults, README "The JSON interchange format"): a hand-written or older file's
partner is read as the app would have made it, with the provisional ids 1, 2, ... of
json_to_record."""

import datetime as dt

from planner.domain.model import (
    Action,
    Area,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    Kind,
    Level,
    Meeting,
    MeetingKind,
    Rating,
    Scope,
    Side,
    Stakeholder,
    ValueCategory,
    ValueExchange,
)
from planner.domain.stages import Stage
from planner.services.json_records import json_to_record

MAY_3 = dt.date(2026, 5, 3)


def test_every_field_left_out_takes_its_default():
    record = json_to_record({
        "name": "Acme", "stage": "bridges",
        "checklist": [{"stage": "bridges", "text": " Agree the goal ", "trait": "goal",
                       "done": False}],
        "stakeholders": [{"key": "a", "name": " Ann "}, {"key": "b", "name": "Bo"}],
        "differences": [{"area": "culture"}, {"area": "policy"}],
        "meetings": [{"key": "m", "date": "2026-05-03"}],
        "actions": [{"text": " Call "}],
        "value": [{"giver": "ours", "what": "Intro"}],
    }, "$.partners[0]")
    p = record.partner
    assert (p.name, p.stage, p.organisation, p.kind, p.definition, p.unique_result, p.owner,
            p.next_review, p.review_place, p.tags, p.notes, p.decision_needed) == (
        "Acme", Stage.BRIDGES, "", Kind.HORIZONTAL, "", "", "", None, "", (), "", "")
    assert record.checklist == (ChecklistItem(
        None, Stage.BRIDGES, "Agree the goal", "goal", False, None, "", 0, 1, Scope.JOINT,
        None, False, "", ""),)
    assert record.stakeholders == (
        Stakeholder(None, "Ann", Side.THEIRS, Level.MANAGEMENT, "", False, "", "", id=1),
        Stakeholder(None, "Bo", Side.THEIRS, Level.MANAGEMENT, "", False, "", "", id=2))
    assert record.differences == tuple(
        Difference(None, area, "", "", Rating.MEDIUM, Rating.MEDIUM, "", "",
                   DifferenceStatus.OPEN, "", id=n, agreed_with_partner=False,
                   last_reviewed=None)
        for n, area in ((1, Area.CULTURE), (2, Area.POLICY)))
    assert [d.id for d in record.differences] == [1, 2]
    assert record.meetings == (Meeting(None, MAY_3, MeetingKind.REVIEW, "", (), "", "", False,
                                       id=1, decision_needed=""),)
    assert record.actions == (Action(None, "Call", "", Side.OURS, None, False, None, None,
                                     id=1),)
    assert record.value == (ValueExchange(None, Side.OURS, "Intro", 0, None, id=1,
                                          category=ValueCategory.CONTRIBUTION),)
    assert record.ties == () and record.health == ()
