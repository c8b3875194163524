"""A portfolio written at revision 0003 opens, upgrades and reads as it did, with the new
checklist, difference, meeting and value fields at their defaults and its dates settled; on
both engines (a file, and a database on the test server built the same way)."""

import datetime as dt

from planner.domain.model import Cadence, Partner, Scope, ValueCategory
from planner.services import checklist as checklist_service
from planner.services import partners
from planner.services.portfolio import open_portfolio
from planner.services.search import search
from planner.storage.database import head_revision
from tests.storage.old_revisions import build_at, connected, migrate, objects, revision_of

STAMP = "'2026-05-01 09:00:00', 'alice', 1"


def portfolio_at_0003(location):
    build_at(location, "0003", (
        "INSERT INTO partners (id, name, name_key, organisation, kind, definition, "
        "unique_result, stage, owner, next_review, review_place, tags, notes, changed_at, "
        f"changed_by, version) VALUES (1, 'Acme', 'acme', '', 'horizontal', '', '', "
        f"'bridges', '', NULL, '', '[]', '', {STAMP})",
        "INSERT INTO checklist_items (partner_id, stage, text, trait, done, done_on, note, "
        "position, changed_at, changed_by, version) VALUES "
        f"(1, 'courtship', 'Court', 1, TRUE, '2024-02-01', '', 0, {STAMP}), "
        f"(1, 'commitment', 'Commit', 6, TRUE, '2024-09-15', '', 0, {STAMP}), "
        f"(1, 'bridges', 'Bridge', 8, FALSE, NULL, '', 0, {STAMP})",
        "INSERT INTO meetings (id, partner_id, date, kind, place, notes, decisions, "
        f"moment_of_truth, changed_at, changed_by, version) VALUES (1, 1, '2023-11-20', "
        f"'review', 'Leeds', 'First meeting', '', FALSE, {STAMP})",
        "INSERT INTO differences (partner_id, area, ours, theirs, likelihood, impact, "
        "management, owner, status, question, changed_at, changed_by, version) VALUES "
        f"(1, 'culture', 'fast', 'slow', 'low', 'high', '', '', 'open', '', {STAMP})",
        "INSERT INTO value_exchanges (partner_id, giver, what, worth, date, changed_at, "
        f"changed_by, version) VALUES (1, 'ours', 'Leads', 100, '2026-01-01', {STAMP})",
    ))


def test_a_0003_portfolio_opens_and_upgrades(any_empty_location):
    path = any_empty_location
    portfolio_at_0003(path)
    with open_portfolio(path) as portfolio:
        record = partners.partner_record(portfolio.uow(), 1)
        p = record.partner
        assert p.created_on == dt.date(2023, 11, 20)  # the first meeting, not the last edit
        assert p.stage_since == dt.date(2024, 9, 15)  # the last tick behind Bridges
        assert p.decision_needed == ""
        assert all(i.scope is Scope.JOINT and i.cadence is None and not i.not_applicable
                   and i.choice_group == "" for i in record.checklist)
        (difference,) = record.differences
        assert not difference.agreed_with_partner and difference.last_reviewed is None
        assert record.meetings[0].decision_needed == ""
        assert record.value[0].category is ValueCategory.CONTRIBUTION
        # the search index's triggers survived the upgrade
        assert [h.part for h in search(portfolio.uow(), "Leeds")] == ["meeting"]
        partners.update_partner(portfolio.uow(), p.__class__(**{**p.__dict__,
                                                                "notes": "quokka"}))
        assert [h.part for h in search(portfolio.uow(), "quokka")] == ["partner"]
        # and the new columns take new values
        item = record.checklist[2]
        checklist_service.update_item(portfolio.uow(), item.__class__(**{
            **item.__dict__, "cadence": Cadence.MONTHLY, "scope": Scope.INTERNAL}))
        again = partners.partner_record(portfolio.uow(), 1).checklist[2]
        assert (again.cadence, again.scope) == (Cadence.MONTHLY, Scope.INTERNAL)
    assert revision_of(path) == head_revision()


def test_downgrading_to_0003_keeps_the_search_triggers_and_upgrades_again(any_empty_location):
    path = any_empty_location
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Before the downgrade"))

    def triggers():
        return {t for t in objects(path)["trigger"] if t.startswith("search_")}

    at_head = triggers()
    assert at_head
    migrate(path, "0003", down=True)
    assert revision_of(path) == "0003"
    assert triggers() == at_head
    with connected(path) as connection:  # the index still follows every write at 0003
        connection.exec_driver_sql("UPDATE partners SET notes = 'wombat'")
    with open_portfolio(path) as portfolio:  # migrates to head again
        added = partners.add_partner(portfolio.uow(), Partner("Back at head"))
        assert added.id in {h.partner_id for h in search(portfolio.uow(), "head")}
        assert [h.partner_name for h in search(portfolio.uow(), "wombat")] == [
            "Before the downgrade"]
