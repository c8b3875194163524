"""Why a partner needs attention: one test per rule, at the edges of its threshold."""

import datetime as dt

import pytest

from planner.domain import attention as rules
from planner.domain.attention import (
    RULES,
    Level,
    PartnerSummary,
    attention,
    attention_level,
    attention_order,
    attention_reasons,
    needs_attention,
)
from planner.domain.checklist import Progress
from planner.domain.health import HealthReport, Trend
from planner.domain.model import Partner
from planner.domain.stages import Stage
from planner.domain.value import Balance

TODAY = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)


def summary(name="Acme", stage=Stage.BRIDGES, created=TODAY - 800 * DAY, since=None,
            review=None, **figures):
    figures.setdefault("last_meeting", TODAY - 10 * DAY)
    figures.setdefault("last_face_to_face", TODAY - 10 * DAY)
    figures.setdefault("health_report", report(last_joint=TODAY - 30 * DAY))
    partner = Partner(name, stage=stage, next_review=review, created_on=created,
                      stage_since=since or created)
    return PartnerSummary(partner, Progress(0, 0), **figures)


def report(ours=4.0, theirs=4.0, trend=Trend.STEADY, trend_theirs=Trend.STEADY, gaps=(),
           lows=(), last_joint=TODAY - 30 * DAY):
    return HealthReport(TODAY - 30 * DAY, ours, theirs, trend, trend_theirs, gaps, lows,
                        "trust", last_joint, ours, theirs)


def codes(s, today=TODAY):
    return [r.code for r in attention(s, today)]


def test_a_healthy_partner_needs_no_attention():
    s = summary(review=TODAY)
    assert attention(s, TODAY) == [] and not needs_attention(s, TODAY)
    assert attention_level(s, TODAY) is None


def test_every_now_reason_outweighs_every_watch_reason():
    now = [r.weight for r in RULES.values() if r.level is Level.NOW]
    watch = [r.weight for r in RULES.values() if r.level is Level.WATCH]
    assert now and watch and min(now) > max(watch)
    assert len({r.weight for r in RULES.values()}) == len(RULES)


def test_review_overdue_from_the_day_after():
    assert codes(summary(review=TODAY)) == []
    assert attention_reasons(summary(review=TODAY - DAY), TODAY) == [
        "Review overdue since 2026-05-31"]


def test_one_overdue_action_has_two_weeks_of_grace():
    assert codes(summary(overdue_actions=1, most_overdue_days=rules.ACTION_GRACE_DAYS)) == []
    late = summary(overdue_actions=1, most_overdue_days=rules.ACTION_GRACE_DAYS + 1)
    assert attention_reasons(late, TODAY) == ["1 overdue action"]


def test_two_overdue_actions_count_at_once():
    assert attention_reasons(summary(overdue_actions=2, most_overdue_days=1), TODAY) == [
        "2 overdue actions"]


def test_no_face_to_face_counts_face_to_face_meetings_only():
    edge = TODAY - rules.NO_FACE_TO_FACE_DAYS * DAY
    assert codes(summary(last_face_to_face=edge)) == []
    # a call last week does not replace the review four months ago
    s = summary(last_meeting=TODAY - 7 * DAY, last_face_to_face=edge - DAY)
    assert attention_reasons(s, TODAY) == ["No face-to-face meeting for 121 days"]


def test_a_new_partner_has_a_grace_period_before_no_meeting_counts():
    grace = rules.NEW_PARTNER_GRACE_DAYS
    new = summary(stage=Stage.COURTSHIP, created=TODAY - grace * DAY, last_meeting=None,
                  last_face_to_face=None, health_report=None)
    assert codes(new) == []
    older = summary(stage=Stage.COURTSHIP, created=TODAY - (grace + 1) * DAY,
                    last_meeting=None, last_face_to_face=None, health_report=None)
    assert attention_reasons(older, TODAY) == ["No meeting recorded"]
    calls_only = summary(stage=Stage.COURTSHIP, created=TODAY - (grace + 1) * DAY,
                         last_face_to_face=None, health_report=None)
    assert attention_reasons(calls_only, TODAY) == ["No face-to-face meeting yet"]
    unknown = summary(stage=Stage.COURTSHIP, created=None, last_meeting=None,
                      last_face_to_face=None, health_report=None)
    assert codes(unknown) == ["no_meeting"]


def test_health_falling_on_either_side():
    assert codes(summary(trend=Trend.FALLING)) == ["health_falling"]
    theirs = summary(health_report=report(trend_theirs=Trend.FALLING))
    assert attention_reasons(theirs, TODAY) == ["Health is falling in their eyes"]


def test_health_below_the_floor_even_when_steady():
    assert codes(summary(health_report=report(ours=3.0, theirs=3.0))) == []
    low = summary(health_report=report(ours=3.2, theirs=2.9, gaps=()))
    assert attention(low, TODAY)[0].text == "Health is low: 2.9 overall"
    one_dimension = summary(health_report=report(lows=("trust",)))
    assert attention_reasons(one_dimension, TODAY) == ["Health is low on 1 dimension"]
    assert attention_level(one_dimension, TODAY) is Level.NOW


def test_perception_gap_overall_or_on_one_dimension():
    assert codes(summary(health_report=report(ours=4.0, theirs=3.51))) == []
    overall = summary(health_report=report(ours=4.0, theirs=3.5))
    assert attention_reasons(overall, TODAY) == [
        "The two sides see it differently: we score 0.5 higher"]
    dimension = summary(health_report=report(gaps=("strategic_value",)))
    assert attention_reasons(dimension, TODAY) == [
        "The two sides see it differently on 1 dimension"]


def test_lopsided_value_reads_the_window():
    assert codes(summary(value_window=Balance(200, 100))) == []
    ours = summary(value_window=Balance(201, 100))
    assert attention_reasons(ours, TODAY) == [
        "Value lopsided lately: we give far more than we get"]
    theirs = summary(value_window=Balance(0, 50))
    assert codes(theirs) == ["value_lopsided"]


def test_thin_web_counts_in_bridges_only():
    warning = ("Ties exist only at the top: if an executive leaves, the relationship goes "
               "with them. Connect managers and operational teams.",)
    assert attention_reasons(summary(web_warnings=warning), TODAY) == [
        "Ties exist only at the top"]
    courting = summary(stage=Stage.COURTSHIP, since=TODAY - 10 * DAY, web_warnings=warning,
                       health_report=None)
    assert codes(courting) == []


def test_no_joint_health_check_in_twelve_months():
    edge = TODAY - rules.JOINT_CHECK_DAYS * DAY
    assert codes(summary(health_report=report(last_joint=edge))) == []
    stale = summary(health_report=report(last_joint=edge - DAY))
    assert attention_reasons(stale, TODAY) == ["No joint health check in 12 months"]
    never = summary(health_report=None)
    assert attention_reasons(never, TODAY) == ["No joint health check yet"]
    assert codes(summary(stage=Stage.COMMITMENT, since=TODAY - 10 * DAY,
                         health_report=None)) == []


@pytest.mark.parametrize("stage", [Stage.COURTSHIP, Stage.COMMITMENT, Stage.EXIT])
def test_a_stage_that_has_stalled(stage):
    limit = rules.STALLED_AFTER_DAYS[stage]
    fine = summary(stage=stage, since=TODAY - limit * DAY)
    assert "stalled" not in codes(fine)
    stalled = summary(stage=stage, since=TODAY - (limit + 1) * DAY)
    reason = next(r for r in attention(stalled, TODAY) if r.code == "stalled")
    assert reason.text.startswith(f"In {stage.value} for ") and reason.text.endswith(" months")


def test_bridges_never_stalls():
    assert "stalled" not in codes(summary(since=TODAY - 3000 * DAY))


def test_unmanaged_high_risk():
    assert attention_reasons(summary(unmanaged_high_risk=2), TODAY) == [
        "2 open high-risk differences with no agreed way to manage it"]


def test_reasons_are_ranked_by_weight_not_by_count():
    lost_sponsor = summary("Sponsor", unmanaged_high_risk=1)
    slipped = summary("Slipped", review=TODAY - DAY, overdue_actions=3, most_overdue_days=20,
                      last_face_to_face=TODAY - 200 * DAY)
    assert len(attention(slipped, TODAY)) == 3 > len(attention(lost_sponsor, TODAY))
    assert attention_level(lost_sponsor, TODAY) is Level.NOW
    assert attention_level(slipped, TODAY) is Level.WATCH
    order = attention_order([slipped, lost_sponsor], TODAY)
    assert [s.partner.name for s in order] == ["Sponsor", "Slipped"]
    weights = [r.weight for r in attention(slipped, TODAY)]
    assert weights == sorted(weights, reverse=True)


def test_attention_order_then_review_then_name():
    calm = summary("Calm", review=TODAY + 3 * DAY)
    soon = summary("soon", review=TODAY + DAY)
    falling = summary("Falling", trend=Trend.FALLING)
    worse = summary("Worse", trend=Trend.FALLING, overdue_actions=2)
    unplanned = summary("Able")
    order = attention_order([calm, unplanned, falling, soon, worse], TODAY)
    assert [s.partner.name for s in order] == ["Worse", "Falling", "soon", "Calm", "Able"]


def test_attention_order_takes_reasons_already_judged():
    # The window's table judged every partner once; the home view orders by those reasons
    # instead of judging thousands of partners again, and the order is the same.
    partners = [summary("Calm", review=TODAY + 3 * DAY), summary("Able"),
                summary("Worse", trend=Trend.FALLING, overdue_actions=2),
                summary("Falling", trend=Trend.FALLING)]
    judged = {s.partner.name: attention(s, TODAY) for s in partners}
    asked = []

    def reasons_of(s):
        asked.append(s.partner.name)
        return judged[s.partner.name]

    order = attention_order(partners, TODAY, reasons_of)
    assert order == attention_order(partners, TODAY)
    assert sorted(asked) == sorted(judged)  # each asked once, none judged again
    # what it is handed decides: a partner said to need you now comes first
    urgent = {**judged, "Able": attention(summary("Able", unmanaged_high_risk=1), TODAY)}
    order = attention_order(partners, TODAY, lambda s: urgent[s.partner.name])
    assert order[0].partner.name == "Able"


def test_reason_words_name_the_side():
    s = summary(value_window=Balance(0, 90), health_report=report(ours=3.0, theirs=3.6))
    texts = attention_reasons(s, TODAY)
    assert "Value lopsided lately: they give far more than they get" in texts
    assert "The two sides see it differently: they score 0.6 higher" in texts


def test_low_and_falling_is_one_reason():
    s = summary(trend=Trend.FALLING, health_report=report(ours=2.5, theirs=None,
                                                          trend=Trend.FALLING))
    assert attention_reasons(s, TODAY) == ["Health is low and falling: 2.5 overall"]
    theirs = summary(health_report=report(lows=("trust",), trend_theirs=Trend.FALLING))
    assert attention_reasons(theirs, TODAY) == ["Health is low and falling on 1 dimension"]


def test_a_working_session_counts_as_face_to_face_unless_held_remotely():
    from planner.domain.model import Meeting, MeetingKind
    on_site = Meeting(1, TODAY, MeetingKind.WORKING, place="Their office, Helsinki")
    remote = Meeting(1, TODAY, MeetingKind.WORKING, place="Video call")
    call = Meeting(1, TODAY, MeetingKind.CALL, place="Their office")
    dinner = Meeting(1, TODAY, MeetingKind.SOCIAL, place="Zoom")  # social counts by its kind
    assert on_site.face_to_face and not remote.face_to_face and not call.face_to_face
    assert dinner.face_to_face
