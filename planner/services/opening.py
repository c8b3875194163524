"""Opening a portfolio: one pipeline, read top to bottom, whatever engine holds it.

    1. refuse what is not ours    nothing is written to another app's file, a database with
                                  other tables, or a portfolio from a newer app
    2. lock                       one writer per file (a team server serves many writers:
                                  the version column on every row refuses a stale save)
    3. check                      a damaged file is put aside, never written to, and the
                                  backups to restore from are named
    4. back up                    a file, at most once an hour
    5. migrate                    to this app's schema, backed up first, all or nothing

Each step is one method of the engine's side of the opening, in storage: `FileOpening` (a
SQLite file) and `ServerOpening` (a team portfolio on PostgreSQL). The window opens with
`check_later`: steps 3 and 4 then run in the background once it shows the portfolio
(`Portfolio.finish_opening`) and every save waits for them; a due migration never waits.

The window itself opens through `opening_work` (open, then read the list) off the GUI
thread; at launch `start_opening` runs it on a thread of its own before Qt is even imported,
so reading the list (mostly SQLite) goes on beside the window being built. A file at head
opens and is listed with plain sqlite3 (steps 1-5 need no more); SQLAlchemy and the models
are imported when first used, by the background check's history trim once the window shows
or by the first use of the portfolio, and Alembic only when a migration is due.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from planner import collector
from planner.domain.attention import PartnerSummary
from planner.domain.errors import PlannerError, PortfolioDamaged
from planner.domain.value import window_start
from planner.services import backups, partners, portfolio_settings
from planner.services.data_folder import identity_locks_dir
from planner.storage import database
from planner.storage.file_opening import FileOpening
from planner.storage.location import Location, ServerLocation, parse_location, shown_location

if TYPE_CHECKING:
    from planner.storage import UnitOfWork

TEAM_HAS_NO_FILE = ("{name} is a team portfolio on a server, not a file here; copy it to a "
                    "file first with: planner copy {url} FILE")

CHECKING = ("The portfolio is still being checked after opening; your change was not saved. "
            "Try again in a moment.")


def open_portfolio(location: Location | str, *, create: bool = False, read_only: bool = False,
                   before_migration: Callable[[str], None] | None = None,
                   check_later: bool = False) -> Portfolio:
    """Open (with `create`, create) the portfolio at `location`: a file, or a team portfolio's
    postgresql:// location. See the module for the steps; `before_migration` hears the old
    revision before a migration (after its backup)."""
    opening = _opening_for(parse_location(location), create=create, read_only=read_only)
    opening.refuse_if_not_ours()                           # 1.
    opening.lock_for_writing()                             # 2.
    try:
        deferred = check_later and opening.checks_on_opening and opening.at_head()
        if not deferred:
            _refuse_damaged(opening, opening.problems())   # 3.
            _back_up(opening, "open")                      # 4.
        store = opening.connect()
        try:
            _migrate(opening, store, before_migration)     # 5.
            opening.opened()
        except BaseException:
            store.close()
            raise
    except BaseException:
        opening.release()
        raise
    portfolio = Portfolio(store, opening, unchecked=deferred)
    if not deferred:
        _trim_history(portfolio)
    return portfolio


def _opening_for(location: Location, *, create: bool, read_only: bool):
    if isinstance(location, ServerLocation):
        from planner.storage.server import ServerOpening  # psycopg only for a team portfolio

        return ServerOpening(location, create=create, read_only=read_only)
    return FileOpening(location, create=create, read_only=read_only,
                       identity_folder=identity_locks_dir())


def _refuse_damaged(opening, problems: list[str]) -> None:
    """Step 3: a portfolio with problems is refused; opened for writing, it is put aside
    (renamed, never written to). The sentence names the backup to restore."""
    if not problems:
        return
    path = opening.location
    found = tuple(backups.list_backups(path))
    restore = (f"restore the latest backup ({found[0].taken_at.astimezone():%Y-%m-%d %H:%M}) "
               f"with: planner restore {path} latest" if found
               else "no backup of it exists yet")
    if opening.read_only:
        raise PortfolioDamaged(f"{path.name} is damaged ({problems[0]}); {restore}.",
                               backups=found)
    aside = opening.put_aside()
    raise PortfolioDamaged(f"{path.name} is damaged ({problems[0]}) and was kept aside as "
                           f"{aside.name}; {restore}.", backups=found)


def _back_up(opening, reason: str) -> None:
    """Step 4, and before a migration: a file opened for writing is backed up (on opening,
    at most once an hour). No room for the backup refuses the opening: editing now would
    risk the file too."""
    if opening.read_only or not opening.keeps_backups:
        return
    try:
        if reason == "open":
            backups.backup_if_due(opening.location)
        else:
            backups.take_backup(opening.location, reason)
    except PlannerError as error:
        raise PlannerError(f"{str(error).rstrip('.')}; free some space, or open the "
                           "portfolio read-only.") from None


def _migrate(opening, store, before_migration: Callable[[str], None] | None) -> None:
    """Step 5: bring the schema to head in one transaction, after a backup of what was
    there (an empty file or database simply gets the schema)."""
    if opening.read_only:
        return
    revision = store.schema_revision()
    if revision == database.head_revision():
        return
    if revision is not None:
        _back_up(opening, "migration")
        if before_migration is not None:
            before_migration(revision)
    store.migrate()


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


class Portfolio:
    """An open portfolio, a file or a team portfolio: hand `portfolio.uow()` to any service."""

    def __init__(self, store, opening, *, unchecked: bool = False):
        self._store = store  # a storage PortfolioFile, or a storage.server.ServerDatabase
        self._opening = opening  # what closing lets go of (a file's lock)
        self._unchecked = unchecked
        self._problems: list[str] = []
        # finish_opening runs on a background thread; closing waits for it, so that no
        # check or backup still has the file open when the writer's close empties the WAL
        # (a reader left behind keeps the -wal on disk), and none starts after the close.
        self._finishing = threading.RLock()
        self._closed = False
        # the settings read with the list when a window opened it (see overview_at_opening)
        self.settings_read_at_opening: portfolio_settings.PortfolioSettings | None = None

    def take_settings_read_at_opening(self):
        """The settings read with the list at opening, once (None after, or if none were):
        the window's first reading of them, without a unit of work."""
        settings, self.settings_read_at_opening = self.settings_read_at_opening, None
        return settings

    @property
    def location(self) -> Location:
        """The file's path, or the server and database of a team portfolio."""
        return self._opening.location

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
        return self._store.path

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def storage(self):
        """What storage has open (a PortfolioFile or a ServerDatabase), for the few use cases
        that work on the portfolio as a whole (copying it) rather than on its records."""
        return self._store

    def uow(self) -> UnitOfWork:
        uow = self._store.unit_of_work()
        if self._unchecked:
            uow.held = CHECKING
        return uow

    @property
    def checked(self) -> bool:
        """False while the integrity check an opening left for later has not passed."""
        return not self._unchecked

    def finish_opening(self) -> bool:
        """Steps 3 and 4 that `open_portfolio(check_later=True)` left for after the window
        shows (edits are held until they pass). Safe to run on a background thread; returns
        False when the file is damaged, and then `close_damaged()` puts it aside and says
        what to do."""
        with self._finishing:
            if not self._unchecked or self._closed:
                return True
            problems = self._opening.problems()
            if problems:
                self._problems = problems
                return False
            self._unchecked = False
            _back_up(self._opening, "open")
            _trim_history(self)
            return True

    def close_damaged(self) -> None:
        """Close a portfolio `finish_opening` found damaged, put the file aside (when it was
        opened for writing) and raise PortfolioDamaged naming the backups to restore."""
        try:
            self._store.close(checkpoint=False)  # a damaged file is never written to
            _refuse_damaged(self._opening, self._problems)
        finally:
            self._opening.release()

    @property
    def took_over_from(self):
        """Who held the stale lock this opening took over (a crashed window), if anyone."""
        return self._opening.took_over_from

    def close(self) -> None:
        with self._finishing:  # a check or backup still running ends first
            if self._closed:
                return
            self._closed = True
        try:
            self._store.close()  # nothing when close_damaged closed it already
        finally:
            self._opening.release()

    def save_copy(self, destination: Path | str) -> None:
        """Write a copy of this portfolio to `destination` (File > Save a copy as)."""
        if self.is_team:
            from planner.services.copying import copy_portfolio

            copy_portfolio(self.location, Path(destination))
            return
        try:
            self._store.save_copy(Path(destination))
        except OSError as error:
            raise PlannerError(f"Cannot write {destination}: {error.strerror}.") from None

    def __enter__(self) -> Portfolio:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# The window's opening --------------------------------------------------------------------

Opened = tuple[Portfolio, list[PartnerSummary]]


def opening_work(location: Location, *, create: bool = False,
                 read_only: bool = False) -> Callable[[], Opened]:
    """What opening a portfolio does off the GUI thread: open it and read its overview."""
    today = dt.date.today()

    def work():
        portfolio = open_portfolio(location, create=create, read_only=read_only,
                                   check_later=True)
        try:
            return portfolio, overview_at_opening(portfolio, today)
        except PlannerError:
            portfolio.close()
            raise
        except Exception:
            # Unreadable before its check ran: the check says whether it is damage.
            if not portfolio.finish_opening():
                portfolio.close_damaged()  # raises PortfolioDamaged, offered below
            portfolio.close()
            raise
        except BaseException:
            portfolio.close()
            raise

    return work


def overview_at_opening(portfolio: Portfolio, today: dt.date) -> list[PartnerSummary]:
    """`partners.portfolio_overview` for a window opening `portfolio`: a file just opened is
    read with plain sqlite3 before SQLAlchemy is even imported (storage's
    `PortfolioFile.read_overview`: the same queries, the same summaries), its settings kept
    for the window (`take_settings_read_at_opening`); a team portfolio through its unit of
    work as always."""
    read = getattr(portfolio.storage, "read_overview", None)
    with collector.held():  # thousands of lasting objects: see planner.collector
        reading = read(today, window_start(today)) if read is not None else None
        if reading is not None:
            portfolio.settings_read_at_opening = portfolio_settings.settings_of(
                reading.settings, reading.setting_versions)
            return partners.summaries_of(reading.partners, reading.figures, today)
    return partners.portfolio_overview(portfolio.uow(), today)


def start_opening(location: Location, *, create: bool = False,
                  read_only: bool = False) -> Future:
    """Begin `opening_work` on a thread of its own now; the window takes the result (or the
    refusal, for its usual dialogs) over from the future (`FileOperations.open_path`)."""
    future: Future = Future()
    work = opening_work(location, create=create, read_only=read_only)

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:  # noqa: BLE001 - handed over to the window's handlers
            future.set_exception(error)

    threading.Thread(target=run, name="planner-opening", daemon=True).start()
    return future
