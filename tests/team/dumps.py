"""Every row of a portfolio, to prove that a copy kept everything and that a read-only
command or a refusal changed nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

# SQLite keeps a moment or a JSON value as text, spelled as whoever wrote it spells it
# (SQLAlchemy, or a trigger's strftime and json_object): the same value either way.
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?")


def _value(value):
    if isinstance(value, str) and MOMENT.fullmatch(value):
        return dt.datetime.fromisoformat(value)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def server_dump(server, database: str) -> dict[str, list]:
    """Every table of the database (the search index and alembic_version included), its rows
    as JSON in a fixed order, and where every sequence stands."""
    tables = [r[0] for r in server.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "ORDER BY table_name", database=database)]
    dump = {}
    for table in tables:
        dump[table] = sorted(r[0] for r in server.execute(
            f'SELECT row_to_json(t)::text FROM "{table}" t', database=database))
    sequences = [r[0] for r in server.execute(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'", database=database)]
    dump["sequences"] = sorted(  # the id each would hand out next
        (name, server.execute(f'SELECT CASE WHEN is_called THEN last_value + 1 '
                              f'ELSE last_value END FROM "{name}"', database=database)[0][0])
        for name in sequences)
    return dump


def file_dump(path: Path) -> dict[str, list]:
    """Every table of a portfolio file, FTS5's shadow tables aside (their layout is SQLite's
    business), the search index's own rows included."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_index_%' ORDER BY name")]
        dump = {}
        for table in tables:
            # rowids say nothing about a row but the search index's (id * 8 + part): the other
            # tables' rows are compared as sets, whatever order they were written in
            columns = "rowid, *" if table == "search_index" else "*"
            rows = connection.execute(f'SELECT {columns} FROM "{table}"').fetchall()
            dump[table] = sorted((tuple(map(_value, row)) for row in rows), key=repr)
        return dump
    finally:
        connection.close()
