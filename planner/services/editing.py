"""The shape every small edit shares: validate, store, commit, hand back what is stored.

Each service module names its use cases (`record_difference`, `tick_item`, ...) and calls
these with its own validation, so every edit is one transaction and removals hand back what
was removed, for undo.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from planner.domain.errors import InvalidValue, NotFound
from planner.services.conflicts import REMOVAL_REFUSED, refusing_stale

if TYPE_CHECKING:
    from planner.storage import UnitOfWork

T = TypeVar("T")
Validator = Callable[["UnitOfWork", T], T]

MAX_NAME = 200
MAX_TEXT = 20000
# Fields the interchange format (resources/schema) holds to less than MAX_TEXT or MAX_NAME: the
# editor keeps to the same, or a saved text could not be exported and imported back.
MAX_PHONE = 50
MAX_ACTION_TEXT = 2000
MAX_VALUE_WHAT = 2000


def add_child(uow: UnitOfWork, part: str, obj: T, validate: Validator) -> T:
    with uow:
        require_partner(uow, obj.partner_id)
        stored = getattr(uow, part).add(validate(uow, obj))
        uow.commit()
        return stored


def update_child(uow: UnitOfWork, part: str, obj: T, validate: Validator, *,
                 loaded: T | None = None) -> T:
    """Save an edited record. Its `version` is the one it was loaded at: when someone else
    saved it since, the save is refused with who changed what (compared with `loaded`, the
    record as the user saw it, when the caller has it) and nothing is written."""
    with refusing_stale(uow, part, loaded):
        with uow:
            repository = getattr(uow, part)
            before = repository.get(obj.id)
            if before.partner_id != obj.partner_id:
                raise InvalidValue("An item cannot be moved to another partner.")
            stored = repository.save(validate(uow, obj))
            uow.commit()
            return stored


def remove_child(uow: UnitOfWork, part: str, item_id: int, version: int | None = None):
    """Remove a record; given the version it was loaded at, only when nobody changed it since."""
    with refusing_stale(uow, part, outcome=REMOVAL_REFUSED):
        with uow:
            removed = getattr(uow, part).remove(item_id, version)
            uow.commit()
            return removed


def require_partner(uow: UnitOfWork, partner_id: int | None) -> None:
    if partner_id is None:
        raise InvalidValue("Choose the partner this belongs to.")
    uow.partners.get(partner_id)


def clean_text(value: str | None, label: str, *, required: bool = False,
               limit: int = MAX_TEXT) -> str:
    """Trimmed text; one clear sentence when it is missing or too long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(f"The {label} must be text.")
    value = value.replace("\x00", "").strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not text, and SQLite cannot store it
        raise InvalidValue(f"The {label} contains a character that is not text.") from None
    if required and not value:
        raise InvalidValue(f"The {label} is required.")
    if len(value) > limit:
        raise InvalidValue(f"The {label} is too long ({len(value):,} characters; "
                           f"at most {limit:,}).")
    return value


def clean_fields(obj: T, labels: dict[str, str], *, required: tuple[str, ...] = (),
                 names: tuple[str, ...] = (), limits: dict[str, int] | None = None) -> T:
    """Clean the named text fields of a dataclass: required ones must not be blank."""
    changes = {}
    for name, label in labels.items():
        limit = (limits or {}).get(name, MAX_NAME if name in names else MAX_TEXT)
        changes[name] = clean_text(getattr(obj, name), label, required=name in required,
                                   limit=limit)
    return dataclasses.replace(obj, **changes)


def check_date(value, label: str, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValue(f"The {label} must be a real date.")


def get_or_none(repository, item_id):
    try:
        return repository.get(item_id)
    except NotFound:
        return None
