"""Portfolios for the exchange tests: an empty one and the sample, as real SQLite files."""

import datetime as dt
from pathlib import Path

import pytest

from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def empty_portfolio(tmp_path, empty_file_at):
    with open_portfolio(empty_file_at(tmp_path / "empty.sqlite")) as portfolio:
        yield portfolio


@pytest.fixture
def sample_portfolio(tmp_path, empty_file_at):
    with open_portfolio(empty_file_at(tmp_path / "sample.sqlite")) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
        yield portfolio


def write_csv(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
