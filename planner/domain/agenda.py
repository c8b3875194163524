"""The agenda of a 60-minute partner review, and our own preparation kept off it.

A practitioner runs a review in this order: what each side wants; results against the joint
plan, wins first; the moments of truth since the last review; the decision this meeting
exists for; health, where the two sides' scores part; the differences most likely to cause
conflict, as curious questions; and a close with actions, owners and the next date. Each item
has a time box; together they fill the hour. What we ask for, what worries us and how thin our
web of ties is are internal preparation: they go to a separate box, never onto the agenda both
sides see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planner.domain.checklist import closed_groups, is_open
from planner.domain.health import HealthReport
from planner.domain.model import (
    Action,
    ChecklistItem,
    Meeting,
    Partner,
    Scope,
    Side,
    ValueCategory,
    ValueExchange,
)
from planner.domain.people import WebReport
from planner.domain.stages import Stage
from planner.domain.templates import dimension_name
from planner.domain.value import Verdict

REVIEW_MINUTES = 60
# The time each part gets when it is on the agenda; what a missing part leaves goes to the
# decision, the reason the meeting exists.
MINUTES = {"objectives": 5, "results": 10, "moment": 10, "decision": 10, "health": 5,
           "difference": 5, "close": 5}
DIFFERENCES_ON_AGENDA = 2
INTERNAL_LINES = 5


@dataclass(frozen=True)
class AgendaItem:
    """One line of the proposed agenda; `source` says which part of the review it is."""

    source: str  # objectives, results, moment, decision, health, difference, close
    text: str
    minutes: int = 0


@dataclass(frozen=True)
class AgendaFacts:
    """What the agenda is built from: the brief's content, already chosen."""

    partner: Partner
    date: dt.date
    meeting: Meeting | None  # a meeting recorded on the brief's date, if any
    moments: Sequence[Meeting]
    questions: Sequence[tuple[str, str]]  # (area, question) of open differences, riskiest first
    unmanaged: Sequence[str]  # areas of open high-risk differences with no agreed management
    actions: Sequence[Action]  # open actions
    done_since: Sequence[Action]
    value_since: Sequence[ValueExchange]
    health: HealthReport | None
    verdict: Verdict
    web: WebReport
    checklist: Sequence[ChecklistItem]
    today: dt.date | None = None  # the day the brief is printed: overdue counts from here

    @property
    def printed_on(self) -> dt.date:
        return self.today or self.date


def decision_needed(facts: AgendaFacts) -> str:
    """The decision this meeting must take: the meeting's own, or the partner's next one."""
    if facts.meeting is not None and facts.meeting.decision_needed.strip():
        return facts.meeting.decision_needed.strip()
    return facts.partner.decision_needed.strip()


def review_agenda(facts: AgendaFacts) -> tuple[AgendaItem, ...]:
    """The joint agenda of the review, in running order, its time boxes filling the hour."""
    items = [
        AgendaItem("objectives", _objectives(facts.partner)),
        AgendaItem("results", _results(facts)),
    ]
    for moment in list(facts.moments)[:1]:
        items.append(AgendaItem("moment", _moment(moment)))
    decision = decision_needed(facts)
    items.append(AgendaItem("decision", f"Decide: {decision}" if decision else
                            "Decide: agree together what this review must settle, and "
                            "settle it."))
    items.append(AgendaItem("health", _health(facts.health)))
    for area, question in list(facts.questions)[:DIFFERENCES_ON_AGENDA]:
        items.append(AgendaItem("difference", f"{area.capitalize()}: {question}"))
    items.append(AgendaItem("close", "Close: actions with an owner on each side and a date; "
                                     "confirm the next review."))
    timed = [AgendaItem(i.source, i.text, MINUTES[i.source]) for i in items]
    spare = REVIEW_MINUTES - sum(i.minutes for i in timed)
    return tuple(AgendaItem(i.source, i.text, i.minutes + spare if i.source == "decision"
                            else i.minutes) for i in timed)


_OBJECTIVES = {
    Stage.COURTSHIP: "Objectives: what each side hopes for, and what would make either side "
                     "walk away.",
    Stage.COMMITMENT: "Objectives: what each side needs in the agreement to back it.",
    Stage.BRIDGES: "Objectives: what each side wants from this review; is the shared "
                   "definition still true?",
    Stage.EXIT: "Objectives: what each side needs from the exit or the new course, and what "
                "joint customers must not lose.",
}


def _objectives(partner: Partner) -> str:
    if not partner.definition.strip() and partner.stage is not Stage.EXIT:
        return ("Objectives: what each side wants from this review, and one sentence both "
                "sides sign that says what this alliance is for.")
    return _OBJECTIVES[partner.stage]


def _results(facts: AgendaFacts) -> str:
    wins = [v for v in facts.value_since
            if v.worth and v.category is ValueCategory.CONTRIBUTION]
    wins.sort(key=lambda v: -v.worth)
    late = [a for a in facts.actions if a.is_overdue(facts.printed_on)]
    shown = 1 if late else 2  # one line on the page
    parts = [_short(v.what, 45) for v in wins[:shown]]
    parts += [_short(a.text, 45) for a in facts.done_since[: max(0, shown - len(parts))]]
    lead = "Results against the joint plan (wins first)"
    if parts:
        lead += ": " + "; ".join(parts)
    if late:
        lead += f"; then what slipped ({len(late)} overdue action{'s' if len(late) != 1 else ''})"
    return lead + "."


def _moment(moment: Meeting) -> str:
    what = _first_sentence(moment.notes) or _first_sentence(moment.decisions)
    return (f"Moment of truth ({moment.date.isoformat()}): how did each side respond, what do "
            f"we keep? {_short(what, 45)}").rstrip()


def _health(report: HealthReport | None) -> str:
    if report is None:
        return "Health: score the first health check together, both sides on the same questions."
    weakest = dimension_name(report.weakest)
    if report.theirs is None:
        if report.gap is not None and report.perception_gap:
            return (f"Health: score it together now; at the joint check of "
                    f"{report.last_joint.isoformat()} we scored {report.joint_ours:.1f}, they "
                    f"{report.joint_theirs:.1f}. Weakest: {weakest}.")
        since = (f"; they last scored on {report.last_joint.isoformat()}"
                 if report.last_joint else "")
        return (f"Health: score the check together now{since}. Weakest for us: {weakest}.")
    if report.perception_gap:
        apart = ", ".join(dimension_name(k) for k in report.gap_dimensions[:2])
        where = f"; furthest apart on {apart}" if apart else ""
        return (f"Health: we score {report.ours:.1f}, they score {report.theirs:.1f}{where}. "
                f"Ask what each side sees; weakest: {weakest}.")
    return (f"Health: both sides score about {report.ours:.1f}; weakest is {weakest}: "
            "what would raise it by one point?")


def internal_preparation(facts: AgendaFacts) -> tuple[str, ...]:
    """Our own preparation, for our eyes: asks, worries, the web, our homework."""
    lines: list[str] = []
    if not decision_needed(facts):
        lines.append("No decision is recorded for this review: agree with our sponsor what "
                     "it must settle.")
    if facts.verdict.lopsided is Side.OURS:
        lines.append(f"Our ask: {facts.verdict.sentence()}")
    elif facts.verdict.lopsided is Side.THEIRS:
        lines.append(f"Their likely ask: {facts.verdict.sentence()}")
    worries = [f"the {area} difference has no agreed way to manage it (bring a proposal)"
               for area in list(facts.unmanaged)[:2]]
    if facts.health is not None and facts.health.below_floor:
        worries.append("health is below the floor (decide what we would change)")
    if worries:
        lines.append(f"Our worr{'ies' if len(worries) > 1 else 'y'}: {'; '.join(worries)}.")
    lines += [f"The web: {w}" for w in facts.web.warnings[:2]]
    closed = closed_groups(facts.checklist, facts.date)
    homework = [i for i in facts.checklist if i.scope is Scope.INTERNAL
                and i.stage is facts.partner.stage and is_open(i, closed, facts.date)]
    if homework:
        lines.append(f"Our homework: {homework[0].text}")
    return tuple(lines[:INTERNAL_LINES])


def _short(text: str, limit: int) -> str:
    """The text, or its first words within `limit` characters and an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "\u2026"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for stop in (". ", "! ", "? "):
        if stop in text:
            return text[: text.index(stop) + 1]
    return text
