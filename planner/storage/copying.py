"""Copying a whole portfolio, row for row, from one open portfolio into a new one.

Which tables: every table the source's catalogue holds (reflected, not Base.metadata), except
the derived ones: alembic_version (the target is migrated to the same revision itself), the
search index and SQLite's FTS5 shadow tables (search_index_*), which the target's triggers
fill as the rows arrive. Reflecting means a table a later migration adds (a history of
changes, say) is copied with no change here; the target, migrated to the same revision, must
then hold exactly the same tables and columns, or the copy is refused before a row is read.

Rows keep everything: ids, versions, who changed them and when, settings. They are read in
one snapshot of the source (a read transaction; REPEATABLE READ on PostgreSQL) and streamed
BATCH rows at a time, so memory stays bounded at any size; parents go before children (the
tables sorted by their foreign keys). The target is written in one transaction, and on
PostgreSQL each id sequence is set past the largest id copied.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.storage import database, protected_files, server
from planner.storage.location import ServerLocation

BATCH = 1000
# What a transaction tells the triggers (migration 0006's history: who writes, how quietly):
# never committed, so never copied. While a copy writes, it asks them to record nothing, so the
# source's history arrives as it was and the copy adds no entries (or ids) of its own.
CHANGE_CONTEXT = "change_context"
RECORD_NOTHING = 2
NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}
Counts = dict[str, int]


def copied_tables(connection: Connection) -> list[str]:
    """The tables a copy carries over: all but the derived ones (see the module's note)."""
    return sorted(name for name in inspect(connection).get_table_names()
                  if name not in ("alembic_version", CHANGE_CONTEXT)
                  and not name.startswith(("search_index", "sqlite_")))


@contextlib.contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see the source as it was at one moment."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def copy_rows(source: Connection, target: Connection) -> Counts:
    """Every row of every copied table of `source` into the same, empty tables of `target`
    (in the caller's transaction); the rows copied per table."""
    names = copied_tables(source)
    if names != copied_tables(target):
        raise PlannerError("The portfolio's tables are not the ones this version of Partner "
                           "Planner makes; nothing was copied.")
    source_tables, target_tables = MetaData(), MetaData()
    source_tables.reflect(source, only=names)
    target_tables.reflect(target, only=names)
    quiet = CHANGE_CONTEXT in inspect(target).get_table_names()
    if quiet:
        target.execute(text(f"INSERT INTO {CHANGE_CONTEXT} (id, quiet) "
                            f"VALUES (1, {RECORD_NOTHING})"))
    counts: Counts = {}
    for table in target_tables.sorted_tables:  # parents before the rows that point at them
        origin = source_tables.tables[table.name]
        columns = [c.name for c in table.columns]
        if sorted(columns) != sorted(origin.columns.keys()):
            raise PlannerError(f"The table {table.name} does not have the columns this "
                               "version of Partner Planner makes; nothing was copied.")
        query = select(*(origin.c[name] for name in columns)).order_by(
            *(origin.c[c.name] for c in table.primary_key.columns))
        rows = source.execution_options(stream_results=True, yield_per=BATCH).execute(query)
        counts[table.name] = 0
        for batch in rows.partitions(BATCH):
            target.execute(insert(table), [dict(zip(columns, row, strict=True))
                                           for row in batch])
            counts[table.name] += len(batch)
    if quiet:
        target.execute(text(f"DELETE FROM {CHANGE_CONTEXT}"))
    if target.dialect.name == "postgresql":
        _move_sequences_past_copied_ids(target, names)
    return counts


def _move_sequences_past_copied_ids(connection: Connection, tables: list[str]) -> None:
    """Rows inserted with their ids leave each id sequence where it was: the next new row
    would take id 1 and collide. Set every sequence of a copied table past its largest id."""
    found = connection.execute(text(
        "SELECT table_name, column_name, "
        "pg_get_serial_sequence(quote_ident(table_name), column_name) "
        "FROM information_schema.columns WHERE table_schema = current_schema()")).all()
    for table, column, sequence in found:
        if sequence is None or table not in tables:
            continue
        connection.execute(
            text(f'SELECT setval(:sequence, coalesce((SELECT max("{column}") '
                 f'FROM "{table}"), 0) + 1, false)'), {"sequence": sequence})


def copy_to_file(source: Engine, path: Path) -> Counts:
    """A new portfolio file at `path` (which must not exist) holding every row of `source`.

    Written as a partial file beside it (owner-only, like every portfolio), checkpointed and
    synced, then linked into place, which fails rather than replace a file that appeared in
    the meantime: a failure at any point leaves no file at `path` and no partial file."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.copy-partial")
    leftovers = [partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))]
    for leftover in leftovers:  # of a copy that crashed; no one else writes this name
        leftover.unlink(missing_ok=True)
    try:
        engine = database.open_engine(partial, create=True)  # migrated to head
        try:
            with snapshot(source) as reading, engine.begin() as writing:
                counts = copy_rows(reading, writing)
        except DBAPIError as error:
            engine.dispose()
            raise PlannerError(f"Cannot copy into {shown(path)}: "
                               f"{server.reason(error)}; nothing was written.") from None
        except BaseException:
            engine.dispose()
            raise
        database.close_writer(engine)  # the WAL written home: one self-contained file
        _sync(partial)
        _link_into_place(partial, path)
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
    return counts


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_into_place(partial: Path, path: Path) -> None:
    protected_files.refuse_to_replace(path)
    try:
        os.link(partial, path)  # never replaces: an existing `path` is an error
    except FileExistsError:
        raise PlannerError(f"{shown(path)} already exists; a copy never replaces a file, so "
                           "name a new one.") from None
    except OSError as error:
        if error.errno not in NO_LINKS:
            raise PlannerError(f"Cannot write {shown(path)}: {error.strerror}.") from None
        # A file system without hard links (FAT, some network shares): check, then rename.
        if os.path.lexists(path):
            raise PlannerError(f"{shown(path)} already exists; a copy never replaces a "
                               "file, so name a new one.") from None
        os.rename(partial, path)
    with contextlib.suppress(OSError):  # the copy is whole already; syncing the folder
        fd = os.open(path.parent, os.O_RDONLY)  # makes its name survive a power cut
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_to_server(source: Engine, location: ServerLocation) -> Counts:
    """Every row of `source` into the empty database at `location`, which becomes a
    portfolio in the same transaction: a failure leaves it as empty as it was."""
    fill: Callable[[Connection], Counts]

    def fill(writing: Connection) -> Counts:
        with snapshot(source) as reading:
            return copy_rows(reading, writing)

    return server.create_portfolio(location, fill=fill, doing="copy into")
