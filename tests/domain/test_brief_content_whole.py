"""A whole partner brief for one well-known partner, field by field: printed on Monday 1 June
for the review of Tuesday 9 June, what it shows of every part of the record; then the days at
the edges of "since the last review" and "on the meeting's day"."""

import dataclasses
import datetime as dt

from planner.domain.brief_content import HealthPoint, brief_occasion, partner_brief_content
from planner.domain.checklist import Progress
from planner.domain.health import Trend
from planner.domain.model import (
    Action,
    Area,
    Cadence,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Rating,
    Scope,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueExchange,
)
from planner.domain.stages import Stage

DAY = dt.timedelta(days=1)
TODAY = dt.date(2026, 6, 1)  # the brief is printed on a Monday
MEETING = dt.date(2026, 6, 9)  # for the review of the Tuesday after
LAST = dt.date(2026, 3, 10)  # the last review
ACME = Partner("Acme", Stage.COMMITMENT, definition="A joint cloud offer for retailers",
               next_review=MEETING, review_place="Leeds", id=1)


def scores(ours: tuple[int, int], theirs: tuple[int, int] | None = None):
    return tuple(HealthScore(key, o, t) for key, o, t in
                 zip(("trust", "governance"), ours, theirs or (None, None), strict=True))


RECORD = PartnerRecord(
    ACME,
    checklist=(
        ChecklistItem(1, Stage.COURTSHIP, "Meet their sponsor", done=True,
                      done_on=LAST - 90 * DAY, id=1),
        ChecklistItem(1, Stage.COMMITMENT, "Sign the agreement", id=2),
        # ticked a quarter before the meeting and due again every quarter: open again
        ChecklistItem(1, Stage.COMMITMENT, "Review our account plan", scope=Scope.INTERNAL,
                      done=True, done_on=LAST - 30 * DAY, cadence=Cadence.QUARTERLY, id=3),
        ChecklistItem(1, Stage.COMMITMENT, "Name our sponsor", scope=Scope.INTERNAL, done=True,
                      done_on=LAST, id=4),
    ),
    stakeholders=(
        Stakeholder(1, "Olga", Side.OURS, Level.OPERATIONAL, id=1),
        Stakeholder(1, "Tara", Side.THEIRS, Level.MANAGEMENT, id=2),
        Stakeholder(1, "Eve", Side.OURS, Level.EXECUTIVE, id=3),
        Stakeholder(1, "Theo", Side.THEIRS, Level.EXECUTIVE, ambassador=True, id=4),
    ),
    ties=(Tie(1, 1, 2, Strength.WORKING, id=1),),
    differences=(
        Difference(1, Area.PROCESS, likelihood=Rating.LOW, impact=Rating.LOW, id=2),
        Difference(1, Area.CULTURE, likelihood=Rating.HIGH, impact=Rating.HIGH, id=1),
        Difference(1, Area.POLICY, status=DifferenceStatus.RESOLVED, id=3),
    ),
    meetings=(
        Meeting(1, LAST - 30 * DAY, MeetingKind.CALL, id=1),
        Meeting(1, LAST, MeetingKind.REVIEW, attendee_ids=(1, 2), id=2),
        Meeting(1, LAST + 20 * DAY, MeetingKind.CALL, moment_of_truth=True, id=3,
                notes="The go-live slipped a week. Both sides stayed late."),
        Meeting(1, MEETING, MeetingKind.REVIEW, decision_needed="Extend the offer to food?",
                id=4),
    ),
    actions=(
        Action(1, "Draft the offer", due=MEETING + DAY, id=3),
        Action(1, "Book the room", due=TODAY, id=2),
        Action(1, "Send the plan", due=TODAY - 3 * DAY, id=1),
        Action(1, "Signed the NDA", done=True, done_on=LAST + 5 * DAY, id=4),
        Action(1, "Imported without a date", done=True, id=5),
    ),
    value=(
        ValueExchange(1, Side.THEIRS, "Joint webinar", 50, LAST + 10 * DAY, id=1),
        ValueExchange(1, Side.OURS, "Leads", 40, LAST - 10 * DAY, id=2),
        ValueExchange(1, Side.OURS, "Undated gift", 5, None, id=3),
    ),
    health=(
        HealthCheck(1, TODAY - 700 * DAY, scores((5, 5)), id=1),  # beyond the trend's reach
        HealthCheck(1, TODAY - 100 * DAY, scores((3, 4), (3, 2)), id=2),
        HealthCheck(1, TODAY - 50 * DAY, (), id=3),  # started, nothing scored
        HealthCheck(1, TODAY - 10 * DAY, scores((4, 3)), id=4),
    ),
)


def test_a_brief_printed_a_week_before_the_review_shows_the_record_as_the_meeting_needs_it():
    content = partner_brief_content(RECORD, brief_occasion(ACME, TODAY))
    assert (content.partner, content.date, content.today, content.place) == (
        ACME, MEETING, TODAY, "Leeds")
    assert (content.prepared_by, content.currency) == ("", "")
    assert content.stakeholder_names == {1: "Olga", 2: "Tara", 3: "Eve", 4: "Theo"}
    assert content.progress == {Stage.COURTSHIP: Progress(1, 1),
                                Stage.COMMITMENT: Progress(1, 3),
                                Stage.BRIDGES: Progress(0, 0), Stage.EXIT: Progress(0, 0)}
    assert content.next_stage is Stage.BRIDGES
    assert content.web.warnings == ("Only their side has named an ambassador: name ours, so "
                                    "someone here watches over the relationship too.",)
    # Who was at the last review, and their ambassador; who knows whom across.
    room = [(a.person.name, a.knows, a.knows_more)
            for a in (*content.ours_in_room, *content.theirs_in_room)]
    assert room == [("Olga", (("Tara", Strength.WORKING),), 0), ("Theo", (), 0),
                    ("Tara", (("Olga", Strength.WORKING),), 0)]
    # Open differences riskiest first, each with its question; the resolved one left out.
    assert [(d.difference.area, d.risk, d.high, d.question) for d in content.differences] == [
        (Area.CULTURE, 9, True, "What does good work look like on their side, and where does "
                                "our way of working grate?"),
        (Area.PROCESS, 1, False, "What does their process protect them from, and what would "
                                 "changing it cost them?")]
    assert (content.differences.more, content.high_risk_open) == (0, 1)
    # Late on the day of printing first; due today is not late but due before the meeting.
    assert [(o.action.text, o.overdue, o.days_overdue, o.before_meeting)
            for o in content.actions] == [("Send the plan", True, 3, False),
                                           ("Book the room", False, 0, True),
                                           ("Draft the offer", False, 0, False)]
    assert (content.overdue, content.due_before_meeting) == (1, 1)
    # Since the last review, that review included; the meeting's own day too.
    assert content.since == LAST
    assert [m.id for m in content.meetings] == [4, 3, 2] and content.meetings.more == 0
    assert [m.id for m in content.moments_of_truth] == [3]
    assert content.value.sentence() == ("They give more over the last 2 quarters: we give 40, "
                                        "they give 50.")
    assert (content.balance.ours, content.balance.theirs) == (40, 50)
    assert [v.what for v in content.value_recent] == ["Joint webinar", "Leads", "Undated gift"]
    # Health on the latest check; its trend over the last 18 months only (3.5 then 3.5: steady,
    # where the check of 2024 at 5.0 would make it falling).
    health = content.health
    assert (health.date, health.ours, health.theirs, health.trend, health.weakest) == (
        TODAY - 10 * DAY, 3.5, None, Trend.STEADY, "governance")
    assert health.points == (HealthPoint(TODAY - 700 * DAY, 5.0, None),
                             HealthPoint(TODAY - 100 * DAY, 3.5, 2.5),
                             HealthPoint(TODAY - 10 * DAY, 3.5, None))
    assert health.report.last_joint == TODAY - 100 * DAY
    assert [(i.source, i.text, i.minutes) for i in content.agenda] == [
        ("objectives", "Objectives: what each side needs in the agreement to back it.", 5),
        ("results", "Results against the joint plan (wins first): Joint webinar; then what "
                    "slipped (1 overdue action).", 10),
        ("moment", "Moment of truth (2026-03-30): how did each side respond, what do we keep? "
                   "The go-live slipped a week.", 10),
        ("decision", "Decide: Extend the offer to food?", 15),
        ("health", "Health: score it together now; at the joint check of 2026-02-21 we scored "
                   "3.5, they 2.5. Weakest: Governance.", 5),
        ("difference", "Culture: What does good work look like on their side, and where does "
                       "our way of working grate?", 5),
        ("difference", "Process: What does their process protect them from, and what would "
                       "changing it cost them?", 5),
        ("close", "Close: actions with an owner on each side and a date; confirm the next "
                  "review.", 5)]
    assert content.decision == "Extend the offer to food?"
    assert content.internal == (
        "Our worry: the culture difference has no agreed way to manage it (bring a proposal).",
        "The web: Only their side has named an ambassador: name ours, so someone here watches "
        "over the relationship too.",
        "Our homework: Review our account plan")


def test_who_prepared_it_and_in_what_currency_are_handed_through():
    content = partner_brief_content(RECORD, MEETING, prepared_by="Ann", currency="EUR")
    assert (content.prepared_by, content.currency) == ("Ann", "EUR")


def test_what_happened_since_counts_from_the_last_reviews_day_to_the_meetings_day():
    # A brief for the past review of 10 March, printed on its day: what was done or given on
    # the last review's day (10 December) and on the meeting's day is in; a day outside is not.
    earlier = LAST - 90 * DAY
    meetings = (Meeting(1, earlier, MeetingKind.BOARD, id=1),)
    done = tuple(Action(1, f"Done {day:%d %b}", done=True, done_on=day, id=n)
                 for n, day in enumerate((earlier - DAY, earlier, LAST, LAST + DAY), start=1))
    gifts = tuple(ValueExchange(1, Side.THEIRS, f"Gift {day:%d %b}", worth, day, id=n)
                  for n, (day, worth) in enumerate(((earlier - DAY, 90), (earlier, 20),
                                                    (LAST, 30), (LAST + DAY, 80)), start=1))
    plain = PartnerRecord(ACME, meetings=meetings)

    def results(**parts) -> str:
        content = partner_brief_content(dataclasses.replace(plain, **parts), LAST)
        assert content.since == earlier
        [text] = [i.text for i in content.agenda if i.source == "results"]
        return text

    lead = "Results against the joint plan (wins first): "
    assert results(actions=done) == lead + "Done 10 Dec; Done 10 Mar."
    assert results(value=gifts) == lead + "Gift 10 Mar; Gift 10 Dec."


def test_a_health_check_on_the_meetings_day_is_the_latest_one_after_it_is_not():
    checks = (HealthCheck(1, LAST - DAY, scores((4, 4)), id=1),
              HealthCheck(1, LAST, scores((2, 3), (3, 3)), id=2),
              HealthCheck(1, LAST + DAY, scores((1, 1)), id=3))
    health = partner_brief_content(PartnerRecord(ACME, health=checks), LAST).health
    assert (health.date, health.ours, health.theirs, health.trend) == (
        LAST, 2.5, 3.0, Trend.FALLING)
    assert [p.date for p in health.points] == [LAST - DAY, LAST]


def test_only_the_latest_checks_are_drawn_up_to_the_limit():
    from planner.domain.brief_content import Limits

    checks = tuple(HealthCheck(1, LAST - n * DAY, scores((n, n)), id=n) for n in (3, 2, 1))
    health = partner_brief_content(PartnerRecord(ACME, health=checks), LAST,
                                   Limits(health_points=2)).health
    assert health.points == (HealthPoint(LAST - 2 * DAY, 2.0, None),
                             HealthPoint(LAST - DAY, 1.0, None))
