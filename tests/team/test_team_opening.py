"""Opening a team portfolio on a real PostgreSQL server: what is ours opens, what is not is
refused untouched, and an empty database becomes a portfolio only when asked to."""

import pytest

from planner.domain.errors import NewerSchema, NotAPortfolio, PlannerError
from planner.domain.model import Partner
from planner.services.partners import add_partner, list_partners
from planner.services.portfolio import (
    check_portfolio,
    may_create_team_portfolio,
    open_portfolio,
)
from planner.storage import database
from planner.storage.location import ServerLocation, parse_location


def tables(server, name):
    return sorted(r[0] for r in server.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        database=name))


def test_an_empty_database_becomes_a_portfolio_only_when_created(postgres_server,
                                                                  team_location):
    with pytest.raises(NotAPortfolio, match="holds no portfolio yet; create one with: "
                                            "planner init postgresql://"):
        open_portfolio(team_location)
    assert tables(postgres_server, team_location.database) == []
    with open_portfolio(team_location, create=True) as portfolio:
        assert portfolio.is_team and not portfolio.read_only
        assert portfolio.name == f"{team_location.database} on 127.0.0.1:{team_location.port}"
        add_partner(portfolio.uow(), Partner("Acme"))
    with open_portfolio(team_location) as portfolio:
        assert [p.name for p in list_partners(portfolio.uow())] == ["Acme"]
    assert "partners" in tables(postgres_server, team_location.database)


def test_the_window_offers_to_create_a_portfolio_only_to_who_may(postgres_server,
                                                                  team_location, make_user):
    """The connect dialog asks before offering "Create": the database's owner may, a user
    without CREATE on it may not (PostgreSQL 15), nor a user the server does not let in."""
    assert may_create_team_portfolio(team_location) is True
    name, password = make_user("viewer")
    plain = postgres_server.location(team_location.database, user=name, password=password)
    assert may_create_team_portfolio(plain) is False
    wrong = postgres_server.location(team_location.database, user=name, password="wrong")
    assert may_create_team_portfolio(wrong) is False


def test_a_database_with_other_tables_is_refused_untouched(postgres_server, team_location):
    postgres_server.execute("CREATE TABLE invoices (id int)", database=team_location.database)
    for create in (False, True):
        with pytest.raises(NotAPortfolio, match="holds other tables"):
            open_portfolio(team_location, create=create)
    assert tables(postgres_server, team_location.database) == ["invoices"]


def test_a_portfolio_with_a_stranger_table_is_refused(postgres_server, team_portfolio_location):
    postgres_server.execute("CREATE TABLE zzz_mine (id int)",
                            database=team_portfolio_location.database)
    with pytest.raises(NotAPortfolio, match="zzz_mine"):
        open_portfolio(team_portfolio_location)


def test_a_newer_schema_is_refused_untouched(postgres_server, team_portfolio_location):
    postgres_server.execute("UPDATE alembic_version SET version_num = '9999'",
                            database=team_portfolio_location.database)
    with pytest.raises(NewerSchema, match="newer version"):
        open_portfolio(team_portfolio_location)
    assert postgres_server.execute("SELECT version_num FROM alembic_version",
                                   database=team_portfolio_location.database) == [("9999",)]


def test_check_passes_at_head_and_names_what_is_missing(postgres_server,
                                                       team_portfolio_location):
    report = check_portfolio(team_portfolio_location)
    assert report.healthy and report.schema == database.head_revision()
    assert report.counts["partners"] == 0
    postgres_server.execute("ALTER TABLE meetings DROP COLUMN notes",
                            database=team_portfolio_location.database)
    report = check_portfolio(team_portfolio_location)
    assert report.problems == ("the table meetings lacks the column notes",)


def test_a_wrong_password_is_one_sentence(team_portfolio_location):
    wrong = team_portfolio_location.with_password("not-the-password")
    with pytest.raises(PlannerError) as refused:
        open_portfolio(wrong)
    message = str(refused.value)
    assert message == (f"The server 127.0.0.1 did not accept the password for "
                       f"{wrong.user}; check it and try again.")
    assert "not-the-password" not in message


def test_a_server_that_does_not_answer_is_one_sentence_within_the_timeout():
    import socket
    import time

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(PlannerError, match=r"^Cannot reach the team portfolio db on "
                                           rf"127\.0\.0\.1:{port}: .*\.$"):
        open_portfolio(f"postgresql://someone@127.0.0.1:{port}/db")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("text, expected", [
    ("postgresql://ann@db.example.com/alliances",
     ServerLocation("db.example.com", "alliances", "ann")),
    ("postgres://ann:s3cr%40t@db:5433/alliances?sslmode=require",
     ServerLocation("db", "alliances", "ann", 5433, (("sslmode", "require"),))),
    # no user (libpq's default), a name starting with X, a setting given empty: all kept
    ("postgresql://db.example.com/Xalliances?sslmode=",
     ServerLocation("db.example.com", "Xalliances", "", 5432, (("sslmode", ""),))),
])
def test_locations_are_parsed_and_shown_without_password(text, expected):
    location = parse_location(text)
    assert location == expected
    assert "s3cr" not in location.url and "s3cr" not in repr(location)
    assert parse_location(location.url) == expected


WRITE = "write postgresql://user@server/database."


@pytest.mark.parametrize("text, says", [
    ("postgresql://ann:pw@db/", f"postgresql://ann@db/ names no database; {WRITE}"),
    ("postgresql://ann@db/a/b", f"postgresql://ann@db/a/b names no database; {WRITE}"),
    ("postgresql://ann:pw@:5432/x", f"postgresql://ann@:5432/x names no server; {WRITE}"),
    # shown as written: not rebuilt into "postgresql:/alliances" or a lower-cased scheme
    ("postgresql:///alliances", f"postgresql:///alliances names no server; {WRITE}"),
    ("PostgreSQL://:pw@/alliances?x=1", f"PostgreSQL://@/alliances?x=1 names no server; {WRITE}"),
    ("postgresql:///alliances \n", f"postgresql:///alliances names no server; {WRITE}"),
    ("postgresql://ann:pw@[db/x", "postgresql://ann@[db/x is not a team portfolio address: the "
     "server is not a host name or an IPv6 address in brackets."),  # was a bare ValueError
    # the password left out whatever surrounds it: an "@" in the user, a ":" or an "X" in the
    # password, a "://" in a setting's value
    ("postgresql://ann@corp:pw@db/x?colour=blue", "postgresql://ann@corp@db/x?colour=blue has "
     "the setting 'colour', which a team portfolio address does not take."),
    ("postgresql://ann:p:sX@db/x?application_name=a://b&colour=blue", "postgresql://ann@db/x?"
     "application_name=a://b&colour=blue has the setting 'colour', which a team portfolio "
     "address does not take."),
    ("postgresql://ann:pw@db/" + "d" * 300 + "?colour=blue", ("postgresql://ann@db/" + "d" * 300)[
        :200] + " has the setting 'colour', which a team portfolio address does not take."),
    ("postgresql://ann:pw@db:99999/x", "postgresql://ann@db:99999/x is not a team portfolio "
     "address: the port is not a number from 1 to 65535."),
    ("postgresql://ann:pw@db/x?colour=blue", "postgresql://ann@db/x?colour=blue has the "
     "setting 'colour', which a team portfolio address does not take."),
    ("postgresql://ann@db/x?colour=", "postgresql://ann@db/x?colour= has the setting "
     "'colour', which a team portfolio address does not take."),  # empty, and still refused
    ("postgresql://ann@db/x?" + "s" * 41 + "=1", "postgresql://ann@db/x?" + "s" * 41 + "=1 has "
     "the setting '" + "s" * 40 + "', which a team portfolio address does not take."),
    ("postgresql://ann:pw@db/x#top", "postgresql://ann@db/x#top is not a team portfolio "
     "address: it has a '#' part."),
])
def test_a_wrong_address_is_one_sentence_without_its_password(text, says):
    with pytest.raises(PlannerError) as refused:
        parse_location(text)
    assert str(refused.value) == says


def test_the_window_can_save_at_once_in_a_team_portfolio(team_portfolio_location):
    """The window opens with check_later; a server keeps its own pages whole, so there is
    nothing to check after opening and no save is held back (nor is there a file to name)."""
    with open_portfolio(team_portfolio_location, check_later=True) as portfolio:
        assert portfolio.checked
        assert portfolio.finish_opening()
        add_partner(portfolio.uow(), Partner("Saved at once"))
        assert "Saved at once" in {p.name for p in list_partners(portfolio.uow())}
