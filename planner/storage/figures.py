"""The figures behind the portfolio table, computed in SQL for any size.

The portfolio table, the home view and the portfolio brief need these for every partner, so
they are aggregated by SQLite (grouped queries over the partner_id indexes) and no object is
built per score, meeting or difference: at 2,000 partners that is a handful of queries and
about 10,000 small rows. The rules stay in the domain: risk weights and the high-risk mark
come from planner.domain.differences, and the trend from planner.domain.health.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from planner.domain.differences import HIGH_RISK
from planner.domain.model import Difference, DifferenceStatus, Rating, Side
from planner.storage.models import (
    ActionRow,
    ChecklistItemRow,
    DifferenceRow,
    HealthCheckRow,
    HealthScoreRow,
    MeetingRow,
    ValueExchangeRow,
)


@dataclass
class CheckFigures:
    """One health check reduced to what the table shows: our mean, theirs, how many scores."""

    ours: float | None
    theirs: float | None
    scores: int


@dataclass
class PartnerFigures:
    checklist_done: int = 0
    checklist_total: int = 0
    last_meeting: dt.date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    open_high_risk: int = 0
    unmanaged_high_risk: int = 0
    checks: list[CheckFigures] = field(default_factory=list)  # oldest first


def _weight(column):
    return case({r.value: r.weight for r in Rating}, value=column, else_=0)


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
    high = _weight(DifferenceRow.likelihood) * _weight(DifferenceRow.impact) >= HIGH_RISK
    unmanaged = func.trim(DifferenceRow.management, " \t\r\n") == ""
    query = (
        select(DifferenceRow.partner_id, func.count(), func.sum(case((unmanaged, 1), else_=0)))
        .where(DifferenceRow.status == DifferenceStatus.OPEN, high)
        .group_by(DifferenceRow.partner_id)
    )
    for pid, count, unmanaged_count in session.execute(query):
        figures[pid].open_high_risk = count
        figures[pid].unmanaged_high_risk = unmanaged_count or 0
    query = (
        select(HealthCheckRow.partner_id, func.avg(HealthScoreRow.ours),
               func.avg(HealthScoreRow.theirs), func.count(HealthScoreRow.id))
        .outerjoin(HealthScoreRow, HealthScoreRow.check_id == HealthCheckRow.id)
        .group_by(HealthCheckRow.id)
        .order_by(HealthCheckRow.date, HealthCheckRow.id)
    )
    for pid, ours, theirs, count in session.execute(query):
        figures[pid].checks.append(CheckFigures(ours, theirs, count))
    return figures


def value_totals(uow) -> dict[int, tuple[int, int]]:
    """What each partner's two sides gave, in total: {partner id: (ours, theirs)}."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    query = select(ValueExchangeRow.partner_id, ValueExchangeRow.giver,
                   func.sum(ValueExchangeRow.worth)).group_by(ValueExchangeRow.partner_id,
                                                              ValueExchangeRow.giver)
    for pid, giver, worth in uow.session.execute(query):
        totals[pid][0 if giver is Side.OURS else 1] += worth or 0
    return {pid: (ours, theirs) for pid, (ours, theirs) in totals.items()}


def open_differences(uow) -> list[Difference]:
    """Open differences that may be high risk (likelihood and impact both medium or more),
    with their texts: what the portfolio's top risks are ranked from. Plain columns, no ORM
    objects, so a portfolio of thousands of partners reads them quickly."""
    rated = (Rating.MEDIUM, Rating.HIGH)
    query = select(DifferenceRow.partner_id, DifferenceRow.area, DifferenceRow.ours,
                   DifferenceRow.theirs, DifferenceRow.likelihood, DifferenceRow.impact,
                   DifferenceRow.management, DifferenceRow.owner, DifferenceRow.question,
                   DifferenceRow.id).where(DifferenceRow.status == DifferenceStatus.OPEN,
                                           DifferenceRow.impact.in_(rated),
                                           DifferenceRow.likelihood.in_(rated))
    return [Difference(pid, area, ours, theirs, likelihood, impact, management, owner,
                       DifferenceStatus.OPEN, question, id=did)
            for pid, area, ours, theirs, likelihood, impact, management, owner, question, did
            in uow.session.execute(query)]
