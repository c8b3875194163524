"""An open portfolio file: its engine, and units of work on it.

Opened by the opening pipeline (`migrate=False`), the file is first one plain sqlite3
connection, set up as the engine's are: a launch checks the schema revision and reads the
portfolio list through it (`read_overview`) while SQLAlchemy is not imported yet. The engine
is made on first use and takes that connection over as its first.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planner import collector
from planner.storage import (
    database,
    file_check,
    overview_sqlite,
    plain_connection,
    protected_files,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from planner.storage.unit_of_work import UnitOfWork


class PortfolioFile:
    def __init__(self, path: Path, *, create: bool = False, read_only: bool = False,
                 migrate: bool = True, note_wal: Callable[[str | None], None] | None = None):
        """`note_wal`: a writer's lock's note of the WAL generation in use, handed the salts
        after every use of a connection (see `database.watch_wal`)."""
        self.path = Path(path)
        self.read_only = read_only
        self._engine = None
        self._note_wal = note_wal
        self._making = threading.Lock()
        self._plain: sqlite3.Connection | None = None
        self._source: database.ReadSource | None = None
        if migrate:
            self._engine = database.open_engine(self.path, create=create,
                                                read_only=read_only, migrate_now=True)
            self._watch(self._engine)
        else:
            self._open_plain(create)
        # While open, no output of this process may replace the file or its companions.
        self._registration = protected_files.register_open(self.path)

    def _watch(self, engine) -> None:
        if self._note_wal is not None:
            database.watch_wal(engine, self.path, self._note_wal)

    def _open_plain(self, create: bool) -> None:
        """What `database.open_engine(migrate_now=False)` does, on one plain connection."""
        database.create_if_missing(self.path, create=create)
        database.check_file(self.path)
        if self.read_only:
            self._source = database.read_only_source(self.path)
        try:
            with database.refusing_unreadable(self.path):
                self._plain = plain_connection.connect(self.path, read_only=self.read_only,
                                                       source=self._source)
                self._plain_used()
                if self.read_only:
                    database.refuse_unreadable_revision(self.path, self._revision())
        except BaseException:
            plain_connection.close_plain(self._plain, read_only=True, checkpoint=False,
                                         source=self._source)
            raise

    def _plain_used(self) -> None:
        """After each use of the plain connection, as the engine's checkin does: the lock
        records which WAL generation is in use (a crash's WAL stays provably this file's)."""
        if self._note_wal is not None:
            database.note_wal(self.path, self._note_wal)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        with self._making:
            if self._engine is None:
                # SQLAlchemy, the models and the repositories are imported now, as the
                # command line imports its modules: without the collector, then frozen
                # (they live as long as the process; see planner.collector)
                with collector.held(freeze=True):
                    import planner.storage.unit_of_work  # noqa: F401

                    engine = database.make_engine(self.path, read_only=self.read_only,
                                                  source=self._source, first=self._plain)
                self._plain = None  # the engine's now
                self._watch(engine)
                self._engine = engine
            return self._engine

    def read_overview(self, today: dt.date, value_since: dt.date):
        """The partners and their figures read with plain sqlite3, as a launch reads them
        before SQLAlchemy is loaded; None once the engine is made (read through it then)."""
        with self._making:
            if self._plain is None:
                return None
            try:
                # sqlite3's own error when it fails: the opening checks whether it is damage
                return overview_sqlite.read_overview(self._plain, today, value_since)
            finally:
                self._plain_used()

    def unit_of_work(self) -> UnitOfWork:
        from planner.storage.unit_of_work import UnitOfWork

        return UnitOfWork(self.engine, read_only=self.read_only)

    def close(self, *, checkpoint: bool = True) -> None:
        """Close every connection; a writer first writes the WAL home (unless `checkpoint` is
        False: a file found damaged is not written to). Closing twice does nothing."""
        with self._making:
            if getattr(self, "_closed", False):
                return
            self._closed = True
            engine, plain, self._plain = self._engine, self._plain, None
        try:
            if engine is None:
                plain_connection.close_plain(plain, read_only=self.read_only,
                                             checkpoint=checkpoint, source=self._source)
            elif self.read_only or not checkpoint:
                engine.dispose()
            else:
                database.close_writer(engine)  # a clean close leaves no -wal behind
        finally:
            protected_files.unregister_open(self._registration)

    def save_copy(self, destination: Path) -> None:
        """A consistent copy of the whole file (VACUUM INTO), even while edits go on.

        Written beside the destination first and moved into place, so a failure leaves no
        half file; the copy is readable by its owner only, like the original.
        """
        destination = Path(destination)
        protected_files.refuse_to_replace(destination)
        partial = destination.with_name(f".{destination.name}.partial")
        partial.unlink(missing_ok=True)
        connection = self.engine.raw_connection()
        try:
            connection.driver_connection.execute("VACUUM INTO ?", (str(partial),))
        finally:
            connection.close()
        partial.chmod(0o600)
        protected_files.refuse_to_replace(destination)
        partial.replace(destination)

    def __enter__(self) -> PortfolioFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def migrate(self) -> None:
        """Bring the schema to head, all or nothing; a file from a newer app is refused."""
        with database.refusing_unreadable(self.path):
            database.migrate(self.engine)

    # what `planner check` reports
    def schema_revision(self) -> str | None:
        with self._making:
            if self._plain is not None:  # before the engine: no need to make it for this
                try:
                    with database.refusing_unreadable(self.path):
                        return self._revision()
                finally:
                    self._plain_used()
        with database.refusing_unreadable(self.path):
            return database.schema_revision(self.engine)

    def _revision(self) -> str | None:
        return plain_connection.plain_revision(self._plain)

    def integrity_problems(self) -> list[str]:
        """SQLite's integrity check, the foreign keys, and the schema really there."""
        return file_check.full_check_problems(self.engine)

    def table_counts(self) -> dict[str, int | None]:
        return count_rows(self.engine)


def count_rows(engine) -> dict[str, int | None]:
    """Rows per table; None for a table too damaged to count."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import DatabaseError

    from planner.storage.models import Base

    counts: dict[str, int | None] = {}
    with engine.connect() as connection:
        for name, table in sorted(Base.metadata.tables.items()):
            try:
                counts[name] = connection.scalar(select(func.count()).select_from(table))
            except DatabaseError:
                counts[name] = None
    return counts
