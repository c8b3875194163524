"""The history of a team portfolio on a real PostgreSQL server: each change names the
database user who made it, changes made with psql are recorded too, and every row change is
announced on the planner_changes channel with the contract the live windows listen for."""

import dataclasses
import datetime as dt
import json

import psycopg
import pytest

from planner.domain.model import Area, Difference, Meeting, Partner
from planner.services import differences, meetings, partners, portfolio_io
from planner.services.history import partner_history, people_in_history
from planner.services.portfolio import open_portfolio


@pytest.fixture
def editors(postgres_server, team_portfolio_location, make_user):
    """Two database users who may change the portfolio's rows (what `planner grant --edit`
    gives), and their locations."""
    found = []
    for label in ("ann", "bea"):
        name, password = make_user(label)
        postgres_server.execute(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{name}"',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{name}"',
            database=team_portfolio_location.database)
        found.append(dataclasses.replace(team_portfolio_location, user=name)
                     .with_password(password))
    return found


def test_each_change_names_the_database_user_and_filters_by_person(editors):
    ann, bea = editors
    with open_portfolio(ann) as portfolio:
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
        d = differences.record_difference(portfolio.uow(), Difference(
            acme.id, Area.BUSINESS_MODEL, ours="Monthly invoices"))
    with open_portfolio(bea) as portfolio:
        differences.update_difference(portfolio.uow(), dataclasses.replace(
            d, management="Quarterly invoice run"))
        differences.remove_difference(portfolio.uow(), d.id)
        history = partner_history(portfolio.uow(), acme.id)
        assert [(e.by, e.summary) for e in history[:3]] == [
            (bea.user, "Removed difference 'Business model'"),  # bea deleted it, not ann
            (bea.user, "Changed difference 'Business model'"),
            (ann.user, "Added difference 'Business model'")]
        assert people_in_history(portfolio.uow(), acme.id) == sorted([ann.user, bea.user])
        assert {e.by for e in partner_history(portfolio.uow(), acme.id, person=ann.user)} \
            == {ann.user}


def test_a_change_made_with_psql_is_recorded_as_its_database_user(postgres_server, editors):
    ann, bea = editors
    with open_portfolio(ann) as portfolio:
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
    with psycopg.connect(**bea.connect_arguments(), autocommit=True) as connection:
        connection.execute("UPDATE partners SET notes = 'typed in psql' WHERE id = %s",
                           (acme.id,))
    with open_portfolio(ann) as portfolio:
        (latest, *_rest) = partner_history(portfolio.uow(), acme.id)
    assert (latest.by, latest.summary) == (bea.user, "Changed partner 'Acme'")
    assert [(f.field, f.old, f.new) for f in latest.fields] == [("notes", "", "typed in psql")]


def notices(connection, *, at_least: int) -> list[dict]:
    found = []
    for notice in connection.notifies(timeout=5, stop_after=at_least):
        assert notice.channel == "planner_changes"
        found.append(json.loads(notice.payload))
    return found


def test_every_change_is_announced_at_commit(team_portfolio_location):
    location = team_portfolio_location
    with psycopg.connect(**location.connect_arguments(), autocommit=True) as listener, \
            open_portfolio(location) as portfolio:
        listener.execute("LISTEN planner_changes")
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
        added = notices(listener, at_least=2)
        assert {"table": "partners", "id": acme.id, "partner": acme.id} in added
        assert {n["table"] for n in added} == {"partners", "checklist_items"}
        assert all(set(n) == {"table", "id", "partner"} for n in added)
        m = meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 3)))
        assert notices(listener, at_least=1) == [
            {"table": "meetings", "id": m.id, "partner": acme.id}]
        partners.remove_partner(portfolio.uow(), acme.id)
        removed = notices(listener, at_least=3)
        assert {"table": "partners", "id": acme.id, "partner": acme.id} in removed
        assert {"table": "meetings", "id": m.id, "partner": acme.id} in removed


def test_nothing_is_announced_before_commit(team_portfolio_location):
    location = team_portfolio_location
    with psycopg.connect(**location.connect_arguments(), autocommit=True) as listener, \
            psycopg.connect(**location.connect_arguments()) as writer:
        listener.execute("LISTEN planner_changes")
        writer.execute("INSERT INTO partners (name, name_key, organisation, kind, definition, "
                       "unique_result, stage, owner, review_place, tags, notes, version, "
                       "changed_at, changed_by, decision_needed) VALUES ('Psql', 'psql', '', "
                       "'horizontal', '', '', 'courtship', '', '', '[]', '', 1, now(), 'x', "
                       "'')")
        assert list(listener.notifies(timeout=0.5)) == []
        writer.commit()
        (notice,) = notices(listener, at_least=1)
        assert notice["table"] == "partners" and notice["partner"] == notice["id"]


def test_an_import_announces_each_partner_not_each_part(team_portfolio_location, tmp_path):
    document = tmp_path / "in.json"
    with open_portfolio(tmp_path / "source.sqlite", create=True) as source:
        for name in ("Acme", "Globex"):
            p = partners.add_partner(source.uow(), Partner(name))
            meetings.record_meeting(source.uow(), Meeting(p.id, dt.date(2026, 1, 2)))
        portfolio_io.export_json(source.uow(), document)
    location = team_portfolio_location
    with psycopg.connect(**location.connect_arguments(), autocommit=True) as listener, \
            open_portfolio(location) as portfolio:
        listener.execute("LISTEN planner_changes")
        portfolio_io.import_json(portfolio.uow(), document)
        found = notices(listener, at_least=2)
        assert list(listener.notifies(timeout=0.3)) == []
    assert sorted(n["table"] for n in found) == ["partners", "partners"]


def test_an_editor_who_may_not_delete_history_still_opens_the_portfolio(
        postgres_server, team_portfolio_location, make_user):
    name, password = make_user("keeper")
    postgres_server.execute(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{name}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{name}"',
        f'REVOKE DELETE ON changes FROM "{name}"',
        database=team_portfolio_location.database)
    with open_portfolio(team_portfolio_location) as portfolio:  # the owner
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
    postgres_server.execute("UPDATE changes SET changed_at = changed_at - interval '400 days'",
                            database=team_portfolio_location.database)
    keeper = dataclasses.replace(team_portfolio_location, user=name).with_password(password)
    with open_portfolio(keeper) as portfolio:  # would prune, may not: opens all the same
        partners.update_partner(portfolio.uow(), dataclasses.replace(acme, notes="still here"))
        assert partner_history(portfolio.uow(), acme.id)[0].by == name
    (count,) = postgres_server.execute("SELECT count(*) FROM changes",
                                       database=team_portfolio_location.database)[0]
    assert count > 1  # the old entries wait for someone who may let them go
