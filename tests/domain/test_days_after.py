"""Days added to a date stay inside the calendar: 9999-12-31 and 0001-01-01 are dates a user
can type, and a horizon or a reminder reaching past them holds at the calendar's end."""

import datetime as dt

from planner.domain.dates import days_after


def test_days_after_a_date_inside_the_calendar():
    assert days_after(dt.date(2026, 2, 27), 2) == dt.date(2026, 3, 1)
    assert days_after(dt.date(2026, 3, 1), -2) == dt.date(2026, 2, 27)
    assert days_after(dt.date.max, 0) == dt.date.max


def test_days_past_either_end_hold_at_that_end():
    assert days_after(dt.date.max, 1) == dt.date.max
    assert days_after(dt.date(9999, 12, 1), 548) == dt.date.max
    assert days_after(dt.date.min, -1) == dt.date.min
    assert days_after(dt.date(1, 6, 1), -548) == dt.date.min
