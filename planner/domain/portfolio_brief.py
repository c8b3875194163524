"""What goes on the portfolio brief: the portfolio at a glance, then one line per partner.

An executive carries it into a portfolio review: how many partners sit in each stage, how
healthy they are and which way they move, what value went each way, which reviews are coming,
the five biggest risks, who needs a decision and why; then every partner on one line with the
one thing that needs attention (the heaviest reason from `attention`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.domain.attention import Level, PartnerSummary, Reason, attention, attention_order
from planner.domain.brief_content import Cut, cut
from planner.domain.dates import days_after
from planner.domain.differences import curious_question, is_high_risk, risk
from planner.domain.health import Trend
from planner.domain.model import Difference, Partner
from planner.domain.stages import STAGE_ORDER, Stage
from planner.domain.value import Balance

UPCOMING_DAYS = 30
TOP_RISKS = 5
DECISIONS = 6
UPCOMING = 6


class HealthBand:
    """Overall health (our score, 1-5) in three bands a reader can count at a glance."""

    GOOD, FAIR, POOR, UNCHECKED = "good", "fair", "poor", "no check"
    ORDER = (GOOD, FAIR, POOR, UNCHECKED)
    LEGEND = "good 3.5 and up \u00b7 fair 2.5 to 3.4 \u00b7 poor under 2.5"

    @staticmethod
    def of(score: float | None) -> str:
        if score is None:
            return HealthBand.UNCHECKED
        if score >= 3.5:
            return HealthBand.GOOD
        return HealthBand.FAIR if score >= 2.5 else HealthBand.POOR


@dataclass(frozen=True)
class PortfolioRow:
    summary: PartnerSummary
    attention: tuple[Reason, ...]  # heaviest first; empty when all is well
    value: Balance

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(r.text for r in self.attention)

    @property
    def first(self) -> Reason | None:
        """The one thing that needs attention."""
        return self.attention[0] if self.attention else None


@dataclass(frozen=True)
class Risk:
    """An open difference that could break a partnership, ranked across the portfolio."""

    partner: Partner
    difference: Difference
    risk: int  # likelihood x impact, 1-9
    managed: bool  # both sides agreed how to manage it
    question: str


@dataclass(frozen=True)
class Decision:
    partner: Partner
    why: tuple[str, ...]  # the reasons that ask for someone now, heaviest first


@dataclass(frozen=True)
class UpcomingReview:
    partner: Partner
    date: dt.date
    place: str


@dataclass(frozen=True)
class PortfolioBriefContent:
    date: dt.date  # the day it is printed; every "overdue" and "next 30 days" counts from it
    rows: tuple[PortfolioRow, ...]
    by_stage: dict[Stage, int]
    needing_attention: int
    reviews_next_30_days: int
    health_bands: dict[str, int]
    trends: dict[Trend | None, int]  # None: fewer than two checks, no trend yet
    value: Balance  # every partner's ledger added up
    reviews: Cut[UpcomingReview]
    reviews_overdue: int
    risks: Cut[Risk]
    decisions: Cut[Decision]
    currency: str = ""
    prepared_by: str = ""
    portfolio_name: str = ""
    printed: dt.date | None = None  # when it is printed, if not on the day it is as of

    @property
    def printed_on(self) -> dt.date:
        return self.printed or self.date

    @property
    def until(self) -> dt.date:
        """The last day of "the next 30 days"."""
        return days_after(self.date, UPCOMING_DAYS)


def portfolio_brief_content(summaries: Sequence[PartnerSummary], date: dt.date, *,
                            value: Mapping[int, tuple[int, int]] | None = None,
                            differences: Sequence[Difference] = (), currency: str = "",
                            prepared_by: str = "", portfolio_name: str = "",
                            printed: dt.date | None = None) -> PortfolioBriefContent:
    """The portfolio at a glance on `date`, and every partner, the ones needing attention first.

    `value` is each partner's total given (ours, theirs) by partner id; `differences` are the
    open differences to rank the portfolio's top risks from.
    """
    value = value or {}
    ordered = attention_order(list(summaries), date)
    rows = tuple(PortfolioRow(s, tuple(attention(s, date)),
                              Balance(*value.get(s.partner.id, (0, 0)))) for s in ordered)
    by_stage = {stage: 0 for stage in STAGE_ORDER}
    bands = {band: 0 for band in HealthBand.ORDER}
    trends: dict[Trend | None, int] = {Trend.RISING: 0, Trend.STEADY: 0, Trend.FALLING: 0,
                                       None: 0}
    for s in summaries:
        by_stage[s.partner.stage] += 1
        bands[HealthBand.of(s.health)] += 1
        trends[s.trend] += 1
    until = days_after(date, UPCOMING_DAYS)
    upcoming = sorted((UpcomingReview(s.partner, s.partner.next_review, s.partner.review_place)
                       for s in summaries
                       if s.partner.next_review and date <= s.partner.next_review <= until),
                      key=lambda r: (r.date, r.partner.name.casefold()))
    decisions = [Decision(r.summary.partner, tuple(x.text for x in r.attention
                                                   if x.level is Level.NOW))
                 for r in rows if r.first is not None and r.first.level is Level.NOW]
    return PortfolioBriefContent(
        date=date,
        rows=rows,
        by_stage=by_stage,
        needing_attention=sum(1 for r in rows if r.attention),
        reviews_next_30_days=len(upcoming),
        health_bands=bands,
        trends=trends,
        value=Balance(sum(r.value.ours for r in rows), sum(r.value.theirs for r in rows)),
        reviews=cut(upcoming, UPCOMING),
        reviews_overdue=sum(1 for s in summaries
                            if s.partner.next_review and s.partner.next_review < date),
        risks=cut(_top_risks(summaries, differences), TOP_RISKS),
        decisions=cut(decisions, DECISIONS),
        currency=currency,
        prepared_by=prepared_by,
        portfolio_name=portfolio_name,
        printed=printed,
    )


def _top_risks(summaries: Sequence[PartnerSummary],
               differences: Sequence[Difference]) -> list[Risk]:
    """High-risk open differences, the riskiest first, unmanaged before managed."""
    partners = {s.partner.id: s.partner for s in summaries}
    risks = [Risk(partners[d.partner_id], d, risk(d), bool(d.management.strip()),
                  curious_question(d))
             for d in differences if d.partner_id in partners and is_high_risk(d)]
    return sorted(risks, key=lambda r: (-r.risk, r.managed, r.partner.name.casefold(),
                                        r.difference.id or 0))
