"""The tables of a portfolio file, as SQLAlchemy 2 typed models.

Every row carries a version (optimistic concurrency, for when several people share one
portfolio) and who changed it last and when. Enums are stored by value as short strings with
CHECK constraints, JSON as SQLAlchemy's portable JSON type: nothing here is SQLite-only.
"""

from __future__ import annotations

import datetime as dt
import getpass
from enum import Enum as PyEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from planner.domain.model import (
    Area,
    Cadence,
    DifferenceStatus,
    Kind,
    Level,
    MeetingKind,
    Rating,
    Scope,
    Side,
    Strength,
    ValueCategory,
)
from planner.domain.stages import Stage

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


# Where a connection keeps the name its changes are stamped with (its pool record's info).
SAVER = "planner.changed_by"


def saver_of(connection) -> str:
    """Who saves through this connection: on a server the database user it logged in as
    (recorded when it connected), on a file the person logged in to this computer."""
    return connection.info.get(SAVER) or current_user()


# SQLAlchemy passes the execution context only to a default whose signature takes one; mutmut's
# wrapper hides it, so this one-liner is left unmutated (saver_of is mutated and tested).
def _saver(context) -> str:  # pragma: no mutate block
    return saver_of(context.connection)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def enum_column(enum: type[PyEnum], name: str) -> Enum:
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Audited:
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime, nullable=False, default=utc_now, onupdate=utc_now
    )
    changed_by: Mapped[str] = mapped_column(
        String(100), nullable=False, default=_saver, onupdate=_saver
    )

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


class PartnerRow(Audited, Base):
    __tablename__ = "partners"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name folded for case-insensitive uniqueness, portable to any database. Folding can
    # lengthen a name (at most threefold); SQLite does not enforce a length, a server does.
    name_key: Mapped[str] = mapped_column(String(200).with_variant(String(600), "postgresql"),
                                          unique=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[Kind] = mapped_column(enum_column(Kind, "kind"))
    definition: Mapped[str] = mapped_column(Text, default="")
    unique_result: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "stage"), index=True)
    owner: Mapped[str] = mapped_column(String(200), default="")
    next_review: Mapped[dt.date | None] = mapped_column(Date)
    review_place: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_on: Mapped[dt.date | None] = mapped_column(Date)
    stage_since: Mapped[dt.date | None] = mapped_column(Date)
    decision_needed: Mapped[str] = mapped_column(Text, default="")


class StakeholderRow(Audited, Base):
    __tablename__ = "stakeholders"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(200))
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    level: Mapped[Level] = mapped_column(enum_column(Level, "level"))
    role: Mapped[str] = mapped_column(String(200), default="")
    ambassador: Mapped[bool] = mapped_column(Boolean, default=False)
    # the interchange format's longest address (RFC 5321's); SQLite keeps any length
    email: Mapped[str] = mapped_column(String(200).with_variant(String(254), "postgresql"),
                                       default="")
    phone: Mapped[str] = mapped_column(String(100), default="")


class TieRow(Audited, Base):
    __tablename__ = "ties"
    __table_args__ = (UniqueConstraint("ours_id", "theirs_id", name="pair"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"),
                                            index=True)
    ours_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    theirs_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    strength: Mapped[Strength] = mapped_column(enum_column(Strength, "strength"))


class DifferenceRow(Audited, Base):
    __tablename__ = "differences"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"),
                                            index=True)
    area: Mapped[Area] = mapped_column(enum_column(Area, "area"))
    ours: Mapped[str] = mapped_column(Text, default="")
    theirs: Mapped[str] = mapped_column(Text, default="")
    likelihood: Mapped[Rating] = mapped_column(enum_column(Rating, "likelihood"))
    impact: Mapped[Rating] = mapped_column(enum_column(Rating, "impact"))
    management: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[DifferenceStatus] = mapped_column(enum_column(DifferenceStatus, "status"))
    question: Mapped[str] = mapped_column(Text, default="")
    agreed_with_partner: Mapped[bool] = mapped_column(Boolean, default=False)
    last_reviewed: Mapped[dt.date | None] = mapped_column(Date)


class MeetingRow(Audited, Base):
    __tablename__ = "meetings"
    # Every column the portfolio list reads (figures.py), partner first: the last meeting
    # and the last face-to-face one are a seek per partner, the rest a scan of the index
    # alone (migration 0008). A partner's own meetings are found by its first column.
    __table_args__ = (Index("ix_meetings_partner_date", "partner_id", "date", "kind", "place"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    place: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    moment_of_truth: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_needed: Mapped[str] = mapped_column(Text, default="")


class AttendeeRow(Base):
    __tablename__ = "meeting_attendees"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class ActionRow(Audited, Base):
    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"),
                                            index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    due: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class ValueExchangeRow(Audited, Base):
    __tablename__ = "value_exchanges"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"),
                                            index=True)
    giver: Mapped[Side] = mapped_column(enum_column(Side, "giver"))
    what: Mapped[str] = mapped_column(Text)
    # up to 10**15: SQLite's INTEGER is 64-bit, a server's must be BIGINT to match
    worth: Mapped[int] = mapped_column(Integer().with_variant(BigInteger(), "postgresql"),
                                       default=0)
    date: Mapped[dt.date | None] = mapped_column(Date)
    category: Mapped[ValueCategory] = mapped_column(
        enum_column(ValueCategory, "category"), default=ValueCategory.CONTRIBUTION)


class HealthCheckRow(Audited, Base):
    __tablename__ = "health_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"),
                                            index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")


class HealthScoreRow(Base):
    __tablename__ = "health_scores"
    __table_args__ = (UniqueConstraint("check_id", "dimension", name="dimension"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("health_checks.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(60))
    ours: Mapped[int] = mapped_column(Integer)
    theirs: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ChecklistItemRow(Audited, Base):
    __tablename__ = "checklist_items"
    # Every column the portfolio list counts (figures.py), grouped as it groups them: the
    # progress of every partner is a scan of this index alone, never of the items' texts
    # (migration 0008). A partner's own items are found by its first column.
    __table_args__ = (Index("ix_checklist_items_progress", "partner_id", "stage", "done",
                            "not_applicable", "cadence", "choice_group", "done_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "stage"))
    text: Mapped[str] = mapped_column(Text)
    trait: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    scope: Mapped[Scope] = mapped_column(enum_column(Scope, "scope"), default=Scope.JOINT)
    cadence: Mapped[Cadence | None] = mapped_column(enum_column(Cadence, "cadence"))
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    not_applicable_reason: Mapped[str] = mapped_column(Text, default="")
    choice_group: Mapped[str] = mapped_column(String(60), default="")


class PortfolioSettingRow(Audited, Base):
    """Settings of the portfolio itself (its name, its currency), one row per key, so they
    travel with the portfolio to another machine or a server."""

    __tablename__ = "portfolio_settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ChangeRow(Base):
    """One change to one of a partner's records, written by the triggers of migration 0006
    (never by the app itself): when, by whom, which record, and {column: [old, new]}."""

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    changed_by: Mapped[str] = mapped_column(String(100))
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # create, update, delete
    label: Mapped[str] = mapped_column(Text)  # the record's name, area, date or text then
    fields: Mapped[dict] = mapped_column(JSON)
    transaction_id: Mapped[int | None] = mapped_column(BigInteger)  # one use case


class ChangeContextRow(Base):
    """Who is writing, and how quietly, for the history triggers; written inside a
    transaction and removed before it commits (see storage/history.py)."""

    __tablename__ = "change_context"
    id: Mapped[int] = mapped_column(primary_key=True)
    who: Mapped[str | None] = mapped_column(String(100))
    quiet: Mapped[int] = mapped_column(Integer)
    transaction_id: Mapped[int | None] = mapped_column(BigInteger)


def is_modelled(name: str, type_: str, _parent_names: dict) -> bool:
    """What Alembic compares with the models: not the search index, which migration 0002
    creates by hand (an FTS5 virtual table and its shadow tables have no model)."""
    return not (type_ == "table" and name.startswith("search_index"))

