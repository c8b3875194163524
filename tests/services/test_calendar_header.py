"""The calendar file's own lines, which a calendar app shows as the calendar's name and reads
to know the file publishes entries (and which kind of calendar they are on), word for word."""

import datetime as dt

from planner import __version__
from planner.services.calendar_export import build_calendar


def test_a_calendar_without_entries_is_named_and_says_what_it_is():
    calendar, counts = build_calendar([], key="sample.sqlite", today=dt.date(2026, 6, 1),
                                      stamp=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
    assert (counts.reviews, counts.actions) == (0, 0)
    assert calendar.to_ical().decode("utf-8").split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Partner Planner//Partner Planner {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Partner reviews and actions",
        "END:VCALENDAR",
        "",
    ]
