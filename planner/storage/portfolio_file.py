"""An open portfolio file: its engine, and units of work on it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError

from planner.storage import database, file_check, protected_files
from planner.storage.models import Base
from planner.storage.unit_of_work import UnitOfWork


class PortfolioFile:
    def __init__(self, path: Path, *, create: bool = False, read_only: bool = False,
                 migrate: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        self.engine = database.open_engine(self.path, create=create, read_only=read_only,
                                           migrate_now=migrate)
        # While open, no output of this process may replace the file or its companions.
        self._registration = protected_files.register_open(self.path)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine, read_only=self.read_only)

    def close(self, *, checkpoint: bool = True) -> None:
        """Close every connection; a writer first writes the WAL home (unless `checkpoint` is
        False: a file found damaged is not written to). Closing twice does nothing."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        try:
            if self.read_only or not checkpoint:
                self.engine.dispose()
            else:
                database.close_writer(self.engine)  # a clean close leaves no -wal behind
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
        with database.refusing_unreadable(self.path):
            return database.schema_revision(self.engine)

    def integrity_problems(self) -> list[str]:
        """SQLite's integrity check, the foreign keys, and the schema really there."""
        return file_check.full_check_problems(self.engine)

    def table_counts(self) -> dict[str, int | None]:
        return count_rows(self.engine)


def count_rows(engine) -> dict[str, int | None]:
    """Rows per table; None for a table too damaged to count."""
    counts: dict[str, int | None] = {}
    with engine.connect() as connection:
        for name, table in sorted(Base.metadata.tables.items()):
            try:
                counts[name] = connection.scalar(select(func.count()).select_from(table))
            except DatabaseError:
                counts[name] = None
    return counts
