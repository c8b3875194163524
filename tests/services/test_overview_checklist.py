"""The overview's checklist progress, counted in SQL for one-off items and read item by item
for recurring and grouped ones, agrees with the domain's count of the whole checklist, on both
engines, when those items are done, undone and not applicable."""

import datetime as dt

from planner.domain.checklist import stage_progress
from planner.domain.model import Cadence, ChecklistItem, Partner
from planner.domain.stages import Stage
from planner.services.checklist import add_item, mark_not_applicable, tick_item
from planner.services.partners import add_partner, partner_record, portfolio_overview
from tests.services.conftest import TODAY


def test_done_recurring_and_grouped_items_count_as_the_domain_counts_them(portfolio):
    uow = portfolio.uow
    partner = add_partner(uow(), Partner("Hub", stage=Stage.BRIDGES), today=TODAY)
    monthly = add_item(uow(), ChecklistItem(partner.id, Stage.COMMITMENT, "Monthly call",
                                            cadence=Cadence.MONTHLY))
    add_item(uow(), ChecklistItem(partner.id, Stage.COMMITMENT, "Quarterly review",
                                  cadence=Cadence.QUARTERLY))
    chosen = add_item(uow(), ChecklistItem(partner.id, Stage.COMMITMENT, "Workshop",
                                           choice_group="kick-off"))
    add_item(uow(), ChecklistItem(partner.id, Stage.COMMITMENT, "Offsite", choice_group="kick-off"))
    tick_item(uow(), monthly.id, True, TODAY - dt.timedelta(days=3))
    tick_item(uow(), chosen.id, True, TODAY)
    one_off = partner_record(uow(), partner.id).checklist[0]
    tick_item(uow(), one_off.id, True, TODAY)
    mark_not_applicable(uow(), partner_record(uow(), partner.id).checklist[1].id,
                        "not for this partner")
    summary = next(s for s in portfolio_overview(uow(), TODAY) if s.partner.id == partner.id)
    record = partner_record(uow(), partner.id)
    assert summary.checklist == stage_progress(record.checklist, Stage.BRIDGES, TODAY)
    assert summary.checklist.done >= 3  # the one-off, the recurring and the group's choice
