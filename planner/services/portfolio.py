"""Portfolios as a whole: where the default one lives, creating, checking, importing into
and writing the sample. Opening one is `services.opening` (re-exported here)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services import backups
from planner.services.data_folder import APP_NAME, data_dir, identity_locks_dir
from planner.services.opening import TEAM_HAS_NO_FILE, Portfolio, open_portfolio
from planner.storage import PortfolioFile, database, locking, protected_files
from planner.storage import backups as backup_files
from planner.storage.file_opening import make_folder
from planner.storage.location import Location, ServerLocation, parse_location

__all__ = ["APP_NAME", "data_dir", "default_portfolio_path", "sample_portfolio_path",
           "Portfolio", "open_portfolio", "new_portfolio", "open_for_import", "write_sample",
           "check_portfolio", "CheckReport", "Location", "ServerLocation", "parse_location",
           "TEAM_HAS_NO_FILE", "init_portfolio", "create_folder"]


def default_portfolio_path() -> Path:
    return data_dir() / "portfolio.sqlite"


def sample_portfolio_path() -> Path:
    return data_dir() / "sample-portfolio.sqlite"


def may_create_team_portfolio(location: ServerLocation) -> bool:
    """Whether the user may turn this empty database into a team portfolio."""
    from planner.storage.server import may_create_schema

    return may_create_schema(location)


def create_folder(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents, owner-only; returns those created."""
    return make_folder(folder)


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

        file = ServerDatabase.open(location, as_it_is=True)
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
