"""`copy_portfolio` between a file and a team portfolio on a real PostgreSQL server: every row
kept (ids, versions, who changed it when, settings), the JSON exports identical, the target
new or refused untouched, and a copy that fails halfway leaving no target behind."""

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.domain.errors import NewerSchema, NotAPortfolio, PlannerError
from planner.domain.model import Partner
from planner.services import portfolio_io
from planner.services.copying import copy_portfolio, fill_new_team_portfolio
from planner.services.partners import add_partner, list_partners, remove_partner
from planner.services.portfolio import new_portfolio, open_portfolio
from planner.services.portfolio_settings import read_settings, update_settings
from planner.storage import copying
from tests.storage.old_revisions import build_at
from tests.team.dumps import file_dump, server_dump

TODAY = dt.date(2026, 6, 1)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def rich_file(path: Path) -> Path:
    """The sample, with what a plain export would not show: a gap in the ids, a row edited
    seven times by someone else at a known moment, the portfolio's own settings."""
    with new_portfolio(path) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
        update_settings(portfolio.uow(), name="Alliances EMEA", currency="CHF")
        remove_partner(portfolio.uow(), list_partners(portfolio.uow())[0].id)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE partners SET version = 7, changed_by = 'ann.lee', "
                           "changed_at = '2025-03-04 05:06:07.000000' "
                           "WHERE id = (SELECT max(id) FROM partners)")
    connection.close()
    return path


def export(location) -> str:
    with open_portfolio(location, read_only=True) as portfolio:
        return portfolio_io.dump_document(portfolio_io.export_document(portfolio.uow()))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_file_to_team_to_file_keeps_every_row(tmp_path, postgres_server, team_location):
    source = rich_file(tmp_path / "source.sqlite")
    before = sha(source)
    report = copy_portfolio(source, team_location)
    assert report.partners == 7 and report.rows["portfolio_settings"] == 2
    back = tmp_path / "plane" / "back.sqlite"  # a folder that does not exist yet
    copy_portfolio(team_location, back)
    assert sha(source) == before  # the source is only read
    assert sorted(p.name for p in back.parent.iterdir()) == ["back.sqlite"]  # no -wal
    assert back.stat().st_mode & 0o777 == 0o600
    assert export(source) == export(team_location) == export(back)
    assert file_dump(back) == file_dump(source)  # every table, search index included
    with open_portfolio(team_location) as team:
        assert read_settings(team.uow()).name == "Alliances EMEA"
        stored = postgres_server.execute(
            "SELECT version, changed_by, changed_at FROM partners ORDER BY id DESC LIMIT 1",
            database=team_location.database)
        assert stored == [(7, "ann.lee", dt.datetime(2025, 3, 4, 5, 6, 7))]
        # the id sequence stands past the copied ids: a new partner takes the next one
        largest = postgres_server.execute("SELECT max(id) FROM partners",
                                          database=team_location.database)[0][0]
        added = add_partner(team.uow(), Partner("Zeta Robotics"))
        assert added.id == largest + 1


def test_team_to_team_keeps_every_row_and_the_sequences(tmp_path, postgres_server,
                                                        team_location, make_user):
    source = rich_file(tmp_path / "source.sqlite")
    copy_portfolio(source, team_location)
    with open_portfolio(team_location) as team:  # a new row, so the sequences moved
        add_partner(team.uow(), Partner("Zeta Robotics"))
    other = postgres_server.location(f"{team_location.database}_b")
    postgres_server.execute(f'CREATE DATABASE "{other.database}"')
    try:
        copy_portfolio(team_location, other)
        assert server_dump(postgres_server, other.database) == server_dump(
            postgres_server, team_location.database)
    finally:
        postgres_server.execute(f'DROP DATABASE "{other.database}" WITH (FORCE)')


def test_a_file_copies_to_a_file(tmp_path):
    source = rich_file(tmp_path / "source.sqlite")
    copy_portfolio(source, tmp_path / "copy.sqlite")
    assert file_dump(tmp_path / "copy.sqlite") == file_dump(source)


def test_an_existing_target_file_is_never_replaced(tmp_path, team_portfolio_location):
    target = tmp_path / "taken.sqlite"
    target.write_bytes(b"my notes")
    for source in (team_portfolio_location, rich_file(tmp_path / "source.sqlite")):
        with pytest.raises(PlannerError, match="already exists; a copy never replaces"):
            copy_portfolio(source, target)
    assert target.read_bytes() == b"my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.sqlite", "taken.sqlite"]


def test_a_database_that_holds_anything_is_refused_untouched(tmp_path, postgres_server,
                                                             team_location,
                                                             team_portfolio_location):
    source = rich_file(tmp_path / "source.sqlite")
    with open_portfolio(team_portfolio_location) as team:
        add_partner(team.uow(), Partner("Already here"))
    before = server_dump(postgres_server, team_portfolio_location.database)
    with pytest.raises(PlannerError, match="already holds a portfolio; it was left as it is"):
        copy_portfolio(source, team_portfolio_location)
    assert server_dump(postgres_server, team_portfolio_location.database) == before

    postgres_server.execute("CREATE TABLE invoices (id int)", database=team_location.database)
    before = server_dump(postgres_server, team_location.database)
    with pytest.raises(NotAPortfolio, match="holds other tables"):
        copy_portfolio(source, team_location)
    assert server_dump(postgres_server, team_location.database) == before


def test_a_newer_or_older_source_is_refused_and_left_as_it_is(tmp_path, postgres_server,
                                                              team_location,
                                                              team_portfolio_location):
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "portfolio-revision-0001.sqlite", old)
    before = sha(old)
    with pytest.raises(PlannerError, match="has an older layout; open it once"):
        copy_portfolio(old, team_location)
    assert sha(old) == before
    assert server_dump(postgres_server, team_location.database) == {"sequences": []}

    postgres_server.execute("UPDATE alembic_version SET version_num = '9999'",
                            database=team_portfolio_location.database)
    with pytest.raises(NewerSchema):
        copy_portfolio(team_portfolio_location, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()


def test_a_copy_that_fails_halfway_leaves_no_team_portfolio(tmp_path, postgres_server,
                                                            team_location):
    """A value SQLite keeps but PostgreSQL refuses (a role longer than its column), in a
    table copied after partners: the schema and the first tables were written, then undone."""
    source = rich_file(tmp_path / "source.sqlite")
    connection = sqlite3.connect(source)
    with connection:
        connection.execute("UPDATE stakeholders SET role = ? WHERE id = "
                           "(SELECT max(id) FROM stakeholders)", ("x" * 300,))
    connection.close()
    with pytest.raises(PlannerError, match=r"^Cannot copy into the database .* value too long "
                                           r"for type character varying\(200\); nothing was "
                                           r"written\.$"):
        copy_portfolio(source, team_location)
    assert server_dump(postgres_server, team_location.database) == {"sequences": []}


def test_a_copy_that_fails_halfway_leaves_no_file(tmp_path, team_portfolio_location,
                                                  monkeypatch):
    """The machine gives out after every row was written but before the file is in place:
    neither the target nor its partial file nor a folder made for it is left."""
    with open_portfolio(team_portfolio_location) as team:
        add_partner(team.uow(), Partner("Acme"))
    real = copying.copy_rows

    def copy_then_fail(source, target):
        real(source, target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(copying, "copy_rows", copy_then_fail)
    target = tmp_path / "new folder" / "copy.sqlite"
    with pytest.raises(OSError):
        copy_portfolio(team_portfolio_location, target)
    assert list(tmp_path.iterdir()) == []


def test_the_same_location_is_refused(team_portfolio_location, tmp_path):
    with pytest.raises(PlannerError) as refused:
        copy_portfolio(team_portfolio_location, team_portfolio_location.url)
    assert str(refused.value) == (f"{team_portfolio_location.shown} is both the source and the "
                                  "target; name a new file or an empty database to copy to.")
    with pytest.raises(PlannerError) as refused:
        copy_portfolio(tmp_path / "p.sqlite", str(tmp_path / "p.sqlite"))
    assert str(refused.value) == (f"{tmp_path / 'p.sqlite'} is both the source and the "
                                  "target; name a new file or an empty database to copy to.")


def test_a_new_team_portfolio_is_filled_in_a_private_file_then_copied_whole(team_location):
    made = []

    def fill(portfolio):
        made.append(portfolio.path)
        add_partner(portfolio.uow(), Partner("Acme"))

    report = fill_new_team_portfolio(team_location, fill)
    assert (report.target, report.partners) == (team_location, 1)
    with open_portfolio(team_location, read_only=True) as team:
        assert [p.name for p in list_partners(team.uow())] == ["Acme"]
    (path,) = made
    assert path.parent.name.startswith("planner-new-") and not path.parent.exists()


def test_a_new_team_portfolio_whose_filling_fails_leaves_the_database_empty(team_location):
    made = []

    def fail(portfolio):
        made.append(portfolio.path)
        add_partner(portfolio.uow(), Partner("Acme"))
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        fill_new_team_portfolio(team_location, fail)
    assert not made[0].parent.exists()
    # nothing reached the database: it is still empty, so a new portfolio can be made in it
    fill_new_team_portfolio(team_location, lambda portfolio: None)
    with open_portfolio(team_location, read_only=True) as team:
        assert list_partners(team.uow()) == []


def test_a_portfolio_of_an_older_layout_is_not_copied_and_says_how_to_update_it(tmp_path):
    old = tmp_path / "old.sqlite"
    build_at(old, "0005")
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    with pytest.raises(PlannerError) as refused:
        copy_portfolio(old, tmp_path / "copy.sqlite")
    assert str(refused.value) == ("old.sqlite has an older layout; open it once with this "
                                  "version of Partner Planner (which updates it), then copy it.")
    assert not (tmp_path / "copy.sqlite").exists()
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before
