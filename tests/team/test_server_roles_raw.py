"""Below the app: what the server itself lets a reader's and an editor's login do.

A reader's raw connection can change nothing; an editor's can change data but not the schema,
the search index's machinery, the schema revision or the privileges. A reader may still open a
team portfolio and copy it to a file. (The app's own refusals, service by service, are
tests/team/test_reader_cannot_write.py.)
"""

from __future__ import annotations

import pytest

from planner.services import partners
from planner.services.portfolio import open_portfolio
from tests.team.conftest import dump


def _raw(location):
    import psycopg

    return psycopg.connect(**location.connect_arguments())


READER_REFUSED = [
    "INSERT INTO partners (name) VALUES ('Sneaky')",
    "UPDATE partners SET notes = 'changed'",
    "DELETE FROM checklist_items",
    "TRUNCATE stakeholders",
    "UPDATE alembic_version SET version_num = '0001'",
    "INSERT INTO search_index (rowid, title) VALUES (99999, 'x')",
    "SELECT setval(pg_get_serial_sequence('partners', 'id'), 999)",
    "CREATE TABLE notes (id int)",
    "ALTER TABLE partners ADD COLUMN sneaky text",
    "DROP TABLE meetings",
    "CREATE INDEX sneaky ON partners (notes)",
]
EDITOR_REFUSED = [
    "CREATE TABLE notes (id int)",
    "ALTER TABLE partners ADD COLUMN sneaky text",
    "ALTER TABLE partners DROP COLUMN notes",
    "DROP TABLE meetings",
    "CREATE INDEX sneaky ON partners (notes)",
    "TRUNCATE stakeholders",
    "UPDATE alembic_version SET version_num = '0001'",
    "DELETE FROM alembic_version",
    "SELECT setval(pg_get_serial_sequence('partners', 'id'), 999)",
    "CREATE TRIGGER sneaky AFTER INSERT ON partners FOR EACH ROW "
    "EXECUTE FUNCTION search_partners()",
    "ALTER TABLE partners DISABLE TRIGGER ALL",
    "CREATE VIEW everything AS SELECT * FROM partners",
]


@pytest.mark.parametrize("who, statements", [("reader", READER_REFUSED),
                                             ("editor", EDITOR_REFUSED)])
def test_the_server_refuses_what_the_role_may_not_do(postgres_server, shared_portfolio, who,
                                                     statements):
    import psycopg

    database = shared_portfolio.owner.database
    before = dump(postgres_server, database)
    allowed = []
    with _raw(getattr(shared_portfolio, who)) as connection:
        for statement in statements:
            try:
                with connection.transaction():
                    connection.execute(statement)
            except psycopg.errors.InsufficientPrivilege:
                continue
            allowed.append(statement)
        # without the grant option, a GRANT is only a warning: it must change nothing
        connection.execute("GRANT INSERT, TRUNCATE ON partners TO PUBLIC")
        connection.commit()
    assert allowed == []
    assert dump(postgres_server, database) == before


def test_an_editors_raw_connection_changes_data_and_nothing_else(shared_portfolio):
    with _raw(shared_portfolio.editor) as connection:
        first = "(SELECT min(id) FROM partners)"
        connection.execute(f"UPDATE partners SET name = 'Raw', name_key = 'raw' "
                           f"WHERE id = {first}")
        found = connection.execute("SELECT count(*) FROM search_index WHERE title = 'Raw'")
        assert found.fetchone() == (1,)  # the search trigger wrote as the editor
        assert connection.execute("SELECT nextval(pg_get_serial_sequence('partners', 'id'))"
                                  ).fetchone()[0] > 8
        connection.execute("DELETE FROM value_exchanges WHERE id = "
                           "(SELECT min(id) FROM value_exchanges)")
        connection.execute("INSERT INTO portfolio_settings (key, value, version, changed_by, "
                           "changed_at) VALUES ('name', 'Raw', 1, 'x', now())")
        connection.rollback()


def test_a_reader_may_open_and_copy_and_nothing_changes(shared_portfolio, postgres_server,
                                                        tmp_path):
    from planner.services.copying import copy_portfolio

    database = shared_portfolio.reader.database
    before = dump(postgres_server, database)
    with open_portfolio(shared_portfolio.reader) as portfolio:
        assert portfolio.read_only
    copy_portfolio(shared_portfolio.reader, tmp_path / "on-the-plane.sqlite")
    with open_portfolio(tmp_path / "on-the-plane.sqlite") as copy:
        assert len(partners.list_partners(copy.uow())) == 8
    assert dump(postgres_server, database) == before
