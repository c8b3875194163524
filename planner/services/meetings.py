"""Meetings and the actions that come out of them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from planner.domain.errors import InvalidValue
from planner.domain.model import Action, Meeting, MeetingKind, Side
from planner.services.conflicts import REMOVAL_REFUSED, refusing_stale
from planner.services.editing import (
    MAX_ACTION_TEXT,
    add_child,
    check_date,
    clean_fields,
    remove_child,
    update_child,
)
from planner.storage import UnitOfWork


def validate_meeting(uow: UnitOfWork, meeting: Meeting) -> Meeting:
    meeting = clean_fields(meeting, {"place": "place", "notes": "notes", "decisions": "decisions"},
                           names=("place",))
    check_date(meeting.date, "meeting date", optional=False)
    if not isinstance(meeting.kind, MeetingKind):
        raise InvalidValue("Choose the kind of meeting.")
    people = {s.id for s in uow.stakeholders.for_partner(meeting.partner_id)}
    if any(a not in people for a in meeting.attendee_ids):
        raise InvalidValue("Attendees must be stakeholders of this partner.")
    # someone named twice attends once: as the storage keeps them, so that saving a meeting
    # that names someone twice and changes nothing else is not a change to it
    return dataclasses.replace(meeting, attendee_ids=tuple(dict.fromkeys(meeting.attendee_ids)))


def record_meeting(uow: UnitOfWork, meeting: Meeting) -> Meeting:
    return add_child(uow, "meetings", meeting, validate_meeting)


def update_meeting(uow: UnitOfWork, meeting: Meeting, *, loaded: Meeting | None = None) -> Meeting:
    return update_child(uow, "meetings", meeting, validate_meeting, loaded=loaded)


@dataclass(frozen=True)
class MeetingRemoval:
    meeting: Meeting
    actions: tuple[Action, ...]  # actions that pointed at it, before they were let go


def remove_meeting(uow: UnitOfWork, meeting_id: int,
                   version: int | None = None) -> MeetingRemoval:
    """Remove a meeting; its actions stay (they still need doing) without the meeting. Given
    the version it was loaded at, only when nobody changed it since."""
    with refusing_stale(uow, "meetings", outcome=REMOVAL_REFUSED), uow:
        meeting = uow.meetings.get(meeting_id)
        actions = tuple(a for a in uow.actions.for_partner(meeting.partner_id)
                        if a.meeting_id == meeting_id)
        uow.meetings.remove(meeting_id, version)
        uow.commit()
        return MeetingRemoval(meeting, actions)


def restore_meeting(uow: UnitOfWork, removal: MeetingRemoval) -> Meeting:
    with uow:
        meeting = uow.meetings.add(removal.meeting)
        for action in removal.actions:
            uow.actions.save(dataclasses.replace(uow.actions.get(action.id), meeting_id=meeting.id))
        uow.commit()
        return meeting


def meetings(uow: UnitOfWork, partner_id: int) -> list[Meeting]:
    """The meeting log, newest first."""
    with uow:
        return newest_first(uow.meetings.for_partner(partner_id))


def newest_first(meetings) -> list[Meeting]:
    return sorted(meetings, key=lambda m: (m.date, m.id), reverse=True)


def validate_action(uow: UnitOfWork, action: Action) -> Action:
    action = clean_fields(action, {"text": "action", "owner": "owner"}, required=("text",),
                          names=("owner",), limits={"text": MAX_ACTION_TEXT})
    check_date(action.due, "due date")
    check_date(action.done_on, "date done")
    if not isinstance(action.side, Side):
        raise InvalidValue("An action is owned by our side or theirs.")
    if action.meeting_id is not None:
        meeting = uow.meetings.get(action.meeting_id)
        if meeting.partner_id != action.partner_id:
            raise InvalidValue("An action belongs to a meeting of the same partner.")
    if not action.done:
        action = dataclasses.replace(action, done_on=None)
    return action


def add_action(uow: UnitOfWork, action: Action) -> Action:
    return add_child(uow, "actions", action, validate_action)


def update_action(uow: UnitOfWork, action: Action, *, loaded: Action | None = None) -> Action:
    return update_child(uow, "actions", action, validate_action, loaded=loaded)


def complete_action(uow: UnitOfWork, action_id: int, done: bool, today: dt.date,
                    version: int | None = None) -> Action:
    """Mark an action done or open; given the version it was loaded at, refused when someone
    else changed it since."""
    with refusing_stale(uow, "actions"), uow:  # a reader is told so, not that it is gone
        action = uow.actions.get(action_id)
    return update_action(uow, dataclasses.replace(
        action, done=done, done_on=today if done else None,
        version=action.version if version is None else version))


def remove_action(uow: UnitOfWork, action_id: int, version: int | None = None) -> Action:
    return remove_child(uow, "actions", action_id, version)


restore_action = add_action


def actions(uow: UnitOfWork, partner_id: int) -> list[Action]:
    """Open actions first, soonest due first; then done ones, latest first."""
    with uow:
        items = uow.actions.for_partner(partner_id)
    return actions_in_order(items)


def actions_in_order(items) -> list[Action]:
    """Open actions by due date first, then done ones, latest done first."""
    far = dt.date.max
    open_ = sorted((a for a in items if not a.done), key=lambda a: (a.due or far, a.id))
    done = sorted((a for a in items if a.done), key=lambda a: (a.done_on or dt.date.min, a.id),
                  reverse=True)
    return open_ + done
