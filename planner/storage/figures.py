"""The figures behind the portfolio table, in a handful of grouped queries for any size.

Every input of the list's columns and of the attention rules is aggregated in SQL, grouped by
what the domain's rules look at (a difference's ratings, a tie's levels, a check's totals), so
the rules themselves stay in planner/domain and are applied to a few small rows per partner.
The portfolio table, the home view and the portfolio brief run this for every partner, so it
must stay cheap at thousands of partners. Plain SQLAlchemy Core that both engines run: dates
are parameters, nothing engine-specific. What the rows mean is `figures_rows.FiguresBuilder`'s,
shared with the plain-sqlite3 reading of a file at launch (`overview_sqlite.py`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, case, func, select, union_all

from planner.domain.model import (
    FACE_TO_FACE_KINDS,
    Difference,
    DifferenceStatus,
    MeetingKind,
    Rating,
    Side,
)
from planner.storage.figures_rows import FiguresBuilder, PartnerFigures
from planner.storage.models import (
    ActionRow,
    ChecklistItemRow,
    DifferenceRow,
    HealthCheckRow,
    HealthScoreRow,
    MeetingRow,
    PartnerRow,
    StakeholderRow,
    TieRow,
    ValueExchangeRow,
)

__all__ = ["PartnerFigures", "partner_figures", "queries", "scores_query"]


def partner_figures(uow, today: dt.date, value_since: dt.date) -> dict[int, PartnerFigures]:
    session = uow.session
    build = FiguresBuilder(today, value_since)
    for name, query in queries(today, value_since).items():
        build.add(name, _rows(session, query))
    for ids in build.wanted():
        build.add("health_scores", _rows(session, scores_query(ids)))
    return build.figures()


def _rows(session, query) -> list:
    """Every row at once: fetching them one at a time costs more than the query itself."""
    return session.execute(query).all()


def queries(today: dt.date, value_since: dt.date) -> dict:
    """The list's queries by name (see figures_rows.QUERY_NAMES), in the order they run.
    Core columns, not ORM attributes: the ORM's row loading cost more than the queries."""
    return {**_checklist(), **_meetings(today), **_actions(today), **_value(value_since),
            **_differences(), **_web(), **_health()}


def _checklist() -> dict:
    c = ChecklistItemRow.__table__.c
    plain = (c.cadence.is_(None)) & (c.choice_group == "")
    # grouped as the progress index is ordered (partner, stage): a scan of the index alone,
    # nothing sorted, one row per partner and stage
    counts = (select(c.partner_id, c.stage, func.sum(case((c.done.is_(True), 1), else_=0)),
                     func.count())
              .where(plain, c.not_applicable.is_(False)).group_by(c.partner_id, c.stage))
    items = select(c.partner_id, c.stage, c.done, c.done_on, c.cadence, c.not_applicable,
                   c.choice_group).where(~plain)
    return {"checklist_counts": counts, "checklist_items": items}


def _meetings(today: dt.date) -> dict:
    m = MeetingRow.__table__.c
    p = PartnerRow.__table__.c
    # per partner, two seeks in the meetings index (partner, date, ...) from its newest end,
    # instead of reading all of every partner's meetings
    of_partner = m.partner_id == p.id
    last = select(func.max(m.date)).where(of_partner).scalar_subquery()
    face_to_face = (select(func.max(m.date))
                    .where(of_partner, m.date <= today,
                           m.kind.in_(sorted(FACE_TO_FACE_KINDS)))
                    .scalar_subquery())
    # a working session counts when its place does not say it was remote
    working = select(m.partner_id, m.date, m.kind, m.place).where(
        m.kind == MeetingKind.WORKING, m.date <= today)
    return {"last_meetings": select(p.id, last, face_to_face), "working_sessions": working}


def _actions(today: dt.date) -> dict:
    a = ActionRow.__table__.c
    overdue = func.sum(case((a.due < today, 1), else_=0))
    query = (select(a.partner_id, func.count(), overdue, func.min(a.due))
             .where(a.done.is_(False)).group_by(a.partner_id))
    return {"actions": query}


def _value(value_since: dt.date) -> dict:
    v = ValueExchangeRow.__table__.c
    query = (select(v.partner_id, v.giver, v.category, func.sum(v.worth))
             .where(v.date >= value_since).group_by(v.partner_id, v.giver, v.category))
    return {"value": query}


def _differences() -> dict:
    d = DifferenceRow.__table__.c
    managed = case((d.management == "", 0), else_=1)  # stored text is always trimmed
    query = (select(d.partner_id, d.likelihood, d.impact, managed, func.count())
             .where(d.status == DifferenceStatus.OPEN)
             .group_by(d.partner_id, d.likelihood, d.impact, managed))
    return {"differences": query}


def _web() -> dict:
    s = StakeholderRow.__table__.c
    named = func.sum(case((s.ambassador.is_(True), 1), else_=0))
    sides = select(s.partner_id, s.side, func.count(), named).group_by(s.partner_id, s.side)
    t = TieRow.__table__.c
    ours, theirs = StakeholderRow.__table__.alias("ours"), StakeholderRow.__table__.alias("theirs")
    levels = (select(t.partner_id, ours.c.level, theirs.c.level, func.count())
              .select_from(TieRow.__table__
                           .outerjoin(ours, ours.c.id == t.ours_id)
                           .outerjoin(theirs, theirs.c.id == t.theirs_id))
              .group_by(t.partner_id, ours.c.level, theirs.c.level))
    ends = union_all(select(t.ours_id.label("person")), select(t.theirs_id.label("person")))
    ends = ends.subquery()
    all_ties = (select(func.count()).select_from(TieRow.__table__)
                .where(t.partner_id == s.partner_id).scalar_subquery())
    holders = (select(s.partner_id, s.name, func.count())
               .select_from(ends.join(StakeholderRow.__table__, s.id == ends.c.person))
               .group_by(s.id, s.partner_id, s.name)
               .having(and_(func.count() >= 2, func.count() == all_ties)))
    return {"sides": sides, "tie_levels": levels, "tie_holders": holders}


def _health() -> dict:
    """Every scored check's totals per side; the scores of the chosen checks follow
    (`scores_query`)."""
    c, s = HealthCheckRow.__table__.c, HealthScoreRow.__table__.c
    query = (select(c.partner_id, c.id, c.date, func.sum(s.ours), func.count(),
                    func.sum(s.theirs), func.count(s.theirs))
             .select_from(HealthCheckRow.__table__.join(HealthScoreRow.__table__,
                                                        s.check_id == c.id))
             .group_by(c.id, c.partner_id, c.date)
             .order_by(c.partner_id, c.date, c.id))
    return {"health_totals": query}


def scores_query(ids: list[int]):
    s = HealthScoreRow.__table__.c
    return (select(s.check_id, s.dimension, s.ours, s.theirs)
            .where(s.check_id.in_(ids)).order_by(s.check_id, s.position))


def value_totals(uow) -> dict[int, tuple[int, int]]:
    """What each partner's two sides gave, in total: {partner id: (ours, theirs)}."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    query = select(ValueExchangeRow.partner_id, ValueExchangeRow.giver,
                   func.sum(ValueExchangeRow.worth)).group_by(ValueExchangeRow.partner_id,
                                                              ValueExchangeRow.giver)
    for pid, giver, worth in uow.session.execute(query):
        totals[pid][0 if giver is Side.OURS else 1] += int(worth or 0)  # a Decimal on a server
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
