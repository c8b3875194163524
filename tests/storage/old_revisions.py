"""Portfolios at an old schema revision, on either engine, for the migration tests.

A file at revision R is made as revision R's app made it (its application_id, then Alembic
to R); a team portfolio the same way in an empty database on the test server. No team
portfolio was ever written before revision 0006, so on the server these are what such a
database would have been: the point is to run every migration's upgrade (and downgrade) on
PostgreSQL with rows in the tables, as the file suite does on SQLite.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import MetaData, create_engine, text

from planner.storage import copying, database, server
from planner.storage.location import ServerLocation


def is_team(location) -> bool:
    return isinstance(location, ServerLocation)


def raw_engine(location):
    """An engine on the portfolio with nothing of the app's opening: no refusal, no
    migration (what an older app, or an administrator's psql, would use)."""
    if is_team(location):
        return server.make_server_engine(location)
    return create_engine(f"sqlite:///{location}")


@contextlib.contextmanager
def connected(location):
    engine = raw_engine(location)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def build_at(location, revision: str, statements=()) -> None:
    """The portfolio at `location` (a new file, or an empty database) at `revision`, with
    `statements` run after the migration in the same transaction. Rows inserted with their
    ids leave a server's sequences behind; they are moved past them, as a real app's
    inserts would have."""
    with connected(location) as connection:
        if not is_team(location):
            connection.exec_driver_sql(f"PRAGMA application_id = {database.APPLICATION_ID}")
        command.upgrade(database.alembic_config(connection), revision)
        for statement in statements:
            connection.exec_driver_sql(statement)
        if is_team(location):
            copying._move_sequences_past_copied_ids(connection, copying.copied_tables(
                connection))


def migrate(location, revision: str, *, down: bool = False) -> None:
    """Alembic up or down to `revision`, as an administrator would run it."""
    with connected(location) as connection:
        (command.downgrade if down else command.upgrade)(
            database.alembic_config(connection), revision)


def revision_of(location) -> str | None:
    engine = raw_engine(location)
    try:
        return (server.schema_revision(engine) if is_team(location)
                else database.schema_revision(engine))
    finally:
        engine.dispose()


def objects(location) -> dict[str, set[str]]:
    """The portfolio's tables and triggers by name (a server's, as pg_catalog has them)."""
    if is_team(location):
        with connected(location) as connection:
            tables = server.tables_in(connection)
            triggers = {r[0] for r in connection.execute(text(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND NOT t.tgisinternal"))}
            functions = {r[0] for r in connection.execute(text(
                "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema()"))}
        return {"table": tables, "trigger": triggers, "function": functions}
    connection = sqlite3.connect(location)
    try:
        found: dict[str, set[str]] = {"table": set(), "trigger": set(), "function": set()}
        for kind, name in connection.execute("SELECT type, name FROM sqlite_master"):
            found.setdefault(kind, set()).add(name)
        return found
    finally:
        connection.close()


def copy_file_rows(source: Path, location: ServerLocation) -> None:
    """Every row of the portfolio file `source` into the database at `location`, which has
    the file's schema revision already (its tables, reflected, as they are at that
    revision). The file's search index is derived and stays behind."""
    source_engine = create_engine(f"sqlite:///{source}")
    try:
        found = MetaData()
        found.reflect(source_engine)
        with source_engine.connect() as reading, connected(location) as writing:
            target = MetaData()
            target.reflect(writing)
            for table in target.sorted_tables:
                if table.name == "alembic_version" or table.name not in found.tables:
                    continue
                rows = [dict(r._mapping) for r in reading.execute(
                    found.tables[table.name].select())]
                if rows:
                    writing.execute(table.insert(), rows)
            copying._move_sequences_past_copied_ids(writing, list(target.tables))
    finally:
        source_engine.dispose()
