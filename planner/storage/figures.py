"""The figures behind the portfolio table, in a handful of grouped queries for any size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from planner.domain.model import Difference, DifferenceStatus, HealthCheck
from planner.storage.models import (
    ActionRow,
    ChecklistItemRow,
    DifferenceRow,
    MeetingRow,
)


@dataclass
class PartnerFigures:
    checklist_done: int = 0
    checklist_total: int = 0
    last_meeting: dt.date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    open_differences: list[Difference] = field(default_factory=list)
    health: list[HealthCheck] = field(default_factory=list)


def partner_figures(uow, today: dt.date) -> dict[int, PartnerFigures]:
    session = uow.session
    figures: dict[int, PartnerFigures] = defaultdict(PartnerFigures)
    done = func.sum(case((ChecklistItemRow.done.is_(True), 1), else_=0))
    query = select(ChecklistItemRow.partner_id, func.count(), done).group_by(
        ChecklistItemRow.partner_id
    )
    for pid, total, ticked in session.execute(query):
        figures[pid].checklist_total = total
        figures[pid].checklist_done = ticked or 0
    query = select(MeetingRow.partner_id, func.max(MeetingRow.date)).group_by(MeetingRow.partner_id)
    for pid, last in session.execute(query):
        figures[pid].last_meeting = last
    overdue = func.sum(case((ActionRow.due < today, 1), else_=0))
    query = (
        select(ActionRow.partner_id, func.count(), overdue)
        .where(ActionRow.done.is_(False))
        .group_by(ActionRow.partner_id)
    )
    for pid, count, late in session.execute(query):
        figures[pid].open_actions = count
        figures[pid].overdue_actions = late or 0
    open_rows = session.scalars(
        select(DifferenceRow).where(DifferenceRow.status == DifferenceStatus.OPEN)
    ).all()
    for d in uow.differences._many(open_rows):
        figures[d.partner_id].open_differences.append(d)
    for check in uow.health.all():
        figures[check.partner_id].health.append(check)
    return figures
