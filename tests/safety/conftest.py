"""Shared fixtures for the data-safety tests: a sample portfolio on disk, and damaging one."""

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    open_portfolio(path, create=True).close()
    return path


class Fresh:
    """A new, empty portfolio per example (copied from a migrated template: fast)."""

    def __init__(self, template: Path):
        self.folder = Path(tempfile.mkdtemp(prefix="prop-"))
        self.path = self.folder / "p.sqlite"
        shutil.copyfile(template, self.path)

    def __enter__(self):
        self.portfolio = open_portfolio(self.path)
        return self.portfolio

    def __exit__(self, *exc):
        self.portfolio.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def sample_path(tmp_path):
    """A closed sample portfolio (8 partners) with its WAL checkpointed into the file."""
    path = tmp_path / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(dt.date.today()))
    return path


def damage(path, page=5, pages=3):
    """Overwrite whole pages in the middle of the file, keeping the header intact."""
    with open(path, "r+b") as f:
        f.seek(4096 * page)
        f.write(os.urandom(4096 * pages))
        f.flush()
        os.fsync(f.fileno())
