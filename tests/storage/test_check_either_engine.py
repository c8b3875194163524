"""`planner check` on both engines: the schema revision, the counts per table, every table and
column, every constraint validated, and no row pointing at a missing row; the same findings
for the same portfolio, and not a byte, row or sequence changed by looking.

On the server the orphans are planted as its superuser with the foreign keys' triggers off
(session_replication_role = replica), the way a restore of a partial dump leaves them."""

import datetime as dt
import sqlite3

from planner.services import portfolio_io
from planner.services.portfolio import check_portfolio, open_portfolio
from planner.storage.database import head_revision
from tests.storage.conftest import untouched
from tests.storage.old_revisions import build_at, connected, is_team

TODAY = dt.date(2026, 6, 1)


def sample_at(location):
    with open_portfolio(location, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    return location


def server_for(request, location):
    return request.getfixturevalue("postgres_server") if is_team(location) else None


def test_the_same_portfolio_checks_the_same_on_both_engines(tmp_path, postgres_server,
                                                            team_portfolio_location):
    reports = []
    for location in (sample_at(tmp_path / "sample.sqlite"), sample_at(team_portfolio_location)):
        server = postgres_server if is_team(location) else None
        before = untouched(location, server)
        reports.append(check_portfolio(location))
        assert untouched(location, server) == before  # looking changes nothing
    on_file, on_team = reports
    assert on_file.healthy and on_team.healthy, (on_file.problems, on_team.problems)
    assert on_file.schema == on_team.schema == head_revision()
    assert on_file.counts == on_team.counts
    assert on_team.counts["partners"] == 8 and on_team.counts["changes"] >= 8


def plant_orphans(location):
    """A stakeholder and a checklist item of partner 999, which does not exist, and a tie
    whose stakeholder is gone: rows the foreign keys would refuse, written past them."""
    statements = (
        "INSERT INTO stakeholders (id, partner_id, name, side, level, role, ambassador, email, "
        "phone, version, changed_at, changed_by) VALUES (9001, 999, 'Nobody', 'ours', "
        "'operational', '', FALSE, '', '', 1, '2026-01-01 00:00:00', 'x')",
        "INSERT INTO checklist_items (id, partner_id, stage, text, trait, done, note, "
        "position, scope, not_applicable, not_applicable_reason, choice_group, version, "
        "changed_at, changed_by) VALUES (9001, 999, 'courtship', 'Lost', NULL, FALSE, '', 0, "
        "'joint', FALSE, '', '', 1, '2026-01-01 00:00:00', 'x')",
    )
    if is_team(location):
        with connected(location) as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for statement in statements:
                connection.exec_driver_sql(statement)
        return
    connection = sqlite3.connect(location)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_rows_that_point_at_a_missing_partner_are_found(any_location, request):
    location = sample_at(any_location)
    plant_orphans(location)
    server = server_for(request, location)
    before = untouched(location, server)
    report = check_portfolio(location)
    assert not report.healthy
    # the same words on both engines: what SQLite's foreign key check says in a file's check
    assert set(report.problems) == {"row 9001 in stakeholders points at a missing partners row",
                                    "row 9001 in checklist_items points at a missing partners "
                                    "row"}, report.problems
    assert untouched(location, server) == before


def test_a_constraint_left_unvalidated_is_found(postgres_server, team_portfolio_location):
    """A foreign key someone dropped and added again NOT VALID (to load rows past it) no
    longer vouches for the rows it covers: check says so, and finds the orphan it let in."""
    location = sample_at(team_portfolio_location)
    plant_orphans(location)
    constraint = "fk_stakeholders_partner_id_partners"
    with connected(location) as connection:
        connection.exec_driver_sql(f"ALTER TABLE stakeholders DROP CONSTRAINT {constraint}")
        connection.exec_driver_sql(
            f"ALTER TABLE stakeholders ADD CONSTRAINT {constraint} FOREIGN KEY (partner_id) "
            "REFERENCES partners (id) ON DELETE CASCADE NOT VALID")
    report = check_portfolio(location)
    assert f"the constraint {constraint} is not validated" in report.problems
    assert "row 9001 in stakeholders points at a missing partners row" in report.problems


def test_an_older_known_revision_is_checked_and_left_as_it_is(any_empty_location, request):
    """`check` only reads: a portfolio at an older revision this app knows is reported at
    that revision (its own tables and columns), not migrated and not refused."""
    location = any_empty_location
    build_at(location, "0005")
    server = server_for(request, location)
    before = untouched(location, server)
    report = check_portfolio(location)
    assert report.schema == "0005" and report.healthy, report.problems
    assert "changes" not in report.counts or report.counts["changes"] is None
    assert untouched(location, server) == before


def test_many_orphans_are_named_up_to_a_bound_and_counted_beyond(team_portfolio_location):
    """A server's check names the first rows and counts the rest (a file's check lists every
    row SQLite finds); a table without ids (a meeting's attendees) says how many rows."""
    location = sample_at(team_portfolio_location)
    with connected(location) as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.exec_driver_sql(
            "INSERT INTO checklist_items (id, partner_id, stage, text, done, note, position, "
            "scope, not_applicable, not_applicable_reason, choice_group, version, changed_at, "
            "changed_by) SELECT 9000 + n, 999, 'courtship', 'Lost', FALSE, '', 0, 'joint', "
            "FALSE, '', '', 1, now(), 'x' FROM generate_series(1, 25) AS n")
        connection.exec_driver_sql(
            "INSERT INTO meeting_attendees (meeting_id, stakeholder_id, position) "
            "SELECT 999, id, 0 FROM stakeholders ORDER BY id LIMIT 3")
    problems = check_portfolio(location).problems
    assert problems[:20] == tuple(f"row {9000 + n} in checklist_items points at a missing "
                                  "partners row" for n in range(1, 21))
    assert set(problems[20:]) == {
        "5 more rows in checklist_items point at a missing partners row",
        "3 rows in meeting_attendees point at a missing meetings row"}


def test_one_orphan_without_an_id_is_one_row_that_points(team_portfolio_location):
    """The count of a table without ids is said in good English at its edge: one row points,
    two rows point."""
    location = sample_at(team_portfolio_location)
    said = []
    for _ in range(2):
        with connected(location) as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.exec_driver_sql(
                "INSERT INTO meeting_attendees (meeting_id, stakeholder_id, position) "
                "SELECT 999, id, 0 FROM stakeholders WHERE id NOT IN (SELECT stakeholder_id "
                "FROM meeting_attendees WHERE meeting_id = 999) ORDER BY id LIMIT 1")
        said.append(check_portfolio(location).problems)
    assert said == [("1 row in meeting_attendees points at a missing meetings row",),
                    ("2 rows in meeting_attendees point at a missing meetings row",)]
