"""Migration 0006 (the change history), on both engines: a portfolio at 0005 upgrades with its
rows and search intact and starts recording; downgrading to 0005 takes the history away and
nothing else; `planner check` knows the new tables."""

import dataclasses

from planner.domain.model import Partner
from planner.services import partners
from planner.services.history import partner_history
from planner.services.portfolio import check_portfolio, open_portfolio
from planner.services.search import search
from planner.storage import file_check, server
from planner.storage.database import head_revision
from tests.storage.old_revisions import build_at, connected, is_team, objects, revision_of
from tests.storage.old_revisions import migrate as alembic_to

STAMP = "'2026-05-01 09:00:00', 'alice', 1"


def portfolio_at_0005(location):
    build_at(location, "0005", (
        "INSERT INTO partners (id, name, name_key, organisation, kind, definition, "
        "unique_result, stage, owner, next_review, review_place, tags, notes, changed_at, "
        "changed_by, version, decision_needed) VALUES (1, 'Acme', 'acme', '', "
        f"'horizontal', '', '', 'bridges', '', NULL, 'Leeds', '[]', '', {STAMP}, '')",))


def test_a_0005_portfolio_upgrades_and_starts_recording(any_empty_location):
    path = any_empty_location
    portfolio_at_0005(path)
    assert "changes" not in objects(path)["table"]
    with open_portfolio(path) as portfolio:
        acme = partners.get_partner(portfolio.uow(), 1)
        assert partner_history(portfolio.uow(), 1) == []  # nothing before the upgrade
        partners.update_partner(portfolio.uow(), dataclasses.replace(acme, owner="Dana"))
        (entry,) = partner_history(portfolio.uow(), 1)
        assert entry.summary == "Changed partner 'Acme'"
        assert [h.partner_id for h in search(portfolio.uow(), "Leeds")] == [1]
    assert revision_of(path) == head_revision()


def test_downgrading_to_0005_removes_the_history_and_nothing_else(any_empty_location):
    path = any_empty_location
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Acme"))
    at_head = objects(path)
    assert {"changes", "change_context"} <= at_head["table"]
    # a file's triggers are one per event; a server's, one per table (and one function)
    ours = ("history_", "notify_") if is_team(path) else ("history_",)
    history = {t for t in at_head["trigger"] if t.startswith(ours)}
    assert ({"history_partners", "history_checklist_items", "notify_portfolio_settings"}
            if is_team(path) else
            {"history_partners_insert", "history_checklist_items_delete"}) <= history
    alembic_to(path, "0005", down=True)
    down = objects(path)
    assert not {"changes", "change_context"} & down["table"]
    assert at_head["trigger"] - down["trigger"] == history
    assert at_head["table"] - down["table"] == {"changes", "change_context"}
    assert at_head["function"] - down["function"] == (
        {"planner_history", "planner_part_history", "planner_notify"} if is_team(path)
        else set())
    with open_portfolio(path) as portfolio:  # and up again
        acme = partners.find_partner(portfolio.uow(), "Acme")
        partners.update_partner(portfolio.uow(), dataclasses.replace(acme, notes="back"))
        assert partner_history(portfolio.uow(), acme.id)[0].summary == "Changed partner 'Acme'"


def test_the_expected_schema_knows_the_history_on_both_engines():
    for expected in (file_check.expected_schema(head_revision()),
                     server.expected_schema(head_revision())):
        assert {"id", "changed_at", "changed_by", "table_name", "record_id", "partner_id",
                "kind", "label", "fields", "transaction_id"} <= expected["changes"]
        assert {"id", "who", "quiet", "transaction_id"} <= expected["change_context"]
    assert "changes" not in file_check.expected_schema("0005")


def test_check_passes_at_head_on_both_engines_and_counts_the_history(any_location):
    with open_portfolio(any_location, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Acme"))
    report = check_portfolio(any_location)
    assert report.healthy, report.problems
    assert report.schema == head_revision()
    assert report.counts["changes"] > 1 and report.counts["change_context"] == 0


def test_check_misses_a_dropped_history_table(any_empty_location):
    path = any_empty_location
    with open_portfolio(path, create=True):
        pass
    with connected(path) as connection:
        connection.exec_driver_sql("DROP TABLE changes")
    report = check_portfolio(path)
    assert "the table changes is missing" in report.problems
