"""The search index: one row per searchable text, kept current by triggers

Revision ID: 0002
Revises: 0001

Every partner, stakeholder, difference, meeting (its notes, and its decisions as their own
row) and action has one row in `search_index`, written by triggers on the source tables, so
every write path (services, bulk import, undo of a removal, foreign-key cascades) keeps it
current without Python code remembering to. The index row's rowid is the source id times 8
plus a part code, so a trigger deletes its row by rowid (a lookup), never by a scan.

With SQLite's FTS5 the index is an FTS5 table (ranked, with snippets); where a Python's SQLite
lacks FTS5 it is an ordinary table with the same columns, searched with LIKE (see
planner/storage/search.py). The table is not in the SQLAlchemy metadata on purpose: it is
derived data. A later migration that rebuilds a source table (batch "move and copy") drops
that table's triggers with it and must create them again.

This file is frozen: it states the triggers as they were at revision 0002.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# part, code, source table, partner id expression, title expression, body expression, when
SOURCES = (
    ("partner", 0, "partners", "{r}.id", "{r}.name",
     "{r}.organisation || ' ' || {r}.definition || ' ' || {r}.unique_result || ' ' || "
     "{r}.owner || ' ' || {r}.review_place || ' ' || "
     "replace(replace(replace({r}.tags, '[', ''), ']', ''), '\"', '') || ' ' || {r}.notes",
     None),
    ("stakeholder", 1, "stakeholders", "{r}.partner_id", "{r}.name",
     "{r}.role || ' ' || {r}.email", None),
    ("difference", 2, "differences", "{r}.partner_id", "{r}.area",
     "{r}.ours || ' ' || {r}.theirs || ' ' || {r}.management || ' ' || {r}.owner || ' ' || "
     "{r}.question", None),
    ("meeting", 3, "meetings", "{r}.partner_id", "{r}.place", "{r}.notes", None),
    ("decision", 4, "meetings", "{r}.partner_id", "{r}.place", "{r}.decisions",
     "{r}.decisions <> ''"),
    ("action", 5, "actions", "{r}.partner_id", "{r}.owner", "{r}.text", None),
)
TABLES = sorted({s[2] for s in SOURCES})


def _insert(part, code, partner, title, body, when, r):
    where = f" WHERE {when.format(r=r)}" if when else ""
    return (f"INSERT INTO search_index(rowid, title, body, partner_id, part) "
            f"SELECT {r}.id * 8 + {code}, {title.format(r=r)}, {body.format(r=r)}, "
            f"{partner.format(r=r)}, '{part}'{where};")


def _delete(code, r):
    return f"DELETE FROM search_index WHERE rowid = {r}.id * 8 + {code};"


def _triggers(table):
    sources = [s for s in SOURCES if s[2] == table]
    inserts = "\n".join(_insert(p, c, pid, t, b, w, "new") for p, c, _, pid, t, b, w in sources)
    deletes = "\n".join(_delete(c, "old") for _, c, *_ in sources)
    return (
        f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN\n{inserts}\nEND",
        f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN\n{deletes}\n"
        f"{inserts}\nEND",
        f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN\n{deletes}\nEND",
    )


def _has_fts5(connection) -> bool:
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
            connection.exec_driver_sql("DROP TABLE temp.fts5_probe")
        return True
    except sa.exc.OperationalError:
        return False


# PostgreSQL's text search configuration for the index: 'simple' (lower case, no stemming, no
# stop words, like FTS5's unicode61), with accents folded by the unaccent extension where the
# server has it, as FTS5's remove_diacritics 2 folds them.
SEARCH_CONFIG = "planner_search"
# Every run of characters that are not letters or digits separates words, as in unicode61, so
# "co-sell", "a@b.com" and "3.5" are words of their own on both engines.
_WORDS = "regexp_replace(coalesce({column}, ''), '[^[:alnum:]]+', ' ', 'g')"


def _create_search_config(connection) -> None:
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.simple)")
    try:
        with connection.begin_nested():
            # trusted since PostgreSQL 13: a database owner may create it
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except sa.exc.DBAPIError:
        return  # not on this server, or not ours to create: accents then count
    schema = connection.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension "
        "WHERE extname = 'unaccent'").scalar()
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR "
               "word, hword, hword_part, numword, numhword, asciiword, asciihword, "
               f"hword_asciipart, hword_numpart WITH {schema}.unaccent, simple")


def _upgrade_postgresql() -> None:
    # The same rows as on SQLite, from the same expressions; a tsvector (names weighted A,
    # the rest B) with a GIN index answers the searches (see planner/storage/search.py).
    _create_search_config(op.get_bind())
    title, body = _WORDS.format(column="title"), _WORDS.format(column="body")
    op.execute(
        "CREATE TABLE search_index (rowid BIGINT PRIMARY KEY, title TEXT, body TEXT, "
        "partner_id INTEGER, part TEXT, document tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{SEARCH_CONFIG}', {title}), 'A') || "
        f"setweight(to_tsvector('{SEARCH_CONFIG}', {body}), 'B')) STORED)")
    op.execute("CREATE INDEX ix_search_index_document ON search_index USING gin (document)")
    op.execute("CREATE INDEX ix_search_index_partner_id ON search_index (partner_id)")
    # Filled from the rows already there, as on SQLite: team portfolios began after this
    # revision, but a database restored from an older dump (or built by an administrator at
    # an old revision) has rows, and an index without them would find nothing they hold.
    for part, code, table, partner, title, body, when in SOURCES:
        where = f" WHERE {when.format(r=table)}" if when else ""
        op.execute(
            f"INSERT INTO search_index(rowid, title, body, partner_id, part) "
            f"SELECT {table}.id * 8 + {code}, {title.format(r=table)}, "
            f"{body.format(r=table)}, {partner.format(r=table)}, '{part}' "
            f"FROM {table}{where}".replace(f"{table}.tags", f"CAST({table}.tags AS TEXT)"))
    for table in TABLES:
        sources = [s for s in SOURCES if s[2] == table]
        inserts = "\n".join(_insert(p, c, pid, t, b, w, "new")
                            for p, c, _, pid, t, b, w in sources)
        inserts = inserts.replace("new.tags", "CAST(new.tags AS TEXT)")  # JSON, not text
        deletes = "\n".join(_delete(c, "old") for _, c, *_ in sources)
        op.execute(
            f"CREATE FUNCTION search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"IF TG_OP <> 'INSERT' THEN\n{deletes}\nEND IF;\n"
            f"IF TG_OP <> 'DELETE' THEN\n{inserts}\nEND IF;\nRETURN NULL;\nEND\n$$")
        op.execute(f"CREATE TRIGGER search_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION search_{table}()")


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        _upgrade_postgresql()
        return
    if _has_fts5(connection):
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "title, body, partner_id UNINDEXED, part UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
    else:
        op.execute("CREATE TABLE search_index (title TEXT, body TEXT, partner_id INTEGER, "
                   "part TEXT)")
    for part, code, table, partner, title, body, when in SOURCES:
        r = table
        where = f" WHERE {when.format(r=r)}" if when else ""
        op.execute(
            f"INSERT INTO search_index(rowid, title, body, partner_id, part) "
            f"SELECT {r}.id * 8 + {code}, {title.format(r=r)}, {body.format(r=r)}, "
            f"{partner.format(r=r)}, '{part}' FROM {table}{where}"
        )
    for table in TABLES:
        for statement in _triggers(table):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_index")
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS search_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS search_{table}()")
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")
        return
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")
