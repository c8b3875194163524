"""The full check of a portfolio file (`planner check`, a backup before it is restored, a
private copy with its WAL replayed): SQLite's integrity check, the foreign keys, a schema
revision this app knows, and every table and column of that revision there.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planner.storage.database import (
    APPLICATION_ID,
    alembic_config,
    database_errors,
    known_revisions,
    reason,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


def verify_replayed(copy: Path) -> list[str]:
    """The full check of a private copy, opened so that SQLite replays its WAL."""
    try:
        connection = sqlite3.connect(copy, isolation_level=None)
        try:
            if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return ["it would no longer be a Partner Planner portfolio"]
            return full_check(lambda sql: connection.execute(sql).fetchall())
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [reason(error)]


# The full check (`planner check`, and every backup before it is restored) -----------------

Rows = Callable[[str], list[tuple]]  # runs one SQL statement, returns its rows


def expected_schema(revision: str) -> dict[str, frozenset[str]]:
    """The tables and columns a portfolio at `revision` has: the migrations up to it, run on
    an empty database in memory (so every known revision is described, not only head)."""
    # Alembic keeps the migration running in a module-wide proxy: two threads opening team
    # portfolios at once must not run it together (one ran on the other's connection).
    with _SCHEMA_LOCK:
        return _expected_schema(revision)


_SCHEMA_LOCK = threading.Lock()


@functools.cache
def _expected_schema(revision: str) -> dict[str, frozenset[str]]:
    from alembic import command  # lazily, like migrate(): only `check` needs this
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
            return schema_of(lambda sql: connection.exec_driver_sql(sql).fetchall())
    finally:
        engine.dispose()


def schema_of(rows: Rows) -> dict[str, frozenset[str]]:
    names = [r[0] for r in rows("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND name NOT LIKE 'sqlite_%'")]
    return {name: frozenset(r[1] for r in rows(f'PRAGMA table_xinfo("{name}")'))
            for name in names}


def full_check(rows: Rows) -> list[str]:
    """Everything `planner check` verifies, empty when healthy: SQLite's integrity check, the
    foreign keys, a schema revision this app knows, and every table and column of it there."""
    problems = [r[0] for r in rows("PRAGMA integrity_check") if r[0] != "ok"]
    for row in rows("PRAGMA foreign_key_check"):
        problems.append(f"row {row[1]} in {row[0]} points at a missing {row[2]} row")
    try:
        found = rows("SELECT version_num FROM alembic_version")
    except database_errors():
        return [*problems, "it has no schema revision"]
    if len(found) != 1 or found[0][0] not in known_revisions():
        return [*problems, "its schema revision is not one this version of the app knows"]
    actual = schema_of(rows)
    for table, columns in sorted(expected_schema(found[0][0]).items()):
        if table not in actual:
            problems.append(f"the table {table} is missing")
        elif missing := sorted(columns - actual[table]):
            problems.append(f"the table {table} lacks the column {missing[0]}")
    return problems


def full_check_problems(engine: Engine) -> list[str]:
    from sqlalchemy.exc import DatabaseError

    try:
        with engine.connect() as connection:
            return full_check(lambda sql: connection.exec_driver_sql(sql).fetchall())
    except DatabaseError as error:
        return [reason(error)]
