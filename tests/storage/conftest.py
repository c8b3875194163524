"""What storage opens, on both engines: a portfolio file (PortfolioFile) and a team portfolio
(ServerDatabase) on the test PostgreSQL server, each new and empty; nothing mocked."""

import hashlib

import pytest

from planner.storage import PortfolioFile
from planner.storage.location import ServerLocation
from planner.storage.server import ServerDatabase
from tests.team.dumps import server_dump


def open_store(location, **options):
    """Storage's open portfolio at `location`: a file's, or a team portfolio's."""
    if isinstance(location, ServerLocation):
        return ServerDatabase.open(location, **options)
    return PortfolioFile(location, **options)


def untouched(location, server=None):
    """What would show any change: a file's bytes, modification time and neighbours; a
    database's rows, sequences and every schema object with its owner and privileges."""
    if not isinstance(location, ServerLocation):
        if not location.exists():
            return None, sorted(p.name for p in location.parent.iterdir())
        return (hashlib.sha256(location.read_bytes()).hexdigest(), location.stat().st_mtime_ns,
                sorted(p.name for p in location.parent.iterdir()))
    schema = server.execute(
        "SELECT c.relname, c.relkind, c.relowner::regrole::text, coalesce(c.relacl::text, '') "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' UNION ALL SELECT t.tgname, 'trigger', '', '' "
        "FROM pg_trigger t WHERE NOT t.tgisinternal UNION ALL SELECT p.proname, 'function', "
        "p.proowner::regrole::text, coalesce(p.proacl::text, '') FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1, 2",
        database=location.database)
    return server_dump(server, location.database), schema


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
