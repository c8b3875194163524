"""Migration 0008 gives the checklist and the meetings the indexes the portfolio list reads
(in place of the partner-only ones), on both engines, keeping every row; its downgrade puts the
old indexes back. At head, the list's statements on those tables read the indexes alone."""

import datetime as dt
import sqlite3

from sqlalchemy import event, text

from planner.domain.model import ChecklistItem, Meeting, MeetingKind, Partner
from planner.domain.stages import Stage
from planner.services import checklist, meetings, partners
from planner.services.portfolio import open_portfolio
from tests.storage.old_revisions import connected, is_team, migrate

TODAY = dt.date(2026, 5, 4)
NEW = {"checklist_items": "ix_checklist_items_progress", "meetings": "ix_meetings_partner_date"}
OLD = {"checklist_items": "ix_checklist_items_partner_id", "meetings": "ix_meetings_partner_id"}


def indexes(location, table: str) -> set[str]:
    with connected(location) as connection:
        if is_team(location):
            query = ("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                     "AND tablename = :table")
        else:
            query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :table"
        return {row[0] for row in connection.execute(text(query), {"table": table})}


def row_counts(location) -> dict[str, int]:
    with connected(location) as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in NEW}


def a_partner_with_a_meeting(portfolio) -> int:
    acme = partners.add_partner(portfolio.uow(), Partner("Acme", stage=Stage.BRIDGES), TODAY)
    meetings.record_meeting(portfolio.uow(), Meeting(acme.id, TODAY, MeetingKind.REVIEW,
                                                     place="Leeds"))
    return acme.id


def test_up_and_down_on_both_engines_keep_every_row(any_empty_location):
    location = any_empty_location
    with open_portfolio(location, create=True) as portfolio:
        a_partner_with_a_meeting(portfolio)
        summary_at_head = partners.portfolio_overview(portfolio.uow(), TODAY)
    counts = row_counts(location)
    for table, name in NEW.items():
        assert name in indexes(location, table) and OLD[table] not in indexes(location, table)
    migrate(location, "0007", down=True)
    for table, name in OLD.items():
        assert name in indexes(location, table) and NEW[table] not in indexes(location, table)
    assert row_counts(location) == counts
    migrate(location, "head")
    for table, name in NEW.items():
        assert name in indexes(location, table) and OLD[table] not in indexes(location, table)
    with open_portfolio(location) as portfolio:
        assert partners.portfolio_overview(portfolio.uow(), TODAY) == summary_at_head
    assert row_counts(location) == counts


def test_the_list_reads_the_checklist_and_meetings_from_their_indexes(tmp_path):
    """Each statement the portfolio list runs on the checklist or the meetings is answered
    from an index that holds every column it reads: none reads the items' or meetings'
    rows themselves (their texts and notes), which is what made the list slow."""
    path = tmp_path / "p.sqlite"
    statements = []
    with open_portfolio(path, create=True) as portfolio:
        pid = a_partner_with_a_meeting(portfolio)
        checklist.add_item(portfolio.uow(), ChecklistItem(pid, Stage.BRIDGES, "A board"))
        event.listen(portfolio.storage.engine, "before_cursor_execute",
                     lambda conn, cursor, sql, parameters, *a:
                     statements.append((sql, parameters)))
        partners.portfolio_overview(portfolio.uow(), TODAY)
    connection = sqlite3.connect(path)
    try:
        plans = {}
        for sql, parameters in statements:
            if any(f"FROM {table}" in sql for table in NEW):
                plans[sql] = [row[3] for row in connection.execute(
                    "EXPLAIN QUERY PLAN " + sql, parameters)]
    finally:
        connection.close()
    touched = [step for plan in plans.values() for step in plan
               if "checklist_items" in step or "meetings" in step]
    assert len(plans) >= 3 and touched
    assert all(f"COVERING INDEX {NEW['checklist_items']}" in step
               or f"COVERING INDEX {NEW['meetings']}" in step for step in touched), plans
