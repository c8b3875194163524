"""Plain sqlite3 connections on a portfolio file, set up as the engine's are.

A launch opens its file and reads the portfolio list through one of these before SQLAlchemy
is imported; the engine then takes it over as its first connection (`database.make_engine`),
so there is one set of pragmas and one connection, whichever reads first.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planner.storage import database


def writer(path: Path) -> sqlite3.Connection:
    # as SQLAlchemy's pysqlite dialect connects to a file for its pool
    return sqlite3.connect(str(path), check_same_thread=False)


def configure(connection: sqlite3.Connection, *, read_only: bool) -> None:
    """What every connection to a portfolio runs first (`make_engine` runs it on the
    engine's): explicit transactions, foreign keys, and WAL with full sync for a writer."""
    # Let SQLAlchemy, not the driver, decide where transactions begin (see "begin").
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    if read_only:
        cursor.execute("PRAGMA query_only = ON")
    else:
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def connect(path: Path, *, read_only: bool = False,
            source: database.ReadSource | None = None) -> sqlite3.Connection:
    """A plain sqlite3 connection on the file, set up exactly as an engine's are: what a
    launch reads its list through before SQLAlchemy is loaded, and then hands to the engine
    as its first connection (`make_engine(first=...)`). A writer's does not checkpoint on
    its own (see `watch_wal`)."""
    if read_only:
        connection = (source or database.read_only_source(path)).connect(check_same_thread=False)
    else:
        connection = writer(path)
    try:
        configure(connection, read_only=read_only)
        if not read_only:
            connection.execute("PRAGMA wal_autocheckpoint = 0")
    except BaseException:
        connection.close()
        raise
    return connection


def plain_revision(connection: sqlite3.Connection) -> str | None:
    """`schema_revision`, on a plain sqlite3 connection (see `connect`)."""
    return database.revision_in(lambda sql: connection.execute(sql).fetchall())


def close_plain(connection: sqlite3.Connection | None, *, read_only: bool, checkpoint: bool,
                source: database.ReadSource | None = None) -> None:
    """Close a file's plain connection the engine never took over, as `close_writer` (or,
    read-only or not to be written to, disposing of the engine) would have closed it."""
    try:
        if connection is not None:
            try:
                if checkpoint and not read_only:
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # a reader kept it busy: SQLite's own close still checkpoints what it can
            finally:
                connection.close()
    finally:
        if source is not None:
            source.cleanup()
