"""The full check of a private copy whose WAL SQLite replays (file_check.verify_replayed), and
whether a user may create a portfolio's tables on a server (server.may_create_schema), on
real files and a real server."""

import sqlite3

from planner.storage.file_check import verify_replayed
from planner.storage.server import may_create_schema


def test_a_healthy_copy_has_no_problem(tmp_path, empty_file_at):
    assert verify_replayed(empty_file_at(tmp_path / "copy.sqlite")) == []


def test_a_copy_that_is_another_apps_database_would_no_longer_be_a_portfolio(tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (x)")
    connection.close()
    assert verify_replayed(other) == ["it would no longer be a Partner Planner portfolio"]


def test_a_copy_that_is_no_database_is_one_problem_in_sqlites_words(tmp_path):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"\x00 not a database " * 500)
    assert verify_replayed(garbage) == ["file is not a database"]


def test_a_copy_missing_a_table_fails_the_full_check(tmp_path, empty_file_at):
    copy = empty_file_at(tmp_path / "copy.sqlite")
    with sqlite3.connect(copy) as connection:
        connection.execute("DROP TABLE value_exchanges")
    connection.close()
    assert verify_replayed(copy) == ["the table value_exchanges is missing"]


def test_only_a_user_with_create_on_the_schema_may_make_a_portfolio(team_location, make_user,
                                                                    postgres_server):
    assert may_create_schema(team_location) is True  # the superuser who owns it
    name, password = make_user("plain")
    plain = postgres_server.location(team_location.database, user=name, password=password)
    assert may_create_schema(plain) is False  # PostgreSQL 15: no CREATE on public for others
    postgres_server.execute(f'GRANT CREATE ON SCHEMA public TO "{name}"',
                            database=team_location.database)
    try:
        assert may_create_schema(plain) is True
    finally:  # so that make_user can drop the role (roles are the whole server's)
        postgres_server.execute(f'REVOKE CREATE ON SCHEMA public FROM "{name}"',
                                database=team_location.database)
    wrong = postgres_server.location(team_location.database, user=name, password="wrong")
    assert may_create_schema(wrong) is False  # not even connected
