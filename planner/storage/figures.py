"""The figures behind the portfolio table, in a handful of grouped queries for any size.

Only the columns the figures need are read: the portfolio table, the home view and the
portfolio brief run this for every partner, so it must stay cheap at thousands of partners.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from planner.domain.model import (
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Rating,
    Side,
)
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
    query = select(DifferenceRow.partner_id, DifferenceRow.area, DifferenceRow.likelihood,
                   DifferenceRow.impact, DifferenceRow.management, DifferenceRow.id).where(
        DifferenceRow.status == DifferenceStatus.OPEN)
    for pid, area, likelihood, impact, management, did in session.execute(query):
        figures[pid].open_differences.append(Difference(
            pid, area, likelihood=likelihood, impact=impact, management=management, id=did))
    _health(session, figures)
    return figures


def _health(session, figures: dict[int, PartnerFigures]) -> None:
    scores: dict[int, list[HealthScore]] = defaultdict(list)
    query = select(HealthScoreRow.check_id, HealthScoreRow.dimension, HealthScoreRow.ours,
                   HealthScoreRow.theirs).order_by(HealthScoreRow.check_id,
                                                   HealthScoreRow.position)
    for check_id, dimension, ours, theirs in session.execute(query):
        scores[check_id].append(HealthScore(dimension, ours, theirs))
    query = select(HealthCheckRow.id, HealthCheckRow.partner_id, HealthCheckRow.date).order_by(
        HealthCheckRow.date, HealthCheckRow.id)
    for check_id, pid, date in session.execute(query):
        figures[pid].health.append(
            HealthCheck(pid, date, tuple(scores.get(check_id, ())), id=check_id))


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
