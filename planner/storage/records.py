"""Whole partners at once: loading every part of many partners in a few queries, and
inserting them in bulk (import, sample, undo of a removal)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from sqlalchemy import func, insert, select, text

from planner.domain.model import PartnerRecord
from planner.domain.names import name_key
from planner.domain.stages import Stage
from planner.storage import history
from planner.storage.models import (
    ActionRow,
    AttendeeRow,
    ChecklistItemRow,
    DifferenceRow,
    HealthCheckRow,
    HealthScoreRow,
    MeetingRow,
    PartnerRow,
    StakeholderRow,
    TieRow,
    ValueExchangeRow,
    saver_of,
    utc_now,
)
from planner.storage.search_fill import indexed_once

PARTS = ("checklist", "stakeholders", "ties", "differences", "meetings", "actions", "value",
         "health")


def load_records(uow, partner_ids: Iterable[int] | None = None) -> list[PartnerRecord]:
    """Every part of the given partners (all partners when None), each part in stable order."""
    ids = None if partner_ids is None else list(partner_ids)
    partners = uow.partners.for_partners(ids)
    wanted = [p.id for p in partners] if ids is not None else None
    grouped: dict[str, dict[int, list]] = {}
    for part in PARTS:
        by_partner: dict[int, list] = defaultdict(list)
        for obj in getattr(uow, part).for_partners(wanted):
            by_partner[obj.partner_id].append(obj)
        grouped[part] = by_partner
    records = []
    for p in partners:
        parts = {part: grouped[part].get(p.id, []) for part in PARTS}
        parts["checklist"].sort(key=lambda i: (Stage(i.stage).order, i.position, i.id))
        parts["meetings"].sort(key=lambda m: (m.date, m.id))
        parts["health"].sort(key=lambda h: (h.date, h.id))
        records.append(PartnerRecord(p, **{k: tuple(v) for k, v in parts.items()}))
    return records


def _values(obj, exclude: Sequence[str] = ()) -> dict:
    skip = {"id", *exclude}
    return {name: getattr(obj, name) for name in _field_names(type(obj)) if name not in skip}


@cache
def _field_names(domain_class: type) -> tuple[str, ...]:
    # Asked once per row of an import; dataclasses.fields() is slow at that rate.
    return tuple(f.name for f in dataclasses.fields(domain_class))


def insert_records(uow, records: Sequence[PartnerRecord], *, keep_ids: bool = False) -> list[int]:
    """Insert whole partners in bulk; returns the new partner ids in order.

    Inside a record, children refer to each other (ties and attendees to stakeholders, actions
    to meetings) by the ids they carry in the record. With keep_ids those ids are stored as
    they are (an undone removal); otherwise the database assigns new ones and references are
    mapped onto them.
    """
    session = uow.session
    # The history records each partner, not each of its hundreds of parts: an import stays
    # about as fast as without history (see migration 0006). The search index is written once
    # for all the new partners' rows, not by a trigger per row (see search_fill).
    with history.quiet(session), history.resting_triggers_dropped(session), \
            indexed_once(session) as index:
        partner_ids = _insert_records(session, records, keep_ids=keep_ids)
        index(partner_ids)
    return partner_ids


def reserve_ids(session, table, count: int) -> list[int]:
    """`count` ids for new rows of `table`, taken before the rows are inserted, so thousands
    of rows go in one executemany with their ids instead of one INSERT ... RETURNING each
    (SQLite cannot promise RETURNING's order for a batch, so SQLAlchemy sent them one by one).
    PostgreSQL hands them out from the column's own sequence, safe beside other writers. On
    SQLite the ids follow the highest one stored, as the database itself would choose them;
    the import has written by then (the history's bookkeeping, see history.quiet), so this
    transaction holds the file's write lock and no one else can take the same ids."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        taken = session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                 "FROM generate_series(1, :count)"),
            {"table": table.name, "count": count}).scalars().all()
        return sorted(taken)
    first = session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
    return list(range(first, first + count))


def insert_many(session, table, rows: list[dict]) -> None:
    """INSERT every row in one executemany. On SQLite the values go to the driver as tuples,
    each column converted by its own type's bind processor, as SQLAlchemy would: its per-row
    parameter handling cost more than SQLite's own work for a large import. Anywhere else
    (or for rows that leave a column to a Python default) through SQLAlchemy."""
    connection = session.connection()
    dialect = connection.dialect
    names = [name for name in rows[0] if name in table.c]
    keys = set(rows[0])
    defaulted = any(c.default is not None for c in table.c if c.name not in keys)
    if dialect.name != "sqlite" or defaulted or any(row.keys() != keys for row in rows):
        session.execute(insert(table), rows)
        return
    columns = []
    for name in names:
        values = [row[name] for row in rows]
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(list(map(process, values)) if process is not None else values)
    quote = dialect.identifier_preparer.quote
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
        f"VALUES ({', '.join('?' * len(names))})", list(zip(*columns, strict=True)))


def _insert_records(session, records: Sequence[PartnerRecord], *, keep_ids: bool) -> list[int]:
    # Core inserts (executemany, with reserved ids where they are wanted): the ORM's bulk
    # path ran one statement per row here, and the audit columns' Python defaults looked the
    # user up once per row. Every row of one import shares one stamp instead.
    stamp = {"version": 1, "changed_at": utc_now(), "changed_by": saver_of(session.connection())}

    def execute(row_class, rows):
        table = row_class.__table__
        if "version" in table.c:
            for row in rows:
                # An undone removal comes back at the version it was removed at, so the
                # undo and redo of edits made before it still find the version they expect.
                kept = row.get("version") if keep_ids else None
                row.update(stamp)
                row["version"] = kept or 1
        insert_many(session, table, rows)

    def bulk(row_class, objects, values_of, *, want_ids: bool):
        rows = [values_of(o) for o in objects]
        if not rows:
            return []
        if keep_ids:
            for row, obj in zip(rows, objects, strict=True):
                row["id"] = obj.id
            execute(row_class, rows)
            return [o.id for o in objects]
        if want_ids:
            ids = reserve_ids(session, row_class.__table__, len(rows))
            for row, new_id in zip(rows, ids, strict=True):
                row["id"] = new_id
            execute(row_class, rows)
            return ids
        execute(row_class, rows)
        return []

    def partner_values(p):
        values = _values(p, exclude=("tags",))
        values.update(tags=list(p.tags), name_key=name_key(p.name))
        return values

    partner_ids = bulk(PartnerRow, [r.partner for r in records], partner_values, want_ids=True)

    people, people_owner = [], []
    meetings, meeting_owner = [], []
    checks, check_owner = [], []
    for pid, record in zip(partner_ids, records, strict=True):
        people += record.stakeholders
        people_owner += [pid] * len(record.stakeholders)
        meetings += record.meetings
        meeting_owner += [pid] * len(record.meetings)
        checks += record.health
        check_owner += [pid] * len(record.health)

    def owned(owners):
        it = iter(owners)
        return lambda o: {**_values(o, exclude=("partner_id", "attendee_ids", "scores")),
                          "partner_id": next(it)}

    people_ids = bulk(StakeholderRow, people, owned(people_owner), want_ids=True)
    meeting_ids = bulk(MeetingRow, meetings, owned(meeting_owner), want_ids=True)
    check_ids = bulk(HealthCheckRow, checks, owned(check_owner), want_ids=True)

    # Map the ids a record used onto the stored ids, per partner (ids repeat across records).
    person_map, meeting_map = {}, {}
    i = j = 0
    for pid, record in zip(partner_ids, records, strict=True):
        for s in record.stakeholders:
            person_map[(pid, s.id)] = people_ids[i]
            i += 1
        for m in record.meetings:
            meeting_map[(pid, m.id)] = meeting_ids[j]
            j += 1

    ties, attendees, actions, scores, simple = [], [], [], [], defaultdict(list)
    k = 0
    for pid, record in zip(partner_ids, records, strict=True):
        for t in record.ties:
            ties.append({**_values(t), "partner_id": pid,
                         "ours_id": person_map[(pid, t.ours_id)],
                         "theirs_id": person_map[(pid, t.theirs_id)]})
        for m in record.meetings:
            for position, sid in enumerate(dict.fromkeys(m.attendee_ids)):
                attendees.append({"meeting_id": meeting_map[(pid, m.id)],
                                  "stakeholder_id": person_map[(pid, sid)],
                                  "position": position})
        for a in record.actions:
            meeting = meeting_map[(pid, a.meeting_id)] if a.meeting_id is not None else None
            actions.append({**_values(a), "partner_id": pid, "meeting_id": meeting})
        for check in record.health:
            for position, s in enumerate(check.scores):
                scores.append({"check_id": check_ids[k], "dimension": s.dimension,
                               "ours": s.ours, "theirs": s.theirs, "position": position})
            k += 1
        for part, row_class in (("differences", DifferenceRow), ("value", ValueExchangeRow),
                                ("checklist", ChecklistItemRow)):
            for obj in getattr(record, part):
                values = {**_values(obj), "partner_id": pid}
                if keep_ids:
                    values["id"] = obj.id
                simple[row_class].append(values)
        if keep_ids:
            for row, t in zip(ties[-len(record.ties):] if record.ties else [], record.ties,
                              strict=True):
                row["id"] = t.id
            base = len(actions) - len(record.actions)
            for offset, a in enumerate(record.actions):
                actions[base + offset]["id"] = a.id

    for row_class, rows in ((TieRow, ties), (AttendeeRow, attendees), (ActionRow, actions),
                            (HealthScoreRow, scores), *simple.items()):
        if rows:
            execute(row_class, rows)
    return partner_ids
