"""The words of the attention reasons the README lists, at the edges where their wording
changes: low overall or on dimensions (3.0 is not under the floor), which side is falling,
and how long a stage has stalled, in whole months."""

import datetime as dt

from planner.domain.attention import PartnerSummary, attention_reasons
from planner.domain.checklist import Progress
from planner.domain.health import HealthReport, Trend
from planner.domain.model import Partner
from planner.domain.stages import Stage

TODAY = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)


def reasons(stage=Stage.BRIDGES, since=None, trend=Trend.STEADY, theirs_trend=Trend.STEADY,
            ours=4.0, theirs=None, lows=()):
    theirs = ours if theirs is None else theirs
    created = TODAY - 800 * DAY
    partner = Partner("Acme", stage=stage, next_review=TODAY, created_on=created,
                      stage_since=since or created)
    report = HealthReport(TODAY - 30 * DAY, ours, theirs, trend, theirs_trend, (), lows,
                          "trust", TODAY - 30 * DAY, ours, theirs)
    return attention_reasons(PartnerSummary(partner, Progress(0, 0), trend=trend,
                                            last_meeting=TODAY, last_face_to_face=TODAY,
                                            health_report=report), TODAY)


def test_falling_says_whose_eyes():
    assert reasons(trend=Trend.FALLING) == ["Health is falling"]
    assert reasons(theirs_trend=Trend.FALLING) == ["Health is falling in their eyes"]


def test_low_overall_is_under_three_and_exactly_three_is_low_on_its_dimensions():
    assert reasons(ours=2.9) == ["Health is low: 2.9 overall"]
    assert reasons(ours=3.0, lows=("trust",)) == ["Health is low on 1 dimension"]
    assert reasons(ours=3.0, lows=("trust", "value")) == ["Health is low on 2 dimensions"]
    assert reasons(ours=3.2, theirs=2.9, trend=Trend.FALLING) == [
        "Health is low and falling: 2.9 overall"]


def test_a_stalled_stage_says_its_whole_months():
    assert reasons(stage=Stage.COURTSHIP, since=TODAY - 365 * DAY) == [
        "In courtship for 12 months"]
    assert reasons(stage=Stage.COURTSHIP, since=TODAY - 300 * DAY) == [
        "In courtship for 9 months"]
