"""The sample portfolio's dates, moved to today, and the texts that name them.

The sample is written as if today were its anchor day. To stay current it is moved by whole
weeks (so a review written on a Tuesday stays on a Tuesday, never on a weekend), and every
text that names a day, month, quarter or year does so through a template filled from a date
moved the same way: `{{2026-03-03|day month}}` reads "3 March" at the anchor and "2 June" a
quarter later. No text can then contradict the dates around it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from planner.domain.brief_content import MONTHS

_TEMPLATE = re.compile(r"\{\{(\d{4}-\d{2}-\d{2})\|([a-z ]+)\}\}")


def week_shift(anchor: dt.date, today: dt.date) -> int:
    """Days to move the sample by: the whole number of weeks nearest to today - anchor."""
    return round((today - anchor).days / 7) * 7


def _format(date: dt.date, form: str) -> str:
    month = MONTHS[date.month - 1]
    quarter = f"Q{(date.month - 1) // 3 + 1}"
    half = f"H{1 if date.month <= 6 else 2}"
    forms = {
        "day month": f"{date.day} {month}",
        "day month year": f"{date.day} {month} {date.year}",
        "month": month,
        "mon": month[:3],
        "month year": f"{month} {date.year}",
        "mon year": f"{month[:3]} {date.year}",
        "year": str(date.year),
        "quarter": quarter,
        "quarter year": f"{quarter} {date.year}",
        "half year": f"{half} {date.year}",
    }
    try:
        return forms[form]
    except KeyError:
        raise ValueError(f"unknown date form {form!r} in a sample text") from None


def fill(text: str, days: int) -> str:
    """`text` with every `{{YYYY-MM-DD|form}}` moved by `days` and written in its form."""
    def one(match: re.Match) -> str:
        date = dt.date.fromisoformat(match.group(1)) + dt.timedelta(days=days)
        return _format(date, match.group(2))

    return _TEMPLATE.sub(one, text)


def shift_dates(document: Any, days: int) -> Any:
    """Every ISO date in the document moved by `days`, and every dated text filled in."""
    if isinstance(document, dict):
        return {k: shift_dates(v, days) for k, v in document.items()}
    if isinstance(document, list):
        return [shift_dates(v, days) for v in document]
    if isinstance(document, str):
        if len(document) == 10 and document[4] == "-" == document[7]:
            try:
                return (dt.date.fromisoformat(document) + dt.timedelta(days=days)).isoformat()
            except ValueError:
                return document
        if "{{" in document:
            return fill(document, days)
    return document
