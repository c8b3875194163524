"""The sample's dates moved to today (planner/domain/sample_dates.py), at their edges: every
form a text may name a date in, the quarter and half-year boundaries, whole weeks, and which
strings of a document are dates."""

import datetime as dt

import pytest

from planner.domain.sample_dates import fill, shift_dates, week_shift


@pytest.mark.parametrize(("form", "read"), [
    ("day month", "3 March"), ("day month year", "3 March 2026"), ("month", "March"),
    ("mon", "Mar"), ("month year", "March 2026"), ("mon year", "Mar 2026"), ("year", "2026"),
    ("quarter", "Q1"), ("quarter year", "Q1 2026"), ("half year", "H1 2026")])
def test_every_form_a_text_names_a_date_in(form, read):
    assert fill(f"On {{{{2026-03-03|{form}}}}}.", 0) == f"On {read}."


@pytest.mark.parametrize(("date", "quarter", "half"), [
    ("2026-01-01", "Q1", "H1"), ("2026-03-31", "Q1", "H1"), ("2026-04-01", "Q2", "H1"),
    ("2026-06-30", "Q2", "H1"), ("2026-07-01", "Q3", "H2"), ("2026-12-31", "Q4", "H2")])
def test_quarters_and_halves_turn_on_their_first_day(date, quarter, half):
    assert fill(f"{{{{{date}|quarter}}}} {{{{{date}|half year}}}}", 0) == f"{quarter} {half} 2026"


def test_a_date_is_moved_before_it_is_written_and_across_a_year():
    assert fill("{{2026-12-28|day month year}} and {{2026-03-03|mon}}", 7) == \
        "4 January 2027 and Mar"


def test_an_unknown_form_is_an_error_not_a_guess():
    with pytest.raises(ValueError) as refused:
        fill("{{2026-03-03|fortnight}}", 0)
    assert str(refused.value) == "unknown date form 'fortnight' in a sample text"


@pytest.mark.parametrize(("days", "weeks"), [(0, 0), (3, 0), (4, 7), (10, 7), (11, 14),
                                             (-4, -7), (-3, 0)])
def test_the_sample_moves_by_the_nearest_whole_weeks(days, weeks):
    anchor = dt.date(2026, 3, 3)
    assert week_shift(anchor, anchor + dt.timedelta(days=days)) == weeks


def test_every_date_of_a_document_moves_and_nothing_else_does():
    document = {"next_review": "2026-03-03", "notes": ["Met {{2026-03-03|day month}}",
                                                       "2026-13-45", "20260303", "ab-cd-efgh"],
                "count": 3}
    assert shift_dates(document, 7) == {
        "next_review": "2026-03-10", "notes": ["Met 10 March", "2026-13-45", "20260303",
                                               "ab-cd-efgh"], "count": 3}
