"""The web of ties (trait 9) and why a partner needs attention."""

import datetime as dt

from planner.domain.attention import (
    PartnerSummary,
    attention_order,
    attention_reasons,
    needs_attention,
)
from planner.domain.checklist import Progress
from planner.domain.health import Trend
from planner.domain.model import Level, Partner, Side, Stakeholder, Tie
from planner.domain.people import ambassadors, tie_count, web_report

E, M, OP = Level.EXECUTIVE, Level.MANAGEMENT, Level.OPERATIONAL


def person(pid, side, level, ambassador=False):
    return Stakeholder(1, f"P{pid}", side, level, ambassador=ambassador, id=pid)


def tie(ours, theirs, tie_id):
    return Tie(1, ours, theirs, id=tie_id)


def test_no_ties():
    people = [person(1, Side.OURS, E, True), person(2, Side.THEIRS, E)]
    report = web_report(people, [])
    assert report.thin and report.ties == 0
    assert report.warnings == ("No ties are recorded: nobody on our side is known to know "
                               "anyone on theirs.",)


def test_no_people_no_warnings():
    assert web_report([], []).warnings == ()


def test_executive_only():
    people = [person(1, Side.OURS, E, True), person(2, Side.THEIRS, E),
              person(3, Side.OURS, E), person(4, Side.THEIRS, E)]
    report = web_report(people, [tie(1, 2, 1), tie(3, 4, 2)])
    assert report.levels_with_ties == {E}
    assert len(report.warnings) == 1 and report.warnings[0].startswith("Ties exist only at the top")


def test_one_person_holds_every_tie():
    people = [person(1, Side.OURS, M, True), person(2, Side.THEIRS, M),
              person(3, Side.THEIRS, OP), person(4, Side.THEIRS, E)]
    report = web_report(people, [tie(1, 2, 1), tie(1, 3, 2), tie(1, 4, 3)])
    assert report.warnings == ("P1 holds every tie: spread involvement so the alliance does "
                               "not hang on one person.",)


def test_a_single_level_that_is_not_the_top():
    people = [person(1, Side.OURS, OP, True), person(2, Side.THEIRS, OP),
              person(3, Side.OURS, OP), person(4, Side.THEIRS, OP)]
    report = web_report(people, [tie(1, 2, 1), tie(3, 4, 2)])
    assert report.warnings == ("Ties exist only at operational level: connect the leaders too.",)


def test_healthy_web():
    people = [person(1, Side.OURS, E, True), person(2, Side.THEIRS, E),
              person(3, Side.OURS, M), person(4, Side.THEIRS, M),
              person(5, Side.OURS, OP), person(6, Side.THEIRS, OP, True)]
    ties = [tie(1, 2, 1), tie(3, 4, 2), tie(5, 6, 3), tie(3, 2, 4)]
    report = web_report(people, ties)
    assert not report.thin and report.warnings == ()
    assert report.levels_with_ties == {E, M, OP}
    assert [p.id for p in ambassadors(people)] == [1, 6]
    assert tie_count(3, ties) == 2 and tie_count(5, ties) == 1


def test_no_ambassador():
    people = [person(1, Side.OURS, E), person(2, Side.THEIRS, M)]
    report = web_report(people, [tie(1, 2, 1)])
    assert report.warnings == ("No ambassador is named: someone should watch over the "
                               "relationship.",)


TODAY = dt.date(2026, 6, 1)


def summary(name="Acme", **figures):
    review = figures.pop("next_review", None)
    figures.setdefault("last_meeting", TODAY - dt.timedelta(days=10))
    return PartnerSummary(Partner(name, next_review=review), Progress(0, 0), **figures)


def test_a_healthy_partner_needs_no_attention():
    s = summary(next_review=TODAY, trend=Trend.STEADY)
    assert attention_reasons(s, TODAY) == []
    assert not needs_attention(s, TODAY)


def test_each_reason():
    assert attention_reasons(summary(next_review=dt.date(2026, 5, 31)), TODAY) == [
        "Review overdue since 2026-05-31"]
    assert attention_reasons(summary(overdue_actions=1), TODAY) == ["1 overdue action"]
    assert attention_reasons(summary(overdue_actions=3), TODAY) == ["3 overdue actions"]
    assert attention_reasons(summary(last_meeting=None), TODAY) == ["No meeting recorded"]
    assert attention_reasons(summary(last_meeting=TODAY - dt.timedelta(days=91)), TODAY) == [
        "No meeting for 91 days"]
    assert attention_reasons(summary(last_meeting=TODAY - dt.timedelta(days=90)), TODAY) == []
    assert attention_reasons(summary(trend=Trend.FALLING), TODAY) == ["Health is falling"]
    assert attention_reasons(summary(unmanaged_high_risk=1), TODAY) == [
        "1 open high-risk difference with no agreed way to manage it"]
    assert attention_reasons(summary(unmanaged_high_risk=2), TODAY) == [
        "2 open high-risk differences with no agreed way to manage it"]


def test_attention_order():
    calm = summary("Calm", next_review=TODAY + dt.timedelta(days=3))
    soon = summary("soon", next_review=TODAY + dt.timedelta(days=1))
    one = summary("One", trend=Trend.FALLING)
    two = summary("Two", trend=Trend.FALLING, overdue_actions=2)
    unplanned = summary("Able")
    order = attention_order([calm, unplanned, one, soon, two], TODAY)
    assert [s.partner.name for s in order] == ["Two", "One", "soon", "Calm", "Able"]
