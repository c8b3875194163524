"""The figures behind the portfolio table, in a handful of grouped queries for any size.

Every input of the list's columns and of the attention rules is aggregated in SQL, grouped by
what the domain's rules look at (a difference's ratings, a tie's levels, a check's totals), so
the rules themselves stay in planner/domain and are applied to a few small rows per partner.
The portfolio table, the home view and the portfolio brief run this for every partner, so it
must stay cheap at thousands of partners. Plain SQLAlchemy Core that both engines run: dates
are parameters, nothing engine-specific.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select, union_all

from planner.domain.health import CheckTotals
from planner.domain.model import (
    FACE_TO_FACE_KINDS,
    Area,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    MeetingKind,
    Rating,
    Side,
    ValueExchange,
    held_face_to_face,
)
from planner.domain.people import WebFigures
from planner.domain.stages import Stage
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

_IDS_AT_ONCE = 500  # bound parameters per statement: well inside every engine's limit


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
    # Open differences grouped by ratings and whether a way to manage them is agreed: one
    # stand-in difference per group (area and texts left out) and how many it stands for.
    open_differences: list[tuple[Difference, int]] = field(default_factory=list)
    # Every scored check's totals, oldest first; the latest scored and latest joint checks
    # with their scores.
    health: list[CheckTotals] = field(default_factory=list)
    latest_check: HealthCheck | None = None
    joint_check: HealthCheck | None = None
    # What each side gave since the value window's start, one exchange per side and category.
    value: list[ValueExchange] = field(default_factory=list)
    web: WebFigures = field(default_factory=WebFigures)


def partner_figures(uow, today: dt.date, value_since: dt.date) -> dict[int, PartnerFigures]:
    session = uow.session
    figures: dict[int, PartnerFigures] = defaultdict(PartnerFigures)
    _checklist(session, figures)
    _meetings(session, figures, today)
    _actions(session, figures, today)
    v = ValueExchangeRow.__table__.c
    query = (select(v.partner_id, v.giver, v.category, func.sum(v.worth))
             .where(v.date >= value_since).group_by(v.partner_id, v.giver, v.category))
    for pid, giver, category, worth in _rows(session, query):
        # int(): a server sums a BIGINT column as NUMERIC, which arrives as a Decimal
        figures[pid].value.append(ValueExchange(pid, giver, "", int(worth or 0), value_since,
                                                category=category))
    d = DifferenceRow.__table__.c
    managed = case((d.management == "", 0), else_=1)  # stored text is always trimmed
    query = (select(d.partner_id, d.likelihood, d.impact, managed, func.count())
             .where(d.status == DifferenceStatus.OPEN)
             .group_by(d.partner_id, d.likelihood, d.impact, managed))
    for pid, likelihood, impact, is_managed, count in _rows(session, query):
        stand_in = Difference(pid, Area.OTHER, likelihood=Rating(likelihood),
                              impact=Rating(impact), management="agreed" if is_managed else "")
        figures[pid].open_differences.append((stand_in, count))
    _web(session, figures)
    _health(session, figures)
    return figures


def _rows(session, query) -> list:
    """Every row at once: fetching them one at a time costs more than the query itself."""
    return session.execute(query).all()


def _checklist(session, figures: dict[int, PartnerFigures]) -> None:
    # Core columns, not ORM attributes: the ORM's row loading cost more than the query.
    c = ChecklistItemRow.__table__.c
    plain = (c.cadence.is_(None)) & (c.choice_group == "")
    # grouped as the progress index is ordered (partner, stage): a scan of the index alone,
    # nothing sorted, one row per partner and stage
    query = (select(c.partner_id, c.stage, func.sum(case((c.done.is_(True), 1), else_=0)),
                    func.count())
             .where(plain, c.not_applicable.is_(False)).group_by(c.partner_id, c.stage))
    for pid, stage, done, total in _rows(session, query):
        figures[pid].checklist_counts[Stage(stage)] = (done or 0, total)
    query = select(c.partner_id, c.stage, c.done, c.done_on, c.cadence, c.not_applicable,
                   c.choice_group).where(~plain)
    for pid, stage, ticked, done_on, cadence, not_applicable, group in _rows(session, query):
        figures[pid].checklist.append(ChecklistItem(
            pid, stage, "", done=ticked, done_on=done_on, cadence=cadence,
            not_applicable=not_applicable, choice_group=group))


def _meetings(session, figures: dict[int, PartnerFigures], today: dt.date) -> None:
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
    for pid, last_met, last_face_to_face in _rows(session, select(p.id, last, face_to_face)):
        if last_met is not None:
            figures[pid].last_meeting = _date(last_met)
            figures[pid].last_face_to_face = _date(last_face_to_face)
    # a working session counts when its place does not say it was remote
    query = select(m.partner_id, m.date, m.kind, m.place).where(
        m.kind == MeetingKind.WORKING, m.date <= today)
    for pid, date, kind, place in _rows(session, query):
        f = figures[pid]
        if held_face_to_face(kind, place) and (f.last_face_to_face is None
                                               or date > f.last_face_to_face):
            f.last_face_to_face = date


def _date(value) -> dt.date | None:
    """A date from an aggregate over a CASE: SQLite may hand back its ISO text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _actions(session, figures: dict[int, PartnerFigures], today: dt.date) -> None:
    a = ActionRow.__table__.c
    overdue = func.sum(case((a.due < today, 1), else_=0))
    query = (select(a.partner_id, func.count(), overdue, func.min(a.due))
             .where(a.done.is_(False)).group_by(a.partner_id))
    for pid, count, late, earliest in _rows(session, query):
        figures[pid].open_actions = count
        figures[pid].overdue_actions = late or 0
        if late and earliest is not None:
            figures[pid].most_overdue_days = (today - earliest).days


def _web(session, figures: dict[int, PartnerFigures]) -> None:
    """Who is on each side, which sides named an ambassador, the levels at a tie's two ends,
    and whoever is on every one of a partner's ties."""
    people: dict[int, dict] = defaultdict(lambda: {"ours": 0, "theirs": 0, "named": set(),
                                                   "levels": [], "holders": []})
    s = StakeholderRow.__table__.c
    named = func.sum(case((s.ambassador.is_(True), 1), else_=0))
    query = select(s.partner_id, s.side, func.count(), named).group_by(s.partner_id, s.side)
    for pid, side, count, ambassadors in _rows(session, query):
        side = Side(side)
        people[pid]["ours" if side is Side.OURS else "theirs"] = count
        if ambassadors:
            people[pid]["named"].add(side)
    t = TieRow.__table__.c
    ours, theirs = StakeholderRow.__table__.alias("ours"), StakeholderRow.__table__.alias("theirs")
    query = (select(t.partner_id, ours.c.level, theirs.c.level, func.count())
             .select_from(TieRow.__table__
                          .outerjoin(ours, ours.c.id == t.ours_id)
                          .outerjoin(theirs, theirs.c.id == t.theirs_id))
             .group_by(t.partner_id, ours.c.level, theirs.c.level))
    for pid, level_ours, level_theirs, count in _rows(session, query):
        people[pid]["levels"].append((level_ours, level_theirs, count))
    ends = union_all(select(t.ours_id.label("person")), select(t.theirs_id.label("person")))
    ends = ends.subquery()
    all_ties = (select(func.count()).select_from(TieRow.__table__)
                .where(t.partner_id == s.partner_id).scalar_subquery())
    query = (select(s.partner_id, s.name, func.count())
             .select_from(ends.join(StakeholderRow.__table__, s.id == ends.c.person))
             .group_by(s.id, s.partner_id, s.name)
             .having(and_(func.count() >= 2, func.count() == all_ties)))
    for pid, name, count in _rows(session, query):
        people[pid]["holders"].append((name, count))
    for pid, p in people.items():
        figures[pid].web = WebFigures(p["ours"], p["theirs"], frozenset(p["named"]),
                                      tuple(p["levels"]), tuple(p["holders"]))


def _health(session, figures: dict[int, PartnerFigures]) -> None:
    """Every scored check's totals per side, then the scores of each partner's latest scored
    check and latest joint check only."""
    c, s = HealthCheckRow.__table__.c, HealthScoreRow.__table__.c
    query = (select(c.partner_id, c.id, c.date, func.sum(s.ours), func.count(),
                    func.sum(s.theirs), func.count(s.theirs))
             .select_from(HealthCheckRow.__table__.join(HealthScoreRow.__table__,
                                                        s.check_id == c.id))
             .group_by(c.id, c.partner_id, c.date)
             .order_by(c.partner_id, c.date, c.id))
    for pid, check_id, date, ours, count, theirs, theirs_count in _rows(session, query):
        totals = CheckTotals(date, check_id, ours or 0, count, theirs or 0, theirs_count)
        figures[pid].health.append(totals)
    wanted: dict[int, tuple[int, dt.date]] = {}  # check id: partner, date
    chosen: list[tuple[PartnerFigures, int, int | None]] = []
    for pid, f in figures.items():
        if not f.health:
            continue
        latest = f.health[-1]
        joint = latest if latest.joint else next((t for t in reversed(f.health) if t.joint),
                                                 None)
        wanted[latest.id] = (pid, latest.date)
        if joint is not None:
            wanted[joint.id] = (pid, joint.date)
        chosen.append((f, latest.id, joint.id if joint is not None else None))
    scores: dict[int, list[HealthScore]] = defaultdict(list)
    ids = sorted(wanted)
    for start in range(0, len(ids), _IDS_AT_ONCE):
        query = (select(s.check_id, s.dimension, s.ours, s.theirs)
                 .where(s.check_id.in_(ids[start:start + _IDS_AT_ONCE]))
                 .order_by(s.check_id, s.position))
        for check_id, dimension, ours, theirs in _rows(session, query):
            scores[check_id].append(HealthScore(dimension, ours, theirs))
    checks = {check_id: HealthCheck(pid, date, tuple(scores[check_id]), id=check_id)
              for check_id, (pid, date) in wanted.items()}
    for f, latest_id, joint_id in chosen:
        f.latest_check = checks[latest_id]
        f.joint_check = checks[joint_id] if joint_id is not None else None


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
