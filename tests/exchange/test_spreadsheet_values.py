"""Reading cells: dates in the formats people type, stages in any case, kinds and tags."""

import datetime as dt

import pytest

from planner.domain.model import Kind
from planner.domain.spreadsheet_values import (
    AmbiguousDate,
    cell_text,
    read_date,
    read_kind,
    read_stage,
    read_tags,
)
from planner.domain.stages import Stage

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("2026-06-10", D(2026, 6, 10)),
    (" 2026-06-10 ", D(2026, 6, 10)),
    ("2026/6/1", D(2026, 6, 1)),
    ("2026-09-01 00:00:00", D(2026, 9, 1)),
    ("2026-09-01T14:30", D(2026, 9, 1)),
    ("13/04/2026", D(2026, 4, 13)),      # only one real reading: read either way
    ("04/13/2026", D(2026, 4, 13)),
    ("13.04.2026", D(2026, 4, 13)),
    ("13-04-26", D(2026, 4, 13)),
    ("07/07/2026", D(2026, 7, 7)),       # both readings are the same day
    ("3 July 2026", D(2026, 7, 3)),
    ("3 jul 2026", D(2026, 7, 3)),
    ("03-Jul-26", D(2026, 7, 3)),
    ("1st August 2026", D(2026, 8, 1)),
    ("Jul 15, 2026", D(2026, 7, 15)),
    ("September 2 2026", D(2026, 9, 2)),
    ("Fri, 3 July 2026", D(2026, 7, 3)),
])
def test_dates_people_type(text, expected):
    assert read_date(text) == expected


def test_date_cells_from_a_workbook_are_taken_as_they_are():
    assert read_date(dt.datetime(2026, 6, 18, 0, 0)) == D(2026, 6, 18)
    assert read_date(D(2026, 6, 18)) == D(2026, 6, 18)


def test_an_ambiguous_date_is_refused_until_the_order_is_given():
    with pytest.raises(AmbiguousDate, match="could be 3 April or 4 March"):
        read_date("03/04/2026")
    assert read_date("03/04/2026", dayfirst=True) == D(2026, 4, 3)
    assert read_date("03/04/2026", dayfirst=False) == D(2026, 3, 4)


@pytest.mark.parametrize("text, message", [
    ("31/02/2026", "is not a real date"),
    ("2026-13-01", "is not a real date"),
    ("30 Febtember 2026", "is not a date I can read"),
    ("soon", "is not a date I can read; write it as YYYY-MM-DD"),
    ("31 February 2026", "is not a real date"),
])
def test_bad_dates_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message) as error:
        read_date(text)
    assert not isinstance(error.value, AmbiguousDate)


@pytest.mark.parametrize("text, stage", [
    ("courtship", Stage.COURTSHIP), ("COMMITMENT", Stage.COMMITMENT),
    (" Bridges ", Stage.BRIDGES), ("eXiT", Stage.EXIT),
])
def test_stages_in_any_case(text, stage):
    assert read_stage(text) is stage


def test_a_misspelt_stage_suggests_the_nearest():
    with pytest.raises(ValueError, match="did you mean bridges"):
        read_stage("Brdiges")
    with pytest.raises(ValueError, match="'signed' is not a stage; Write courtship"):
        read_stage("signed")


@pytest.mark.parametrize("text, kind", [
    ("Horizontal", Kind.HORIZONTAL), ("vertical", Kind.VERTICAL),
    ("Supplier", Kind.VERTICAL), ("customer", Kind.VERTICAL), ("peer", Kind.HORIZONTAL),
])
def test_kinds(text, kind):
    assert read_kind(text) is kind


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="write horizontal or vertical"):
        read_kind("reseller")


def test_tags_split_on_what_people_use():
    assert read_tags("co-sell, EMEA; pilot|data\nco-sell ,  ") == (
        "co-sell", "EMEA", "pilot", "data")


def test_cell_text_trims_and_undoes_formula_neutralising():
    assert cell_text("  Acme\u00a0 ") == "Acme"
    assert cell_text(12.0) == "12"
    assert cell_text(None) == ""
    assert cell_text("'=SUM(A1)") == "=SUM(A1)"
    assert cell_text("'-5") == "-5"
    assert cell_text("'quoted'") == "'quoted'"
