"""Opening, creating and checking portfolio files, and where the default one lives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from planner.domain.errors import PlannerError
from planner.storage import PortfolioFile, UnitOfWork

APP_NAME = "PartnerPlanner"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_portfolio_path() -> Path:
    return data_dir() / "portfolio.sqlite"


def sample_portfolio_path() -> Path:
    return data_dir() / "sample-portfolio.sqlite"


class Portfolio:
    """An open portfolio: hand `portfolio.uow()` to any service."""

    def __init__(self, file: PortfolioFile):
        self._file = file

    @property
    def path(self) -> Path:
        return self._file.path

    @property
    def read_only(self) -> bool:
        return self._file.read_only

    def uow(self) -> UnitOfWork:
        return self._file.unit_of_work()

    def close(self) -> None:
        self._file.close()

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
    """Open (or with `create`, create) a portfolio; refuses non-portfolios and newer schemas."""
    return Portfolio(PortfolioFile(Path(path), create=create, read_only=read_only,
                                   before_migration=before_migration))


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
