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
    FACE_TO_FACE_KINDS,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    MeetingKind,
    Rating,
    Side,
    Stakeholder,
    Tie,
    ValueExchange,
    held_face_to_face,
)
from planner.storage.models import (
    ActionRow,
    ChecklistItemRow,
    DifferenceRow,
    HealthCheckRow,
    HealthScoreRow,
    MeetingRow,
    StakeholderRow,
    TieRow,
    ValueExchangeRow,
)


@dataclass
class PartnerFigures:
    # One-off items without alternatives, counted per stage as (done, total), not applicable
    # ones left out; the rest (recurring or grouped) as items, for the rules that need dates.
    checklist_counts: dict = field(default_factory=dict)
    checklist: list[ChecklistItem] = field(default_factory=list)
    last_meeting: dt.date | None = None
    last_face_to_face: dt.date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    most_overdue_days: int = 0
    open_differences: list[Difference] = field(default_factory=list)
    health: list[HealthCheck] = field(default_factory=list)
    value: list[ValueExchange] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)  # no role, no contact
    ties: list[Tie] = field(default_factory=list)



def partner_figures(uow, today: dt.date) -> dict[int, PartnerFigures]:
    session = uow.session
    figures: dict[int, PartnerFigures] = defaultdict(PartnerFigures)
    # Core columns, not ORM attributes: the ORM's row loading cost more than the query.
    c = ChecklistItemRow.__table__.c
    plain = (c.cadence.is_(None)) & (c.choice_group == "")
    done = func.sum(case((c.done.is_(True), 1), else_=0))
    query = (select(c.partner_id, c.stage, done, func.count())
             .where(plain, c.not_applicable.is_(False)).group_by(c.partner_id, c.stage))
    for pid, stage, ticked, total in session.execute(query):
        figures[pid].checklist_counts[stage] = (ticked or 0, total)
    query = select(c.partner_id, c.stage, c.done, c.done_on, c.cadence, c.not_applicable,
                   c.choice_group).where(~plain)
    for pid, stage, ticked, done_on, cadence, not_applicable, group in session.execute(query):
        figures[pid].checklist.append(ChecklistItem(
            pid, stage, "", done=ticked, done_on=done_on, cadence=cadence,
            not_applicable=not_applicable, choice_group=group))
    query = select(MeetingRow.partner_id, func.max(MeetingRow.date)).group_by(MeetingRow.partner_id)
    for pid, last in session.execute(query):
        figures[pid].last_meeting = last
    m = MeetingRow.__table__.c
    query = (select(m.partner_id, func.max(m.date))
             .where(m.kind.in_(sorted(FACE_TO_FACE_KINDS)), m.date <= today)
             .group_by(m.partner_id))
    for pid, last in session.execute(query):
        figures[pid].last_face_to_face = last
    # a working session counts when its place does not say it was remote
    query = select(m.partner_id, m.date, m.kind, m.place).where(
        m.kind == MeetingKind.WORKING, m.date <= today)
    for pid, date, kind, place in session.execute(query):
        f = figures[pid]
        if held_face_to_face(kind, place) and (f.last_face_to_face is None
                                               or date > f.last_face_to_face):
            f.last_face_to_face = date
    overdue = func.sum(case((ActionRow.due < today, 1), else_=0))
    query = (
        select(ActionRow.partner_id, func.count(), overdue, func.min(ActionRow.due))
        .where(ActionRow.done.is_(False))
        .group_by(ActionRow.partner_id)
    )
    for pid, count, late, earliest in session.execute(query):
        figures[pid].open_actions = count
        figures[pid].overdue_actions = late or 0
        if late and earliest is not None:
            figures[pid].most_overdue_days = (today - earliest).days
    v = ValueExchangeRow.__table__.c
    for pid, giver, worth, date, category in session.execute(
            select(v.partner_id, v.giver, v.worth, v.date, v.category)):
        figures[pid].value.append(ValueExchange(pid, giver, "", worth, date,
                                                category=category))
    s = StakeholderRow.__table__.c
    for sid, pid, name, side, level, ambassador in session.execute(
            select(s.id, s.partner_id, s.name, s.side, s.level, s.ambassador)):
        figures[pid].stakeholders.append(Stakeholder(pid, name, side, level,
                                                     ambassador=ambassador, id=sid))
    t = TieRow.__table__.c
    for pid, ours, theirs in session.execute(select(t.partner_id, t.ours_id, t.theirs_id)):
        figures[pid].ties.append(Tie(pid, ours, theirs))
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
