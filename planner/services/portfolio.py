"""Opening, creating and checking portfolio files, and where the default one lives.

Opening for writing takes the file's lock (one writer per file), checks its integrity, and
takes the hourly backup; see `open_portfolio`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import NotFound, PlannerError, PortfolioDamaged
from planner.services import backups
from planner.services.data_folder import APP_NAME, data_dir, identity_locks_dir
from planner.storage import PortfolioFile, UnitOfWork, database, locking
from planner.storage import backups as backup_files

__all__ = ["APP_NAME", "data_dir", "default_portfolio_path", "sample_portfolio_path",
           "Portfolio", "open_portfolio", "check_portfolio", "CheckReport"]


def default_portfolio_path() -> Path:
    return data_dir() / "portfolio.sqlite"


def sample_portfolio_path() -> Path:
    return data_dir() / "sample-portfolio.sqlite"


class Portfolio:
    """An open portfolio: hand `portfolio.uow()` to any service."""

    def __init__(self, file: PortfolioFile, lock: locking.PortfolioLock | None = None):
        self._file = file
        self._lock = lock

    @property
    def path(self) -> Path:
        return self._file.path

    @property
    def read_only(self) -> bool:
        return self._file.read_only

    def uow(self) -> UnitOfWork:
        return self._file.unit_of_work()

    @property
    def took_over_from(self) -> locking.LockHolder | None:
        """Who held the stale lock this opening took over (a crashed window), if anyone."""
        return self._lock.took_over if self._lock else None

    def close(self) -> None:
        try:
            self._file.close()
        finally:
            if self._lock is not None:
                if database.wal_left_behind(self.path):  # a reader kept the WAL busy
                    self._lock.keep_file()
                else:
                    self._lock.release()

    def save_copy(self, destination: Path | str) -> None:
        """Write a copy of this portfolio to `destination` (File > Save a copy as)."""
        try:
            self._file.save_copy(Path(destination))
        except OSError as error:
            raise PlannerError(f"Cannot write {destination}: {error.strerror}.") from None

    def __enter__(self) -> Portfolio:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_portfolio(path: Path | str, *, create: bool = False, read_only: bool = False,
                   before_migration=None) -> Portfolio:
    """Open (or with `create`, create) a portfolio; refuses non-portfolios and newer schemas.

    For writing, the file's lock is taken first (PortfolioLocked names who has it open; a
    lock left by a crashed process is taken over). Every open runs a quick integrity check:
    a damaged file opened for writing is moved aside, never overwritten, and PortfolioDamaged
    lists the backups to restore. A backup is taken on opening (at most once an hour) and
    before a migration.
    """
    path = Path(path)
    if not create and not path.exists():
        raise NotFound(f"There is no portfolio at {path}.")
    if create and not path.exists():
        _create_folder(path.parent)
    lock = None if read_only else locking.acquire(path, identity_folder=identity_locks_dir())
    try:
        if path.exists() and not path.is_dir() and path.stat().st_size > 0:
            database.check_file(path)
        if lock is not None and path.is_file():
            # a stray WAL is kept aside, not replayed
            database.settle_wal_for_writing(path, lock.stale_record)
        if path.exists() and not path.is_dir() and path.stat().st_size > 0:
            if not read_only and not os.access(path, os.W_OK):
                raise PlannerError(f"{path} is read-only; open it read-only, or make it "
                                   "writable first.")
            _refuse_damaged(path, read_only=read_only)
            if not read_only:
                _back_up_on_opening(path)

        def migration_backup(revision):
            backups.take_backup(path, "migration")
            if before_migration is not None:
                before_migration(revision)

        file = PortfolioFile(path, create=create, read_only=read_only,
                             before_migration=migration_backup)
        if lock is not None:
            database.watch_wal(file.engine, path, lock.note_wal)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Portfolio(file, lock)


def _back_up_on_opening(path: Path) -> None:
    try:
        backups.backup_if_due(path)
    except PlannerError as error:  # e.g. a full disk: editing now would risk the file too
        raise PlannerError(f"{str(error).rstrip('.')}; free some space, or open the "
                           "portfolio read-only.") from None


def _create_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise PlannerError(f"Cannot create the folder {folder}: {error.strerror}.") from None


def _refuse_damaged(path: Path, *, read_only: bool) -> None:
    problems = backup_files.problems(path, read_only=read_only)
    if not problems:
        return
    found = tuple(backups.list_backups(path))
    restore = (f"restore the latest backup ({found[0].taken_at.astimezone():%Y-%m-%d %H:%M}) "
               f"with: planner restore {path} latest" if found
               else "no backup of it exists yet")
    if read_only:
        raise PortfolioDamaged(f"{path.name} is damaged ({problems[0]}); {restore}.",
                               backups=found)
    # The file links lead to is the one kept aside (not a symlink to it).
    aside = backup_files.move_aside(Path(os.path.realpath(path)), dt.datetime.now())
    raise PortfolioDamaged(f"{path.name} is damaged ({problems[0]}) and was kept aside as "
                           f"{aside.name}; {restore}.", backups=found)


@dataclass(frozen=True)
class CheckReport:
    path: Path
    schema: str | None
    problems: tuple[str, ...]
    counts: dict[str, int]

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_portfolio(path: Path | str) -> CheckReport:
    """Integrity check, schema version and counts per table, without changing the file."""
    file = PortfolioFile(Path(path), read_only=True)
    try:
        return CheckReport(file.path, file.schema_revision(), tuple(file.integrity_problems()),
                           file.table_counts())
    finally:
        file.close()
