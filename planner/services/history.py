"""A partner's history: who changed which of its records, when, from what to what.

The storage layer records every change (see migration 0006); this reads it in the domain's
words, newest first, and keeps it bounded: entries older than the portfolio's `history_days`
setting (default 365) are not shown, and are deleted when the portfolio is opened for writing.

Adding a partner adds its checklist, and removing one removes all its records: those changes
are folded into the partner's own entry ("Added partner 'Acme' and 60 checklist items") so the
history says what a person did, not what a cascade did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable

from planner.domain.history import RECORDS, Change, HistoryEntry, entry_of, record_words
from planner.services.portfolio_settings import HISTORY_DAYS, history_days
from planner.storage import UnitOfWork
from planner.storage import history as stored

__all__ = ["HISTORY_DAYS", "partner_history", "history_view", "people_in_history",
           "prune_history", "HistoryEntry"]

DEFAULT_LIMIT = 200


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _since(uow: UnitOfWork, now: dt.datetime | None) -> dt.datetime:
    return (now or _utc_now()) - dt.timedelta(days=history_days(uow))


def partner_history(uow: UnitOfWork, partner_id: int, person: str | None = None,
                    limit: int = DEFAULT_LIMIT, *,
                    now: dt.datetime | None = None) -> list[HistoryEntry]:
    """The partner's recent changes, newest first, at most `limit`; only `person`'s when
    given. Entries older than the retention setting are not shown even before pruning. At
    most 4 x limit + 100 changes are read, however long the history: an entry whose parts
    run past them (a partner removed with hundreds of records) counts only those read."""
    with uow:
        return _history(uow, partner_id, person, limit, _since(uow, now))


def history_view(uow: UnitOfWork, partner_id: int, person: str | None = None,
                 limit: int = DEFAULT_LIMIT, *, now: dt.datetime | None = None
                 ) -> tuple[list[HistoryEntry], list[str]]:
    """What the History tab shows, in one read: the entries and everyone in them (the
    retention setting read once for both)."""
    with uow:
        since = _since(uow, now)
        return (_history(uow, partner_id, person, limit, since),
                sorted(stored.people(uow.session, partner_id, since=since), key=str.casefold))


def _history(uow: UnitOfWork, partner_id: int, person: str | None, limit: int,
             since: dt.datetime) -> list[HistoryEntry]:
    # more rows than wanted: the parts of an added or removed partner fold into it
    changes = stored.entries(uow.session, partner_id, since=since, person=person,
                             limit=limit * 4 + 100)
    names = _names(uow, partner_id, changes)
    entries: list[HistoryEntry] = []
    merged: dict[tuple, int] = {}  # (table, record, transaction) -> its place in entries
    for change, folded in _fold(changes):
        entry = entry_of(change, names)
        if folded:
            parts = ", ".join(f"{n} {_plural(RECORDS[t][0], n)}" for t, n in folded.items())
            entry = dataclasses.replace(entry, record=f"{entry.record} and {parts}")
        key = (change.table, change.record_id, change.transaction_id)
        if change.transaction_id is not None and key in merged:
            # one use case changed this record several times (a meeting and who attended it):
            # one entry, as the person did it
            place = merged[key]
            entries[place] = _merge(entries[place], entry)
            continue
        merged[key] = len(entries)
        entries.append(entry)
    return entries[:limit]


def _merge(newer: HistoryEntry, older: HistoryEntry) -> HistoryEntry:
    kind = next(k for k in ("create", "delete", "update") if k in (newer.kind, older.kind))
    record = older.record if older.kind == kind else newer.record
    fields = older.fields + newer.fields
    first = {}
    for place, field in enumerate(fields):
        first.setdefault(field.field, place)
    return dataclasses.replace(newer, kind=kind, record=record,
                               fields=tuple(sorted(fields, key=lambda f: first[f.field])))


def people_in_history(uow: UnitOfWork, partner_id: int, *,
                      now: dt.datetime | None = None) -> list[str]:
    """Everyone who changed the partner's records within the retention period."""
    with uow:
        found = stored.people(uow.session, partner_id, since=_since(uow, now))
    return sorted(found, key=str.casefold)


def prune_history(uow: UnitOfWork, *, now: dt.datetime | None = None) -> int:
    """Delete the entries older than the retention setting; how many went. One indexed
    DELETE, cheap enough for every opening for writing."""
    with uow:
        removed = stored.prune(uow.session, before=_since(uow, now))
        uow.commit()
    return removed


def _fold(changes: list[Change]) -> list[tuple[Change, Counter]]:
    """Each change with the parts folded into it: what changed in the same transaction (one
    use case) as a partner that was added or removed; the parts added or removed with it are
    counted."""
    whole = {c.transaction_id: c.kind for c in changes if c.table == "partners"
             and c.transaction_id is not None and c.kind in ("create", "delete")}
    folded: dict[int, Counter] = {tx: Counter() for tx in whole}
    kept = []
    for c in changes:
        if c.table != "partners" and c.transaction_id in whole:
            if c.kind == whole[c.transaction_id]:
                folded[c.transaction_id][c.table] += 1
        else:
            kept.append(c)
    return [(c, folded.get(c.transaction_id, Counter()) if c.table == "partners"
             else Counter()) for c in kept]


def _names(uow: UnitOfWork, partner_id: int,
           changes: list[Change]) -> Callable[[str, int], str]:
    """What the records other fields point at (a tie's people, an action's meeting) are
    called: as stored now, else as the history last named them. A meeting is named from its
    date when an entry asks (a partner has hundreds; an entry points at a few)."""
    said: dict[tuple, str] = {}
    for c in reversed(changes):  # oldest first, so the latest words win
        if c.table in ("stakeholders", "meetings") and c.label:
            said[(c.table, c.record_id)] = _short(c.table, c.label)
    people, meetings = stored.current_names(uow.session, partner_id)
    now: dict[tuple, str] = {("stakeholders", person_id): name for person_id, name in people}
    dates = dict(meetings)

    def name(table: str, record_id: int) -> str:
        if table == "meetings" and record_id in dates:
            return record_words("meetings", dates[record_id].isoformat())
        key = (table, record_id)
        return now[key] if key in now else said.get(key, "")

    return name


def _short(table: str, label: str) -> str:
    return record_words(table, label) if table == "meetings" else label


def _plural(noun: str, count: int) -> str:
    """Every record's noun (domain RECORDS) takes an "s": "meetings", "checklist items"."""
    return noun if count == 1 else noun + "s"
