"""What each step of opening a portfolio means for a SQLite file.

The pipeline itself, the same for every engine, is `services.opening.open_portfolio`: refuse
what is not ours, lock, check, back up, migrate. This is the file's side of each step; a team
portfolio's side is `storage.server.ServerOpening`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from planner.domain.errors import NewerSchema, NotFound, PlannerError
from planner.domain.quoting import shown
from planner.storage import backups as backup_files
from planner.storage import database, locking
from planner.storage.portfolio_file import PortfolioFile


class FileOpening:
    """One opening of the portfolio file at `path`, step by step (see the module)."""

    keeps_backups = True  # a file is backed up on opening and before a migration
    checks_on_opening = True  # SQLite's quick check reads the whole file

    def __init__(self, path: Path, *, create: bool = False, read_only: bool = False,
                 identity_folder: Path | None = None):
        self.path = Path(path)
        self.create = create
        self.read_only = read_only
        self._identity_folder = identity_folder
        self.lock: locking.PortfolioLock | None = None

    @property
    def location(self) -> Path:
        return self.path

    def _has_contents(self) -> bool:
        path = self.path
        return path.exists() and not path.is_dir() and path.stat().st_size > 0

    # 1. refuse what is not ours --------------------------------------------------------------
    def refuse_if_not_ours(self) -> None:
        """Refuse, before a byte is written: a missing file (unless creating one), a folder,
        another application's file, one written by a newer app. An empty file is ours: it
        becomes a portfolio."""
        path = self.path
        if not path.exists():
            if not self.create:
                raise NotFound(f"There is no portfolio at {shown(path)}.")
            return
        database.check_file(path)
        if not self._has_contents():
            return
        revision = database.peek_revision(path)
        if revision is not None and revision not in database.known_revisions():
            raise NewerSchema("This portfolio was written by a newer version of Partner "
                              "Planner; update the app to open it.")

    # 2. lock ---------------------------------------------------------------------------------
    def lock_for_writing(self) -> None:
        """One writer per file: take its lock (creating the folder of a new portfolio first,
        owner-only; on read-only media, taking it says so), refuse a file the user may not
        write, and keep aside, unreplayed, a -wal that is not this file's."""
        if self.read_only:
            return
        if self.create and not self.path.exists():
            make_folder(self.path.parent)
        self.lock = locking.acquire(self.path, identity_folder=self._identity_folder)
        try:
            if self._has_contents() and not os.access(self.path, os.W_OK):
                raise PlannerError(f"{shown(self.path)} is read-only; open it read-only, or "
                                   "make it writable first.")
            if self.path.is_file():
                database.settle_wal_for_writing(self.path, self.lock.stale_record)
        except BaseException:
            self.release()
            raise

    # 3. check --------------------------------------------------------------------------------
    def at_head(self) -> bool:
        """Whether the file's schema is the current one, read without writing: when a
        migration is due, the check cannot wait (nothing is migrated unchecked)."""
        return self._has_contents() and database.at_head(self.path)

    def problems(self) -> list[str]:
        """SQLite's quick integrity check and the foreign keys; empty when healthy."""
        if not self._has_contents():
            return []
        return backup_files.problems(self.path, read_only=self.read_only)

    def put_aside(self) -> Path:
        """Rename a damaged file (the one links lead to) aside, never writing to it."""
        return backup_files.move_aside(Path(os.path.realpath(self.path)), dt.datetime.now())

    # 5. migrate (4, backing up, is the services' backups: once an hour, and before this) ----
    def connect(self) -> PortfolioFile:
        """The open file, not yet migrated (and its engine not yet made: see PortfolioFile); a
        writer notes its WAL generation in the lock after every commit, so a crash's leftover
        WAL is later known to be this file's."""
        return PortfolioFile(self.path, create=self.create, read_only=self.read_only,
                             migrate=False,
                             note_wal=self.lock.note_wal if self.lock is not None else None)

    def opened(self) -> None:
        """Once opened for writing (a refused opening changes nothing): a portfolio others
        could read is made owner-only, with its -wal and -shm, and the user told once."""
        if self.read_only:
            return
        try:
            old = database.make_owner_only(self.path)
        except OSError:
            return  # not ours to change (a shared folder's file): it opens as it is
        if old is not None:
            database.tell_once(f"{self.path.name} was readable by others (mode {old}); it is "
                               "now readable by you only.")

    # closing ---------------------------------------------------------------------------------
    @property
    def took_over_from(self) -> locking.LockHolder | None:
        """Who held the stale lock this opening took over (a crashed window), if anyone."""
        return self.lock.took_over if self.lock else None

    def release(self) -> None:
        """Let go of the lock once the file is closed. When a reader kept the WAL from being
        emptied, the lock file (and its record of the WAL) stays, so that WAL remains
        provably this file's."""
        lock, self.lock = self.lock, None
        if lock is None:
            return
        if database.wal_left_behind(self.path):
            lock.keep_file()
        else:
            lock.release()


def make_folder(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents, owner-only; returns those created."""
    try:
        return database.make_private_folders(folder)
    except OSError as error:
        raise PlannerError(f"Cannot create the folder {folder}: {error.strerror}.") from None
