"""Small domain rules that the larger tests pass through without pinning: ties broken by id,
payments kept apart, a header's byte-order mark, dates settled from a partner's history."""

import datetime as dt

from planner.domain.agenda import AgendaFacts, internal_preparation
from planner.domain.checklist import progress_by_stage
from planner.domain.differences import by_risk
from planner.domain.model import (
    Area,
    Cadence,
    ChecklistItem,
    Difference,
    HealthCheck,
    Meeting,
    Partner,
    PartnerRecord,
    Scope,
    Side,
    ValueCategory,
    ValueExchange,
)
from planner.domain.partner_dates import settle_partner_dates
from planner.domain.people import web_report
from planner.domain.spreadsheet_columns import field_for_header, header_key
from planner.domain.stages import Stage
from planner.domain.value import balance, verdict

DAY = dt.date(2026, 6, 1)


def test_differences_of_equal_status_and_risk_come_oldest_first():
    later, earlier = Difference(1, Area.CULTURE, "A", id=7), Difference(1, Area.CULTURE, "B", id=3)
    assert [d.id for d in by_risk([later, earlier])] == [3, 7]


def test_payments_are_counted_apart_for_each_side():
    paid = [ValueExchange(1, Side.THEIRS, "Fee", 40, category=ValueCategory.CONTRACT_PAYMENT),
            ValueExchange(1, Side.OURS, "Licence", 15, category=ValueCategory.CONTRACT_PAYMENT),
            ValueExchange(1, Side.THEIRS, "Leads", 5)]
    found = balance(paid)
    assert (found.ours, found.theirs, found.paid_ours, found.paid_theirs) == (0, 5, 15, 40)


def test_a_header_with_a_byte_order_mark_reads_as_without():
    assert header_key("\ufeffPartner") == header_key("Partner") == "partner"
    assert field_for_header("\ufeffPartner") == "name"


def test_a_partner_without_dates_is_dated_by_its_history():
    record = PartnerRecord(
        Partner("Acme", Stage.COMMITMENT),
        checklist=(ChecklistItem(1, Stage.COURTSHIP, "Meet", done=True,
                                 done_on=DAY - dt.timedelta(days=20)),),
        meetings=(Meeting(1, DAY - dt.timedelta(days=30)), Meeting(1, DAY)),
        health=(HealthCheck(1, DAY - dt.timedelta(days=40)),),
        value=(ValueExchange(1, Side.OURS, "Leads", 1, DAY - dt.timedelta(days=5)),))
    settled = settle_partner_dates(record).partner
    assert settled.created_on == DAY - dt.timedelta(days=40)  # the first thing it holds
    assert settled.stage_since == DAY - dt.timedelta(days=20)  # the last tick behind it
    bare = settle_partner_dates(PartnerRecord(Partner("Beta"))).partner
    assert (bare.created_on, bare.stage_since) == (None, None)


def lapsed(text: str, group: str) -> ChecklistItem:
    """A monthly alternative ticked a year ago: due again, so not a choice made now."""
    return ChecklistItem(1, Stage.BRIDGES, text, done=True, done_on=DAY - dt.timedelta(days=365),
                         cadence=Cadence.MONTHLY, choice_group=group, scope=Scope.INTERNAL)


def test_a_lapsed_recurring_choice_leaves_its_alternatives_open_for_our_homework():
    other = ChecklistItem(1, Stage.BRIDGES, "Brief our sales team", choice_group="g",
                          scope=Scope.INTERNAL)
    facts = AgendaFacts(partner=Partner("Acme", Stage.BRIDGES, definition="D"), date=DAY,
                        meeting=None, moments=(), questions=(), unmanaged=(),
                        actions=(), done_since=(), value_since=(), health=None,
                        verdict=verdict((), DAY), web=web_report((), ()),
                        checklist=(other, lapsed("Run the monthly sync", "g")))
    assert "Our homework: Brief our sales team" in internal_preparation(facts)


def test_a_lapsed_alternative_in_a_group_chosen_otherwise_does_not_count():
    chosen = ChecklistItem(1, Stage.BRIDGES, "Name a sponsor", done=True, done_on=DAY,
                           choice_group="g")
    progress = progress_by_stage([chosen, lapsed("Run the monthly sync", "g")], DAY)
    assert (progress[Stage.BRIDGES].done, progress[Stage.BRIDGES].total) == (1, 1)
