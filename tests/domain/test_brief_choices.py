"""What a partner brief chooses from the record, edge by edge: the last review before the
meeting, who is expected in the room after it, the newest value first, who prepared it."""

import datetime as dt

from planner.domain.brief_content import partner_brief_content
from planner.domain.model import (
    Level,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Side,
    Stakeholder,
    ValueExchange,
)
from planner.domain.stages import Stage

DAY = dt.date(2026, 6, 1)
ACME = Partner("Acme", Stage.BRIDGES, definition="Joint offer", id=1)
PEOPLE = (Stakeholder(1, "Olga", Side.OURS, Level.OPERATIONAL, id=1),
          Stakeholder(1, "Tara", Side.THEIRS, Level.OPERATIONAL, id=2),
          Stakeholder(1, "Eve", Side.OURS, Level.EXECUTIVE, id=3),
          Stakeholder(1, "Theo", Side.THEIRS, Level.OPERATIONAL, id=4))


def review(days_before: int, *attendees: int, id: int) -> Meeting:
    return Meeting(1, DAY - dt.timedelta(days=days_before), MeetingKind.REVIEW,
                   attendee_ids=attendees, id=id)


def in_room(content) -> list[str]:
    return [a.person.name for a in (*content.ours_in_room, *content.theirs_in_room)]


def test_the_last_review_is_the_one_before_the_meetings_day_not_the_meeting_itself():
    record = PartnerRecord(ACME, meetings=(review(60, id=1), review(0, id=2)))
    assert partner_brief_content(record, DAY).since == DAY - dt.timedelta(days=60)


def test_after_a_review_those_who_were_there_are_expected_not_the_executives():
    record = PartnerRecord(ACME, stakeholders=PEOPLE, meetings=(review(30, 1, 2, id=1),))
    assert in_room(partner_brief_content(record, DAY)) == ["Olga", "Tara"]
    first = PartnerRecord(ACME, stakeholders=PEOPLE)
    assert "Eve" in in_room(partner_brief_content(first, DAY))  # before any review


def test_of_two_reviews_on_one_day_the_later_recorded_is_the_last():
    record = PartnerRecord(ACME, stakeholders=PEOPLE,
                           meetings=(review(30, 1, 2, id=1), review(30, 1, 4, id=2)))
    assert in_room(partner_brief_content(record, DAY)) == ["Olga", "Theo"]


def test_the_three_newest_exchanges_come_newest_first():
    value = tuple(ValueExchange(1, Side.OURS, f"Gift {n}", 1, DAY - dt.timedelta(days=n), id=n)
                  for n in (40, 10, 30, 20))
    shown = partner_brief_content(PartnerRecord(ACME, value=value), DAY).value_recent
    assert [v.what for v in shown] == ["Gift 10", "Gift 20", "Gift 30"] and shown.more == 1


def test_the_brief_says_who_prepared_it():
    content = partner_brief_content(PartnerRecord(ACME), DAY, prepared_by="Ann")
    assert content.prepared_by == "Ann"
