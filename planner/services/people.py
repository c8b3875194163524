"""Stakeholders on both sides and the ties between them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from planner.domain.errors import InvalidValue
from planner.domain.model import Level, Meeting, Side, Stakeholder, Strength, Tie
from planner.services.conflicts import REMOVAL_REFUSED, refusing_stale
from planner.services.editing import (
    MAX_PHONE,
    add_child,
    clean_fields,
    remove_child,
    update_child,
)
from planner.storage import UnitOfWork

_TEXT = {"name": "name", "role": "role", "email": "email", "phone": "phone"}


def validate_stakeholder(uow: UnitOfWork, person: Stakeholder) -> Stakeholder:
    person = clean_fields(person, _TEXT, required=("name",), names=("name", "role", "email",
                                                                     "phone"),
                          limits={"phone": MAX_PHONE})
    if not isinstance(person.side, Side):
        raise InvalidValue("A stakeholder is on our side or theirs.")
    if not isinstance(person.level, Level):
        raise InvalidValue("A stakeholder's level is executive, management or operational.")
    if person.email and ("@" not in person.email or " " in person.email):
        raise InvalidValue(f"{person.email!r} is not an email address.")
    if person.id is not None and uow.stakeholders.get(person.id).side is not person.side:
        ties = uow.ties.for_partner(person.partner_id)
        if any(person.id in (t.ours_id, t.theirs_id) for t in ties):
            raise InvalidValue("Remove this person's ties before moving them to the other side.")
    return person


def add_stakeholder(uow: UnitOfWork, person: Stakeholder) -> Stakeholder:
    return add_child(uow, "stakeholders", person, validate_stakeholder)


def update_stakeholder(uow: UnitOfWork, person: Stakeholder, *,
                       loaded: Stakeholder | None = None) -> Stakeholder:
    return update_child(uow, "stakeholders", person, validate_stakeholder, loaded=loaded)


@dataclass(frozen=True)
class StakeholderRemoval:
    """A removed stakeholder with the ties and meeting attendances that went with them."""

    stakeholder: Stakeholder
    ties: tuple[Tie, ...]
    meetings: tuple[Meeting, ...]


def remove_stakeholder(uow: UnitOfWork, stakeholder_id: int,
                       version: int | None = None) -> StakeholderRemoval:
    """Remove a stakeholder with their ties and attendances; given the version they were
    loaded at, only when nobody changed them since."""
    with refusing_stale(uow, "stakeholders", outcome=REMOVAL_REFUSED), uow:
        person = uow.stakeholders.get(stakeholder_id)
        ties = tuple(t for t in uow.ties.for_partner(person.partner_id)
                     if stakeholder_id in (t.ours_id, t.theirs_id))
        meetings = tuple(m for m in uow.meetings.for_partner(person.partner_id)
                         if stakeholder_id in m.attendee_ids)
        uow.stakeholders.remove(stakeholder_id, version)
        uow.commit()
        return StakeholderRemoval(person, ties, meetings)


def restore_stakeholder(uow: UnitOfWork, removal: StakeholderRemoval) -> Stakeholder:
    with uow:
        person = uow.stakeholders.add(removal.stakeholder)
        for tie in removal.ties:
            uow.ties.add(tie)
        for meeting in removal.meetings:
            current = uow.meetings.get(meeting.id)
            uow.meetings.save(dataclasses.replace(current, attendee_ids=meeting.attendee_ids))
        uow.commit()
        return person


def people(uow: UnitOfWork, partner_id: int) -> tuple[list[Stakeholder], list[Tie]]:
    with uow:
        return uow.stakeholders.for_partner(partner_id), uow.ties.for_partner(partner_id)


def validate_tie(uow: UnitOfWork, tie: Tie) -> Tie:
    ours = uow.stakeholders.get(tie.ours_id)
    theirs = uow.stakeholders.get(tie.theirs_id)
    if ours.side is Side.THEIRS and theirs.side is Side.OURS:
        ours, theirs = theirs, ours
        tie = dataclasses.replace(tie, ours_id=ours.id, theirs_id=theirs.id)
    if ours.side is not Side.OURS or theirs.side is not Side.THEIRS:
        raise InvalidValue("A tie joins one of our people to one of theirs.")
    if ours.partner_id != tie.partner_id or theirs.partner_id != tie.partner_id:
        raise InvalidValue("Both people in a tie must belong to this partner.")
    if not isinstance(tie.strength, Strength):
        raise InvalidValue("A tie is weak, working or strong.")
    existing = uow.ties.between(tie.ours_id, tie.theirs_id)
    if existing is not None and existing.id != tie.id:
        raise InvalidValue(f"{ours.name} and {theirs.name} are already tied.")
    return tie


def add_tie(uow: UnitOfWork, tie: Tie) -> Tie:
    return add_child(uow, "ties", tie, validate_tie)


def update_tie(uow: UnitOfWork, tie: Tie, *, loaded: Tie | None = None) -> Tie:
    return update_child(uow, "ties", tie, validate_tie, loaded=loaded)


def remove_tie(uow: UnitOfWork, tie_id: int, version: int | None = None) -> Tie:
    return remove_child(uow, "ties", tie_id, version)


def restore_tie(uow: UnitOfWork, tie: Tie) -> Tie:
    return add_child(uow, "ties", tie, validate_tie)
