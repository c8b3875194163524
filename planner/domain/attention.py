"""What needs attention across the portfolio: one summary row per partner and its flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def attention_reasons(summary: PartnerSummary, today: dt.date) -> list[str]:
    """Why a partner needs attention, in words; empty when all is well."""
    reasons = []
    review = summary.partner.next_review
    if review is not None and review < today:
        reasons.append(f"Review overdue since {review.isoformat()}")
    if summary.overdue_actions:
        n = summary.overdue_actions
        reasons.append(f"{n} overdue action{'s' if n != 1 else ''}")
    days = summary.days_since_meeting(today)
    if days is None:
        reasons.append("No meeting recorded")
    elif days > NO_MEETING_DAYS:
        reasons.append(f"No meeting for {days} days")
    if summary.trend is Trend.FALLING:
        reasons.append("Health is falling")
    if summary.unmanaged_high_risk:
        n = summary.unmanaged_high_risk
        reasons.append(f"{n} open high-risk difference{'s' if n != 1 else ''} with no agreed "
                       "way to manage it")
    return reasons


def needs_attention(summary: PartnerSummary, today: dt.date) -> bool:
    return bool(attention_reasons(summary, today))


def attention_order(summaries: list[PartnerSummary], today: dt.date) -> list[PartnerSummary]:
    """Partners that need attention first (most reasons first), then by next review, then name."""
    far = dt.date.max
    return sorted(
        summaries,
        key=lambda s: (
            -len(attention_reasons(s, today)),
            s.partner.next_review or far,
            s.partner.name.casefold(),
        ),
    )
