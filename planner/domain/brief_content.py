"""What goes on a meeting brief: chosen, ordered and cut here, drawn elsewhere.

A brief must fit on one page for a typical partner and never run past two, so every list is
cut to a limit and says how many it left out ("+3 more"). The choices an executive relies on
(highest risk first, overdue first, the agenda) are plain Python so they can be tested without
a PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from planner.domain import health
from planner.domain.agenda import (
    AgendaFacts,
    AgendaItem,
    decision_needed,
    internal_preparation,
    review_agenda,
)
from planner.domain.attention import PartnerSummary, attention_order, attention_reasons
from planner.domain.checklist import Progress, next_stage, progress_by_stage
from planner.domain.differences import (
    by_risk,
    curious_question,
    is_high_risk,
    is_open,
    risk,
    unmanaged_high_risk,
)
from planner.domain.model import (
    Action,
    Difference,
    HealthCheck,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Side,
    Stakeholder,
    Strength,
    ValueExchange,
)
from planner.domain.people import WebReport, web_report
from planner.domain.stages import STAGE_ORDER, Stage
from planner.domain.value import Balance, Verdict, verdict

__all__ = ["AgendaItem", "Attendee", "Cut", "HealthNow", "Limits", "PartnerBriefContent",
           "partner_brief_content", "portfolio_brief_content", "cut"]

T = TypeVar("T")

# The meetings a review is measured from: the last review or board.
FACE_TO_FACE = (MeetingKind.REVIEW, MeetingKind.BOARD)


@dataclass(frozen=True)
class Limits:
    """How many of each list a partner brief shows before it says "+N more"."""

    attendees_per_side: int = 6
    differences: int = 4
    actions: int = 6
    meetings: int = 3
    ties_per_person: int = 3
    agenda: int = 8  # the whole review: it is never cut, its time boxes fill the hour
    health_points: int = 8


@dataclass(frozen=True)
class Cut(Generic[T]):
    """The first items of a longer list, and how many were left out."""

    items: tuple[T, ...]
    more: int = 0

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def total(self) -> int:
        return len(self.items) + self.more


def cut(items: Iterable[T], limit: int) -> Cut[T]:
    items = list(items)
    return Cut(tuple(items[:limit]), max(0, len(items) - limit))


@dataclass(frozen=True)
class Attendee:
    person: Stakeholder
    knows: tuple[tuple[str, Strength], ...] = ()  # people on the other side, strongest first
    knows_more: int = 0


@dataclass(frozen=True)
class HealthPoint:
    date: dt.date
    ours: float | None
    theirs: float | None


@dataclass(frozen=True)
class HealthNow:
    date: dt.date
    ours: float | None
    theirs: float | None
    trend: health.Trend | None
    points: tuple[HealthPoint, ...]
    weakest: str = ""  # the key of the dimension both sides score lowest
    report: health.HealthReport | None = None  # the gap, the floor, their trend


@dataclass(frozen=True)
class OpenDifference:
    difference: Difference
    risk: int
    high: bool
    question: str


@dataclass(frozen=True)
class OpenAction:
    action: Action
    overdue: bool
    days_overdue: int = 0


@dataclass(frozen=True)
class PartnerBriefContent:
    partner: Partner
    date: dt.date
    place: str
    ours_in_room: Cut[Attendee]
    theirs_in_room: Cut[Attendee]
    progress: dict[Stage, Progress]
    next_stage: Stage | None
    health: HealthNow | None
    web: WebReport
    differences: Cut[OpenDifference]
    high_risk_open: int
    actions: Cut[OpenAction]
    overdue: int
    since: dt.date | None  # the last face-to-face review before this one
    meetings: Cut[Meeting]
    moments_of_truth: tuple[Meeting, ...]
    balance: Balance
    value_recent: Cut[ValueExchange]
    agenda: Cut[AgendaItem]
    stakeholder_names: dict[int, str] = field(default_factory=dict)
    internal: tuple[str, ...] = ()  # our own preparation: never on the joint agenda
    decision: str = ""  # the decision this meeting must take
    value: Verdict | None = None  # the verdict over the window; `balance` is its window


def partner_brief_content(record: PartnerRecord, date: dt.date,
                          limits: Limits = Limits()) -> PartnerBriefContent:
    """Everything a partner brief shows for a meeting on `date`, cut to `limits`."""
    partner = record.partner
    names = {s.id: s.name for s in record.stakeholders}
    past = sorted((m for m in record.meetings if m.date <= date),
                  key=lambda m: (m.date, m.id or 0), reverse=True)
    last_review = next((m for m in past if m.kind in FACE_TO_FACE and m.date < date), None)
    since = last_review.date if last_review else None
    recent = [m for m in past if since is None or m.date >= since]
    moments = tuple(m for m in recent if m.moment_of_truth)

    differences = [d for d in by_risk(record.differences) if is_open(d)]
    open_differences = [OpenDifference(d, risk(d), is_high_risk(d), curious_question(d))
                        for d in differences]
    actions = _open_actions(record.actions, date)
    overdue = [a for a in actions if a.overdue]
    health_now = _health_now(record.health, limits.health_points, date)
    value_verdict = verdict(record.value, date)
    web = web_report(record.stakeholders, record.ties)
    progress = progress_by_stage(record.checklist, date)
    following = next_stage(partner.stage)

    facts = AgendaFacts(
        partner=partner, date=date, since=since,
        meeting=next((m for m in record.meetings if m.date == date), None),
        moments=moments,
        questions=[(d.difference.area.value, d.question) for d in open_differences],
        unmanaged=[d.area.value for d in differences if unmanaged_high_risk(d)],
        actions=[o.action for o in actions],
        done_since=[a for a in record.actions if a.done and a.done_on is not None
                    and since is not None and since <= a.done_on <= date],
        value_since=[v for v in record.value if v.date is not None and since is not None
                     and since <= v.date <= date],
        health=health_now.report if health_now else None,
        verdict=value_verdict, web=web, checklist=record.checklist)
    ours, theirs = _in_the_room(record, last_review, limits)
    return PartnerBriefContent(
        partner=partner,
        date=date,
        place=partner.review_place if partner.next_review == date else "",
        ours_in_room=ours,
        theirs_in_room=theirs,
        progress=progress,
        next_stage=following,
        health=health_now,
        web=web,
        differences=cut(open_differences, limits.differences),
        high_risk_open=sum(1 for d in open_differences if d.high),
        actions=cut(actions, limits.actions),
        overdue=len(overdue),
        since=since,
        meetings=cut(recent, limits.meetings),
        moments_of_truth=moments,
        balance=value_verdict.window,
        value_recent=cut(sorted(record.value, key=lambda v: (v.date or dt.date.min, v.id or 0),
                                reverse=True), 3),
        agenda=cut(review_agenda(facts), limits.agenda),
        stakeholder_names=names,
        internal=internal_preparation(facts),
        decision=decision_needed(facts),
        value=value_verdict,
    )


def _open_actions(actions: Sequence[Action], date: dt.date) -> list[OpenAction]:
    """Open actions, overdue first (longest overdue first), then by due date, undated last."""
    far = dt.date.max
    open_actions = [OpenAction(a, a.is_overdue(date), (date - a.due).days if a.is_overdue(date)
                               else 0) for a in actions if not a.done]
    return sorted(open_actions, key=lambda o: (not o.overdue, o.action.due or far,
                                               o.action.id or 0))


def _health_now(checks: Sequence[HealthCheck], points: int, date: dt.date) -> HealthNow | None:
    scored = sorted((c for c in checks if c.scores and c.date <= date),
                    key=lambda c: (c.date, c.id or 0))
    report = health.report(scored, date)
    if report is None:
        return None
    return HealthNow(
        date=report.date,
        ours=report.ours,
        theirs=report.theirs,
        trend=report.trend,
        points=tuple(HealthPoint(c.date, health.overall(c), health.overall_theirs(c))
                     for c in scored[-points:]),
        weakest=report.weakest,
        report=report,
    )


def _in_the_room(record: PartnerRecord, last_review: Meeting | None,
                 limits: Limits) -> tuple[Cut[Attendee], Cut[Attendee]]:
    """Who is expected: the people at the last review, and the ambassadors of both sides.

    With no review yet, the executives and ambassadors. Each person comes with whom they know
    on the other side, strongest tie first, so the brief shows who can talk to whom.
    """
    expected = set(last_review.attendee_ids) if last_review else set()
    first_review = not expected  # decided once: adding one executive must not drop the rest
    for s in record.stakeholders:
        if s.ambassador or (first_review and s.level.value == "executive"):
            expected.add(s.id)
    by_id = {s.id: s for s in record.stakeholders}
    level_rank = {"executive": 0, "management": 1, "operational": 2}
    people = sorted((by_id[i] for i in expected if i in by_id),
                    key=lambda s: (not s.ambassador, level_rank[s.level.value],
                                   s.name.casefold()))
    result = {}
    for side in (Side.OURS, Side.THEIRS):
        mine = [p for p in people if p.side is side]
        if not mine:  # nobody expected on this side yet: its most senior people, to invite
            mine = sorted((p for p in record.stakeholders if p.side is side),
                          key=lambda s: (level_rank[s.level.value], s.name.casefold()))[:3]
        attendees = []
        for s in mine:
            ties = [t for t in record.ties if s.id in (t.ours_id, t.theirs_id)]
            ties.sort(key=lambda t: (-t.strength.weight, t.id or 0))
            others = [(by_id[t.theirs_id if side is Side.OURS else t.ours_id].name, t.strength)
                      for t in ties
                      if (t.theirs_id if side is Side.OURS else t.ours_id) in by_id]
            shown = cut(others, limits.ties_per_person)
            attendees.append(Attendee(s, shown.items, shown.more))
        result[side] = cut(attendees, limits.attendees_per_side)
    return result[Side.OURS], result[Side.THEIRS]


# the portfolio brief ---------------------------------------------------------------------

@dataclass(frozen=True)
class PortfolioRow:
    summary: PartnerSummary
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioBriefContent:
    date: dt.date
    rows: tuple[PortfolioRow, ...]
    by_stage: dict[Stage, int]
    needing_attention: int
    reviews_next_30_days: int


def portfolio_brief_content(summaries: Sequence[PartnerSummary],
                            date: dt.date) -> PortfolioBriefContent:
    """Every partner, the ones that need attention first, with the reasons in words."""
    ordered = attention_order(list(summaries), date)
    rows = tuple(PortfolioRow(s, tuple(attention_reasons(s, date))) for s in ordered)
    by_stage = {stage: 0 for stage in STAGE_ORDER}
    for s in summaries:
        by_stage[s.partner.stage] += 1
    soon = date + dt.timedelta(days=30)
    return PortfolioBriefContent(
        date=date,
        rows=rows,
        by_stage=by_stage,
        needing_attention=sum(1 for r in rows if r.reasons),
        reviews_next_30_days=sum(1 for s in summaries
                                 if s.partner.next_review and date <= s.partner.next_review
                                 <= soon),
    )
