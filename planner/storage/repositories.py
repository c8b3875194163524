"""Repositories: domain objects in, domain objects out; the rows never leave storage.

One generic repository maps a frozen domain dataclass onto the row class whose columns carry
the same names; the few fields that live in other tables (a partner's tags, a meeting's
attendees, a health check's scores) are mapped by small overrides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from planner.domain.errors import DuplicateName, EditConflict, NotFound
from planner.domain.model import (
    Action,
    ChecklistItem,
    Difference,
    HealthCheck,
    HealthScore,
    Meeting,
    Partner,
    Stakeholder,
    Tie,
    ValueExchange,
)
from planner.domain.names import name_key
from planner.domain.quoting import shown
from planner.storage.models import (
    ActionRow,
    AttendeeRow,
    Base,
    ChecklistItemRow,
    DifferenceRow,
    HealthCheckRow,
    HealthScoreRow,
    MeetingRow,
    PartnerRow,
    StakeholderRow,
    TieRow,
    ValueExchangeRow,
    utc_now,
)
from planner.storage.write_rights import refuse_if_not_allowed, refuse_if_read_only

D = TypeVar("D")
# Columns the storage keeps itself: the id, and the version SQLAlchemy counts on every save.
_MANAGED = frozenset({"id", "version"})
# The reading statements, built once per repository class and kind (see Repository._built).
_BUILT: dict[tuple[type, str], Any] = {}


def _ids():
    """The ids a reading statement is executed with, as many as there are (`{"ids": [...]}`)."""
    return bindparam("ids", expanding=True)


class Within(NamedTuple):
    """The ids of exactly the rows read, as a query (`select(id) ...`) and its parameters:
    their child rows are then read in one statement, however many rows there are."""

    query: Any
    parameters: dict[str, Any]


class Repository(Generic[D]):
    row_class: type[Base]
    domain_class: type
    label: str  # what a person calls one of these, for "not found" messages

    def __init__(self, session: Session):
        self.session = session
        self._fields = [f.name for f in dataclasses.fields(self.domain_class)]
        self._columns = set(self.row_class.__table__.columns.keys())
        # the fields a row's own columns hold, in the order `for_partners` selects them
        self._stored = [name for name in self._fields if name in self._columns]

    # mapping -----------------------------------------------------------------------------
    def to_domain(self, row: Any) -> D:
        values = {name: getattr(row, name) for name in self._fields if name in self._columns}
        values.update(self.extra_fields([row])[row.id])
        return self.domain_class(**values)

    def extra_fields(self, rows: Sequence[Any], within=None) -> dict[int, dict]:
        """Fields kept outside the row (override where there are any); `within`, when
        given, is a query of the ids of exactly these rows (see `children`)."""
        return {row.id: {} for row in rows}

    def children(self, rows: Sequence[Any], parent_column, order_column,
                 *columns, within: Within | None = None) -> dict[int, list[tuple]]:
        """The values of `columns` in the child rows of each of `rows`, in `order_column` order.

        With `within` in one statement; otherwise by the ids themselves, in chunks: a
        partner's 500 meetings took 500 bound values and two statements to find their
        attendees. The statement is built once (a repository has one kind of child rows)."""
        found: dict[int, list[tuple]] = {row.id: [] for row in rows}
        if within is not None:
            query = self._built("children within", lambda: select(parent_column, *columns)
                                .where(parent_column.in_(within.query))
                                .order_by(parent_column, order_column))
            wanted = [within.parameters]
        else:
            query = self._built("children", lambda: select(parent_column, *columns)
                                .where(parent_column.in_(_ids()))
                                .order_by(parent_column, order_column))
            wanted = [{"ids": chunk} for chunk in _chunks(list(found))]
        for parameters in wanted:
            for parent_id, *values in self.session.execute(query, parameters):
                found[parent_id].append(tuple(values))
        return found

    def _built(self, kind: str, build) -> Any:
        """The statement of this kind for this repository, built by `build` the first time.

        A partner is read in a dozen statements, each built anew took a tenth of the
        reading (SQLAlchemy checking each column and clause, then working out the key it
        finds the statement's compiled form by); built once, that key is worked out once."""
        key = (type(self), kind)
        statement = _BUILT.get(key)
        if statement is None:
            statement = _BUILT[key] = build()
        return statement

    def column_values(self, obj: D) -> dict[str, Any]:
        return {
            name: getattr(obj, name)
            for name in self._fields
            if name in self._columns and name not in _MANAGED
        }

    def write_extras(self, row: Any, obj: D) -> None:
        """Store the fields kept outside the row (override where there are any)."""

    def _many(self, rows: Sequence[Any]) -> list[D]:
        extras = self.extra_fields(rows)
        out = []
        for row in rows:
            values = {n: getattr(row, n) for n in self._fields if n in self._columns}
            values.update(extras[row.id])
            out.append(self.domain_class(**values))
        return out

    # queries -------------------------------------------------------------------------------
    def _row(self, item_id: int) -> Any:
        row = self.session.get(self.row_class, item_id)
        if row is None:
            raise NotFound(f"That {self.label} no longer exists; it may have been removed.")
        return row

    def get(self, item_id: int) -> D:
        return self.to_domain(self._row(item_id))

    def all(self) -> list[D]:
        rows = self.session.scalars(select(self.row_class).order_by(self.row_class.id)).all()
        return self._many(rows)

    def _plain(self, query, parameters: dict | None = None,
               within: Within | None = None) -> list[D]:
        """Domain objects from a query selecting the `_stored` columns, in that order.

        Plain rows, not ORM instances: nothing is edited through them, and building an
        instance per row made exporting a large portfolio several times slower. Values are
        paired with their names by position: looking each up on the row by name, ten times a
        row, was most of what reading a partner with hundreds of meetings cost."""
        rows = self.session.execute(query, parameters).all()
        extras = self.extra_fields(rows, within)
        names, domain_class, whole = self._stored, self.domain_class, len(self._fields)
        make = object.__new__
        out = []
        for row in rows:
            values = dict(zip(names, row, strict=True))
            values.update(extras[values["id"]])
            if len(values) == whole:
                # Every field read back: set as the frozen dataclass's __init__ sets them
                # (one object.__setattr__ each), at a third of its cost; a partner's 800
                # parts were built in 3 ms of the 10 its reading took.
                obj = make(domain_class)
                obj.__dict__.update(values)
            else:
                obj = domain_class(**values)
            out.append(obj)
        return out

    def _stored_columns(self):
        table = self.row_class.__table__
        return [table.c[name] for name in self._stored]

    def for_partners(self, partner_ids: Iterable[int] | None = None) -> list[D]:
        table = self.row_class.__table__
        if partner_ids is None:
            return self._plain(self._built("all", lambda: select(*self._stored_columns())
                                           .order_by(table.c.id)))
        query = self._built("some", lambda: select(*self._stored_columns())
                            .where(table.c.partner_id.in_(_ids())).order_by(table.c.id))
        within = self._built("within", lambda: select(table.c.id)
                             .where(table.c.partner_id.in_(_ids())))
        parameters = {"ids": list(partner_ids)}
        return self._plain(query, parameters, Within(within, parameters))

    def for_partner(self, partner_id: int) -> list[D]:
        return self.for_partners([partner_id])

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(self.row_class))

    # changes -------------------------------------------------------------------------------
    def add(self, obj: D) -> D:
        """Store a new object; an id already set is kept (an undone removal comes back as it
        was)."""
        refuse_if_read_only(self.session)
        row = self.row_class(**self.column_values(obj))
        if getattr(obj, "id", None) is not None:
            row.id = obj.id
        self.session.add(row)
        self.session.flush()
        self.write_extras(row, obj)
        self.session.flush()
        if getattr(obj, "id", None) is not None and getattr(obj, "version", None):
            # An undone removal comes back at the version it was removed at (the ORM starts
            # every new row at 1), so undo and redo of the edits before it still apply.
            table = self.row_class.__table__
            self.session.execute(update(table).where(table.c.id == row.id)
                                 .values(version=obj.version))
            self.session.expire(row)
        return self.get(row.id)

    def save(self, obj: D) -> D:
        """Store an edited object. When it carries the version it was loaded at, a row
        that has moved on since is refused (EditConflict), never overwritten: the check
        here sees what another person committed before, and the UPDATE's own
        `WHERE version = ...` what they commit in between."""
        row = self._changed_row(obj.id, "UPDATE")
        self._expect(row, getattr(obj, "version", None), "UPDATE")
        for name, value in self.column_values(obj).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        stored = self.extra_fields([row])[row.id]
        if {name: getattr(obj, name) for name in stored} != stored:
            self.write_extras(row, obj)
            # A meeting's attendees or a check's scores are part of the record: changing
            # only them moves its version on too, or a stale save could overwrite them.
            row.changed_at = utc_now()
            flag_modified(row, "changed_at")  # even within the same second
        self._flush(obj.id)
        return self.get(row.id)

    def remove(self, item_id: int, version: int | None = None) -> D:
        """Remove a row; with the version it was loaded at, only if nobody changed it since."""
        row = self._changed_row(item_id, "DELETE")
        self._expect(row, version, "DELETE")
        obj = self.to_domain(row)
        self.session.delete(row)
        self._flush(item_id)
        return obj

    def stamp(self, item_id: int) -> tuple[str, Any]:
        """Who changed the row last, and when (UTC)."""
        row = self._row(item_id)
        return row.changed_by, row.changed_at

    def refuse_unless_allowed(self, privilege: str) -> None:
        """Refused as a reader, when this login may not make the change at all."""
        refuse_if_not_allowed(self.session, self.row_class.__tablename__, privilege)

    def _changed_row(self, item_id: int, privilege: str) -> Any:
        """The row a change is about: refused first when this login may not change it at
        all (a reader is told that, not that the row was removed meanwhile)."""
        refuse_if_read_only(self.session)
        try:
            return self._row(item_id)
        except NotFound:
            self.refuse_unless_allowed(privilege)
            raise

    def _expect(self, row: Any, version: int | None, privilege: str = "UPDATE") -> None:
        if version is not None and row.version != version:
            # a reader is told they may only read, not that someone else got there first
            self.refuse_unless_allowed(privilege)
            raise self.conflict(row.id)

    def _flush(self, item_id: int) -> None:
        try:
            self.session.flush()
        except StaleDataError:
            raise self.conflict(item_id) from None

    def conflict(self, item_id: int) -> EditConflict:
        return EditConflict(f"Someone else changed this {self.label} in the meantime; your "
                            "change was not saved.", item_id=item_id)


class PartnerRepository(Repository[Partner]):
    row_class = PartnerRow
    domain_class = Partner
    label = "partner"

    def extra_fields(self, rows, within=None):
        return {row.id: {"tags": tuple(row.tags or ())} for row in rows}

    def column_values(self, obj: Partner) -> dict[str, Any]:
        values = super().column_values(obj)
        values["tags"] = list(obj.tags)
        values["name_key"] = name_key(obj.name)
        return values

    def for_partners(self, partner_ids=None):
        table = PartnerRow.__table__
        if partner_ids is None:
            return self._plain(self._built("all", lambda: select(*self._stored_columns())
                                           .order_by(table.c.id)))
        query = self._built("some", lambda: select(*self._stored_columns())
                            .where(table.c.id.in_(_ids())).order_by(table.c.id))
        return self._plain(query, {"ids": list(partner_ids)})

    def add(self, obj: Partner) -> Partner:
        with _name_taken_refused(obj.name):
            return super().add(obj)

    def save(self, obj: Partner) -> Partner:
        with _name_taken_refused(obj.name):
            return super().save(obj)

    def by_name(self, name: str) -> Partner | None:
        row = self.session.scalar(select(PartnerRow).where(PartnerRow.name_key == name_key(name)))
        return self.to_domain(row) if row is not None else None

    def by_names(self, names: Iterable[str]) -> dict[str, Partner]:
        """The partners that bear any of `names` (as name_key compares them), by name key:
        one query for a batch of imported names instead of one each."""
        keys = list(dict.fromkeys(map(name_key, names)))
        rows = [row for chunk in _chunks(keys) for row in self.session.scalars(
            select(PartnerRow).where(PartnerRow.name_key.in_(chunk)))]
        return {row.name_key: partner for row, partner in zip(rows, self._many(rows),
                                                              strict=True)}

    def names(self) -> list[str]:
        # In the name keys' code point order, sorted here: ORDER BY follows a server's
        # collation (often its locale's, or ICU's), which SQLite's does not.
        rows = self.session.execute(select(PartnerRow.name_key, PartnerRow.name)).all()
        return [name for _key, name in sorted(rows)]


@contextmanager
def _name_taken_refused(name: str):
    """Two people adding (or renaming to) the same name at once: both looked and found it
    free, and the unique name key lets only the first one in. The second gets the sentence
    the service's own check gives, not the database's words."""
    try:
        yield
    except IntegrityError as error:
        if "name_key" not in str(error.orig):
            raise
        raise DuplicateName(f"A partner named '{shown(name)}' is already in the "
                            "portfolio.") from None


class StakeholderRepository(Repository[Stakeholder]):
    row_class = StakeholderRow
    domain_class = Stakeholder
    label = "stakeholder"


class TieRepository(Repository[Tie]):
    row_class = TieRow
    domain_class = Tie
    label = "tie"

    def between(self, ours_id: int, theirs_id: int) -> Tie | None:
        row = self.session.scalar(
            select(TieRow).where(TieRow.ours_id == ours_id, TieRow.theirs_id == theirs_id)
        )
        return self.to_domain(row) if row is not None else None


class DifferenceRepository(Repository[Difference]):
    row_class = DifferenceRow
    domain_class = Difference
    label = "difference"


class MeetingRepository(Repository[Meeting]):
    row_class = MeetingRow
    domain_class = Meeting
    label = "meeting"

    def extra_fields(self, rows, within=None):
        attendees = self.children(rows, AttendeeRow.meeting_id, AttendeeRow.position,
                                  AttendeeRow.stakeholder_id, within=within)
        return {row_id: {"attendee_ids": tuple(sid for (sid,) in found)}
                for row_id, found in attendees.items()}

    def write_extras(self, row, obj: Meeting) -> None:
        # Only what changed: the change history then records who joined or left the
        # meeting, not every attendee removed and added again on every save.
        wanted = {sid: position for position, sid in enumerate(dict.fromkeys(obj.attendee_ids))}
        stored = {a.stakeholder_id: a for a in self.session.scalars(
            select(AttendeeRow).where(AttendeeRow.meeting_id == row.id))}
        for sid, attendee in stored.items():
            if sid not in wanted:
                self.session.delete(attendee)
            elif attendee.position != wanted[sid]:
                attendee.position = wanted[sid]
        for sid, position in wanted.items():
            if sid not in stored:
                self.session.add(AttendeeRow(meeting_id=row.id, stakeholder_id=sid,
                                             position=position))


class ActionRepository(Repository[Action]):
    row_class = ActionRow
    domain_class = Action
    label = "action"


class ValueExchangeRepository(Repository[ValueExchange]):
    row_class = ValueExchangeRow
    domain_class = ValueExchange
    label = "value exchange"


class HealthCheckRepository(Repository[HealthCheck]):
    row_class = HealthCheckRow
    domain_class = HealthCheck
    label = "health check"

    def extra_fields(self, rows, within=None):
        scores = self.children(rows, HealthScoreRow.check_id, HealthScoreRow.position,
                               HealthScoreRow.dimension, HealthScoreRow.ours,
                               HealthScoreRow.theirs, within=within)
        return {row_id: {"scores": tuple(HealthScore(*values) for values in found)}
                for row_id, found in scores.items()}

    def write_extras(self, row, obj: HealthCheck) -> None:
        # Only what changed, as for a meeting's attendees: the history names the scores moved.
        wanted = {score.dimension: (position, score) for position, score in
                  enumerate(obj.scores)}
        stored = {s.dimension: s for s in self.session.scalars(
            select(HealthScoreRow).where(HealthScoreRow.check_id == row.id))}
        for dimension, found in stored.items():
            if dimension not in wanted:
                self.session.delete(found)
                continue
            position, score = wanted[dimension]
            for name, value in (("ours", score.ours), ("theirs", score.theirs),
                                ("position", position)):
                if getattr(found, name) != value:
                    setattr(found, name, value)
        for dimension, (position, score) in wanted.items():
            if dimension not in stored:
                self.session.add(HealthScoreRow(check_id=row.id, dimension=dimension,
                                                ours=score.ours, theirs=score.theirs,
                                                position=position))


class ChecklistRepository(Repository[ChecklistItem]):
    row_class = ChecklistItemRow
    domain_class = ChecklistItem
    label = "checklist item"

    def next_position(self, partner_id: int, stage) -> int:
        current = self.session.scalar(
            select(func.max(ChecklistItemRow.position)).where(
                ChecklistItemRow.partner_id == partner_id, ChecklistItemRow.stage == stage
            )
        )
        return 0 if current is None else current + 1


def _chunks(ids: list[int], size: int = 900):
    # SQLite limits bound parameters per statement; stay well under every version's limit.
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
