"""Health checks: the overall score of a check and the trend across checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from statistics import fmean

from planner.domain.model import HealthCheck

# A change smaller than this between checks is noise, not a trend.
TREND_THRESHOLD = 0.25


class Trend(str, Enum):
    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"

    @property
    def arrow(self) -> str:
        return {"rising": "\u2191", "steady": "\u2192", "falling": "\u2193"}[self.value]


@dataclass(frozen=True)
class Dimension:
    key: str
    name: str
    question: str = ""


def overall(check: HealthCheck) -> float | None:
    """The mean of our scores across dimensions, or None for an empty check."""
    scores = [s.ours for s in check.scores]
    return round(fmean(scores), 2) if scores else None


def overall_theirs(check: HealthCheck) -> float | None:
    scores = [s.theirs for s in check.scores if s.theirs is not None]
    return round(fmean(scores), 2) if scores else None


def trend(checks: Sequence[HealthCheck]) -> Trend | None:
    """Rising, steady or falling: the latest check against the mean of the two before it."""
    dated = sorted((c for c in checks if c.scores), key=lambda c: (c.date, c.id or 0))
    return trend_of([overall(c) for c in dated])


def trend_of(overalls: Sequence[float]) -> Trend | None:
    """The trend of the overall scores of the checks that have scores, oldest first."""
    if len(overalls) < 2:
        return None
    latest = overalls[-1]
    before = fmean(overalls[-3:-1])
    change = latest - before
    if change >= TREND_THRESHOLD:
        return Trend.RISING
    if change <= -TREND_THRESHOLD:
        return Trend.FALLING
    return Trend.STEADY


def latest(checks: Sequence[HealthCheck]) -> HealthCheck | None:
    dated = sorted(checks, key=lambda c: (c.date, c.id or 0))
    return dated[-1] if dated else None
