"""Content selection for briefs, without ReportLab: order, cuts and the agenda."""

import dataclasses
import datetime as dt

from planner.domain.attention import PartnerSummary
from planner.domain.brief_content import (
    Limits,
    cut,
    partner_brief_content,
)
from planner.domain.checklist import Progress
from planner.domain.differences import risk
from planner.domain.model import Action, Meeting, MeetingKind, Partner, Side
from planner.domain.portfolio_brief import portfolio_brief_content
from planner.services import portfolio_io

from .conftest import huge_record

TODAY = dt.date(2026, 6, 1)


def sample_record(name):
    records = portfolio_io.sample_records(portfolio_io.SAMPLE_ANCHOR)
    return next(r for r in records if r.partner.name == name)


def test_cut_says_how_many_it_left_out():
    shown = cut(range(10), 3)
    assert shown.items == (0, 1, 2) and shown.more == 7 and shown.total == 10
    assert cut([], 3).more == 0


def test_every_list_is_cut_to_its_limit_for_a_huge_partner():
    content = partner_brief_content(huge_record(), TODAY)
    limits = Limits()
    assert len(content.differences) == limits.differences
    assert content.differences.more == 200 - limits.differences
    assert len(content.actions) == limits.actions
    assert len(content.meetings) <= limits.meetings
    assert len(content.ours_in_room) <= limits.attendees_per_side
    assert len(content.agenda) <= limits.agenda


def test_open_differences_come_highest_risk_first():
    content = partner_brief_content(huge_record(differences=12), TODAY)
    risks = [d.risk for d in content.differences]
    assert risks == sorted(risks, reverse=True)
    assert all(d.question for d in content.differences)


def test_overdue_actions_come_first_longest_overdue_first():
    record = huge_record(differences=0)
    actions = (
        Action(1, "later", due=TODAY + dt.timedelta(days=9), id=1),
        Action(1, "a little late", due=TODAY - dt.timedelta(days=2), id=2),
        Action(1, "very late", due=TODAY - dt.timedelta(days=40), id=3),
        Action(1, "done late", due=TODAY - dt.timedelta(days=40), done=True, id=4),
        Action(1, "undated", id=5),
    )
    content = partner_brief_content(dataclasses.replace(record, actions=actions), TODAY)
    assert [o.action.text for o in content.actions] == ["very late", "a little late", "later",
                                                         "undated"]
    assert content.overdue == 2
    # the review opens with objectives, not with a list of what is late
    assert content.agenda.items[0].source == "objectives"
    results = next(i for i in content.agenda if i.source == "results")
    assert "then what slipped (2 overdue actions)" in results.text


def test_the_agenda_runs_a_60_minute_review_in_a_practitioners_order():
    record = sample_record("Quillmark Software")
    content = partner_brief_content(record, record.partner.next_review)
    sources = [item.source for item in content.agenda]
    assert sources == ["objectives", "results", "moment", "decision", "health", "difference",
                       "difference", "close"]
    assert sum(item.minutes for item in content.agenda) == 60
    assert all(item.minutes >= 5 for item in content.agenda)
    decision = next(i for i in content.agenda if i.source == "decision")
    assert decision.text == f"Decide: {record.partner.decision_needed}"
    assert content.decision == record.partner.decision_needed
    # the top two open differences, riskiest first, as questions
    questions = [d.question for d in content.differences][:2]
    texts = [i.text for i in content.agenda if i.source == "difference"]
    assert all(q in t for q, t in zip(questions, texts, strict=True))
    # no stale checklist items, no internal worries on the joint agenda
    joint = " ".join(i.text for i in content.agenda)
    assert "lawyers" not in joint and "Lopsided" not in joint and "Our " not in joint
    assert any(line.startswith("Our ask: Lopsided over the last 2 quarters")
               for line in content.internal)


def test_every_sample_agenda_fills_the_hour_and_keeps_our_preparation_apart():
    for record in portfolio_io.sample_records(portfolio_io.SAMPLE_ANCHOR):
        date = record.partner.next_review or TODAY
        content = partner_brief_content(record, date)
        assert sum(i.minutes for i in content.agenda) == 60, record.partner.name
        assert content.agenda.more == 0
        joint = " ".join(i.text for i in content.agenda)
        for line in content.internal:
            assert line not in joint
        assert not any("ambassador" in i.text for i in content.agenda)


def test_the_health_item_names_the_gap_and_the_weakest_dimension():
    record = sample_record("Meridian Geodata")
    content = partner_brief_content(record, record.partner.next_review)
    health = next(i for i in content.agenda if i.source == "health")
    assert health.text.startswith("Health: we score 3.7, they score 3.2")
    assert "furthest apart on Strategic value" in health.text
    assert content.health.report.perception_gap and content.health.weakest == "strategic_value"


def test_with_no_decision_recorded_the_internal_box_asks_for_one():
    record = sample_record("Helix & Stone Consulting")
    content = partner_brief_content(record, record.partner.next_review)
    assert content.decision == ""
    assert content.internal[0].startswith("No decision is recorded for this review")
    meeting = Meeting(record.partner.id, TODAY, MeetingKind.REVIEW, id=777,
                      decision_needed="Extend the offer to food and beverage?")
    dated = partner_brief_content(dataclasses.replace(
        record, meetings=record.meetings + (meeting,)), TODAY)
    assert dated.decision == "Extend the offer to food and beverage?"
    assert "Decide: Extend the offer to food and beverage?" in [i.text for i in dated.agenda]


def test_the_executives_are_all_expected_at_a_first_review():
    record = sample_record("Aurora Health Informatics")
    no_meetings = dataclasses.replace(record, meetings=(), actions=())
    content = partner_brief_content(no_meetings, TODAY)
    room = [a.person for a in (*content.ours_in_room, *content.theirs_in_room)]
    executives = [s for s in record.stakeholders if s.level.value == "executive"]
    assert len(executives) >= 3 and all(e in room for e in executives)


def test_since_the_last_review_starts_at_the_last_face_to_face_meeting():
    record = sample_record("Helix & Stone Consulting")
    date = record.partner.next_review
    content = partner_brief_content(record, date)
    reviews = [m.date for m in record.meetings if m.kind in (MeetingKind.REVIEW,
                                                             MeetingKind.BOARD) and m.date < date]
    assert content.since == max(reviews)
    assert all(m.date >= content.since for m in content.meetings)


def test_a_moment_of_truth_since_the_last_review_goes_on_the_agenda():
    record = sample_record("Helix & Stone Consulting")
    moment = Meeting(record.partner.id, TODAY - dt.timedelta(days=1), MeetingKind.CALL,
                     notes="The go-live slipped a week. Both sides stayed late.",
                     moment_of_truth=True, id=9999)
    record = dataclasses.replace(record, meetings=record.meetings + (moment,))
    content = partner_brief_content(record, TODAY)
    assert moment in content.moments_of_truth
    assert any(i.source == "moment" and "The go-live slipped a week." in i.text
               for i in content.agenda)
    assert sum(i.minutes for i in content.agenda) == 60


def test_people_in_the_room_come_with_whom_they_know():
    record = sample_record("Helix & Stone Consulting")
    content = partner_brief_content(record, record.partner.next_review)
    assert content.ours_in_room.items and content.theirs_in_room.items
    assert all(a.person.side is Side.OURS for a in content.ours_in_room)
    assert any(a.knows for a in content.theirs_in_room)
    ambassadors = [a for a in content.ours_in_room if a.person.ambassador]
    assert ambassadors and content.ours_in_room.items[0].person.ambassador


def test_portfolio_content_puts_attention_first():
    def summary(name, **kw):
        return PartnerSummary(Partner(name, next_review=kw.pop("review", None)),
                              Progress(1, 2), last_meeting=TODAY, last_face_to_face=TODAY,
                              **kw)

    content = portfolio_brief_content(
        [summary("Calm"), summary("Late", overdue_actions=2),
         summary("Worse", overdue_actions=1, review=TODAY - dt.timedelta(days=3))], TODAY)
    assert [r.summary.partner.name for r in content.rows] == ["Worse", "Late", "Calm"]
    assert content.rows[0].reasons and not content.rows[-1].reasons
    assert content.needing_attention == 2


def test_risk_order_is_the_domain_risk():
    content = partner_brief_content(huge_record(differences=5), TODAY)
    assert all(d.risk == risk(d.difference) for d in content.differences)


def test_portfolio_at_a_glance_counts_ranks_and_cuts():
    from planner.domain.health import Trend
    from planner.domain.model import Area, Difference, Rating

    def partner(i, **kw):
        return Partner(f"P{i}", id=i, **kw)

    summaries = [
        PartnerSummary(partner(1, next_review=TODAY + dt.timedelta(days=10), review_place="Leeds"),
                       Progress(1, 2), health=4.0, trend=Trend.RISING, last_meeting=TODAY),
        PartnerSummary(partner(2, next_review=TODAY - dt.timedelta(days=2)), Progress(1, 2),
                       health=2.0, trend=Trend.FALLING, last_meeting=TODAY,
                       unmanaged_high_risk=1),
        PartnerSummary(partner(3, next_review=TODAY + dt.timedelta(days=31)), Progress(1, 2),
                       health=3.0, last_meeting=TODAY, overdue_actions=1),
        PartnerSummary(partner(4), Progress(0, 0), last_meeting=TODAY),
    ]
    high, medium = Rating.HIGH, Rating.MEDIUM
    differences = [
        Difference(1, Area.CULTURE, likelihood=high, impact=high, management="Monthly sync",
                   id=1),
        Difference(2, Area.CONTRACT, likelihood=high, impact=high, id=2),
        Difference(3, Area.PROCESS, likelihood=medium, impact=high, id=3),
        Difference(3, Area.POLICY, likelihood=medium, impact=medium, id=4),  # not high risk
    ] + [Difference(1, Area.OTHER, likelihood=medium, impact=high, id=10 + i) for i in range(5)]
    content = portfolio_brief_content(summaries, TODAY, value={1: (300, 100), 2: (0, 50)},
                                      differences=differences, currency="EUR")
    # riskiest first, unmanaged before managed, then by partner
    assert [r.difference.id for r in content.risks] == [2, 1, 10, 11, 12]
    assert content.risks.more == 3 and all(r.risk >= 6 for r in content.risks)
    assert [d.partner.name for d in content.decisions] == ["P2"]  # the one with a NOW reason
    assert "Health is falling" in " ".join(content.decisions.items[0].why)
    assert content.health_bands == {"good": 1, "fair": 1, "poor": 1, "no check": 1}
    assert content.trends[Trend.RISING] == 1 and content.trends[None] == 2
    assert (content.value.ours, content.value.theirs) == (300, 150)
    assert [r.partner.name for r in content.reviews] == ["P1"]  # P3 is 31 days away
    assert content.reviews_overdue == 1 and content.until == TODAY + dt.timedelta(days=30)
    assert content.rows[0].first.level.value == "now"


def test_an_action_due_on_the_day_of_the_brief_is_open_not_overdue():
    record = huge_record(differences=0)
    actions = (
        Action(1, "due yesterday", due=TODAY - dt.timedelta(days=1), id=1),
        Action(1, "due today", due=TODAY, id=2),
        Action(1, "due tomorrow", due=TODAY + dt.timedelta(days=1), id=3),
    )
    content = partner_brief_content(dataclasses.replace(record, actions=actions), TODAY)
    late = {o.action.text: (o.overdue, o.days_overdue) for o in content.actions}
    assert late == {"due yesterday": (True, 1), "due today": (False, 0),
                    "due tomorrow": (False, 0)}
    assert content.overdue == 1
    [results] = [i for i in content.agenda if i.source == "results"]
    assert "(1 overdue action)" in results.text  # due yesterday, not today
    # Without yesterday's action nothing at all is overdue and the agenda says nothing of it.
    earlier = partner_brief_content(dataclasses.replace(record, actions=actions[1:]), TODAY)
    assert earlier.overdue == 0
    assert all("overdue" not in i.text for i in earlier.agenda)
