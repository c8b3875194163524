"""The .ics file, read back by the icalendar library as a calendar app would read it."""

import dataclasses
import datetime as dt

import icalendar
import pytest

from planner.domain.errors import PlannerError
from planner.domain.model import Action, Partner
from planner.services import calendar_export, meetings
from planner.services.partners import (
    add_partner,
    find_partner,
    partner_record,
    update_partner,
)
from planner.services.portfolio_io import export_document
from tests.exchange.conftest import TODAY

STAMP = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def export(portfolio, path, **options):
    counts = calendar_export.export_calendar(portfolio.uow(), path, uid_key="sample.sqlite",
                                             today=TODAY, stamp=STAMP, **options)
    return counts, icalendar.Calendar.from_ical(path.read_bytes())


def test_reviews_and_open_actions_are_in_the_calendar(sample_portfolio, tmp_path):
    counts, calendar = export(sample_portfolio, tmp_path / "r.ics")
    document = export_document(sample_portfolio.uow())
    with_review = [p for p in document["partners"] if p["next_review"]]
    open_due = [a for p in document["partners"] for a in p["actions"]
                if not a["done"] and a["due"]]
    events, todos = list(calendar.walk("VEVENT")), list(calendar.walk("VTODO"))
    assert (counts.reviews, counts.actions) == (len(with_review), len(open_due))
    assert (len(events), len(todos)) == (len(with_review), len(open_due)) and todos
    assert calendar["VERSION"] == "2.0" and "Partner Planner" in str(calendar["PRODID"])

    helix = next(e for e in events if "Helix" in str(e["SUMMARY"]))
    partner = next(p for p in with_review if p["name"].startswith("Helix"))
    assert str(helix["SUMMARY"]) == f"Partner review: {partner['name']}"
    start = helix.decoded("DTSTART")
    assert start == dt.date.fromisoformat(partner["next_review"])
    assert not isinstance(start, dt.datetime)  # an all-day event
    assert helix.decoded("DTEND") == start + dt.timedelta(days=1)
    assert str(helix["LOCATION"]) == partner["review_place"]
    description = str(helix["DESCRIPTION"])
    assert description.startswith(f"Partner: {partner['name']}")
    assert "Agenda:" in description and "Agree actions, owners" in description
    assert "Differences to talk through" in description

    todo = todos[0]
    assert todo["STATUS"] == "NEEDS-ACTION"
    assert isinstance(todo.decoded("DUE"), dt.date)
    assert "Partner: " in str(todo["DESCRIPTION"])
    uids = [str(c["UID"]) for c in events + todos]
    assert len(set(uids)) == len(uids)


def test_uids_are_stable_so_reimporting_updates(sample_portfolio, tmp_path):
    _counts, first = export(sample_portfolio, tmp_path / "a.ics")
    helix = find_partner(sample_portfolio.uow(), "Helix & Stone Consulting")
    moved = helix.next_review + dt.timedelta(days=7)
    update_partner(sample_portfolio.uow(), dataclasses.replace(helix, next_review=moved))
    _counts, second = export(sample_portfolio, tmp_path / "b.ics")

    def by_uid(calendar):
        return {str(c["UID"]): c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")}

    assert by_uid(first).keys() == by_uid(second).keys()
    uid = calendar_export.stable_uid("sample.sqlite", "review", helix.id)
    assert by_uid(second)[uid].decoded("DTSTART") == moved
    other = calendar_export.stable_uid("other.sqlite", "review", helix.id)
    assert other != uid  # two portfolios in one calendar do not collide


def test_actions_as_all_day_events(sample_portfolio, tmp_path):
    counts, calendar = export(sample_portfolio, tmp_path / "r.ics", actions_as_events=True)
    assert not list(calendar.walk("VTODO"))
    due = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Due: ")]
    assert len(due) == counts.actions
    assert all(not isinstance(e.decoded("DTSTART"), dt.datetime) for e in due)


def test_done_actions_and_undated_ones_stay_out(empty_portfolio, tmp_path):
    partner = add_partner(empty_portfolio.uow(), Partner("Acme; Co, Ltd", owner="Sam"))
    with empty_portfolio.uow() as uow:
        for action in (Action(partner.id, "Send the draft", due=dt.date(2026, 6, 5)),
                       Action(partner.id, "Done already", due=dt.date(2026, 6, 5), done=True,
                              done_on=dt.date(2026, 6, 1)),
                       Action(partner.id, "Some day")):
            uow.actions.add(action)
        uow.commit()
    assert len(partner_record(empty_portfolio.uow(), partner.id).actions) == 3
    counts, calendar = export(empty_portfolio, tmp_path / "r.ics")
    assert (counts.reviews, counts.actions) == (0, 1)
    (todo,) = calendar.walk("VTODO")
    assert str(todo["SUMMARY"]) == "Send the draft (Acme; Co, Ltd)"  # escaping round-trips


def test_an_unwritable_place_is_one_sentence(empty_portfolio, tmp_path):
    with pytest.raises(PlannerError, match="does not exist"):
        export(empty_portfolio, tmp_path / "missing" / "r.ics")


@pytest.mark.parametrize("days,late", [(-1, ", 1 overdue"), (0, ""), (1, "")])
def test_the_review_agenda_counts_an_action_due_today_as_open_not_overdue(empty_portfolio,
                                                                          tmp_path, days, late):
    partner = add_partner(empty_portfolio.uow(), Partner("Edge", next_review=TODAY))
    meetings.add_action(empty_portfolio.uow(), Action(partner.id, "Send the draft",
                                                      due=TODAY + dt.timedelta(days=days)))
    _, calendar = export(empty_portfolio, tmp_path / "edge.ics")
    [review] = calendar.walk("VEVENT")
    description = str(review["DESCRIPTION"])
    assert f"Open actions (1{late}):" in description
    assert ("overdue" in description) is bool(late)


def test_the_agenda_lists_open_actions_soonest_first_and_undated_last(empty_portfolio):
    partner = add_partner(empty_portfolio.uow(), Partner("Order", next_review=TODAY))
    for text, due in [("Undated", None), ("Later", TODAY + dt.timedelta(days=9)),
                      ("Sooner", TODAY + dt.timedelta(days=2))]:
        meetings.add_action(empty_portfolio.uow(), Action(partner.id, text, due=due))
    record = partner_record(empty_portfolio.uow(), partner.id)
    listed = [line for line in calendar_export.review_agenda(record, TODAY)
              if line.startswith("  - ")]
    assert listed == [f"  - Sooner (due {TODAY + dt.timedelta(days=2)})",
                      f"  - Later (due {TODAY + dt.timedelta(days=9)})", "  - Undated"]


def test_reviews_and_actions_carry_their_category(sample_portfolio, tmp_path):
    _, calendar = export(sample_portfolio, tmp_path / "r.ics")
    assert {str(e["CATEGORIES"].cats[0]) for e in calendar.walk("VEVENT")} == {"Partner review"}
    assert {str(t["CATEGORIES"].cats[0]) for t in calendar.walk("VTODO")} == {"Partner action"}


@pytest.mark.parametrize(("organisation", "first"), [
    ("Acme plc", "Partner: Acme (Acme plc)"), ("Acme", "Partner: Acme"), ("", "Partner: Acme")])
def test_a_review_names_the_organisation_only_when_it_says_more_than_the_name(
        empty_portfolio, organisation, first):
    partner = add_partner(empty_portfolio.uow(), Partner("Acme", organisation=organisation,
                                                         next_review=TODAY))
    record = partner_record(empty_portfolio.uow(), partner.id)
    assert calendar_export.review_description(record, TODAY).splitlines()[0] == first
