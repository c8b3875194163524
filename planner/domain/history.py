"""A partner's change history in the words of the domain: which record ("difference
'Business model'", "meeting on 3 May 2026"), which fields ("agreed way to manage it"), and
their old and new values as a person reads them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from planner.domain.model import (
    Action,
    ChecklistItem,
    Difference,
    HealthCheck,
    Meeting,
    Partner,
    Stakeholder,
    Tie,
    ValueExchange,
)
from planner.domain.templates import dimension_name


@dataclass(frozen=True)
class Change:
    """One recorded change as storage keeps it: fields are {column: [old, new]}."""

    id: int
    at: dt.datetime  # UTC
    by: str
    table: str
    record_id: int
    partner_id: int | None
    kind: str  # create, update, delete
    label: str  # the record's name, area, date or text at the time
    fields: dict
    transaction_id: int | None = None  # the changes of one use case share it


@dataclass(frozen=True)
class FieldChange:
    field: str  # in the domain's words
    old: str  # as a person reads it; "" when there was nothing
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime  # UTC
    by: str
    kind: str  # create, update, delete
    record: str  # "difference 'Business model'"
    fields: tuple[FieldChange, ...]

    @property
    def summary(self) -> str:
        """ "Changed difference 'Business model'" """
        return f"{VERBS[self.kind]} {self.record}"


VERBS = {"create": "Added", "update": "Changed", "delete": "Removed"}

# table -> what one of its records is called, whether its label is a date, its entity
RECORDS = {
    "partners": ("partner", False, Partner),
    "stakeholders": ("stakeholder", False, Stakeholder),
    "ties": ("tie", False, Tie),
    "differences": ("difference", False, Difference),
    "meetings": ("meeting", True, Meeting),
    "actions": ("action", False, Action),
    "value_exchanges": ("value exchange", False, ValueExchange),
    "health_checks": ("health check", True, HealthCheck),
    "checklist_items": ("checklist item", False, ChecklistItem),
}

_COMMON = {
    "name": "name", "owner": "owner", "notes": "notes", "date": "date", "side": "side",
    "done": "done", "done_on": "done on", "stage": "stage", "text": "text", "kind": "kind",
    "decision_needed": "decision needed",
}
FIELDS: dict[str, dict[str, str]] = {
    "partners": {"organisation": "organisation", "kind": "kind of alliance",
                 "definition": "shared definition", "unique_result": "result neither side "
                 "could reach alone", "next_review": "next review", "review_place":
                 "review place", "tags": "tags", "created_on": "added on",
                 "stage_since": "in this stage since",
                 "decision_needed": "decision the next review must take"},
    "stakeholders": {"level": "level", "role": "role", "ambassador": "ambassador",
                     "email": "email", "phone": "phone"},
    "ties": {"ours_id": "our person", "theirs_id": "their person", "strength": "strength"},
    "differences": {"area": "area", "ours": "how we work", "theirs": "how they work",
                    "likelihood": "likelihood of conflict", "impact": "impact",
                    "management": "agreed way to manage it", "status": "status",
                    "question": "question to ask",
                    "agreed_with_partner": "agreed with the partner",
                    "last_reviewed": "last reviewed"},
    "meetings": {"kind": "kind of meeting", "place": "place", "decisions": "decisions",
                 "moment_of_truth": "moment of truth", "attendee_ids": "attendee"},
    "actions": {"due": "due", "meeting_id": "from the meeting"},
    "value_exchanges": {"giver": "given by", "what": "what", "worth": "worth",
                        "category": "category"},
    "health_checks": {"comment": "comment"},
    "checklist_items": {"trait": "trait", "note": "note", "scope": "with whom",
                        "cadence": "recurs", "not_applicable": "does not apply",
                        "not_applicable_reason": "why it does not apply",
                        "choice_group": "choice group"},
}
_DATES = {"date", "done_on", "next_review", "created_on", "stage_since", "last_reviewed", "due"}
# columns holding one of a fixed set of words (stage, area, rating, status, side, ...)
_CHOICES = {"kind", "stage", "side", "level", "strength", "area", "likelihood", "impact",
            "status", "giver", "category", "scope", "cadence"}
_FLAGS = {"done", "ambassador", "moment_of_truth", "agreed_with_partner", "not_applicable"}
# columns holding the id of another record: shown as that record's words
REFERENCES = {"ours_id": "stakeholders", "theirs_id": "stakeholders",
              "meeting_id": "meetings", "attendee_ids": "stakeholders"}
SCORE = "score:"  # a health check's score of one dimension: "score:<dimension key>"

Resolve = Callable[[str, int], str]  # (table, id) -> the record's words, "" when unknown


def field_name(table: str, column: str) -> str:
    if column.startswith(SCORE):
        return f"{dimension_name(column.removeprefix(SCORE))} score"
    return FIELDS.get(table, {}).get(column) or _COMMON.get(column) or column.replace("_", " ")


def record_words(table: str, label: str) -> str:
    noun, is_date, _entity = RECORDS.get(table, (table.replace("_", " "), False, None))
    if is_date:
        day = _as_date(label)
        return f"{noun} on {long_date(day)}" if day else noun
    if not label:
        return noun
    shown = label if len(label) <= 60 else label[:59].rstrip() + "…"
    return f"{noun} '{_capital(shown) if table == 'differences' else shown}'"


def value_words(column: str, value, resolve: Resolve | None = None) -> str:
    if value is None or value == "" or value == []:
        return ""
    if column.startswith(SCORE):
        ours, _, theirs = str(value).partition("/")
        return f"ours {ours}, theirs {theirs}" if theirs else f"ours {ours}"
    if column in REFERENCES and resolve is not None:
        return resolve(REFERENCES[column], int(value)) or f"#{value}"
    if column in _FLAGS:
        return "yes" if value in (True, 1, "1", "true") else "no"
    if column in _DATES:
        day = _as_date(value)
        return long_date(day) if day else str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if column == "worth":
        return f"{int(value):,}"
    if column in _CHOICES:
        return _capital(str(value))
    return str(value)


def entry_of(change: Change, resolve: Resolve | None = None) -> HistoryEntry:
    """The recorded change as a person reads it. A creation lists the fields it set, a
    removal the fields it had; unchanged and empty fields are left out."""
    fields = []
    for column, pair in sorted(change.fields.items(), key=lambda c: _position(change.table, c[0])):
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        old_words, new_words = value_words(column, old, resolve), value_words(column, new, resolve)
        if old_words == new_words or (change.kind != "update" and column in _FLAGS
                                      and not (old or new)):
            continue
        fields.append(FieldChange(field_name(change.table, column), old_words, new_words))
    return HistoryEntry(at=change.at, by=change.by, kind=change.kind,
                        record=record_words(change.table, change.label), fields=tuple(fields))


def _position(table: str, column: str) -> int:
    """Fields in the order the entity declares them (PostgreSQL's JSON keeps no order)."""
    order = _field_order(table)
    return order.index(column) if column in order else len(order)


@functools.cache
def _field_order(table: str) -> tuple[str, ...]:
    entity = RECORDS.get(table, (None, None, None))[2]
    return tuple(f.name for f in dataclasses.fields(entity)) if entity else ()


def long_date(day: dt.date) -> str:
    """ "3 May 2026" """
    return f"{day.day} {day:%B %Y}"


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
