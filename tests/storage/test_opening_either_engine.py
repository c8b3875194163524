"""Opening a portfolio as storage does it, on both engines (a file, a database on the test
server): a new one is migrated to exactly the models; a current one is not migrated again;
counts and checks read it; and what is not ours, or is newer than this app, is refused without
a byte changed (the file's bytes, or the database's rows, sequences and schema objects).

What only a file has (its header, pragmas, permissions, neighbours) is in
test_opening_files.py."""

import pytest
from sqlalchemy import inspect

from planner.domain.errors import NewerSchema, NotAPortfolio, PlannerError
from planner.services.portfolio import check_portfolio, open_portfolio
from planner.storage.database import head_revision
from planner.storage.models import Base
from tests.storage.conftest import open_store, untouched
from tests.storage.old_revisions import connected, is_team, revision_of


@pytest.fixture
def server(request, any_location):
    return request.getfixturevalue("postgres_server") if is_team(any_location) else None


def made(location):
    """A new, empty portfolio at `location` (a file's is created; a server's exists)."""
    open_store(location, **({} if is_team(location) else {"create": True})).close()
    return location


def test_a_new_portfolio_is_at_head_with_every_table(store):
    assert store.schema_revision() == head_revision()
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) | {"alembic_version", "search_index"} <= tables


def test_the_migrations_build_exactly_the_models(store):
    """The migration scripts and the models agree on both engines: Alembic finds nothing to
    generate (no table, column, type, index or constraint that differs)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from planner.storage.models import is_modelled

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": is_modelled, "compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_table_counts_and_integrity_of_a_new_portfolio(store):
    assert store.integrity_problems() == []
    counts = store.table_counts()
    assert set(counts) == set(Base.metadata.tables)
    assert set(counts.values()) == {0}


def test_a_current_portfolio_is_not_migrated_again(any_location, server):
    made(any_location)
    before = untouched(any_location, server)
    calls = []
    open_portfolio(any_location, before_migration=calls.append).close()
    assert calls == []
    assert untouched(any_location, server)[0] == before[0]


def make_newer(location):
    with connected(location) as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00d9999'")


@pytest.mark.parametrize("read_only", [False, True])
def test_a_newer_schema_is_refused_untouched(any_location, server, read_only):
    make_newer(made(any_location))
    before = untouched(any_location, server)
    with pytest.raises(NewerSchema, match="newer version of Partner Planner"):
        open_store(any_location, read_only=read_only)
    with pytest.raises(NewerSchema):
        check_portfolio(any_location)
    assert untouched(any_location, server) == before
    assert revision_of(any_location) == "f00d9999"


def other_apps_portfolio(location):
    """Another application's data where a portfolio is expected: in a file, SQLite tables
    under another application_id; in a database, tables of its own, one named like ours."""
    with connected(location) as connection:
        if not is_team(location):
            connection.exec_driver_sql("PRAGMA application_id = 0x0F055112")
        connection.exec_driver_sql("CREATE TABLE partners (id integer primary key, name text)")
        connection.exec_driver_sql("CREATE TABLE invoices (id integer primary key)")
        connection.exec_driver_sql("INSERT INTO partners (id, name) VALUES (1, 'Acme')")


@pytest.mark.parametrize("options", [{}, {"create": True}, {"read_only": True}],
                         ids=["open", "create", "read-only"])
def test_another_apps_tables_are_refused_untouched(any_empty_location, request, options):
    location = any_empty_location
    server = request.getfixturevalue("postgres_server") if is_team(location) else None
    other_apps_portfolio(location)
    before = untouched(location, server)
    with pytest.raises(NotAPortfolio):
        open_store(location, **options)
    with pytest.raises(NotAPortfolio):
        check_portfolio(location)
    assert untouched(location, server) == before


def test_read_only_reads_and_changes_nothing(any_location, server):
    made(any_location)
    before = untouched(any_location, server)
    store = open_store(any_location, read_only=True)
    try:
        assert store.table_counts()["partners"] == 0
        with pytest.raises(Exception, match="(?i)read-?only"):
            with store.engine.begin() as connection:
                connection.exec_driver_sql("INSERT INTO alembic_version VALUES ('x')")
        from planner.domain.model import Partner

        with pytest.raises(PlannerError, match="read-only"):
            with store.unit_of_work() as uow:
                uow.partners.add(Partner("Acme"))
    finally:
        store.close()
    assert untouched(any_location, server) == before
