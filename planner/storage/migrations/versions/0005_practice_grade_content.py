"""Practice-grade content: joint or internal checklist items that recur, may not apply, or
close each other; differences agreed with the partner; the decision a meeting must take; value
categories; when a partner was added and entered its stage

Revision ID: 0005
Revises: 0004

Every new column has a default, so existing rows read as before: items are joint, one-off and
applicable; exchanges are contributions. A partner's creation date is taken from the earliest
date it holds (its stored change time at the latest), and the date it entered its stage from
the last item ticked in the stages behind it, or its creation.
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    # Plain ADD COLUMN where the search index has triggers (partners, differences, meetings):
    # a batch "move and copy" would drop them. The tables with new enum columns (and CHECK
    # constraints) are rebuilt in batch; they have no triggers.
    op.add_column("partners", sa.Column("created_on", sa.Date(), nullable=True))
    op.add_column("partners", sa.Column("stage_since", sa.Date(), nullable=True))
    op.add_column("partners", sa.Column("decision_needed", sa.Text(), nullable=False,
                                        server_default=""))
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope", _enum("scope", "joint", "internal"),
                                      nullable=False, server_default="joint"))
        batch_op.add_column(sa.Column(
            "cadence", _enum("cadence", "monthly", "quarterly", "half-yearly", "yearly"),
            nullable=True))
        batch_op.add_column(sa.Column("not_applicable", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("not_applicable_reason", sa.Text(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("choice_group", sa.String(length=60), nullable=False,
                                      server_default=""))
    op.add_column("differences", sa.Column("agreed_with_partner", sa.Boolean(),
                                           nullable=False, server_default=sa.false()))
    op.add_column("differences", sa.Column("last_reviewed", sa.Date(), nullable=True))
    op.add_column("meetings", sa.Column("decision_needed", sa.Text(), nullable=False,
                                        server_default=""))
    with op.batch_alter_table("value_exchanges", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "category", _enum("category", "contribution", "contract payment"),
            nullable=False, server_default="contribution"))
    _settle_partner_dates(op.get_bind())


_STAGES = ("courtship", "commitment", "bridges", "exit")


def _settle_partner_dates(bind) -> None:
    partners = bind.execute(sa.text("SELECT id, stage, changed_at FROM partners")).all()
    for pid, stage, changed_at in partners:
        earliest = [_as_date(changed_at)]
        for table, column in (("meetings", "date"), ("checklist_items", "done_on"),
                              ("health_checks", "date"), ("value_exchanges", "date")):
            found = bind.execute(sa.text(
                f"SELECT min({column}) FROM {table} WHERE partner_id = :pid"), {"pid": pid}
            ).scalar()
            if found is not None:
                earliest.append(_as_date(found))
        created = min(d for d in earliest if d is not None)
        behind = _STAGES[:_STAGES.index(stage)] if stage in _STAGES else ()
        since = None
        if behind:
            marks = ", ".join(f":s{i}" for i in range(len(behind)))
            since = bind.execute(sa.text(
                "SELECT max(done_on) FROM checklist_items WHERE partner_id = :pid "
                f"AND stage IN ({marks})"),
                {"pid": pid, **{f"s{i}": s for i, s in enumerate(behind)}}).scalar()
        bind.execute(sa.text("UPDATE partners SET created_on = :created, stage_since = :since "
                             "WHERE id = :pid"),
                     {"created": created, "since": _as_date(since) or created, "pid": pid})


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    with op.batch_alter_table("value_exchanges", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_value_exchanges_category"), type_="check")
        batch_op.drop_column("category")
    # Plain DROP COLUMN where the search index has triggers (a batch rebuild would drop them)
    op.drop_column("meetings", "decision_needed")
    op.drop_column("differences", "last_reviewed")
    op.drop_column("differences", "agreed_with_partner")
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        for check in ("ck_checklist_items_scope", "ck_checklist_items_cadence"):
            batch_op.drop_constraint(op.f(check), type_="check")
        for column in ("choice_group", "not_applicable_reason", "not_applicable", "cadence",
                       "scope"):
            batch_op.drop_column(column)
    for column in ("decision_needed", "stage_since", "created_on"):
        op.drop_column("partners", column)
