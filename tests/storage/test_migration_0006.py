"""Migration 0006 (the change history): a portfolio at 0005 upgrades with its rows and search
intact and starts recording; downgrading to 0005 takes the history away and nothing else;
`planner check` knows the new tables on both engines."""

import dataclasses
import sqlite3

from alembic import command
from sqlalchemy import create_engine

from planner.domain.model import Partner
from planner.services import partners
from planner.services.history import partner_history
from planner.services.portfolio import check_portfolio, open_portfolio
from planner.services.search import search
from planner.storage import database, server
from planner.storage.database import APPLICATION_ID, alembic_config, head_revision

STAMP = "'2026-05-01 09:00:00', 'alice', 1"


def portfolio_at_0005(path):
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(alembic_config(connection), "0005")
        connection.exec_driver_sql(
            "INSERT INTO partners (id, name, name_key, organisation, kind, definition, "
            "unique_result, stage, owner, next_review, review_place, tags, notes, changed_at, "
            "changed_by, version, decision_needed) VALUES (1, 'Acme', 'acme', '', "
            f"'horizontal', '', '', 'bridges', '', NULL, 'Leeds', '[]', '', {STAMP}, '')")
    engine.dispose()


def objects(path) -> dict[str, set[str]]:
    connection = sqlite3.connect(path)
    try:
        found: dict[str, set[str]] = {}
        for kind, name in connection.execute("SELECT type, name FROM sqlite_master"):
            found.setdefault(kind, set()).add(name)
        return found
    finally:
        connection.close()


def test_a_0005_portfolio_upgrades_and_starts_recording(tmp_path):
    path = tmp_path / "old.sqlite"
    portfolio_at_0005(path)
    assert "changes" not in objects(path)["table"]
    with open_portfolio(path) as portfolio:
        acme = partners.get_partner(portfolio.uow(), 1)
        assert partner_history(portfolio.uow(), 1) == []  # nothing before the upgrade
        partners.update_partner(portfolio.uow(), dataclasses.replace(acme, owner="Dana"))
        (entry,) = partner_history(portfolio.uow(), 1)
        assert entry.summary == "Changed partner 'Acme'"
        assert [h.partner_id for h in search(portfolio.uow(), "Leeds")] == [1]
    assert database.schema_revision(create_engine(f"sqlite:///{path}")) == head_revision()


def test_downgrading_to_0005_removes_the_history_and_nothing_else(tmp_path):
    path = tmp_path / "p.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Acme"))
    at_head = objects(path)
    assert {"changes", "change_context"} <= at_head["table"]
    assert {"history_partners_insert", "history_checklist_items_delete"} <= at_head["trigger"]
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
    engine.dispose()
    down = objects(path)
    assert not {"changes", "change_context"} & down["table"]
    assert not {t for t in down["trigger"] if t.startswith("history_")}
    assert at_head["trigger"] - down["trigger"] == {
        t for t in at_head["trigger"] if t.startswith("history_")}
    assert at_head["table"] - down["table"] == {"changes", "change_context"}
    with open_portfolio(path) as portfolio:  # and up again
        acme = partners.find_partner(portfolio.uow(), "Acme")
        partners.update_partner(portfolio.uow(), dataclasses.replace(acme, notes="back"))
        assert partner_history(portfolio.uow(), acme.id)[0].summary == "Changed partner 'Acme'"


def test_the_expected_schema_knows_the_history_on_both_engines():
    for expected in (database.expected_schema(head_revision()),
                     server.expected_schema(head_revision())):
        assert {"id", "changed_at", "changed_by", "table_name", "record_id", "partner_id",
                "kind", "label", "fields", "transaction_id"} <= expected["changes"]
        assert {"id", "who", "quiet", "transaction_id"} <= expected["change_context"]
    assert "changes" not in database.expected_schema("0005")


def test_check_passes_at_head_on_both_engines_and_counts_the_history(any_location):
    with open_portfolio(any_location, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Acme"))
    report = check_portfolio(any_location)
    assert report.healthy, report.problems
    assert report.schema == head_revision()
    assert report.counts["changes"] > 1 and report.counts["change_context"] == 0


def test_check_misses_a_dropped_history_table(tmp_path):
    path = tmp_path / "p.sqlite"
    with open_portfolio(path, create=True):
        pass
    connection = sqlite3.connect(path)
    connection.executescript("DROP TABLE changes;")
    connection.close()
    report = check_portfolio(path)
    assert "the table changes is missing" in report.problems
