"""Whole partners at once: loading every part of many partners in a few queries, and
inserting them in bulk (import, sample, undo of a removal)."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import chain
from operator import attrgetter

from sqlalchemy import func, insert, select, text

from planner.domain.model import (
    Action,
    ChecklistItem,
    Difference,
    HealthCheck,
    Meeting,
    Partner,
    PartnerRecord,
    Stakeholder,
    Tie,
    ValueExchange,
)
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


@cache
def _field_names(domain_class: type) -> tuple[str, ...]:
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


def insert_columns(session, table, columns: dict[str, Sequence]) -> None:
    """INSERT one row per position of the equally long `columns` (name: values).

    Column by column, not row by row: a 2,000-partner import has 600,000 rows, and building
    a dictionary for each, then reading it back per column, was a third of its time. On
    SQLite the values go to the driver as tuples, each converted by its column type's own bind
    processor as SQLAlchemy would convert it, but once per distinct value of the column (a
    date, a stage, the import's one time stamp) rather than once per row. Anywhere else (or
    for a table with a column left to its Python default) through SQLAlchemy."""
    connection = session.connection()
    dialect = connection.dialect
    names = list(columns)
    defaulted = any(c.default is not None for c in table.c if c.name not in columns)
    if dialect.name != "sqlite" or defaulted:
        session.execute(insert(table), [dict(zip(names, values, strict=True))
                                        for values in zip(*columns.values(), strict=True)])
        return
    converted = []
    for name, values in columns.items():
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        converted.append(values if process is None else _processed(values, process))
    # Many rows per statement: executemany hands the interpreter's lock back and forth once
    # per row, and while the import's reading thread wanted it too, each row waited for it
    # (several times the insert's own time). SQLite keeps each statement prepared for reuse
    # for as long as the portfolio is open, about 90 bytes per bound value, so statements
    # bind at most BOUND_PER_STATEMENT values, in a power of two rows: a table's inserts
    # reuse a dozen statements at most (under 1.5 MB), however many rows come.
    most = min(BOUND_PER_STATEMENT, _bound_values_limit(connection)) // len(names)
    largest = 1 << max(0, most.bit_length() - 1)
    quote = dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) VALUES "
    row = f"({', '.join('?' * len(names))})"
    start, rows = 0, len(converted[0])
    while start < rows:
        count = min(largest, 1 << ((rows - start).bit_length() - 1))
        part = [values[start:start + count] for values in converted]
        connection.exec_driver_sql(head + ", ".join([row] * count),
                                   tuple(chain.from_iterable(zip(*part, strict=True))))
        start += count


BOUND_PER_STATEMENT = 8192


def _bound_values_limit(connection) -> int:
    """How many values one statement may bind (SQLite's SQLITE_LIMIT_VARIABLE_NUMBER: 32,766
    since SQLite 3.32, 999 before)."""
    driver = connection.connection.driver_connection
    return driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _processed(values: Sequence, process) -> list:
    """`process` applied to each of `values`, called once per distinct value. Values are told
    apart by type as well (True and 1 are equal in Python, not to a bind processor); a
    column of values that cannot be told apart this way (JSON lists) is converted value by
    value."""
    keys = list(zip(map(type, values), values, strict=True))
    try:
        distinct = {key: process(key[1]) for key in set(keys)}
    except TypeError:  # unhashable
        return list(map(process, values))
    return list(map(distinct.__getitem__, keys))


# Fields whose values the insert sets itself (ids, owners, versions) or keeps in other tables.
_SET_HERE = frozenset({"id", "version", "partner_id", "attendee_ids", "scores", "tags"})


def _fields(domain_class: type, table, objects: Sequence) -> dict[str, list]:
    """The columns of `table` that `objects`' own fields fill, each as a list of values."""
    return {name: list(map(attrgetter(name), objects)) for name in _field_names(domain_class)
            if name in table.c and name not in _SET_HERE}


def _insert_records(session, records: Sequence[PartnerRecord], *, keep_ids: bool) -> list[int]:
    # Core inserts (executemany, with reserved ids where they are wanted): the ORM's bulk
    # path ran one statement per row here, and the audit columns' Python defaults looked the
    # user up once per row. Every row of one import shares one stamp instead.
    changed_at, changed_by = utc_now(), saver_of(session.connection())

    def execute(row_class, objects: Sequence, columns: dict[str, list], *,
                want_ids: bool = False, owners: list[int] | None = None) -> list[int]:
        """Insert one row per object; returns their ids when `want_ids` (or `keep_ids`)."""
        count = len(objects)
        if not count:
            return []
        table = row_class.__table__
        ids: list[int] = []
        if keep_ids and "id" in table.c:
            ids = list(map(attrgetter("id"), objects))
        elif want_ids:
            ids = reserve_ids(session, table, count)
        if ids:
            columns = {"id": ids, **columns}
        if owners is not None:
            columns["partner_id"] = owners
        if "version" in table.c:
            # An undone removal comes back at the version it was removed at, so the undo
            # and redo of edits made before it still find the version they expect.
            columns["version"] = ([v or 1 for v in map(attrgetter("version"), objects)]
                                  if keep_ids else [1] * count)
            columns["changed_at"] = [changed_at] * count
            columns["changed_by"] = [changed_by] * count
        insert_columns(session, table, columns)
        return ids

    partners = [r.partner for r in records]
    partner_columns = _fields(Partner, PartnerRow.__table__, partners)
    partner_columns["tags"] = [list(p.tags) for p in partners]
    partner_columns["name_key"] = [name_key(p.name) for p in partners]
    partner_ids = execute(PartnerRow, partners, partner_columns, want_ids=True)

    def owned(part: str) -> tuple[list, list[int]]:
        """Every record's `part`, and beside each the id of the partner it belongs to."""
        objects, owners = [], []
        for pid, record in zip(partner_ids, records, strict=True):
            items = getattr(record, part)
            objects += items
            owners += [pid] * len(items)
        return objects, owners

    people, people_owners = owned("stakeholders")
    people_ids = execute(StakeholderRow, people,
                         _fields(Stakeholder, StakeholderRow.__table__, people),
                         owners=people_owners, want_ids=True)
    meetings, meeting_owners = owned("meetings")
    meeting_ids = execute(MeetingRow, meetings, _fields(Meeting, MeetingRow.__table__, meetings),
                          owners=meeting_owners, want_ids=True)
    checks, check_owners = owned("health")
    check_ids = execute(HealthCheckRow, checks,
                        _fields(HealthCheck, HealthCheckRow.__table__, checks),
                        owners=check_owners, want_ids=True)

    # The ids a record's children use for its people and meetings, as stored (ids repeat
    # across records, so one map per record).
    person_ids, meeting_id_of = [], []
    people_at = iter(people_ids)
    meetings_at = iter(meeting_ids)
    for record in records:
        person_ids.append({s.id: next(people_at) for s in record.stakeholders})
        meeting_id_of.append({m.id: next(meetings_at) for m in record.meetings})

    ties, tie_owners = owned("ties")
    tie_columns = _fields(Tie, TieRow.__table__, ties)
    tie_columns["ours_id"], tie_columns["theirs_id"] = [], []
    attendee_columns: dict[str, list] = {"meeting_id": [], "stakeholder_id": [], "position": []}
    actions, action_owners = owned("actions")
    action_columns = _fields(Action, ActionRow.__table__, actions)
    action_columns["meeting_id"] = []
    score_columns: dict[str, list] = {"check_id": [], "dimension": [], "ours": [], "theirs": [],
                                      "position": []}
    checks_at = iter(check_ids)
    for record, people_of, meetings_of in zip(records, person_ids, meeting_id_of, strict=True):
        for tie in record.ties:
            tie_columns["ours_id"].append(people_of[tie.ours_id])
            tie_columns["theirs_id"].append(people_of[tie.theirs_id])
        for meeting in record.meetings:
            attending = [people_of[sid] for sid in dict.fromkeys(meeting.attendee_ids)]
            attendee_columns["meeting_id"] += [meetings_of[meeting.id]] * len(attending)
            attendee_columns["stakeholder_id"] += attending
            attendee_columns["position"] += range(len(attending))
        action_columns["meeting_id"] += [
            None if a.meeting_id is None else meetings_of[a.meeting_id] for a in record.actions]
        for check in record.health:
            check_id = next(checks_at)
            for position, score in enumerate(check.scores):
                score_columns["check_id"].append(check_id)
                score_columns["dimension"].append(score.dimension)
                score_columns["ours"].append(score.ours)
                score_columns["theirs"].append(score.theirs)
                score_columns["position"].append(position)

    execute(TieRow, ties, tie_columns, owners=tie_owners)
    if attendee_columns["meeting_id"]:
        insert_columns(session, AttendeeRow.__table__, attendee_columns)
    execute(ActionRow, actions, action_columns, owners=action_owners)
    if score_columns["check_id"]:
        insert_columns(session, HealthScoreRow.__table__, score_columns)
    for row_class, domain_class, part in ((DifferenceRow, Difference, "differences"),
                                          (ValueExchangeRow, ValueExchange, "value"),
                                          (ChecklistItemRow, ChecklistItem, "checklist")):
        objects, owners = owned(part)
        execute(row_class, objects, _fields(domain_class, row_class.__table__, objects),
                owners=owners)
    return partner_ids
