"""`planner copy SOURCE TARGET`: a portfolio moved between any two locations, losslessly.

File to team portfolio, team portfolio to file (to take it on a plane), and either to its own
kind. Everything travels: ids, versions, who changed each row and when, the portfolio's
settings, so the JSON export of both sides is the same text. The source is only read (and
must be at this app's schema: an older file is updated by opening it first). The target must
be new: a file that does not exist yet, or an empty database; nothing is ever written over,
and a copy that fails halfway leaves no target behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services.portfolio import (
    Location,
    Portfolio,
    ServerLocation,
    create_folder,
    new_portfolio,
    open_portfolio,
    parse_location,
)
from planner.storage import copying, database, protected_files


@dataclass(frozen=True)
class CopyReport:
    source: Location
    target: Location
    rows: dict[str, int]  # table -> rows copied

    @property
    def partners(self) -> int:
        return self.rows.get("partners", 0)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_portfolio(source: Location | str, target: Location | str) -> CopyReport:
    """Copy the portfolio at `source` into the new location `target` (see the module's note)."""
    source, target = parse_location(source), parse_location(target)
    if source == target:
        raise PlannerError(f"{_named(source)} is both the source and the target; name a new "
                           "file or an empty database to copy to.")
    created: list[Path] = []
    if isinstance(target, Path):
        created = _check_new_file(target)
    try:
        with open_portfolio(source, read_only=True) as portfolio:
            storage = portfolio.storage
            revision = storage.schema_revision()
            if revision != database.head_revision():
                raise PlannerError(f"{portfolio.name} has an older layout; open it once with "
                                   "this version of Partner Planner (which updates it), then "
                                   "copy it.")
            if isinstance(target, ServerLocation):
                rows = copying.copy_to_server(storage.engine, target)
            else:
                rows = copying.copy_to_file(storage.engine, target)
    except BaseException:
        for folder in reversed(created):  # made for the copy: gone with it
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return CopyReport(source, target, rows)


def fill_new_team_portfolio(location: ServerLocation,
                            fill: Callable[[Portfolio], object]) -> CopyReport:
    """A new team portfolio in the empty database at `location`, holding what `fill` puts
    into a new portfolio: built in a private temporary file, then copied in one transaction,
    so the database is a whole portfolio or stays empty (`planner sample URL`)."""
    folder = Path(tempfile.mkdtemp(prefix="planner-new-"))
    try:
        path = folder / "portfolio.sqlite"
        with new_portfolio(path) as portfolio:
            fill(portfolio)
        return copy_portfolio(path, location)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_new_file(target: Path) -> list[Path]:
    """Refuse a target file that exists (or is another portfolio's companion); create its
    folder, owner-only, when missing: the folders made, to remove again on failure."""
    if os.path.lexists(target):
        raise PlannerError(f"{shown(target)} already exists; a copy never replaces a file, so "
                           "name a new one.")
    protected_files.refuse_to_replace(target)
    if target.parent.exists() and not target.parent.is_dir():
        raise PlannerError(f"{shown(target.parent)} is not a folder.")
    created = create_folder(target.parent)
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PlannerError(f"Cannot write in {shown(target.parent)}: permission denied.")
    return created


def _named(location: Location) -> str:
    return location.shown if isinstance(location, ServerLocation) else shown(location)

