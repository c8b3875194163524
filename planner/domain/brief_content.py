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
    LEVEL_ORDER,
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
from planner.domain.stages import Stage
from planner.domain.value import Balance, Verdict, verdict

__all__ = ["AgendaItem", "Attendee", "Cut", "HealthNow", "Limits", "PartnerBriefContent",
           "partner_brief_content", "cut"]

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
class Occasion:
    """What a partner brief is for: printed on `today`, for a meeting on `date` at `place`.

    The one rule both the app and the command line use (see `brief_occasion`). Everything
    "overdue" on a brief is measured at `today`, the day it is printed; what falls due between
    today and the meeting is "due before the meeting".
    """

    today: dt.date
    date: dt.date
    place: str = ""
    review: bool = False  # the meeting is the partner's scheduled next review
    review_overdue_since: dt.date | None = None  # the scheduled review, when already past


def long_date(date: dt.date) -> str:
    """How a brief names a day: 'Tuesday 9 June 2026' (English, like the rest of the page)."""
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """'Tue 9 Jun 2026': for tight places where a weekday still helps."""
    return f"{_WEEKDAYS[date.weekday()][:3]} {date.day} {MONTHS[date.month - 1][:3]} {date.year}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def brief_occasion(partner: Partner, today: dt.date, date: dt.date | None = None,
                   place: str | None = None) -> Occasion:
    """The meeting a partner brief prepares.

    By default the partner's next review, with its place, while it is today or ahead; with no
    review ahead, a meeting today. A `date` or `place` the user gives wins; a given date that
    is the scheduled review keeps the review's place unless a place is given too.
    """
    review = partner.next_review
    if date is None:
        date = today if review is None else max(review, today)
    is_review = review is not None and review == date
    chosen = " ".join((place or "").split())
    return Occasion(
        today=today,
        date=date,
        place=chosen or (partner.review_place.strip() if is_review else ""),
        review=is_review,
        review_overdue_since=review if review is not None and review < today else None,
    )


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
    """An open action as the brief sees it: late today, due by the meeting, or later."""

    action: Action
    overdue: bool  # on the day the brief is printed
    days_overdue: int = 0  # days late on the day the brief is printed
    before_meeting: bool = False  # not late today, but due on or before the meeting day


@dataclass(frozen=True)
class PartnerBriefContent:
    partner: Partner
    date: dt.date  # the meeting's
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
    occasion: Occasion | None = None
    due_before_meeting: int = 0  # open actions not late today but due by the meeting day
    prepared_by: str = ""  # who printed it, for the footer
    currency: str = ""  # the unit of the value ledger

    @property
    def today(self) -> dt.date:
        """The day the brief is printed: what is overdue is overdue on this day."""
        return self.occasion.today if self.occasion else self.date
    internal: tuple[str, ...] = ()  # our own preparation: never on the joint agenda
    decision: str = ""  # the decision this meeting must take
    value: Verdict | None = None  # the verdict over the window; `balance` is its window


def partner_brief_content(record: PartnerRecord, when: Occasion | dt.date,
                          limits: Limits = Limits(), *, prepared_by: str = "",
                          currency: str = "") -> PartnerBriefContent:
    """Everything a partner brief shows for a meeting, cut to `limits`.

    `when` is the occasion (see `brief_occasion`); a bare date means a brief printed on the
    day of the meeting itself.
    """
    partner = record.partner
    occasion = when if isinstance(when, Occasion) else brief_occasion(partner, when, when)
    date, today = occasion.date, occasion.today
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
    actions = _open_actions(record.actions, today, date)
    overdue = [a for a in actions if a.overdue]
    health_now = _health_now(record.health, limits.health_points, date)
    value_verdict = verdict(record.value, date)
    web = web_report(record.stakeholders, record.ties)
    progress = progress_by_stage(record.checklist, date)
    following = next_stage(partner.stage)

    facts = AgendaFacts(
        partner=partner, date=date,
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
        verdict=value_verdict, web=web, checklist=record.checklist, today=today)
    ours, theirs = _in_the_room(record, last_review, limits)
    return PartnerBriefContent(
        partner=partner,
        date=date,
        place=occasion.place,
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
        occasion=occasion,
        due_before_meeting=sum(1 for a in actions if a.before_meeting),
        prepared_by=prepared_by,
        currency=currency,
        internal=internal_preparation(facts),
        decision=decision_needed(facts),
        value=value_verdict,
    )


def _open_actions(actions: Sequence[Action], today: dt.date,
                  meeting: dt.date) -> list[OpenAction]:
    """Open actions, overdue today first (longest overdue first), then by due date, undated
    last; those due between today and the meeting day are marked."""
    far = dt.date.max
    open_actions = [OpenAction(a, a.is_overdue(today),
                               (today - a.due).days if a.is_overdue(today) else 0,
                               a.due is not None and today <= a.due <= meeting)
                    for a in actions if not a.done]
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
    people = sorted((by_id[i] for i in expected if i in by_id),
                    key=lambda s: (not s.ambassador, LEVEL_ORDER.index(s.level),
                                   s.name.casefold()))
    result = {}
    for side in (Side.OURS, Side.THEIRS):
        mine = [p for p in people if p.side is side]
        if not mine:  # nobody expected on this side yet: its most senior people, to invite
            mine = sorted((p for p in record.stakeholders if p.side is side),
                          key=lambda s: (LEVEL_ORDER.index(s.level), s.name.casefold()))[:3]
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


