"""The sample tells one story: its texts name the months and years its dates are in.

The sample is moved to "today" by whole weeks. Rendered for several todays across a year,
every brief must name the days, months, quarters and years of the brief rendered at the
sample's anchor, moved by the same number of days: a text that says "June" whatever the
dates say fails here, and so does a weekday that drifts or a review on a weekend.
"""

import calendar
import datetime as dt
import json
import re

import pytest

from planner.brief import PAPERS, render_partner_brief, render_portfolio_brief
from planner.domain.sample_dates import fill, week_shift
from planner.resources import resource
from planner.services import briefs, portfolio_io
from planner.services.partners import list_partners
from planner.services.portfolio import open_portfolio

from .conftest import ANCHOR, flat, pdf_text

MONTHS = list(calendar.month_name)[1:]
ABBREVIATIONS = [m[:3] for m in MONTHS] + ["Sept"]
MONTH = "|".join(MONTHS + ABBREVIATIONS)
WEEKDAY = "|".join(list(calendar.day_name) + [d[:3] for d in calendar.day_name])
MENTION = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|(?:\b(?:{WEEKDAY})\s+)?\b(?P<day>\d{{1,2}}) (?P<dmonth>{MONTH})\b(?: (?P<dyear>\d{{4}})\b)?"
    rf"|\b(?P<period>[QH][1-4])(?:-(?P<period2>Q[1-4]))?(?: (?P<pyear>\d{{4}})\b)?"
    rf"|\b(?P<month>{MONTH})\b(?: (?P<myear>\d{{4}})\b)?"
    rf"|(?<![\d,.])\b(?P<year>(?:19|20)\d\d)\b(?![\d,])")

# Several todays across a year, whole weeks from the anchor (so "printed on" moves with the
# rest); the weekday test below also takes todays in mid-week.
TODAYS = [ANCHOR + dt.timedelta(weeks=w) for w in (-26, 9, 17, 30, 39, 52)]
MIDWEEK = [ANCHOR + dt.timedelta(days=d) for d in (-180, 59, 122, 213, 276, 366)]


def month_number(name: str) -> int:
    return (MONTHS.index(name) if name in MONTHS else ABBREVIATIONS.index(name) % 12) + 1


def mentions(text: str) -> list[tuple[str, dt.date, dt.date, bool]]:
    """Every date a text names, as (kind, first day, last day, names the year)."""
    found = []
    for m in MENTION.finditer(text):
        if m["iso"]:
            day = dt.date.fromisoformat(m["iso"])
            found.append(("date", day, day, True))
        elif m["dmonth"]:
            year = int(m["dyear"] or 2001)
            day = dt.date(year, month_number(m["dmonth"]), int(m["day"]))
            found.append(("date", day, day, bool(m["dyear"])))
        elif m["period"]:
            year = int(m["pyear"] or 2001)
            first_quarter = int(m["period"][1]) * (3 if m["period"][0] == "Q" else 6)
            last = int((m["period2"] or m["period"])[1]) * (3 if m["period"][0] == "Q" else 6)
            start_month = first_quarter - (2 if m["period"][0] == "Q" else 5)
            found.append(("period", dt.date(year, start_month, 1),
                          dt.date(year, last, calendar.monthrange(year, last)[1]),
                          bool(m["pyear"])))
        elif m["month"]:
            year = int(m["myear"] or 2001)
            month = month_number(m["month"])
            found.append(("month", dt.date(year, month, 1),
                          dt.date(year, month, calendar.monthrange(year, month)[1]),
                          bool(m["myear"])))
        else:
            year = int(m["year"])
            found.append(("year", dt.date(year, 1, 1), dt.date(year, 12, 31), True))
    return found


def consistent(before, after, days: int) -> bool:
    """`after` names what `before` named, moved by `days`."""
    kind, first, last, with_year = before
    kind2, first2, last2, with_year2 = after
    if kind != kind2:
        return False
    moved_first, moved_last = first + dt.timedelta(days=days), last + dt.timedelta(days=days)
    if not (with_year and with_year2):  # "3 March", "June": the same day or month in any
        # year (a brief leaves out the year of printing; a leap day between may move a day)
        moved_first -= dt.timedelta(days=1)
        moved_last += dt.timedelta(days=1)
        candidates = [dt.date(y, 1, 1) for y in range(moved_first.year - 1,
                                                       moved_last.year + 2)]
        return any(_overlap(moved_first, moved_last, first2.replace(year=c.year),
                            last2.replace(year=c.year)) for c in candidates)
    return _overlap(moved_first, moved_last, first2, last2)


def _overlap(a1, a2, b1, b2) -> bool:
    return a1 <= b2 and b1 <= a2


def sample_pages(tmp_path, today: dt.date) -> dict[str, str]:
    path = tmp_path / f"sample-{today.isoformat()}.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(today))
    pages = {}
    with open_portfolio(path, read_only=True) as portfolio:
        uow = portfolio.uow()
        for partner in list_partners(uow):
            content = briefs.partner_brief(uow, partner.id, today, prepared_by="Priya")
            pages[partner.name] = flat(pdf_text(render_partner_brief(content, PAPERS["a4"])))
        pages["the portfolio"] = flat(pdf_text(render_portfolio_brief(
            briefs.portfolio_brief(uow, today, prepared_by="Priya"), PAPERS["a4"])))
    return pages


@pytest.fixture(scope="module")
def anchor_pages(tmp_path_factory):
    return sample_pages(tmp_path_factory.mktemp("anchor"), ANCHOR)


@pytest.mark.parametrize("today", TODAYS, ids=[t.isoformat() for t in TODAYS])
def test_every_sample_brief_names_months_and_years_that_match_its_dates(
        tmp_path, anchor_pages, today):
    days = week_shift(ANCHOR, today)
    assert days == (today - ANCHOR).days
    for name, page in sample_pages(tmp_path, today).items():
        before, after = mentions(anchor_pages[name]), mentions(page)
        assert len(before) == len(after), (name, today)
        for one, two in zip(before, after, strict=True):
            assert consistent(one, two, days), (name, today, one, two)


def test_a_fixed_month_on_a_page_is_caught():
    days = week_shift(ANCHOR, ANCHOR + dt.timedelta(days=122))
    before = mentions("Keep the review on 12 June, the June review of 2026")
    fixed = mentions("Keep the review on 12 June, the June review of 2026")
    moved = mentions(fill("Keep the review on {{2026-06-12|day month}}, the "
                          "{{2026-06-12|month}} review of {{2026-06-12|year}}", days))
    assert all(consistent(a, b, days) for a, b in zip(before, moved, strict=True))
    assert not any(consistent(a, b, days) for a, b in list(zip(before, fixed, strict=True))[:2])


def test_the_sample_names_no_month_or_year_outside_a_dated_template():
    document = resource("sample", "portfolio.json").read_text("utf-8")
    texts = []

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k != "phone":  # "+44 1925 ..." is no year
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            texts.append(re.sub(r"\{\{[^}]*\}\}", "", value))

    walk(json.loads(document))
    named = [(t, m) for t in texts for m in mentions(t)]
    assert named == []


@pytest.mark.parametrize("today", MIDWEEK, ids=[t.isoformat() for t in MIDWEEK])
def test_sample_reviews_and_meetings_fall_on_weekdays(today):
    days = week_shift(ANCHOR, today)
    assert days % 7 == 0 and abs((today - ANCHOR).days - days) <= 3
    for record in portfolio_io.sample_records(today):
        days = [m.date for m in record.meetings] + [record.partner.next_review]
        assert all(d.weekday() < 5 for d in days if d), record.partner.name
