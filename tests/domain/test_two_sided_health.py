"""A joint health check read from both sides: trend, gap, floor, weakest dimension, anchors."""

import datetime as dt

from planner.domain import health
from planner.domain.health import Trend
from planner.domain.model import HealthCheck, HealthScore, Side
from planner.domain.templates import health_dimensions

TODAY = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)


def check(days_ago, scores, check_id=None):
    return HealthCheck(1, TODAY - days_ago * DAY,
                       tuple(HealthScore(dim, ours, theirs) for dim, ours, theirs in scores),
                       id=check_id)


def even(days_ago, ours, theirs=None):
    return check(days_ago, [("a", ours, theirs), ("b", ours, theirs)])


def test_the_trend_exists_for_both_sides():
    checks = [even(200, 4, 4), even(100, 4, 4), even(10, 4, 3)]
    r = health.report(checks, TODAY)
    assert (r.trend, r.trend_theirs) == (Trend.STEADY, Trend.FALLING)
    assert health.trend(checks, Side.THEIRS, TODAY) is Trend.FALLING


def test_checks_older_than_18_months_are_left_out_of_the_trend():
    edge = health.TREND_HORIZON_DAYS
    kept = [even(edge, 5), even(10, 4)]
    assert health.trend(kept, today=TODAY) is Trend.FALLING
    dropped = [even(edge + 1, 5), even(10, 4)]
    assert health.trend(dropped, today=TODAY) is None
    assert health.trend(dropped) is Trend.FALLING  # without a today, every check counts


def test_a_gap_of_half_a_point_overall_is_flagged():
    assert not health.report([even(1, 4, None)], TODAY).perception_gap
    close = health.report([check(1, [("a", 4, 4), ("b", 4, 3)])], TODAY)  # 4.0 v 3.5
    assert close.gap == 0.5 and close.perception_gap
    under = health.report([check(1, [("a", 4, 4), ("b", 4, 4), ("c", 4, 3)])], TODAY)
    assert under.gap == 0.33 and not under.perception_gap


def test_a_gap_of_two_points_on_one_dimension_is_flagged():
    # strategic value 2 against our 4 while everything else balances out overall
    r = health.report([check(1, [("strategic_value", 4, 2), ("trust", 3, 4), ("b", 3, 4)])],
                      TODAY)
    assert r.gap == 0.0 and r.gap_dimensions == ("strategic_value",) and r.perception_gap
    one_point = health.report([check(1, [("strategic_value", 4, 3)])], TODAY)
    assert one_point.gap_dimensions == ()


def test_the_floor_overall_or_on_one_dimension():
    assert not health.report([even(1, 3, 3)], TODAY).below_floor
    steady_low = health.report([even(300, 2, None), even(200, 3, None),
                                check(1, [("a", 3, None), ("b", 3, None), ("c", 2, None)])],
                               TODAY)
    assert steady_low.ours == 2.67 and steady_low.below_floor
    their_dimension = health.report([check(1, [("a", 4, 4), ("b", 4, 2)])], TODAY)
    assert their_dimension.low_dimensions == ("b",) and their_dimension.below_floor
    assert not health.report([check(1, [("a", 4, 4), ("b", 3, 3)])], TODAY).below_floor


def test_the_weakest_dimension_reads_both_sides():
    r = health.report([check(1, [("a", 3, 3), ("b", 4, 1), ("c", 2, None)])], TODAY)
    assert r.weakest == "c"  # 2 against (4 + 1) / 2 = 2.5
    tie = health.report([check(1, [("a", 3, 3), ("b", 3, 3)])], TODAY)
    assert tie.weakest == "a"


def test_the_last_joint_check():
    r = health.report([even(300, 4, 4), even(10, 4)], TODAY)
    assert r.last_joint == TODAY - 300 * DAY and r.theirs is None
    assert (r.joint_ours, r.joint_theirs, r.gap) == (4.0, 4.0, 0.0)  # read at the joint check
    assert health.report([even(10, 4)], TODAY).gap is None


def test_the_gap_is_read_at_the_latest_joint_check():
    # they scored higher in the last joint check; we have scored alone since
    r = health.report([check(200, [("a", 3, 4), ("b", 3, 4)]), even(10, 2)], TODAY)
    assert r.ours == 2.0 and r.theirs is None
    assert r.gap == -1.0 and r.perception_gap
    assert health.report([], TODAY) is None


def test_each_dimension_asks_one_thing_with_anchored_scale_points():
    dims = health_dimensions()
    keys = [d.key for d in dims]
    assert {"fairness_of_benefits", "commitment_of_resources"} <= set(keys)
    assert keys[:6] == ["strategic_value", "operational_effectiveness", "relationship_culture",
                        "governance", "trust", "communication"]  # stored keys never move
    for d in dims:
        assert d.question.endswith("?") and d.question.count("?") == 1, d.key
        assert " and " not in d.question, d.key  # one question, not two
        assert [a.score for a in d.anchors] == [1, 3, 5], d.key
        assert all(a.text and len(a.text) <= 90 for a in d.anchors), d.key
