"""The register of differences: record, edit, settle, remove."""

from __future__ import annotations

from planner.domain.differences import by_risk
from planner.domain.errors import InvalidValue
from planner.domain.model import Area, Difference, DifferenceStatus, Rating
from planner.services.editing import add_child, clean_fields, remove_child, update_child
from planner.storage import UnitOfWork

_TEXT = {"ours": "how we work", "theirs": "how they work", "management": "agreed way to manage it",
         "owner": "owner", "question": "question to ask"}


def validate_difference(uow: UnitOfWork, difference: Difference) -> Difference:
    difference = clean_fields(difference, _TEXT, names=("owner",))
    if not isinstance(difference.area, Area):
        raise InvalidValue("Choose the area of the difference.")
    if not isinstance(difference.likelihood, Rating) or not isinstance(difference.impact, Rating):
        raise InvalidValue("Likelihood and impact are low, medium or high.")
    if not isinstance(difference.status, DifferenceStatus):
        raise InvalidValue("A difference is open, managed or resolved.")
    if not (difference.ours or difference.theirs):
        raise InvalidValue("Say how we work or how they work: a difference needs one side.")
    return difference


def record_difference(uow: UnitOfWork, difference: Difference) -> Difference:
    return add_child(uow, "differences", difference, validate_difference)


def update_difference(uow: UnitOfWork, difference: Difference, *,
                      loaded: Difference | None = None) -> Difference:
    return update_child(uow, "differences", difference, validate_difference, loaded=loaded)


def remove_difference(uow: UnitOfWork, difference_id: int,
                      version: int | None = None) -> Difference:
    return remove_child(uow, "differences", difference_id, version)


restore_difference = record_difference


def differences(uow: UnitOfWork, partner_id: int) -> list[Difference]:
    """The register, open and highest risk first."""
    with uow:
        return by_risk(uow.differences.for_partner(partner_id))
