"""What needs attention across the portfolio: one summary row per partner and its flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from planner.domain.checklist import Progress
from planner.domain.health import Trend
from planner.domain.model import Partner

NO_MEETING_DAYS = 90


@dataclass(frozen=True)
class PartnerSummary:
    """One line of the portfolio: a partner and the figures that say how it is doing."""

    partner: Partner
    checklist: Progress
    health: float | None = None
    health_theirs: float | None = None
    trend: Trend | None = None
    last_meeting: dt.date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    open_high_risk: int = 0
    unmanaged_high_risk: int = 0

    def days_since_meeting(self, today: dt.date) -> int | None:
        return (today - self.last_meeting).days if self.last_meeting else None


class Level(str, Enum):
    """How urgently a reason asks for the user: now, or keep an eye on it."""

    NOW = "now"
    WATCH = "watch"


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


def attention(summary: PartnerSummary, today: dt.date) -> list[Reason]:
    """Why a partner needs attention, heaviest reason first; empty when all is well."""
    reasons: list[Reason] = []
    review = summary.partner.next_review
    if review is not None and review < today:
        reasons.append(Reason("review_overdue", f"Review overdue since {review.isoformat()}",
                              Level.NOW, 60))
    if summary.overdue_actions:
        n = summary.overdue_actions
        reasons.append(Reason("actions_overdue", f"{n} overdue action{'s' if n != 1 else ''}",
                              Level.WATCH, 30))
    days = summary.days_since_meeting(today)
    if days is None:
        reasons.append(Reason("no_meeting", "No meeting recorded", Level.WATCH, 20))
    elif days > NO_MEETING_DAYS:
        reasons.append(Reason("no_recent_meeting", f"No meeting for {days} days",
                              Level.WATCH, 25))
    if summary.trend is Trend.FALLING:
        reasons.append(Reason("health_falling", "Health is falling", Level.NOW, 50))
    if summary.unmanaged_high_risk:
        n = summary.unmanaged_high_risk
        reasons.append(Reason(
            "unmanaged_risk",
            f"{n} open high-risk difference{'s' if n != 1 else ''} with no agreed "
            "way to manage it", Level.NOW, 70))
    return sorted(reasons, key=lambda r: -r.weight)


def attention_level(summary: PartnerSummary, today: dt.date) -> Level | None:
    """The partner's level: that of its heaviest reason, or None when all is well."""
    reasons = attention(summary, today)
    return reasons[0].level if reasons else None


def attention_reasons(summary: PartnerSummary, today: dt.date) -> list[str]:
    """Why a partner needs attention, in words, heaviest first; empty when all is well."""
    return [r.text for r in attention(summary, today)]


def needs_attention(summary: PartnerSummary, today: dt.date) -> bool:
    return bool(attention(summary, today))


def attention_order(summaries: list[PartnerSummary], today: dt.date) -> list[PartnerSummary]:
    """Partners that need attention first (heaviest total weight first), then by next review,
    then name."""
    far = dt.date.max
    return sorted(
        summaries,
        key=lambda s: (
            -sum(r.weight for r in attention(s, today)),
            s.partner.next_review or far,
            s.partner.name.casefold(),
        ),
    )
