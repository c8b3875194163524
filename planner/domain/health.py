"""Health checks, read from both sides: overall scores, trends, the gap and the floor.

A joint health check is worth its name only when both sides score the same questions: its key
finding is usually the gap between how we see the alliance and how they see it. So every
figure here exists for both sides, and the gap and the floor are flagged on their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from statistics import fmean

from planner.domain.dates import days_after
from planner.domain.model import HealthCheck, HealthScore, Side

# A change smaller than this between checks is noise, not a trend.
TREND_THRESHOLD = 0.25
# Checks older than this no longer say where the alliance is heading.
TREND_HORIZON_DAYS = 548  # 18 months
# The two sides see the alliance differently: this far apart overall, or on one dimension.
GAP_OVERALL = 0.5
GAP_DIMENSION = 2
# Below the floor a steady score is no comfort: overall under 3.0, or a dimension at 2 or less.
FLOOR_OVERALL = 3.0
FLOOR_DIMENSION = 2


class Trend(str, Enum):
    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"

    @property
    def arrow(self) -> str:
        return {"rising": "\u2191", "steady": "\u2192", "falling": "\u2193"}[self.value]


@dataclass(frozen=True)
class Anchor:
    """What a score looks like, so both sides mean the same thing by a 1, a 3 and a 5."""

    score: int
    text: str


@dataclass(frozen=True)
class Dimension:
    key: str
    name: str
    question: str = ""
    anchors: tuple[Anchor, ...] = ()


def overall(check: HealthCheck) -> float | None:
    """The mean of our scores across dimensions, or None for an empty check."""
    return mean_score(sum(s.ours for s in check.scores), len(check.scores))


def overall_theirs(check: HealthCheck) -> float | None:
    scores = [s.theirs for s in check.scores if s.theirs is not None]
    return mean_score(sum(scores), len(scores))


def mean_score(total: int, count: int) -> float | None:
    """An overall score from the sum and number of whole-number scores (None when there are
    none): what storage can add up in SQL gives the same figure as the scores themselves."""
    return round(total / count, 2) if count else None


@dataclass(frozen=True)
class CheckTotals:
    """One scored health check, summed per side: all a report needs of the checks before the
    latest (their overall scores for the trends), so a portfolio need not load every score."""

    date: dt.date
    id: int | None
    ours_total: int
    count: int  # dimensions scored (we score every one)
    theirs_total: int = 0
    theirs_count: int = 0  # dimensions the partner scored

    @property
    def ours(self) -> float | None:
        return mean_score(self.ours_total, self.count)

    @property
    def theirs(self) -> float | None:
        return mean_score(self.theirs_total, self.theirs_count)

    @property
    def joint(self) -> bool:
        return self.theirs_count > 0


def totals(check: HealthCheck) -> CheckTotals:
    theirs = [s.theirs for s in check.scores if s.theirs is not None]
    return CheckTotals(check.date, check.id, sum(s.ours for s in check.scores),
                       len(check.scores), sum(theirs), len(theirs))


def overall_for(check: HealthCheck, side: Side) -> float | None:
    return overall(check) if side is Side.OURS else overall_theirs(check)


def is_joint(check: HealthCheck) -> bool:
    """The partner scored alongside us."""
    return any(s.theirs is not None for s in check.scores)


def trend(checks: Sequence[HealthCheck], side: Side = Side.OURS,
          today: dt.date | None = None) -> Trend | None:
    """Rising, steady or falling for one side: its latest score against the mean of the two
    before it. With `today`, checks older than 18 months are left out."""
    return trend_of([overall_for(c, side) for c in _scored(checks, today)])


def trend_of(scores: Sequence[float | None]) -> Trend | None:
    """The trend of a series of overall scores, oldest first (None: that side did not score)."""
    values = [s for s in scores if s is not None]
    if len(values) < 2:
        return None
    change = values[-1] - fmean(values[-3:-1])
    if change >= TREND_THRESHOLD:
        return Trend.RISING
    if change <= -TREND_THRESHOLD:
        return Trend.FALLING
    return Trend.STEADY


def latest(checks: Sequence[HealthCheck]) -> HealthCheck | None:
    dated = sorted(checks, key=lambda c: (c.date, c.id or 0))
    return dated[-1] if dated else None


def _scored(checks: Sequence[HealthCheck], today: dt.date | None) -> list[HealthCheck]:
    horizon = days_after(today, -TREND_HORIZON_DAYS) if today else dt.date.min
    return sorted((c for c in checks if c.scores and c.date >= horizon),
                  key=lambda c: (c.date, c.id or 0))


@dataclass(frozen=True)
class HealthReport:
    """Where the relationship stands by the latest check, seen from both sides."""

    date: dt.date
    ours: float | None
    theirs: float | None
    trend: Trend | None
    trend_theirs: Trend | None
    gap_dimensions: tuple[str, ...]  # dimensions the two sides scored 2 or more apart
    low_dimensions: tuple[str, ...]  # dimensions either side scores at the floor or below
    weakest: str  # the dimension both sides together score lowest
    last_joint: dt.date | None  # the latest check the partner scored too
    # The two sides' overall scores at that joint check: the gap is read there, since a
    # check we score alone cannot show how they see it.
    joint_ours: float | None = None
    joint_theirs: float | None = None

    @property
    def gap(self) -> float | None:
        """Our overall score minus theirs at the latest joint check; positive when we see it
        rosier than they do."""
        if self.joint_ours is None or self.joint_theirs is None:
            return None
        return round(self.joint_ours - self.joint_theirs, 2)

    @property
    def perception_gap(self) -> bool:
        return (self.gap is not None and abs(self.gap) >= GAP_OVERALL) or bool(
            self.gap_dimensions)

    @property
    def below_floor(self) -> bool:
        lows = [s for s in (self.ours, self.theirs) if s is not None]
        return any(s < FLOOR_OVERALL for s in lows) or bool(self.low_dimensions)

    @property
    def lowest(self) -> float | None:
        """The lower of the two overall scores: the one the floor is measured by."""
        lows = [s for s in (self.ours, self.theirs) if s is not None]
        return min(lows) if lows else None


def report(checks: Sequence[HealthCheck], today: dt.date | None = None) -> HealthReport | None:
    """The report of the latest scored check, or None when nothing has been scored."""
    scored = sorted((c for c in checks if c.scores), key=lambda c: (c.date, c.id or 0))
    if not scored:
        return None
    both = next((c for c in reversed(scored) if is_joint(c)), None)
    return report_from([totals(c) for c in scored], scored[-1], both, today)


def _weakness(pair: tuple[int, HealthScore]) -> tuple[float, int]:
    """How weak a dimension is: the mean of the two sides' scores (ours alone when they did
    not score), the earlier dimension first on a tie."""
    position, score = pair
    both = score.ours if score.theirs is None else (score.ours + score.theirs) / 2
    return both, position


def report_from(scored: Sequence[CheckTotals], check: HealthCheck, both: HealthCheck | None,
                today: dt.date | None = None) -> HealthReport:
    """The report from every scored check's totals (oldest first, by date and id), the latest
    scored check and the latest joint one with their scores: what `report` reads, in the
    shape a portfolio's figures are aggregated in."""
    horizon = days_after(today, -TREND_HORIZON_DAYS) if today else dt.date.min
    recent = [c for c in scored if c.date >= horizon]
    gaps = tuple(s.dimension for s in (both.scores if both else ())
                 if s.theirs is not None and abs(s.ours - s.theirs) >= GAP_DIMENSION)
    lows = tuple(s.dimension for s in check.scores
                 if s.ours <= FLOOR_DIMENSION
                 or (s.theirs is not None and s.theirs <= FLOOR_DIMENSION))
    weakest = min(enumerate(check.scores), key=_weakness)[1].dimension
    return HealthReport(
        date=check.date,
        ours=overall(check),
        theirs=overall_theirs(check),
        trend=trend_of([c.ours for c in recent]),
        trend_theirs=trend_of([c.theirs for c in recent]),
        gap_dimensions=gaps,
        low_dimensions=lows,
        weakest=weakest,
        last_joint=both.date if both else None,
        joint_ours=overall(both) if both else None,
        joint_theirs=overall_theirs(both) if both else None,
    )
