"""Stakeholders on both sides, the ties between them, and removal that undoes exactly."""

import dataclasses

import pytest

from planner.domain.errors import InvalidValue
from planner.domain.model import Level, Meeting, Partner, Side, Stakeholder, Strength, Tie
from planner.services.meetings import meetings, record_meeting
from planner.services.partners import add_partner
from planner.services.people import (
    add_stakeholder,
    add_tie,
    people,
    remove_stakeholder,
    remove_tie,
    restore_stakeholder,
    restore_tie,
    update_stakeholder,
    update_tie,
)
from tests.services.conftest import TODAY


@pytest.fixture
def family(portfolio, acme):
    uow = portfolio.uow
    ours = add_stakeholder(uow(), Stakeholder(acme.id, "Hannah Becker", Side.OURS,
                                              Level.EXECUTIVE, "VP Alliances", True))
    ours2 = add_stakeholder(uow(), Stakeholder(acme.id, "Tom Reid", Side.OURS, Level.OPERATIONAL))
    theirs = add_stakeholder(uow(), Stakeholder(acme.id, "Rajesh Rao", Side.THEIRS,
                                                Level.EXECUTIVE, email="raj@acme.example"))
    theirs2 = add_stakeholder(uow(), Stakeholder(acme.id, "Li Wei", Side.THEIRS,
                                                 Level.MANAGEMENT))
    return ours, ours2, theirs, theirs2


def test_add_and_update_a_stakeholder(portfolio, family):
    ours = family[0]
    assert ours.id is not None and ours.ambassador
    changed = dataclasses.replace(ours, role="Chief Partner Officer", phone="+44 20 7946 0000")
    assert update_stakeholder(portfolio.uow(), changed) == changed


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "name is required"),
    ({"email": "not an address"}, "not an email address"),
    ({"side": "ours"}, r"^A stakeholder is on our side or theirs\.$"),
    ({"level": "board"}, r"^A stakeholder's level is executive, management or operational\.$"),
])
def test_invalid_stakeholders_are_refused(portfolio, acme, change, message):
    with pytest.raises(InvalidValue, match=message):
        add_stakeholder(portfolio.uow(), dataclasses.replace(Stakeholder(acme.id, "Ann"),
                                                             **change))


def test_a_tie_given_the_wrong_way_round_is_swapped(portfolio, acme, family):
    ours, _, theirs, _ = family
    tie = add_tie(portfolio.uow(), Tie(acme.id, theirs.id, ours.id, Strength.STRONG))
    assert (tie.ours_id, tie.theirs_id, tie.strength) == (ours.id, theirs.id, Strength.STRONG)


def test_a_tie_on_one_side_is_refused(portfolio, acme, family):
    ours, ours2, theirs, theirs2 = family
    with pytest.raises(InvalidValue, match="one of our people to one of theirs"):
        add_tie(portfolio.uow(), Tie(acme.id, ours.id, ours2.id))
    with pytest.raises(InvalidValue, match="one of our people to one of theirs"):
        add_tie(portfolio.uow(), Tie(acme.id, theirs.id, theirs2.id))


def test_a_tie_twice_is_refused(portfolio, acme, family):
    ours, _, theirs, _ = family
    add_tie(portfolio.uow(), Tie(acme.id, ours.id, theirs.id))
    with pytest.raises(InvalidValue, match="Hannah Becker and Rajesh Rao are already tied"):
        add_tie(portfolio.uow(), Tie(acme.id, theirs.id, ours.id, Strength.WEAK))


def test_a_tie_across_partners_is_refused(portfolio, acme, family):
    beta = add_partner(portfolio.uow(), Partner("Beta"))
    stranger = add_stakeholder(portfolio.uow(), Stakeholder(beta.id, "Stranger", Side.THEIRS))
    with pytest.raises(InvalidValue, match="belong to this partner"):
        add_tie(portfolio.uow(), Tie(acme.id, family[0].id, stranger.id))


def test_update_remove_and_restore_a_tie(portfolio, acme, family):
    ours, _, theirs, _ = family
    tie = add_tie(portfolio.uow(), Tie(acme.id, ours.id, theirs.id))
    stronger = update_tie(portfolio.uow(), dataclasses.replace(tie, strength=Strength.STRONG))
    assert stronger.strength is Strength.STRONG
    removed = remove_tie(portfolio.uow(), tie.id)
    assert people(portfolio.uow(), acme.id)[1] == []
    assert restore_tie(portfolio.uow(), removed) == stronger


def test_a_tied_person_cannot_change_sides(portfolio, acme, family):
    ours, _, theirs, _ = family
    add_tie(portfolio.uow(), Tie(acme.id, ours.id, theirs.id))
    with pytest.raises(InvalidValue, match="Remove this person's ties"):
        update_stakeholder(portfolio.uow(), dataclasses.replace(ours, side=Side.THEIRS))


def test_remove_and_restore_a_stakeholder_with_ties_and_attendance(portfolio, acme, family):
    ours, ours2, theirs, theirs2 = family
    add_tie(portfolio.uow(), Tie(acme.id, ours.id, theirs.id))
    add_tie(portfolio.uow(), Tie(acme.id, ours.id, theirs2.id, Strength.WEAK))
    add_tie(portfolio.uow(), Tie(acme.id, ours2.id, theirs2.id))
    meeting = record_meeting(portfolio.uow(), Meeting(
        acme.id, TODAY, attendee_ids=(theirs.id, ours.id, theirs2.id)))
    before_people, before_meetings = people(portfolio.uow(), acme.id), meetings(portfolio.uow(),
                                                                                acme.id)

    removal = remove_stakeholder(portfolio.uow(), ours.id)
    assert removal.stakeholder == ours
    assert len(removal.ties) == 2
    assert removal.meetings == (meeting,)
    stakeholders, ties = people(portfolio.uow(), acme.id)
    assert ours not in stakeholders and len(ties) == 1
    assert meetings(portfolio.uow(), acme.id)[0].attendee_ids == (theirs.id, theirs2.id)

    assert restore_stakeholder(portfolio.uow(), removal) == ours
    assert people(portfolio.uow(), acme.id) == before_people
    assert meetings(portfolio.uow(), acme.id) == before_meetings
