"""Change history: who changed which record of a partner, when, from what to what

Revision ID: 0006
Revises: 0005

Every insert, update and delete of a partner's records (the partner itself, stakeholders,
ties, differences, meetings, actions, value exchanges, health checks, checklist items) adds
one row to `changes`: when (UTC), by whom, which record, what kind of change, the record's
words at the time (its name, area, date or text: `label`), the changed fields as JSON
{column: [old, new]} (for a creation every field, for a deletion every field it had), and the
transaction it belongs to (one use case is one transaction: adding a partner with its checklist
reads as one change; txid_current() on PostgreSQL, a number the unit of work draws on SQLite).

Kept by triggers, not by the unit of work, because only triggers see every write path: the
services, the Core bulk inserts of an import, foreign-key cascades (removing a partner
removes its meetings: each is recorded), ON DELETE SET NULL, and changes made outside the app
(psql, sqlite3). Who:
- on PostgreSQL `session_user`, the database user who logged in (not `current_user`, which a
  SET ROLE or a SECURITY DEFINER function changes);
- on SQLite the OS user. A trigger only sees the row, whose `changed_by` names the previous
  editor on a delete (and on a cascaded update), so the unit of work writes who is writing
  into `change_context` at its first flush and deletes it again at commit (it is never
  committed); the triggers take it from there, and fall back to the row's `changed_by` for
  a change made outside the app.

`change_context.quiet` lets a bulk writer keep the history short, in its own transaction only
(on PostgreSQL other transactions never see the uncommitted row): 1 records the partners and
not their parts (an import of 2,000 partners adds 2,000 entries, not 600,000, and stays about
as fast as before), 2 records nothing (a copy, which brings the source's history with it).

On PostgreSQL the same trigger function also announces each change, at commit, with
pg_notify('planner_changes', '{"table": ..., "id": ..., "partner": ...}') for the windows that
listen. A meeting's attendees and a health check's scores are recorded as changes of their
meeting or check (who joined, which score moved), and announced too; the portfolio settings
are announced only.

A later migration that rebuilds one of these tables (batch "move and copy") drops its history
triggers with it, as it does the search index's (0002): it must create them again. This file is
frozen: it states the columns and triggers as they were at revision 0006.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# table -> the record's words at the time of the change, and its data columns (not the id,
# the partner it belongs to, the audit columns, derived name keys or list positions)
TIES_LABEL = ("coalesce((SELECT name FROM stakeholders WHERE id = {r}.ours_id), '') || ' - ' "
              "|| coalesce((SELECT name FROM stakeholders WHERE id = {r}.theirs_id), '')")
TRACKED = {
    "partners": ("{r}.name", (
        "name", "organisation", "kind", "definition", "unique_result", "stage", "owner",
        "next_review", "review_place", "tags", "notes", "created_on", "stage_since",
        "decision_needed")),
    "stakeholders": ("{r}.name", (
        "name", "side", "level", "role", "ambassador", "email", "phone")),
    "ties": (TIES_LABEL, ("ours_id", "theirs_id", "strength")),
    "differences": ("{r}.area", (
        "area", "ours", "theirs", "likelihood", "impact", "management", "owner", "status",
        "question", "agreed_with_partner", "last_reviewed")),
    "meetings": ("{r}.date", (
        "date", "kind", "place", "notes", "decisions", "moment_of_truth", "decision_needed")),
    "actions": ("{r}.text", (
        "text", "owner", "side", "due", "done", "done_on", "meeting_id")),
    "value_exchanges": ("{r}.what", ("giver", "what", "worth", "date", "category")),
    "health_checks": ("{r}.date", ("date", "comment")),
    "checklist_items": ("{r}.text", (
        "stage", "text", "trait", "done", "done_on", "note", "scope", "cadence",
        "not_applicable", "not_applicable_reason", "choice_group")),
}
JSON_COLUMNS = {("partners", "tags")}
LABEL_LENGTH = 200
CHANNEL = "planner_changes"


def _create_tables() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("transaction_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_index(op.f("ix_changes_partner_id"), "changes", ["partner_id"])
    op.create_index(op.f("ix_changes_changed_at"), "changes", ["changed_at"])
    op.create_table(
        "change_context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=True),
        sa.Column("quiet", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_context")),
    )


# SQLite -------------------------------------------------------------------------------------

def _value(table: str, column: str, r: str) -> str:
    if (table, column) in JSON_COLUMNS:
        return f"json({r}.{column})"
    return f"{r}.{column}"


def _sqlite_triggers(table: str) -> list[str]:
    label, columns = TRACKED[table]
    partner = "{r}.id" if table == "partners" else "{r}.partner_id"
    quiet = 2 if table == "partners" else 1
    when = f"NOT EXISTS (SELECT 1 FROM change_context WHERE quiet >= {quiet})"

    def insert(kind: str, r: str, fields: str) -> str:
        who = f"coalesce((SELECT who FROM change_context), {r}.changed_by)"
        return (
            "INSERT INTO changes (changed_at, changed_by, table_name, record_id, partner_id, "
            "kind, label, fields, transaction_id) VALUES ("
            f"strftime('%Y-%m-%d %H:%M:%S', 'now'), {who}, '{table}', {r}.id, "
            f"{partner.format(r=r)}, '{kind}', "
            f"substr(coalesce({label.format(r=r)}, ''), 1, {LABEL_LENGTH}), {fields}, "
            "(SELECT transaction_id FROM change_context));")

    created = ", ".join(f"'{c}', json_array(NULL, {_value(table, c, 'new')})" for c in columns)
    removed = ", ".join(f"'{c}', json_array({_value(table, c, 'old')}, NULL)" for c in columns)
    changed = " UNION ALL ".join(
        f"SELECT '{c}' AS k, json_array({_value(table, c, 'old')}, {_value(table, c, 'new')}) "
        f"AS v WHERE old.{c} IS NOT new.{c}" for c in columns)
    differs = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return [
        f"CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table} WHEN {when} BEGIN\n"
        f"{insert('create', 'new', f'json_object({created})')}\nEND",
        f"CREATE TRIGGER history_{table}_update AFTER UPDATE ON {table} "
        f"WHEN ({differs}) AND {when} BEGIN\n"
        + insert("update", "new",
                 f"(SELECT json_group_object(k, json(v)) FROM ({changed}))") + "\nEND",
        f"CREATE TRIGGER history_{table}_delete AFTER DELETE ON {table} WHEN {when} BEGIN\n"
        f"{insert('delete', 'old', f'json_object({removed})')}\nEND",
    ]


# A meeting's attendees and a health check's scores are fields of their meeting or check: a
# change to them is recorded as a change of that record ("attendee_ids": [old, new] for one
# person; "score:<dimension>": ["ours/theirs", ...]). Removed with their meeting or check,
# they add nothing: the parent's own entry says it.
PARTS = {
    "meeting_attendees": ("meetings", "meeting_id", "m.date", "'attendee_ids'",
                          "{r}.stakeholder_id", None),  # only its position ever changes
    "health_scores": ("health_checks", "check_id", "m.date", "'score:' || {r}.dimension",
                      "{r}.ours || coalesce('/' || {r}.theirs, '')",
                      "old.ours IS new.ours AND old.theirs IS new.theirs"),
}


def _sqlite_part_triggers(table: str) -> list[str]:
    parent, column, label, key, value, unchanged = PARTS[table]
    when = "NOT EXISTS (SELECT 1 FROM change_context WHERE quiet >= 1)"

    def insert(r: str, fields: str) -> str:
        return (
            "INSERT INTO changes (changed_at, changed_by, table_name, record_id, partner_id, "
            "kind, label, fields, transaction_id) SELECT "
            "strftime('%Y-%m-%d %H:%M:%S', 'now'), "
            "coalesce((SELECT who FROM change_context), m.changed_by), "
            f"'{parent}', m.id, m.partner_id, 'update', {label}, {fields}, "
            f"(SELECT transaction_id FROM change_context) FROM {parent} m "
            f"WHERE m.id = {r}.{column};")

    def pair(old: str, new: str) -> str:
        r = "new" if new != "NULL" else "old"
        return f"json_object({key.format(r=r)}, json_array({old}, {new}))"

    triggers = [
        f"CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table} WHEN {when} BEGIN\n"
        f"{insert('new', pair('NULL', value.format(r='new')))}\nEND",
        f"CREATE TRIGGER history_{table}_delete AFTER DELETE ON {table} WHEN {when} BEGIN\n"
        f"{insert('old', pair(value.format(r='old'), 'NULL'))}\nEND",
    ]
    if unchanged is not None:
        triggers.append(
            f"CREATE TRIGGER history_{table}_update AFTER UPDATE ON {table} "
            f"WHEN NOT ({unchanged}) AND {when} BEGIN\n"
            f"{insert('new', pair(value.format(r='old'), value.format(r='new')))}\nEND")
    return triggers


# PostgreSQL ---------------------------------------------------------------------------------

def _pg_field(label: str) -> str:
    if label == TIES_LABEL:
        return TIES_LABEL.format(r="row_x").replace(
            "row_x.ours_id", "(row_->>'ours_id')::int").replace(
            "row_x.theirs_id", "(row_->>'theirs_id')::int")
    column = label.removeprefix("{r}.")
    return f"row_->>'{column}'"


def _pg_history_function() -> str:
    excluded = ", ".join(f"'{c}'" for c in (
        "id", "partner_id", "version", "changed_at", "changed_by", "name_key", "position"))
    labels = "CASE TG_TABLE_NAME " + " ".join(
        f"WHEN '{table}' THEN {_pg_field(label)}" for table, (label, _) in TRACKED.items()
    ) + " END"
    return f"""CREATE FUNCTION planner_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    row_ jsonb := coalesce(new_row, old_row);
    partner integer := CASE WHEN TG_TABLE_NAME = 'partners' THEN (row_->>'id')::integer
                            ELSE (row_->>'partner_id')::integer END;
    quiet integer := coalesce((SELECT max(c.quiet) FROM change_context c), 0);
    -- the partners themselves always, their parts unless a bulk writer asked for quiet
    silenced_at integer := CASE WHEN TG_TABLE_NAME = 'partners' THEN 2 ELSE 1 END;
    changed jsonb;
BEGIN
    IF quiet >= silenced_at THEN
        IF TG_TABLE_NAME = 'partners' THEN
            PERFORM pg_notify('{CHANNEL}', json_build_object('table', TG_TABLE_NAME,
                'id', (row_->>'id')::integer, 'partner', partner)::text);
        END IF;
        RETURN NULL;
    END IF;
    PERFORM pg_notify('{CHANNEL}', json_build_object('table', TG_TABLE_NAME,
        'id', (row_->>'id')::integer, 'partner', partner)::text);
    SELECT jsonb_object_agg(k, jsonb_build_array(old_row->k, new_row->k)) INTO changed
      FROM jsonb_object_keys(row_) AS k
     WHERE k NOT IN ({excluded})
       AND (old_row->k) IS DISTINCT FROM (new_row->k);
    IF changed IS NULL THEN
        IF TG_OP = 'UPDATE' THEN
            RETURN NULL;  -- only the audit columns moved
        END IF;
        changed := '{{}}'::jsonb;
    END IF;
    INSERT INTO changes (changed_at, changed_by, table_name, record_id, partner_id, kind,
                         label, fields, transaction_id)
    VALUES (date_trunc('second', now() AT TIME ZONE 'UTC'), session_user, TG_TABLE_NAME,
            (row_->>'id')::integer, partner,
            CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update'
                       ELSE 'delete' END,
            left(coalesce({labels}, ''), {LABEL_LENGTH}), changed::json, txid_current());
    RETURN NULL;
END
$$"""


def _pg_part_function() -> str:
    """The PARTS on PostgreSQL: recorded as a change of their meeting or check, announced as
    themselves (table meeting_attendees with the meeting's id, health_scores with its own)."""
    return f"""CREATE FUNCTION planner_part_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    row_ jsonb := coalesce(new_row, old_row);
    parent_table text;
    parent_id integer;
    partner integer;
    label text;
    changed jsonb;
BEGIN
    IF coalesce((SELECT max(c.quiet) FROM change_context c), 0) >= 1 THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'meeting_attendees' THEN
        parent_table := 'meetings';
        parent_id := (row_->>'meeting_id')::integer;
        SELECT m.partner_id, m.date::text INTO partner, label FROM meetings m
         WHERE m.id = parent_id;
        IF TG_OP <> 'UPDATE' THEN  -- an update only moves its position
            changed := jsonb_build_object('attendee_ids', jsonb_build_array(
                old_row->'stakeholder_id', new_row->'stakeholder_id'));
        END IF;
        PERFORM pg_notify('{CHANNEL}', json_build_object('table', TG_TABLE_NAME,
            'id', parent_id, 'partner', partner)::text);
    ELSE
        parent_table := 'health_checks';
        parent_id := (row_->>'check_id')::integer;
        SELECT h.partner_id, h.date::text INTO partner, label FROM health_checks h
         WHERE h.id = parent_id;
        IF TG_OP <> 'UPDATE' OR (old_row->'ours') IS DISTINCT FROM (new_row->'ours')
                OR (old_row->'theirs') IS DISTINCT FROM (new_row->'theirs') THEN
            changed := jsonb_build_object('score:' || (row_->>'dimension'), jsonb_build_array(
                (old_row->>'ours') || coalesce('/' || (old_row->>'theirs'), ''),
                (new_row->>'ours') || coalesce('/' || (new_row->>'theirs'), '')));
        END IF;
        PERFORM pg_notify('{CHANNEL}', json_build_object('table', TG_TABLE_NAME,
            'id', (row_->>'id')::integer, 'partner', partner)::text);
    END IF;
    IF partner IS NULL OR changed IS NULL THEN
        RETURN NULL;  -- removed with its meeting or check, or nothing a person sees moved
    END IF;
    INSERT INTO changes (changed_at, changed_by, table_name, record_id, partner_id, kind,
                         label, fields, transaction_id)
    VALUES (date_trunc('second', now() AT TIME ZONE 'UTC'), session_user, parent_table,
            parent_id, partner, 'update', coalesce(label, ''), changed::json, txid_current());
    RETURN NULL;
END
$$"""


# The portfolio's own settings: announced only.
NOTIFY_ONLY = {
    "portfolio_settings": ("NULL::integer", "NULL::integer"),
}


def _pg_notify_function() -> str:
    ids = " ".join(f"WHEN '{t}' THEN {i}" for t, (i, _) in NOTIFY_ONLY.items())
    partners = " ".join(f"WHEN '{t}' THEN {p}" for t, (_, p) in NOTIFY_ONLY.items())
    return f"""CREATE FUNCTION planner_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_ jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
BEGIN
    IF coalesce((SELECT max(c.quiet) FROM change_context c), 0) >= 1 THEN
        RETURN NULL;
    END IF;
    PERFORM pg_notify('{CHANNEL}', json_build_object('table', TG_TABLE_NAME,
        'id', CASE TG_TABLE_NAME {ids} END, 'partner', CASE TG_TABLE_NAME {partners} END)::text);
    RETURN NULL;
END
$$"""


def upgrade() -> None:
    _create_tables()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_pg_history_function())
        op.execute(_pg_notify_function())
        op.execute(_pg_part_function())
        for table in PARTS:
            op.execute(f"CREATE TRIGGER history_{table} AFTER INSERT OR UPDATE OR DELETE "
                       f"ON {table} FOR EACH ROW EXECUTE FUNCTION planner_part_history()")
        for table in TRACKED:
            op.execute(f"CREATE TRIGGER history_{table} AFTER INSERT OR UPDATE OR DELETE "
                       f"ON {table} FOR EACH ROW EXECUTE FUNCTION planner_history()")
        for table in NOTIFY_ONLY:
            op.execute(f"CREATE TRIGGER notify_{table} AFTER INSERT OR UPDATE OR DELETE "
                       f"ON {table} FOR EACH ROW EXECUTE FUNCTION planner_notify()")
        return
    for table in TRACKED:
        for statement in _sqlite_triggers(table):
            op.execute(statement)
    for table in PARTS:
        for statement in _sqlite_part_triggers(table):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TRACKED:
            op.execute(f"DROP TRIGGER IF EXISTS history_{table} ON {table}")
        for table in NOTIFY_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS notify_{table} ON {table}")
        for table in PARTS:
            op.execute(f"DROP TRIGGER IF EXISTS history_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS planner_part_history()")
        op.execute("DROP FUNCTION IF EXISTS planner_history()")
        op.execute("DROP FUNCTION IF EXISTS planner_notify()")
    else:
        for table in (*TRACKED, *PARTS):
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS history_{table}_{event}")
    op.drop_table("change_context")
    op.drop_index(op.f("ix_changes_changed_at"), table_name="changes")
    op.drop_index(op.f("ix_changes_partner_id"), table_name="changes")
    op.drop_table("changes")
