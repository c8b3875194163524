"""Date arithmetic that stays inside the calendar: 9999-12-31 is a date a user can type."""

from __future__ import annotations

import datetime as dt


def days_after(date: dt.date, days: int) -> dt.date:
    """`date` plus `days`, held at the first or last date there is instead of overflowing."""
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min
