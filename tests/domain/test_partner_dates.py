"""A partner's dates settled from its history when a record leaves one or both out: each date
kept when given, the stage's own ticks not counted as behind it, and a stage never entered
before the partner was added."""

import datetime as dt

from planner.domain.model import ChecklistItem, Meeting, Partner, PartnerRecord
from planner.domain.partner_dates import settle_partner_dates
from planner.domain.stages import Stage

DAY = dt.date(2026, 6, 1)


def days(n):
    return DAY - dt.timedelta(days=n)


def tick(stage, n):
    return ChecklistItem(1, stage, f"tick {n}", done=True, done_on=days(n))


def record(created_on=None, stage_since=None, *, checklist=(), meetings=()):
    return PartnerRecord(Partner("Acme", Stage.BRIDGES, created_on=created_on,
                                 stage_since=stage_since),
                         checklist=checklist, meetings=meetings)


HISTORY = dict(checklist=(tick(Stage.COURTSHIP, 50), tick(Stage.COMMITMENT, 30),
                          tick(Stage.BRIDGES, 10)),
               meetings=(Meeting(1, days(60)),))


def settled(*args, **kwargs):
    partner = settle_partner_dates(record(*args, **kwargs)).partner
    return partner.created_on, partner.stage_since


def test_both_dates_given_are_kept_as_they_are():
    given = record(days(100), days(5), **HISTORY)
    assert settle_partner_dates(given) is given


def test_only_the_missing_date_is_filled_in():
    # added on a date we know: the stage is dated by the last tick behind it (commitment),
    # not by the tick in its own stage (bridges, 10 days ago)
    assert settled(days(70), None, **HISTORY) == (days(70), days(30))
    # the stage date known: the partner was added no later than the first thing it holds
    assert settled(None, days(5), **HISTORY) == (days(60), days(5))
    assert settled(None, None, **HISTORY) == (days(60), days(30))


def test_a_tick_in_the_partners_own_stage_does_not_date_its_stage():
    only_own = dict(checklist=(tick(Stage.BRIDGES, 10),), meetings=(Meeting(1, days(60)),))
    assert settled(None, None, **only_own) == (days(60), days(60))  # from when it was added


def test_a_stage_is_never_entered_before_the_partner_was_added():
    # the last tick behind its stage is 30 days old, but the partner was added 20 days ago
    # (ticks copied in with a template): it entered its stage when it was added
    assert settled(days(20), None, **HISTORY) == (days(20), days(20))
    assert settled(days(30), None, **HISTORY) == (days(30), days(30))
    assert settled(days(31), None, **HISTORY) == (days(31), days(30))
