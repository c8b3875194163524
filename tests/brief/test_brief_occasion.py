"""One rule for the meeting a partner brief prepares, and what is overdue on it."""

import datetime as dt

from planner.domain.brief_content import brief_occasion, partner_brief_content
from planner.domain.model import Action, Partner, PartnerRecord
from planner.services.partners import template_checklist

TODAY = dt.date(2026, 6, 1)  # a Monday
REVIEW = dt.date(2026, 6, 9)
HELIX = Partner("Helix", next_review=REVIEW, review_place="Spinningfields, Manchester")


def test_by_default_a_brief_is_for_the_next_review_and_its_place():
    occasion = brief_occasion(HELIX, TODAY)
    assert (occasion.today, occasion.date, occasion.place) == (TODAY, REVIEW,
                                                              "Spinningfields, Manchester")
    assert occasion.review and occasion.review_overdue_since is None


def test_a_review_today_is_the_review():
    occasion = brief_occasion(HELIX, REVIEW)
    assert occasion.date == REVIEW and occasion.review and occasion.place
    assert occasion.review_overdue_since is None  # on its day a review is not overdue yet


def test_with_no_review_ahead_the_meeting_is_today_without_a_place():
    late = brief_occasion(HELIX, REVIEW + dt.timedelta(days=3))
    assert late.date == REVIEW + dt.timedelta(days=3) and late.place == ""
    assert not late.review and late.review_overdue_since == REVIEW
    none = brief_occasion(Partner("New"), TODAY)
    assert none.date == TODAY and not none.review and none.review_overdue_since is None


def test_a_given_date_and_place_win():
    other = brief_occasion(HELIX, TODAY, dt.date(2026, 6, 3))
    assert other.date == dt.date(2026, 6, 3) and other.place == "" and not other.review
    placed = brief_occasion(HELIX, TODAY, dt.date(2026, 6, 3), "  Their   office ")
    assert placed.place == "Their office"
    same_day = brief_occasion(HELIX, TODAY, REVIEW)
    assert same_day.review and same_day.place == "Spinningfields, Manchester"
    moved = brief_occasion(HELIX, TODAY, place="Video call")
    assert moved.date == REVIEW and moved.place == "Video call"


def test_overdue_is_counted_on_the_day_of_printing_not_the_meeting():
    actions = (
        Action(1, "late today", due=TODAY - dt.timedelta(days=2), id=1),
        Action(1, "due this week", due=TODAY + dt.timedelta(days=3), id=2),
        Action(1, "due on the day", due=REVIEW, id=3),
        Action(1, "due after", due=REVIEW + dt.timedelta(days=1), id=4),
    )
    record = PartnerRecord(HELIX, template_checklist(None), actions=actions)
    content = partner_brief_content(record, brief_occasion(HELIX, TODAY))
    state = {o.action.text: (o.overdue, o.before_meeting, o.days_overdue)
             for o in content.actions}
    assert state == {"late today": (True, False, 2), "due this week": (False, True, 0),
                     "due on the day": (False, True, 0), "due after": (False, False, 0)}
    assert content.overdue == 1 and content.due_before_meeting == 2
    assert content.today == TODAY and content.date == REVIEW
