"""Refusing a stale save in words: who changed what, and when.

A record handed back to a service carries the version it was loaded at; storage refuses
the save when the row has moved on since (someone else saved in between). This module turns
that refusal into one sentence in the domain's words, "ann changed the agreed way to manage
this difference at 10:42; your change was not saved.", naming the fields the other person
changed when the caller says what it loaded, and the record otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from planner.domain.errors import EditConflict, NotFound

if TYPE_CHECKING:
    from planner.storage import UnitOfWork

# Each part of a portfolio: what one record is called, and how its fields read in a
# sentence ("{this}" stands for "this difference"); fields not named read as
# "the <field> of this <record>".
_PARTS: dict[str, tuple[str, dict[str, str]]] = {
    "partners": ("partner", {
        "name": "the name of {this}", "definition": "the shared definition of {this}",
        "unique_result": "the result neither side could reach alone, for {this}",
        "next_review": "the date of the next review with {this}",
        "review_place": "the place of the next review with {this}",
        "decision_needed": "the decision the next review with {this} must take",
        "stage_since": "when {this} entered its stage", "kind": "the kind of alliance",
    }),
    "stakeholders": ("stakeholder", {"ambassador": "whether {this} is an ambassador"}),
    "ties": ("tie", {"ours_id": "our side of {this}", "theirs_id": "their side of {this}"}),
    "differences": ("difference", {
        "ours": "how we work, in {this}", "theirs": "how they work, in {this}",
        "likelihood": "the likelihood of conflict over {this}",
        "management": "the agreed way to manage {this}",
        "question": "the question to ask about {this}",
        "agreed_with_partner": "whether the way to manage {this} was agreed with the partner",
        "last_reviewed": "when {this} was last reviewed",
    }),
    "meetings": ("meeting", {"attendee_ids": "who attends {this}",
                             "moment_of_truth": "whether {this} was a moment of truth",
                             "decision_needed": "the decision {this} exists to take"}),
    "actions": ("action", {"text": "the wording of {this}", "done": "whether {this} is done",
                           "done_on": "when {this} was done", "due": "when {this} is due",
                           "meeting_id": "the meeting of {this}"}),
    "value": ("value exchange", {"what": "what was given, in {this}",
                                 "giver": "who gave, in {this}"}),
    "health": ("health check", {"scores": "the scores of {this}"}),
    "checklist": ("checklist item", {"text": "the wording of {this}",
                                     "done": "whether {this} is ticked",
                                     "done_on": "when {this} was ticked",
                                     "not_applicable": "whether {this} applies",
                                     "not_applicable_reason": "why {this} does not apply"}),
}

SAVE_REFUSED = "your change was not saved"
REMOVAL_REFUSED = "it was not removed"
_NOT_COMPARED = frozenset({"id", "partner_id", "version"})


@contextmanager
def refusing_stale(uow: UnitOfWork, part: str, loaded=None, *,
                   outcome: str = SAVE_REFUSED) -> Iterator[None]:
    """Around a service's unit of work: a save refused as stale becomes the sentence saying
    who changed the record and what (the fields that differ from `loaded`, when given);
    for a login that may not change it at all, the sentence that says so instead."""
    try:
        yield
    except (EditConflict, NotFound) as refusal:
        # Someone who may only read is told that, never of a conflict or a removal that a
        # reload would seem to cure (refused with the read-only sentence here, if so).
        with uow:
            getattr(uow, part).refuse_unless_allowed(
                "DELETE" if outcome == REMOVAL_REFUSED else "UPDATE")
        if isinstance(refusal, NotFound) or refusal.item_id is None:
            raise
        raise describe(uow, part, refusal.item_id, loaded, outcome=outcome) from None


def describe(uow: UnitOfWork, part: str, item_id: int, loaded=None, *,
             outcome: str = SAVE_REFUSED) -> EditConflict:
    """The refusal of a save over record `item_id` of `part`, read afresh."""
    noun, _ = _PARTS[part]
    this = f"this {noun}"
    with uow:
        repository = getattr(uow, part)
        try:
            current = repository.get(item_id)
        except NotFound:
            return EditConflict(f"Someone else removed {this} after you loaded it; "
                                f"{outcome}.", item_id=item_id)
        who, when = repository.stamp(item_id)
    what = changed_fields(part, loaded, current)
    return EditConflict(f"{who} changed {what} {moment(when)}; {outcome}.",
                        item_id=item_id, current=current)


def changed_fields(part: str, loaded, current) -> str:
    """What the other person changed, in words: the fields of `current` that differ from
    what was loaded, or the record itself when that is not known."""
    noun, phrases = _PARTS[part]
    this = f"this {noun}"
    if loaded is None:
        return this
    names = [f.name for f in dataclasses.fields(current) if f.name not in _NOT_COMPARED
             and getattr(loaded, f.name, None) != getattr(current, f.name)]
    if not names:
        return this
    if len(names) == 1:
        return _phrase(phrases, names[0]).format(this=this)
    shown = [_short(phrases, n) for n in names[:4]] + (["more"] if len(names) > 4 else [])
    return f"{this} ({', '.join(shown[:-1])} and {shown[-1]})"


def _phrase(phrases: dict[str, str], name: str) -> str:
    return phrases.get(name) or f"the {name.replace('_', ' ')} of {{this}}"


def _short(phrases: dict[str, str], name: str) -> str:
    """A field's name alone, for a list: "the agreed way to manage {this}" -> "the agreed
    way to manage it"."""
    words = _phrase(phrases, name).format(this="it").removeprefix("the ")
    for tail in (" of it", ", in it", " over it", " about it", ", for it"):
        words = words.removesuffix(tail)
    return words


def moment(changed_at: dt.datetime, now: dt.datetime | None = None) -> str:
    """When, in local time: "at 10:42" today, "on 24 Nov at 10:42" earlier this year."""
    local = changed_at.replace(tzinfo=dt.UTC).astimezone()
    now = now or dt.datetime.now().astimezone()
    clock = f"{local:%H:%M}"
    if local.date() == now.date():
        return f"at {clock}"
    if local.year == now.year:
        return f"on {local.day} {local:%b} at {clock}"
    return f"on {local.day} {local:%b %Y} at {clock}"
