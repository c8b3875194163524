"""What the History tab reads in one go (history_view): the entries, and everyone in them in
the order a person looks names up (any case), all of them when one person's entries are shown;
what is past the retention counted back from the moment asked; a bounded read (4 x limit + 100
changes); and a meeting an entry points at is named by its date as stored now, even when the
meeting's own entries are past the retention period."""

import datetime as dt
import re
import time

import pytest
from sqlalchemy import text

from planner.domain.model import Action, Area, Difference, Meeting, Partner
from planner.services import differences, meetings, partners
from planner.services.checklist import checklist
from planner.services.history import history_view, partner_history
from planner.services.portfolio import open_portfolio


def test_the_history_tab_lists_everyone_in_it_in_any_case_order(tmp_path, empty_file_at,
                                                                  monkeypatch):
    with open_portfolio(empty_file_at(tmp_path / "portfolio.sqlite")) as portfolio:
        for person, area in (("Cy", Area.CULTURE), ("bea", Area.POLICY), ("Al", Area.PROCESS)):
            monkeypatch.setattr("planner.storage.history.current_user", lambda p=person: p)
            monkeypatch.setattr("planner.storage.models.current_user", lambda p=person: p)
            if person == "Cy":
                acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
            differences.record_difference(portfolio.uow(), Difference(acme.id, area, ours="x"))
        entries, people = history_view(portfolio.uow(), acme.id)
    assert people == ["Al", "bea", "Cy"]  # not "Al", "Cy", "bea" (code point order)
    assert [(e.by, e.summary) for e in entries[:3]] == [
        ("Al", "Added difference 'Process'"), ("bea", "Added difference 'Policy'"),
        ("Cy", "Added difference 'Culture'")]


def test_an_action_names_its_meeting_by_date_after_the_meetings_entries_are_let_go(portfolio,
                                                                                  acme):
    meeting = meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 3)))
    uow = portfolio.uow()
    with uow:  # the meeting's own entries are older than the year of history kept
        uow.session.execute(text("UPDATE changes SET changed_at = :at "
                                 "WHERE table_name = 'meetings'"),
                            {"at": dt.datetime.now(dt.UTC).replace(tzinfo=None)
                             - dt.timedelta(days=400)})
        uow.commit()
    meetings.add_action(portfolio.uow(), Action(acme.id, "Send the draft",
                                                meeting_id=meeting.id))
    entries, _people = history_view(portfolio.uow(), acme.id)
    assert entries[0].summary == "Added action 'Send the draft'"
    assert ("from the meeting", "", "meeting on 3 May 2026") in [
        (f.field, f.old, f.new) for f in entries[0].fields]


def test_a_removed_partners_entry_counts_what_went_with_it_one_or_many(portfolio, acme):
    meetings.record_meeting(portfolio.uow(), Meeting(acme.id, dt.date(2026, 5, 3)))
    for words in ("Send the draft", "Book the room"):
        meetings.add_action(portfolio.uow(), Action(acme.id, words))
    removed = partners.remove_partner(portfolio.uow(), acme.id)
    entries, _people = history_view(portfolio.uow(), acme.id)
    said, parts = entries[0].summary.split(" and ")
    assert said == "Removed partner 'Acme'"
    assert sorted(parts.split(", ")) == sorted([
        f"{len(removed.checklist)} checklist items", "1 meeting", "2 actions"])


@pytest.fixture
def tokyo(monkeypatch):
    """The local time zone nine hours ahead of UTC (a POSIX rule: no tz database needed)."""
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_retention_is_counted_in_utc_whatever_the_local_time_zone(portfolio, acme, tokyo):
    assert dt.datetime.now().hour != dt.datetime.now(dt.UTC).hour  # the zone is in force
    differences.record_difference(portfolio.uow(), Difference(acme.id, Area.CULTURE, ours="x"))
    uow = portfolio.uow()
    with uow:  # a year of history is kept, less an hour: still shown
        uow.session.execute(text("UPDATE changes SET changed_at = :at "
                                 "WHERE table_name = 'differences'"),
                            {"at": dt.datetime.now(dt.UTC).replace(tzinfo=None)
                             - dt.timedelta(days=365, hours=-1)})
        uow.commit()
    entries, _people = history_view(portfolio.uow(), acme.id)
    assert [e.summary for e in entries][1:] == ["Added difference 'Culture'"]


def test_the_retention_is_counted_back_from_the_moment_asked(portfolio, acme):
    """`now` (the tab's clock) decides what is past the year kept, for both reads."""
    added = partner_history(portfolio.uow(), acme.id)
    (person,) = {e.by for e in added}
    year_on = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=366)
    assert partner_history(portfolio.uow(), acme.id, now=year_on) == []
    assert history_view(portfolio.uow(), acme.id, now=year_on) == ([], [])
    day_before = year_on - dt.timedelta(days=2)
    assert partner_history(portfolio.uow(), acme.id, now=day_before) == added
    assert history_view(portfolio.uow(), acme.id, now=day_before) == (added, [person])


def test_the_history_tab_shows_one_persons_entries_and_still_lists_everyone(portfolio, acme):
    entries, people = history_view(portfolio.uow(), acme.id)
    (person,) = people
    assert entries and history_view(portfolio.uow(), acme.id, person) == (entries, people)
    assert history_view(portfolio.uow(), acme.id, "someone else") == ([], people)


@pytest.mark.parametrize("parts", [103, 104])
def test_a_removed_partners_entry_is_whole_within_4_x_limit_plus_100_changes(portfolio, acme,
                                                                             parts):
    """The tab reads a bounded number of changes however long the history: with a limit of
    one entry, 104. A removed partner and 103 of its parts are all read, and its entry counts
    every part; with one more part, the read ends inside the removal and the entry cannot."""
    items = len(checklist(portfolio.uow(), acme.id))
    for n in range(parts - items):
        meetings.add_action(portfolio.uow(), Action(acme.id, f"Step {n}"))
    partners.remove_partner(portfolio.uow(), acme.id)
    (entry,), _people = history_view(portfolio.uow(), acme.id, limit=1)
    said, _, counts = entry.summary.partition(" and ")
    counted = sum(int(n) for n in re.findall(r"(\d+) ", counts)) \
        if said == "Removed partner 'Acme'" else 0
    if parts == 103:
        assert counted == 103
    else:
        assert counted < 104
