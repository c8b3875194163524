"""The health report at its edges: a check exactly 18 months old, two checks on one day, a
report asked for with or without today, and a joint dimension against one we scored alone."""

import datetime as dt

from planner.domain import health
from planner.domain.health import CheckTotals, Trend
from planner.domain.model import HealthCheck, HealthScore

TODAY = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)


def check(days_ago, ours, theirs=None, check_id=None):
    return HealthCheck(1, TODAY - days_ago * DAY,
                       (HealthScore("a", ours, theirs), HealthScore("b", ours, theirs)),
                       id=check_id)


def test_the_report_is_dated_by_its_latest_scored_check():
    r = health.report([check(300, 4, check_id=1), check(20, 3, check_id=2),
                       HealthCheck(1, TODAY, (), id=3)], TODAY)  # an unscored check is no report
    assert r.date == TODAY - 20 * DAY
    assert r.ours == 3.0


def test_a_check_exactly_18_months_old_still_makes_the_trend():
    edge = health.TREND_HORIZON_DAYS
    r = health.report([check(edge, 5, check_id=1), check(10, 4, check_id=2)], TODAY)
    assert r.trend is Trend.FALLING
    r = health.report([check(edge + 1, 5, check_id=1), check(10, 4, check_id=2)], TODAY)
    assert r.trend is None  # a day older: only one check is left


def test_without_today_every_check_makes_the_trend():
    old = [check(2000, 5, check_id=1), check(10, 4, check_id=2)]
    assert health.report(old).trend is Trend.FALLING
    assert health.report(old, TODAY).trend is None


def test_of_two_checks_on_one_day_the_later_recorded_is_the_latest():
    first = HealthCheck(1, TODAY, (HealthScore("a", 2),), id=7)
    second = HealthCheck(1, TODAY, (HealthScore("a", 4),), id=8)
    for checks in ([first, second], [second, first]):
        r = health.report(checks, TODAY)
        assert r.ours == 4.0
        assert r.trend is Trend.RISING  # 2 then 4


def test_a_joint_dimension_weighs_the_mean_of_both_sides():
    # (3 + 3) / 2 = 3 is weaker than the 4 we gave alone
    r = health.report([HealthCheck(1, TODAY, (HealthScore("trust", 4),
                                              HealthScore("governance", 3, 3)), id=1)], TODAY)
    assert r.weakest == "governance"
    r = health.report([HealthCheck(1, TODAY, (HealthScore("trust", 3),
                                              HealthScore("governance", 4, 3)), id=1)], TODAY)
    assert r.weakest == "trust"  # 3 against 3.5


def test_a_checks_totals_name_the_check_and_add_up_each_side():
    joint = HealthCheck(1, TODAY, (HealthScore("a", 4, 2), HealthScore("b", 3),
                                   HealthScore("c", 5, 5)), id=42)
    assert health.totals(joint) == CheckTotals(TODAY, 42, 12, 3, 7, 2)
    assert health.totals(joint).ours == 4.0 and health.totals(joint).theirs == 3.5


def test_a_dimension_we_score_2_is_at_the_floor_and_3_is_not():
    at_floor = health.report([HealthCheck(1, TODAY, (HealthScore("trust", 4),
                                                     HealthScore("governance", 2)), id=1)])
    assert at_floor.ours == 3.0  # not under the overall floor
    assert at_floor.low_dimensions == ("governance",) and at_floor.below_floor
    above = health.report([HealthCheck(1, TODAY, (HealthScore("trust", 4),
                                                  HealthScore("governance", 3)), id=1)])
    assert above.low_dimensions == () and not above.below_floor
