"""Cells a spreadsheet cannot run, tags written plainly when they can be, and a brief's dates."""

import datetime as dt

import pytest

from planner.domain.brief_content import long_date, short_date
from planner.domain.spreadsheet_values import neutralise_text, read_tags, write_tags


@pytest.mark.parametrize(("text", "written"), [
    ("=1+1", "'=1+1"),
    ("Acme;=1+1", "Acme;'=1+1"),
    ("a,+b|-c\t@d", "a,'+b|'-c\t'@d"),
    ("'=already quoted", "''=already quoted"),
    ("plain text, 1+1 = 2", "plain text, 1+1 = 2"),
    ("", ""),
])
def test_a_formula_start_gets_one_quote_before_it(text, written):
    assert neutralise_text(text) == written


def test_tags_are_quoted_only_when_they_hold_a_separator_or_a_quote():
    assert write_tags(("Xbox", "emea", "tier 1")) == "Xbox, emea, tier 1"
    assert write_tags(("a,b", 'say "hi"')) == '"a,b", "say ""hi"""'
    assert read_tags(write_tags(("a,b", 'say "hi"', "Xbox"))) == ("a,b", 'say "hi"', "Xbox")


@pytest.mark.parametrize(("day", "long", "short"), [
    (dt.date(2026, 1, 5), "Monday 5 January 2026", "Mon 5 Jan 2026"),
    (dt.date(2026, 6, 9), "Tuesday 9 June 2026", "Tue 9 Jun 2026"),
    (dt.date(2026, 12, 31), "Thursday 31 December 2026", "Thu 31 Dec 2026"),
])
def test_a_brief_names_a_day_in_full_or_short(day, long, short):
    assert long_date(day) == long
    assert short_date(day) == short
