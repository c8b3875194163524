"""A shared team portfolio: the sample partners, a reader's login and an editor's login, each
its own database role on the test server, made with `planner grant`'s service."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

import pytest

from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio
from planner.services.team_roles import EDIT, READ, grant_access
from planner.storage.location import ServerLocation
from planner.storage.server_roles import group_names, quoted

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def groups_dropped(postgres_server):
    """drop(database): remove that portfolio's readers' and editors' groups after the test
    (roles outlive databases: without this every test would leave two on the server)."""
    databases: list[str] = []
    yield databases.append
    for name in databases:
        readers, editors = (quoted(g) for g in group_names(name))
        with contextlib.suppress(Exception):  # the database may be gone already
            postgres_server.execute(f"DROP OWNED BY {readers}, {editors}", database=name)
        with contextlib.suppress(Exception):
            postgres_server.execute(f"DROP ROLE IF EXISTS {readers}",
                                    f"DROP ROLE IF EXISTS {editors}")


@pytest.fixture
def owned_by_a_user(postgres_server, make_user, team_location, groups_dropped):
    """The test's portfolio database owned by a user who is not a superuser, the portfolio
    made by that owner: (owner's name, the owner's location)."""
    database = team_location.database
    groups_dropped(database)
    owner, owner_password = make_user("owner")
    postgres_server.execute(f'ALTER DATABASE "{database}" OWNER TO "{owner}"')
    as_owner = postgres_server.location(database, owner, owner_password)
    open_portfolio(as_owner, create=True).close()
    return owner, as_owner


@dataclass
class Shared:
    owner: ServerLocation
    reader: ServerLocation
    editor: ServerLocation
    reader_name: str
    editor_name: str


@pytest.fixture
def shared_portfolio(postgres_server, team_portfolio_location, make_user, groups_dropped):
    """The sample portfolio on the server, with one reader and one editor."""
    database = team_portfolio_location.database
    groups_dropped(database)
    with open_portfolio(team_portfolio_location) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    reader, reader_password = make_user("reader")
    editor, editor_password = make_user("editor")
    grant_access(team_portfolio_location, reader, READ)
    grant_access(team_portfolio_location, editor, EDIT)
    return Shared(team_portfolio_location,
                  postgres_server.location(database, reader, reader_password),
                  postgres_server.location(database, editor, editor_password),
                  reader, editor)


def dump(server, database: str) -> str:
    """Every row of every table, the state of every sequence, every relation (tables,
    indexes, views) with its owner and privileges, as text: two dumps are equal only when not
    a byte of the portfolio's data and schema changed."""
    relations = server.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') "
        "ORDER BY c.relname", database=database)
    parts = []
    for name, kind in relations:
        if kind == "S":
            rows = server.execute(f"SELECT last_value, is_called FROM {quoted(name)}",
                                  database=database)
        else:
            rows = server.execute(f"SELECT t::text FROM {quoted(name)} t ORDER BY 1",
                                  database=database)
        parts.append(f"{name}: {rows!r}")
    privileges = server.execute(
        "SELECT c.relname, c.relowner::regrole::text, c.relacl::text FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
        "UNION ALL SELECT '(schema)', nspowner::regrole::text, nspacl::text FROM pg_namespace "
        "WHERE nspname = 'public' ORDER BY 1", database=database)
    parts.append(f"privileges: {privileges!r}")
    return "\n".join(parts)
