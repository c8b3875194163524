"""The README's rules at their edges: equal, one step over, one step under.

Each rule here once had a one-line change that no test noticed (the trend compared with the
last check only, the thin web needed three ties, an action due today counted as overdue).
"""

import dataclasses
import datetime as dt

import pytest

from planner.domain import health
from planner.domain.health import TREND_THRESHOLD, Trend
from planner.domain.model import Action, HealthCheck, HealthScore, Level, Side, Stakeholder, Tie
from planner.domain.people import web_report

TODAY = dt.date(2026, 6, 1)


def check(day: int, *ours: int) -> HealthCheck:
    scores = tuple(HealthScore(f"d{i}", s) for i, s in enumerate(ours))
    return HealthCheck(1, dt.date(2026, 1, day), scores, id=day)


def overall_of(*overalls: float) -> list[HealthCheck]:
    """Checks whose overall scores are exactly these (four dimensions: steps of 0.25)."""
    checks = []
    for day, value in enumerate(overalls, start=1):
        quarters = round(value * 4)
        base, extra = divmod(quarters, 4)
        checks.append(check(day, *([base + 1] * extra + [base] * (4 - extra))))
        assert health.overall(checks[-1]) == value
    return checks


# --- health trend: the latest check against the mean of the two before it --------------------

def test_trend_compares_with_the_mean_of_the_two_checks_before():
    # 2, 4, 3: the mean before is 3, so nothing moved (against the last check alone: falling).
    assert health.trend([check(1, 2), check(2, 4), check(3, 3)]) is Trend.STEADY
    # 4, 2, 3: steady again (against the last check alone: rising).
    assert health.trend([check(1, 4), check(2, 2), check(3, 3)]) is Trend.STEADY


def test_trend_ignores_checks_older_than_the_two_before():
    # The first check (1) would pull a mean of three checks down to 2.33 and make 3 "rising".
    assert health.trend([check(1, 1), check(2, 3), check(3, 3), check(4, 3)]) is Trend.STEADY
    assert health.trend([check(1, 5), check(2, 3), check(3, 3), check(4, 3)]) is Trend.STEADY


@pytest.mark.parametrize("latest,expected", [
    (3.0 + TREND_THRESHOLD, Trend.RISING),   # exactly the threshold above
    (3.0 + 2 * TREND_THRESHOLD, Trend.RISING),
    (3.0, Trend.STEADY),                      # equal
    (3.0 - TREND_THRESHOLD, Trend.FALLING),   # exactly the threshold below
    (3.0 - 2 * TREND_THRESHOLD, Trend.FALLING),
])
def test_trend_at_the_threshold(latest, expected):
    assert health.trend(overall_of(2.75, 3.25, latest)) is expected


@pytest.mark.parametrize("overalls,expected", [
    ((3.0, 3.5, 3.5), Trend.RISING),     # mean 3.25 before: exactly the threshold below 3.5
    ((3.0, 3.5, 3.25), Trend.STEADY),    # equal to the mean (the last check alone: 0.25 lower)
    ((3.5, 3.0, 3.0), Trend.FALLING),    # 0.25 under the mean (the last check alone: equal)
    ((3.5, 3.0, 3.25), Trend.STEADY),    # equal to the mean (the last check alone: 0.25 higher)
])
def test_trend_one_step_either_side_of_the_mean_before(overalls, expected):
    assert health.trend(overall_of(*overalls)) is expected


def test_trend_needs_two_scored_checks_and_uses_the_one_before_when_there_are_two():
    assert health.trend([]) is None
    assert health.trend([check(1, 3)]) is None
    assert health.trend([check(1, 3), HealthCheck(1, dt.date(2026, 1, 9), ())]) is None
    assert health.trend([check(1, 3), check(2, 4)]) is Trend.RISING
    assert health.trend([check(1, 3), check(2, 2)]) is Trend.FALLING
    assert health.trend([check(1, 3), check(2, 3)]) is Trend.STEADY


def test_trend_orders_checks_by_date_not_by_the_order_given():
    checks = [check(3, 3), check(1, 2), check(2, 4)]
    assert health.trend(checks) is Trend.STEADY
    assert health.trend([check(3, 5), check(1, 3), check(2, 3)]) is Trend.RISING


# --- thin web: one person holding every tie, from two ties on ---------------------------------

def person(pid: int, side: Side, level: Level = Level.MANAGEMENT) -> Stakeholder:
    return Stakeholder(1, f"P{pid}", side=side, level=level, ambassador=True, id=pid)


def holder_warnings(report) -> list[str]:
    return [w for w in report.warnings if "holds every tie" in w]


def test_one_person_holding_both_of_two_ties_is_a_thin_web():
    people = [person(1, Side.OURS), person(2, Side.THEIRS), person(3, Side.THEIRS,
                                                                    Level.OPERATIONAL)]
    report = web_report(people, [Tie(1, 1, 2), Tie(1, 1, 3)])
    assert holder_warnings(report) == ["P1 holds every tie: spread involvement so the alliance "
                                       "does not hang on one person."]
    assert report.thin


def test_one_tie_alone_is_not_called_one_person_holding_every_tie():
    people = [person(1, Side.OURS), person(2, Side.THEIRS, Level.OPERATIONAL)]
    report = web_report(people, [Tie(1, 1, 2)])
    assert holder_warnings(report) == []
    assert not report.thin


def test_three_ties_through_one_person_are_thin_and_spread_ties_are_not():
    people = [person(1, Side.OURS), person(4, Side.OURS, Level.OPERATIONAL),
              person(2, Side.THEIRS), person(3, Side.THEIRS, Level.OPERATIONAL)]
    assert len(holder_warnings(web_report(people, [Tie(1, 1, 2), Tie(1, 1, 3),
                                                   Tie(1, 1, 3)]))) == 1
    spread = web_report(people, [Tie(1, 1, 2), Tie(1, 4, 3)])
    assert holder_warnings(spread) == [] and not spread.thin
    # Two of three ties through one person is not every tie.
    assert holder_warnings(web_report(people, [Tie(1, 1, 2), Tie(1, 1, 3), Tie(1, 4, 3)])) == []


# --- overdue: due before today; due today is not overdue yet ----------------------------------

@pytest.mark.parametrize("days,overdue", [(-1, True), (0, False), (1, False)])
def test_an_action_is_overdue_only_after_its_due_date(days, overdue):
    action = Action(1, "Send the draft", due=TODAY + dt.timedelta(days=days))
    assert action.is_overdue(TODAY) is overdue
    assert dataclasses.replace(action, done=True, done_on=TODAY).is_overdue(TODAY) is False
    assert Action(1, "Undated").is_overdue(TODAY) is False
