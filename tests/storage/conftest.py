"""What storage opens, on both engines: a portfolio file (PortfolioFile) and a team portfolio
(ServerDatabase) on the test PostgreSQL server, each new and empty; nothing mocked."""

import pytest

from planner.storage import PortfolioFile
from planner.storage.location import ServerLocation
from planner.storage.server import ServerDatabase


def open_store(location, **options):
    """Storage's open portfolio at `location`: a file's, or a team portfolio's."""
    if isinstance(location, ServerLocation):
        return ServerDatabase(location, **options)
    return PortfolioFile(location, **options)


@pytest.fixture
def store(any_location):
    """A new, empty portfolio as storage has it open, once a file and once on the server."""
    with_create = {} if isinstance(any_location, ServerLocation) else {"create": True}
    opened = open_store(any_location, **with_create)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(params=["file", "team"])
def any_empty_location(request, tmp_path):
    """Where a portfolio can be made from nothing, on both engines: a path where no file is
    yet, or an empty database on the test server (no schema at all)."""
    if request.param == "file":
        return tmp_path / "old.sqlite"
    return request.getfixturevalue("team_location")
