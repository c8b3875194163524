"""Opening, creating and checking portfolio files, and where the default one lives.

Opening for writing takes the file's lock (one writer per file), checks its integrity, and
takes the hourly backup; see `open_portfolio`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import NotFound, PlannerError, PortfolioDamaged
from planner.domain.quoting import shown
from planner.services import backups
from planner.services.data_folder import APP_NAME, data_dir, identity_locks_dir
from planner.storage import PortfolioFile, UnitOfWork, database, locking, protected_files
from planner.storage import backups as backup_files
from planner.storage.location import Location, ServerLocation, parse_location, shown_location

__all__ = ["APP_NAME", "data_dir", "default_portfolio_path", "sample_portfolio_path",
           "Portfolio", "open_portfolio", "new_portfolio", "open_for_import", "write_sample",
           "check_portfolio", "CheckReport", "Location", "ServerLocation", "parse_location",
           "TEAM_HAS_NO_FILE", "init_portfolio", "create_folder"]

TEAM_HAS_NO_FILE = ("{name} is a team portfolio on a server, not a file here; copy it to a "
                    "file first with: planner copy {url} FILE")


CHECKING = ("The portfolio is still being checked after opening; your change was not saved. "
            "Try again in a moment.")


def default_portfolio_path() -> Path:
    return data_dir() / "portfolio.sqlite"


def sample_portfolio_path() -> Path:
    return data_dir() / "sample-portfolio.sqlite"


class Portfolio:
    """An open portfolio, a file or a team portfolio: hand `portfolio.uow()` to any service."""

    def __init__(self, file, lock: locking.PortfolioLock | None = None, *,
                 unchecked: bool = False):
        self._file = file  # a PortfolioFile, or a storage.server.ServerDatabase
        self._lock = lock
        self._unchecked = unchecked
        self._problems: list[str] = []
        # finish_opening runs on a background thread; closing waits for it, so that no
        # check or backup still has the file open when the writer's close empties the WAL
        # (a reader left behind keeps the -wal on disk), and none starts after the close.
        self._opening = threading.RLock()
        self._closed = False

    @property
    def location(self) -> Location:
        """The file's path, or the server and database of a team portfolio."""
        return getattr(self._file, "location", None) or self._file.path

    @property
    def is_team(self) -> bool:
        """A team portfolio on a PostgreSQL server (no file, no lock, no backups here)."""
        return isinstance(self.location, ServerLocation)

    @property
    def name(self) -> str:
        """How titles and sentences name it: the file's name, or "db on server"."""
        return shown_location(self.location)

    @property
    def path(self) -> Path:
        """The portfolio's file; a team portfolio has none, and saying so is the answer."""
        if self.is_team:
            raise PlannerError(TEAM_HAS_NO_FILE.format(name=self.name, url=self.location.url))
        return self._file.path

    @property
    def read_only(self) -> bool:
        return self._file.read_only

    @property
    def storage(self):
        """What storage has open (a PortfolioFile or a ServerDatabase), for the few use cases
        that work on the portfolio as a whole (copying it) rather than on its records."""
        return self._file

    def uow(self) -> UnitOfWork:
        uow = self._file.unit_of_work()
        if self._unchecked:
            uow.held = CHECKING
        return uow

    @property
    def checked(self) -> bool:
        """False while the integrity check an opening left for later has not passed."""
        return not self._unchecked

    def finish_opening(self) -> bool:
        """The checks `open_portfolio(check_later=True)` left for after the window shows:
        SQLite's quick integrity check (edits are held until it passes), then the hourly
        backup. Safe to run on a background thread; returns False when the file is damaged,
        and then `close_damaged()` puts it aside and says what to do."""
        with self._opening:
            if not self._unchecked or self._closed:
                return True
            problems = backup_files.problems(self.path, read_only=self.read_only)
            if problems:
                self._problems = problems
                return False
            self._unchecked = False
            if not self.read_only:
                _back_up_on_opening(self.path)
                _trim_history(self)
            return True

    def close_damaged(self) -> None:
        """Close a portfolio `finish_opening` found damaged, keep the file aside (when it was
        opened for writing) and raise PortfolioDamaged naming the backups to restore."""
        try:
            self._file.close(checkpoint=False)  # a damaged file is never written to
            _refuse_damaged(self.path, read_only=self.read_only, problems=self._problems)
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    @property
    def took_over_from(self) -> locking.LockHolder | None:
        """Who held the stale lock this opening took over (a crashed window), if anyone."""
        return self._lock.took_over if self._lock else None

    def close(self) -> None:
        with self._opening:  # a check or backup still running ends first
            if self._closed:
                return
            self._closed = True
        try:
            self._file.close()  # nothing when close_damaged closed it already
        finally:
            if self._lock is not None:
                if database.wal_left_behind(self._file.path):  # a reader kept the WAL busy
                    self._lock.keep_file()
                else:
                    self._lock.release()

    def save_copy(self, destination: Path | str) -> None:
        """Write a copy of this portfolio to `destination` (File > Save a copy as)."""
        if self.is_team:
            from planner.services.copying import copy_portfolio

            copy_portfolio(self.location, Path(destination))
            return
        try:
            self._file.save_copy(Path(destination))
        except OSError as error:
            raise PlannerError(f"Cannot write {destination}: {error.strerror}.") from None

    def __enter__(self) -> Portfolio:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_portfolio(path: Location | str, *, create: bool = False, read_only: bool = False,
                   before_migration=None, check_later: bool = False) -> Portfolio:
    """Open (or with `create`, create) a portfolio; refuses non-portfolios and newer schemas.

    For writing, the file's lock is taken first (PortfolioLocked names who has it open; a
    lock left by a crashed process is taken over). Every open runs a quick integrity check:
    a damaged file opened for writing is moved aside, never overwritten, and PortfolioDamaged
    lists the backups to restore. A backup is taken on opening (at most once an hour) and
    before a migration.

    With `check_later` (the window), the integrity check and the backup wait for
    `Portfolio.finish_opening()`, which the window runs in the background once it shows the
    portfolio: until it passes, every unit of work refuses to commit, so a damaged file is
    still never written to. A migration is never deferred: when one is due the file is
    checked (and backed up) first, as without `check_later`.

    A `postgresql://` location opens a team portfolio (see `open_team_portfolio`).
    """
    location = parse_location(path)
    if isinstance(location, ServerLocation):
        return open_team_portfolio(location, create=create, read_only=read_only,
                                   before_migration=before_migration)
    path = location
    if not create and not path.exists():
        raise NotFound(f"There is no portfolio at {shown(path)}.")
    if create and not path.exists():
        create_folder(path.parent)
    lock = None if read_only else locking.acquire(path, identity_folder=identity_locks_dir())
    deferred = False
    try:
        if path.exists() and not path.is_dir() and path.stat().st_size > 0:
            database.check_file(path)
        if lock is not None and path.is_file():
            # a stray WAL is kept aside, not replayed
            database.settle_wal_for_writing(path, lock.stale_record)
        if path.exists() and not path.is_dir() and path.stat().st_size > 0:
            if not read_only and not os.access(path, os.W_OK):
                raise PlannerError(f"{shown(path)} is read-only; open it read-only, or make it "
                                   "writable first.")
            deferred = check_later and database.at_head(path)
            if not deferred:
                _refuse_damaged(path, read_only=read_only)
            if not read_only:
                if not deferred:
                    _back_up_on_opening(path)

        def migration_backup(revision):
            backups.take_backup(path, "migration")
            if before_migration is not None:
                before_migration(revision)

        file = PortfolioFile(path, create=create, read_only=read_only,
                             before_migration=migration_backup)
        if lock is not None:
            database.watch_wal(file.engine, path, lock.note_wal)
            _tighten(path)  # once it opened: a refused opening changes nothing
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    portfolio = Portfolio(file, lock, unchecked=deferred)
    if not deferred:
        _trim_history(portfolio)
    return portfolio


def open_team_portfolio(location: ServerLocation, *, create: bool = False,
                        read_only: bool = False, before_migration=None) -> Portfolio:
    """Connect to a team portfolio: refuse a database that is not one (other tables, a newer
    schema), migrate (one migrator at a time); `create` makes an empty database one. A
    reader's connection (no right to change rows) opens read-only whatever was asked."""
    from planner.storage.server import ServerDatabase

    portfolio = Portfolio(ServerDatabase(location, create=create, read_only=read_only,
                                         before_migration=before_migration))
    _trim_history(portfolio)
    return portfolio


def _trim_history(portfolio: Portfolio) -> None:
    """Let the change history older than the portfolio's retention setting go (opening for
    writing only: reading changes nothing)."""
    if portfolio.read_only:
        return
    from planner.services.history import prune_history

    try:
        prune_history(portfolio.uow())
    except BaseException:
        portfolio.close()
        raise


def may_create_team_portfolio(location: ServerLocation) -> bool:
    """Whether the user may turn this empty database into a team portfolio."""
    from planner.storage.server import may_create_schema

    return may_create_schema(location)


def _back_up_on_opening(path: Path) -> None:
    try:
        backups.backup_if_due(path)
    except PlannerError as error:  # e.g. a full disk: editing now would risk the file too
        raise PlannerError(f"{str(error).rstrip('.')}; free some space, or open the "
                           "portfolio read-only.") from None


def create_folder(folder: Path) -> list[Path]:
    try:
        return database.make_private_folders(folder)
    except OSError as error:
        raise PlannerError(f"Cannot create the folder {folder}: {error.strerror}.") from None


def _tighten(path: Path) -> None:
    """A portfolio opened for writing is made owner-only (with its -wal and -shm), and the
    user is told once when others could read it."""
    try:
        old = database.make_owner_only(path)
    except OSError:
        return  # not ours to change (a shared folder's file): it opens as it is
    if old is not None:
        database.tell_once(f"{path.name} was readable by others (mode {old}); it is now "
                           "readable by you only.")


def _refuse_damaged(path: Path, *, read_only: bool, problems: list[str] | None = None) -> None:
    if problems is None:
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
    path: Location
    schema: str | None
    problems: tuple[str, ...]
    counts: dict[str, int]

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_portfolio(path: Location | str) -> CheckReport:
    """Integrity check, schema version and counts per table, without changing the file (or,
    for a team portfolio, the database)."""
    location = parse_location(path)
    if isinstance(location, ServerLocation):
        from planner.storage.server import ServerDatabase

        file = ServerDatabase(location, read_only=True)
        try:
            return CheckReport(location, file.schema_revision(),
                               tuple(file.integrity_problems()), file.table_counts())
        finally:
            file.close()
    file = PortfolioFile(location, read_only=True)
    try:
        return CheckReport(file.path, file.schema_revision(), tuple(file.integrity_problems()),
                           file.table_counts())
    finally:
        file.close()


# Starting from nothing ----------------------------------------------------------------------

def init_portfolio(location: Location | str) -> Location:
    """`planner init`: an empty portfolio file (which must not exist), or the schema of an
    empty portfolio in an empty database (one holding anything is refused untouched)."""
    location = parse_location(location)
    if isinstance(location, ServerLocation):
        from planner.storage.server import create_portfolio

        create_portfolio(location)
        return location
    with new_portfolio(location):
        pass
    return location


@contextlib.contextmanager
def new_portfolio(path: Path | str) -> Iterator[Portfolio]:
    """Create an empty portfolio at `path` (which must not exist) and its folders, owner-only.

    All or nothing: when the block raises, the file, its companions, its lock and every
    folder created for it are removed again, and the error goes on.
    """
    path = Path(path)
    if os.path.lexists(path):
        raise PlannerError(f"{shown(path)} already exists; name a new file for the portfolio.")
    protected_files.refuse_to_replace(path)  # e.g. the name of another portfolio's -wal
    created = create_folder(path.parent)
    portfolio = None
    try:
        portfolio = open_portfolio(path, create=True)
        yield portfolio
    except BaseException:
        if portfolio is not None:
            portfolio.close()
            portfolio = None
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    finally:
        if portfolio is not None:
            portfolio.close()


@contextlib.contextmanager
def open_for_import(path: Path | str, *, dry_run: bool = False
                    ) -> Iterator[tuple[Portfolio, bool]]:
    """The portfolio to import into, and whether it was created for this import.

    A path that does not exist is created (see `new_portfolio`: a refused import leaves
    nothing behind); a dry run into it plans against an empty portfolio in a private
    temporary folder and creates nothing at `path`.
    """
    location = parse_location(path)
    if isinstance(location, ServerLocation):  # created by `planner init URL`, not here
        with open_portfolio(location, read_only=dry_run) as portfolio:
            yield portfolio, False
        return
    path = location
    if os.path.lexists(path):
        with open_portfolio(path, read_only=dry_run) as portfolio:
            yield portfolio, False
    elif dry_run:
        folder = Path(tempfile.mkdtemp(prefix="planner-dry-run-"))
        try:
            with open_portfolio(folder / path.name, create=True) as portfolio:
                yield portfolio, True
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        with new_portfolio(path) as portfolio:
            yield portfolio, True


def write_sample(path: Path | str, fill: Callable[[Portfolio], None], *,
                 force: bool = False) -> None:
    """Write a new portfolio filled by `fill` at `path`; with `force`, in place of an existing
    portfolio (backed up first), never of any other file. All or nothing."""
    path = Path(path)
    if path.is_dir():
        raise PlannerError(f"{shown(path)} is a folder; name a file to write.")
    if not os.path.lexists(path):
        with new_portfolio(path) as portfolio:
            fill(portfolio)
        return
    if not force:
        raise PlannerError(f"{shown(path)} already exists; use --force to overwrite it.")
    if not path.is_file() or (path.stat().st_size > 0 and not protected_files.is_portfolio_file(
            path)):
        raise PlannerError(f"{shown(path)} is not a Partner Planner portfolio; --force replaces "
                           "portfolios only, so it was left as it is.")
    lock = locking.acquire(path, identity_folder=identity_locks_dir())
    try:
        database.settle_wal_for_writing(path, lock.stale_record)
        if path.stat().st_size > 0:
            backups.take_backup(path, "sample")
        partial = path.with_name(f".{path.name}.sample-partial")
        for leftover in (partial, *(partial.with_name(partial.name + s)
                                    for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        try:
            with open_portfolio(partial, create=True) as portfolio:
                fill(portfolio)
            backup_files.replace_portfolio(partial, Path(os.path.realpath(path)))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    finally:
        lock.release()
