"""Who a partner brief expects in the room and whom each knows across; and that no list on a
brief depends on the order the record happens to list things in: equals are ordered by when
they were recorded, one not saved yet first."""

import datetime as dt

from planner.domain.brief_content import Limits, brief_occasion, partner_brief_content
from planner.domain.model import (
    Action,
    HealthCheck,
    HealthScore,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueExchange,
)
from planner.domain.stages import Stage

DAY = dt.timedelta(days=1)
MEETING = dt.date(2026, 6, 9)
ACME = Partner("Acme", Stage.BRIDGES, definition="A joint cloud offer", id=1)

OURS = (Stakeholder(1, "Ann", Side.OURS, Level.OPERATIONAL, ambassador=True, id=1),
        Stakeholder(1, "Zed", Side.OURS, Level.EXECUTIVE, id=2),
        Stakeholder(1, "Bea", Side.OURS, Level.MANAGEMENT, id=3),
        Stakeholder(1, "Abe", Side.OURS, Level.OPERATIONAL, id=4),
        Stakeholder(1, "Amy", Side.OURS, Level.MANAGEMENT, id=5),
        Stakeholder(1, "Eve", Side.OURS, Level.EXECUTIVE, id=6))
THEIRS = (Stakeholder(1, "Tim", Side.THEIRS, Level.OPERATIONAL, id=11),
          Stakeholder(1, "Tia", Side.THEIRS, Level.MANAGEMENT, id=12),
          Stakeholder(1, "Tom", Side.THEIRS, Level.EXECUTIVE, id=13),
          Stakeholder(1, "Tess", Side.THEIRS, Level.MANAGEMENT, id=14))
TIES = (Tie(1, 2, 12, Strength.WORKING, id=3),
        Tie(1, 2, 14, Strength.WORKING, id=2),
        Tie(1, 2, 11, Strength.WEAK, id=4),
        Tie(1, 2, 13, Strength.STRONG, id=1),
        Tie(1, 5, 13, Strength.WEAK, id=5),
        Tie(1, 4, 99, Strength.STRONG, id=6),  # to someone of theirs since removed
        Tie(1, 98, 13, Strength.STRONG, id=7))  # from someone of ours since removed
REVIEW = Meeting(1, MEETING - 90 * DAY, MeetingKind.REVIEW, attendee_ids=(2, 3, 4, 5), id=1)


def room(record: PartnerRecord, limits: Limits | None = None):
    content = partner_brief_content(record, MEETING, limits or Limits())
    return ([(a.person.name, a.knows, a.knows_more) for a in content.ours_in_room],
            content.ours_in_room.more,
            [(a.person.name, a.knows, a.knows_more) for a in content.theirs_in_room])


def test_after_a_review_its_people_and_the_ambassadors_are_expected_seniors_first():
    ours, more, theirs = room(PartnerRecord(ACME, stakeholders=OURS + THEIRS, ties=TIES,
                                            meetings=(REVIEW,)))
    # Ann was not there but is our ambassador; Eve, an executive who was not, is not expected.
    assert ours == [
        ("Ann", (), 0),
        ("Zed", (("Tom", Strength.STRONG), ("Tess", Strength.WORKING),
                 ("Tia", Strength.WORKING)), 1),
        ("Amy", (("Tom", Strength.WEAK),), 0),
        ("Bea", (), 0),
        ("Abe", (), 0)]
    assert more == 0
    # Nobody of theirs was there and they name no ambassador: their three most senior, to
    # invite, each with whom they know on our side.
    assert theirs == [("Tom", (("Zed", Strength.STRONG), ("Amy", Strength.WEAK)), 0),
                      ("Tess", (("Zed", Strength.WORKING),), 0),
                      ("Tia", (("Zed", Strength.WORKING),), 0)]


def test_the_room_is_cut_to_its_limit_and_says_how_many_more():
    ours, more, _ = room(PartnerRecord(ACME, stakeholders=OURS + THEIRS, ties=TIES,
                                       meetings=(REVIEW,)), Limits(attendees_per_side=3))
    assert [name for name, _, _ in ours] == ["Ann", "Zed", "Amy"] and more == 2


def test_before_any_review_the_executives_and_ambassadors_are_expected():
    ours, _, theirs = room(PartnerRecord(ACME, stakeholders=OURS + THEIRS))
    assert [name for name, _, _ in ours] == ["Ann", "Eve", "Zed"]
    assert [name for name, _, _ in theirs] == ["Tom"]


def both_ways(record: PartnerRecord, **lists):
    """The brief's content for the record with `lists` in the given order, and reversed."""
    forward = PartnerRecord(record.partner, **lists)
    backward = PartnerRecord(record.partner, **{k: v[::-1] for k, v in lists.items()})
    return (partner_brief_content(forward, brief_occasion(ACME, MEETING - 5 * DAY, MEETING)),
            partner_brief_content(backward, brief_occasion(ACME, MEETING - 5 * DAY, MEETING)))


def test_meetings_and_exchanges_of_one_day_come_latest_recorded_first():
    day = MEETING - 10 * DAY
    meetings = tuple(Meeting(1, day, MeetingKind.CALL, id=i) for i in (1, None, 2))
    value = tuple(ValueExchange(1, Side.OURS, f"Gift {i}", 1, day, id=i) for i in (2, None, 1))
    for content in both_ways(PartnerRecord(ACME), meetings=meetings, value=value):
        assert [m.id for m in content.meetings] == [2, 1, None]
        assert [v.what for v in content.value_recent] == ["Gift 2", "Gift 1", "Gift None"]


def test_actions_due_on_one_day_and_checks_of_one_day_come_first_recorded_first():
    actions = tuple(Action(1, f"Act {i}", due=MEETING - DAY, id=i) for i in (2, None, 1))
    checks = tuple(HealthCheck(1, MEETING - 30 * DAY, (HealthScore("trust", n),), id=i)
                   for i, n in ((1, 3), (None, 2), (2, 5)))
    for content in both_ways(PartnerRecord(ACME), actions=actions, health=checks):
        assert [o.action.text for o in content.actions] == ["Act None", "Act 1", "Act 2"]
        assert [p.ours for p in content.health.points] == [2.0, 3.0, 5.0]
        assert content.health.ours == 5.0


def test_ties_of_one_strength_come_first_recorded_first():
    ties = tuple(Tie(1, 2, other, Strength.WORKING, id=i)
                 for i, other in ((2, 11), (None, 12), (1, 13)))
    for content in both_ways(PartnerRecord(ACME), stakeholders=OURS + THEIRS, ties=ties):
        [zed] = [a for a in content.ours_in_room if a.person.name == "Zed"]
        assert [name for name, _ in zed.knows] == ["Tia", "Tom", "Tim"]
