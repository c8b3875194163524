"""Checklist items: tick, untick, add your own, edit, remove."""

from __future__ import annotations

import dataclasses
import datetime as dt

from planner.domain.errors import InvalidValue
from planner.domain.model import Cadence, ChecklistItem, Scope
from planner.domain.stages import TRAITS, Stage
from planner.services.conflicts import refusing_stale
from planner.services.editing import add_child, clean_fields, remove_child, update_child
from planner.storage import UnitOfWork

# The interchange format's limit and its column's: a longer group could be saved in a file and
# then not imported back, and a server refused it outright.
MAX_CHOICE_GROUP = 60


def validate_item(uow: UnitOfWork, item: ChecklistItem) -> ChecklistItem:
    item = clean_fields(item, {"text": "checklist item", "note": "note",
                               "not_applicable_reason": "reason it does not apply",
                               "choice_group": "group of alternatives"}, required=("text",),
                        limits={"choice_group": MAX_CHOICE_GROUP})
    if len(item.text) > 500:
        raise InvalidValue("A checklist item is one line: keep it under 500 characters.")
    if not isinstance(item.stage, Stage):
        raise InvalidValue("Choose one of the four stages: courtship, commitment, bridges, exit.")
    if item.trait is not None and item.trait not in TRAITS:
        raise InvalidValue("A trait is a number from 1 to 15, or none.")
    if not isinstance(item.scope, Scope):
        raise InvalidValue("An item is done either with the partner (joint) or internally.")
    if item.cadence is not None and not isinstance(item.cadence, Cadence):
        raise InvalidValue("An item recurs monthly, quarterly, half-yearly, yearly, or not.")
    if item.not_applicable and not item.not_applicable_reason:
        raise InvalidValue("Say why the item does not apply to this partner.")
    if not item.not_applicable and item.not_applicable_reason:
        item = dataclasses.replace(item, not_applicable_reason="")
    if not item.done and item.done_on is not None:
        item = dataclasses.replace(item, done_on=None)
    return item


def add_item(uow: UnitOfWork, item: ChecklistItem) -> ChecklistItem:
    """Add one of the user's own items at the end of its stage."""
    if item.id is None:
        with uow:
            position = uow.checklist.next_position(item.partner_id, item.stage)
        item = dataclasses.replace(item, position=position)
    return add_child(uow, "checklist", item, validate_item)


def update_item(uow: UnitOfWork, item: ChecklistItem, *,
                loaded: ChecklistItem | None = None) -> ChecklistItem:
    return update_child(uow, "checklist", item, validate_item, loaded=loaded)


def tick_item(uow: UnitOfWork, item_id: int, done: bool, today: dt.date,
              version: int | None = None) -> ChecklistItem:
    """Tick or untick an item; given the version it was loaded at, refused when someone else
    changed it since."""
    with refusing_stale(uow, "checklist"), uow:  # a reader is told so, not that it is gone
        item = uow.checklist.get(item_id)
    changed = dataclasses.replace(item, done=done, done_on=today if done else None,
                                  version=item.version if version is None else version)
    return update_item(uow, changed)


def mark_not_applicable(uow: UnitOfWork, item_id: int, reason: str | None) -> ChecklistItem:
    """Take an item out of the count for this partner, with the reason; None puts it back."""
    with refusing_stale(uow, "checklist"), uow:
        item = uow.checklist.get(item_id)
    changed = dataclasses.replace(item, not_applicable=reason is not None,
                                  not_applicable_reason=reason or "")
    return update_item(uow, changed)


def remove_item(uow: UnitOfWork, item_id: int, version: int | None = None) -> ChecklistItem:
    return remove_child(uow, "checklist", item_id, version)


def restore_item(uow: UnitOfWork, item: ChecklistItem) -> ChecklistItem:
    return add_child(uow, "checklist", item, validate_item)


def checklist(uow: UnitOfWork, partner_id: int) -> list[ChecklistItem]:
    with uow:
        items = uow.checklist.for_partner(partner_id)
    return in_order(items)


def in_order(items) -> list[ChecklistItem]:
    """Checklist items as the checklist shows them: by stage, then position."""
    return sorted(items, key=lambda i: (i.stage.order, i.position, i.id))
