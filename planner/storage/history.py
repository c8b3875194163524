"""The change history the triggers of migration 0006 keep: who is writing, quiet bulk writes,
and reading and pruning the entries.

On SQLite a trigger sees only the row, and on a delete its `changed_by` names the previous
editor, so the unit of work tells the triggers who is writing: at its first flush it puts the
OS user into `change_context` and removes the row again just before it commits (so it is never
committed; a change made outside the app falls back to the row's `changed_by`). On PostgreSQL
the triggers take the database user from the session and need nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from collections.abc import Iterator

from sqlalchemy import delete, event, select, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session

from planner.domain.errors import PlannerError
from planner.domain.history import Change
from planner.storage.models import ChangeRow, MeetingRow, StakeholderRow, current_user

_STAMPED = "planner.history.stamped"
RECORD_ONLY_PARTNERS = 1  # quiet: a partner's parts are not recorded one by one
RECORD_NOTHING = 2  # quiet: nothing is recorded (a copy brings its own history)
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for a refused privilege

_UPSERT = text(
    "INSERT INTO change_context (id, who, quiet, transaction_id) VALUES (1, :who, :quiet, :tx) "
    "ON CONFLICT (id) DO UPDATE SET who = excluded.who, quiet = excluded.quiet, "
    "transaction_id = excluded.transaction_id")


# A unit of work that may not write puts its sentence here (see unit_of_work.py).
REFUSE_WRITES = "planner.refuse_writes"


def _transaction_id() -> int:
    """A number for this transaction's entries (SQLite has no transaction ids of its own)."""
    return secrets.randbits(62)


def watch(session: Session) -> None:
    """Let the history triggers know who writes through `session` (see the module's doc)."""
    event.listen(session, "before_flush", _stamp)
    event.listen(session, "before_commit", _unstamp)
    for name in ("after_commit", "after_rollback", "after_soft_rollback"):
        event.listen(session, name, _forget)


def _stamp(session: Session, *_args) -> None:
    if session.info.get(_STAMPED) or session.get_bind().dialect.name != "sqlite":
        return
    session.info[_STAMPED] = True
    session.execute(_UPSERT, {"who": current_user(), "quiet": 0, "tx": _transaction_id()})


def _unstamp(session: Session) -> None:
    if not session.info.get(_STAMPED):
        return
    session.flush()  # what is pending is still recorded with who wrote it
    session.execute(text("DELETE FROM change_context"))
    session.info.pop(_STAMPED, None)


def _forget(session: Session, *_args) -> None:
    session.info.pop(_STAMPED, None)


@contextlib.contextmanager
def quiet(session: Session, level: int = RECORD_ONLY_PARTNERS) -> Iterator[None]:
    """Within the block, record only the partners (RECORD_ONLY_PARTNERS: a bulk import) or
    nothing (RECORD_NOTHING: a copy, which writes the source's history itself), in this
    transaction only. On PostgreSQL the quiet parts are not announced either: the partner's
    own notice covers them."""
    refusal = session.info.get(REFUSE_WRITES)
    if refusal:  # a read-only unit of work: not even this bookkeeping reaches the database
        raise PlannerError(refusal)
    who = current_user() if session.get_bind().dialect.name == "sqlite" else None
    session.info[_STAMPED] = True
    session.execute(_UPSERT, {"who": who, "quiet": level, "tx": _transaction_id()})
    yield
    session.execute(text("UPDATE change_context SET quiet = 0"))


# An insert trigger whose WHEN is only "not at this quiet level or above": while the
# transaction is that quiet, it runs for every row and records nothing.
_RESTING = re.compile(r"CREATE TRIGGER (\S+) AFTER INSERT ON \S+ WHEN NOT EXISTS \(SELECT 1 "
                      r"FROM change_context WHERE quiet >= (\d+)\) BEGIN\s", re.IGNORECASE)


@contextlib.contextmanager
def resting_triggers_dropped(session: Session, level: int = RECORD_ONLY_PARTNERS
                             ) -> Iterator[None]:
    """Within a quiet bulk insert (see quiet), the history's insert triggers that record
    nothing at `level` are dropped, and created again from their own stored text when the
    block ends, all in the same transaction: evaluating their WHEN for each of 600,000 rows
    was a fifth of a large import's time. SQLite only (PostgreSQL's editors may not drop
    triggers, and their triggers return at once)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'history\\_%\\_insert' ESCAPE '\\' ORDER BY name").all()
    resting = [(name, sql) for name, sql in triggers
               if (found := _RESTING.match(sql)) and int(found.group(2)) <= level]
    for name, _sql in resting:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        for _name, sql in resting:
            connection.exec_driver_sql(sql)


def entries(session: Session, partner_id: int, *, since: dt.datetime,
            person: str | None = None, limit: int | None = None) -> list[Change]:
    """A partner's recorded changes since `since`, newest first."""
    query = (select(ChangeRow)
             .where(ChangeRow.partner_id == partner_id, ChangeRow.changed_at >= since)
             .order_by(ChangeRow.changed_at.desc(), ChangeRow.id.desc()))
    if person is not None:
        query = query.where(ChangeRow.changed_by == person)
    if limit is not None:
        query = query.limit(limit)
    return [Change(id=row.id, at=row.changed_at, by=row.changed_by, table=row.table_name,
                   record_id=row.record_id, partner_id=row.partner_id, kind=row.kind,
                   label=row.label, fields=dict(row.fields or {}),
                   transaction_id=row.transaction_id)
            for row in session.scalars(query)]


def current_names(session: Session, partner_id: int) -> tuple[list[tuple[int, str]],
                                                               list[tuple[int, dt.date]]]:
    """The partner's people (id, name) and meetings (id, date) as stored now: what its
    history calls the records other changes point at. Two columns each, not whole records:
    the History tab of a partner with 500 meetings asked for every attendee too."""
    people = session.execute(select(StakeholderRow.id, StakeholderRow.name)
                             .where(StakeholderRow.partner_id == partner_id)).all()
    meetings = session.execute(select(MeetingRow.id, MeetingRow.date)
                               .where(MeetingRow.partner_id == partner_id)).all()
    return [tuple(row) for row in people], [tuple(row) for row in meetings]


def people(session: Session, partner_id: int, *, since: dt.datetime) -> list[str]:
    """Everyone who changed the partner's records since `since`, by name."""
    query = (select(ChangeRow.changed_by).distinct()
             .where(ChangeRow.partner_id == partner_id, ChangeRow.changed_at >= since))
    # sorted here, by code point: ORDER BY would follow a server's collation, not SQLite's
    return sorted(session.scalars(query))


def prune(session: Session, *, before: dt.datetime) -> int:
    """Delete the entries older than `before`; how many went. A database user who may not
    delete history (a team may keep it from its editors) leaves it for one who may."""
    try:
        with session.begin_nested():
            return session.execute(
                delete(ChangeRow).where(ChangeRow.changed_at < before)).rowcount
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            return 0
        raise
