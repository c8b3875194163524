"""What needs attention across the portfolio: one summary row per partner and its reasons.

Every rule, its threshold, its level and its weight live in this module. A reason "needs you
now" when the relationship itself is at stake (a high-impact difference nobody manages, health
below the floor or falling); everything else is "keep an eye on". Every NOW weight is above
every WATCH weight, so a partner's level is that of its heaviest reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from planner.domain.checklist import Progress
from planner.domain.health import FLOOR_OVERALL, GAP_OVERALL, HealthReport, Trend
from planner.domain.model import Partner, Side
from planner.domain.stages import Stage
from planner.domain.value import Balance

# The rules' thresholds -----------------------------------------------------------------------
# Trait 8: the board meets quarterly; a month's grace before a missed face-to-face counts.
NO_FACE_TO_FACE_DAYS = 120
# A partner added recently has not had time to meet yet.
NEW_PARTNER_GRACE_DAYS = 60
# One overdue action is ordinary life; it counts after two weeks, or when two or more are late.
ACTION_GRACE_DAYS = 14
OVERDUE_ACTIONS_AT_ONCE = 2
# A joint health check (the partner scoring too) at least once a year, from Bridges on.
JOINT_CHECK_DAYS = 365
# How long a partner may stay in a stage before it has stalled; Bridges is where it lives.
STALLED_AFTER_DAYS = {Stage.COURTSHIP: 270, Stage.COMMITMENT: 180, Stage.EXIT: 180}
# Stages where the web of ties must reach beyond the leaders (trait 9).
WEB_STAGES = frozenset({Stage.BRIDGES})
JOINT_CHECK_STAGES = frozenset({Stage.BRIDGES, Stage.EXIT})


class Level(str, Enum):
    """How urgently a reason asks for the user: now, or keep an eye on it."""

    NOW = "now"
    WATCH = "watch"


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    weight: int


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("unmanaged_risk", Level.NOW, 90),
    Rule("health_floor", Level.NOW, 80),
    Rule("health_falling", Level.NOW, 70),
    Rule("perception_gap", Level.WATCH, 45),
    Rule("value_lopsided", Level.WATCH, 40),
    Rule("review_overdue", Level.WATCH, 38),
    Rule("stalled", Level.WATCH, 35),
    Rule("actions_overdue", Level.WATCH, 30),
    Rule("no_face_to_face", Level.WATCH, 28),
    Rule("no_meeting", Level.WATCH, 25),
    Rule("thin_web", Level.WATCH, 20),
    Rule("no_joint_check", Level.WATCH, 15),
)}


@dataclass(frozen=True)
class PartnerSummary:
    """One line of the portfolio: a partner and the figures that say how it is doing."""

    partner: Partner
    checklist: Progress  # over the current stage and the stages behind it
    health: float | None = None
    health_theirs: float | None = None
    trend: Trend | None = None
    last_meeting: dt.date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    open_high_risk: int = 0
    unmanaged_high_risk: int = 0
    last_face_to_face: dt.date | None = None
    most_overdue_days: int = 0  # how late the latest of the overdue actions is
    health_report: HealthReport | None = None
    value_window: Balance | None = None  # contributions over the verdict's window
    web_warnings: tuple[str, ...] = ()

    def days_since_meeting(self, today: dt.date) -> int | None:
        return (today - self.last_meeting).days if self.last_meeting else None

    def days_since_face_to_face(self, today: dt.date) -> int | None:
        return (today - self.last_face_to_face).days if self.last_face_to_face else None


@dataclass(frozen=True)
class Reason:
    """One reason a partner needs attention: a stable code, the words, its level and weight.

    Reasons are ranked by weight (heavier first); the partner's level is that of its heaviest
    reason. The window and the briefs show `text` and distinguish the two levels.
    """

    code: str
    text: str
    level: Level
    weight: int


def _reason(code: str, text: str) -> Reason:
    rule = RULES[code]
    return Reason(code, text, rule.level, rule.weight)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def attention(summary: PartnerSummary, today: dt.date) -> list[Reason]:
    """Why a partner needs attention, heaviest reason first; empty when all is well."""
    reasons = [r for rule in _CHECKS if (r := rule(summary, today)) is not None]
    return sorted(reasons, key=lambda r: -r.weight)


def _unmanaged_risk(s: PartnerSummary, today: dt.date) -> Reason | None:
    n = s.unmanaged_high_risk
    if not n:
        return None
    return _reason("unmanaged_risk", f"{_plural(n, 'open high-risk difference')} with no "
                                     "agreed way to manage it")


def _falling(s: PartnerSummary) -> str | None:
    """"" when our trend falls, "in their eyes" when only theirs does, None otherwise."""
    if s.trend is Trend.FALLING:
        return ""
    if s.health_report is not None and s.health_report.trend_theirs is Trend.FALLING:
        return "in their eyes"
    return None


def _health_floor(s: PartnerSummary, today: dt.date) -> Reason | None:
    report = s.health_report
    if report is None or not report.below_floor:
        return None
    low = "Health is low and falling" if _falling(s) is not None else "Health is low"
    if report.lowest is not None and report.lowest < FLOOR_OVERALL:
        return _reason("health_floor", f"{low}: {report.lowest:.1f} overall")
    n = len(report.low_dimensions)
    return _reason("health_floor", f"{low} on {n} dimension{'s' if n != 1 else ''}")


def _health_falling(s: PartnerSummary, today: dt.date) -> Reason | None:
    """Falling while above the floor (below it, the floor's reason says it is falling)."""
    who = _falling(s)
    if who is None or (s.health_report is not None and s.health_report.below_floor):
        return None
    return _reason("health_falling", f"Health is falling {who}".strip())


def _perception_gap(s: PartnerSummary, today: dt.date) -> Reason | None:
    report = s.health_report
    if report is None or not report.perception_gap:
        return None
    if report.gap is not None and abs(report.gap) >= GAP_OVERALL:
        rosier = "we" if report.gap > 0 else "they"
        return _reason("perception_gap", f"The two sides see it differently: {rosier} score "
                                         f"{abs(report.gap):.1f} higher")
    return _reason("perception_gap", "The two sides see it differently on "
                                     f"{_plural(len(report.gap_dimensions), 'dimension')}")


def _value_lopsided(s: PartnerSummary, today: dt.date) -> Reason | None:
    side = s.value_window.lopsided if s.value_window else None
    if side is None:
        return None
    who = "we" if side is Side.OURS else "they"
    return _reason("value_lopsided", f"Value lopsided lately: {who} give far more than "
                                     f"{who} get")


def _review_overdue(s: PartnerSummary, today: dt.date) -> Reason | None:
    review = s.partner.next_review
    if review is None or review >= today:
        return None
    return _reason("review_overdue", f"Review overdue since {review.isoformat()}")


def _stalled(s: PartnerSummary, today: dt.date) -> Reason | None:
    limit = STALLED_AFTER_DAYS.get(s.partner.stage)
    since = s.partner.stage_since
    if limit is None or since is None or (today - since).days <= limit:
        return None
    months = (today - since).days * 12 // 365
    return _reason("stalled", f"In {s.partner.stage.value} for {months} months")


def _actions_overdue(s: PartnerSummary, today: dt.date) -> Reason | None:
    n = s.overdue_actions
    if not n or (n < OVERDUE_ACTIONS_AT_ONCE and s.most_overdue_days <= ACTION_GRACE_DAYS):
        return None
    return _reason("actions_overdue", f"{_plural(n, 'overdue action')}")


def _is_new(s: PartnerSummary, today: dt.date) -> bool:
    created = s.partner.created_on
    return created is not None and (today - created).days <= NEW_PARTNER_GRACE_DAYS


def _no_face_to_face(s: PartnerSummary, today: dt.date) -> Reason | None:
    days = s.days_since_face_to_face(today)
    if days is None or days <= NO_FACE_TO_FACE_DAYS:
        return None
    return _reason("no_face_to_face", f"No face-to-face meeting for {days} days")


def _no_meeting(s: PartnerSummary, today: dt.date) -> Reason | None:
    if s.last_face_to_face is not None or _is_new(s, today):
        return None
    if s.last_meeting is not None:
        return _reason("no_meeting", "No face-to-face meeting yet")
    return _reason("no_meeting", "No meeting recorded")


def _thin_web(s: PartnerSummary, today: dt.date) -> Reason | None:
    if s.partner.stage not in WEB_STAGES or not s.web_warnings:
        return None
    return _reason("thin_web", s.web_warnings[0].split(":")[0])


def _no_joint_check(s: PartnerSummary, today: dt.date) -> Reason | None:
    if s.partner.stage not in JOINT_CHECK_STAGES or _is_new(s, today):
        return None
    last = s.health_report.last_joint if s.health_report else None
    if last is None:
        return _reason("no_joint_check", "No joint health check yet")
    if (today - last).days > JOINT_CHECK_DAYS:
        return _reason("no_joint_check", "No joint health check in 12 months")
    return None


_CHECKS = (_unmanaged_risk, _health_floor, _health_falling, _perception_gap, _value_lopsided,
           _review_overdue, _stalled, _actions_overdue, _no_face_to_face, _no_meeting,
           _thin_web, _no_joint_check)


def attention_level(summary: PartnerSummary, today: dt.date) -> Level | None:
    """The partner's level: that of its heaviest reason, or None when all is well."""
    reasons = attention(summary, today)
    return reasons[0].level if reasons else None


def attention_reasons(summary: PartnerSummary, today: dt.date) -> list[str]:
    """Why a partner needs attention, in words, heaviest first; empty when all is well."""
    return [r.text for r in attention(summary, today)]


def needs_attention(summary: PartnerSummary, today: dt.date) -> bool:
    return bool(attention(summary, today))


def attention_order(summaries: list[PartnerSummary], today: dt.date,
                    reasons_of: Callable[[PartnerSummary], Sequence[Reason]] | None = None
                    ) -> list[PartnerSummary]:
    """Partners that need you now first, then those to keep an eye on, each by their heaviest
    reason and then their total weight; then by next review, then name. `reasons_of`: each
    partner's `attention` when the caller has worked it out already (the window's table
    has), so thousands of partners are not judged twice."""
    far = dt.date.max
    judge = reasons_of or (lambda s: attention(s, today))

    def key(s: PartnerSummary):
        reasons = judge(s)
        return (
            -(reasons[0].weight if reasons else 0),
            -sum(r.weight for r in reasons),
            s.partner.next_review or far,
            s.partner.name.casefold(),
        )

    return sorted(summaries, key=key)
