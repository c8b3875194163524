"""Reading a spreadsheet's cells, at the edges the mutants found: long words in refusals, a
repeated name, and two health checks on one day."""

import datetime as dt

import pytest

from planner.domain.health import Trend, trend
from planner.domain.model import HealthCheck, HealthScore
from planner.domain.spreadsheet_rows import SheetRow, read_partner_rows, sheet_from_rows
from planner.domain.spreadsheet_values import read_date, read_kind, read_stage, read_tags


def test_a_month_nobody_writes_is_refused_with_the_date_cut_at_forty():
    with pytest.raises(ValueError) as refused:
        read_date("12 Smarch 2026")
    assert str(refused.value) == (
        "'12 Smarch 2026' is not a date I can read; write it as YYYY-MM-DD")
    long = "12 " + "x" * 40 + " 2026"
    with pytest.raises(ValueError) as refused:
        read_date(long)
    assert str(refused.value) == (f"'{long[:39]}\u2026' is not a date I can read; write it as "
                                  "YYYY-MM-DD")


def test_a_kind_nobody_writes_is_refused_with_the_word_cut_at_forty():
    with pytest.raises(ValueError) as refused:
        read_kind("diagonal")
    assert str(refused.value) == (
        "'diagonal' is not a kind of alliance; write horizontal or vertical")
    with pytest.raises(ValueError) as refused:
        read_kind("k" * 41)
    assert str(refused.value) == (f"'{'k' * 39}\u2026' is not a kind of alliance; write "
                                  "horizontal or vertical")


def test_a_repeated_name_stops_its_row_from_importing():
    sheet = sheet_from_rows([SheetRow(1, ("Name", "Stage")), SheetRow(2, ("Acme", "bridges")),
                             SheetRow(3, ("ACME", "exit"))])
    first, second = read_partner_rows(sheet, ("name", "stage"))
    assert first.partner is not None and first.partner.name == "Acme"
    assert second.partner is None
    assert [p.text for p in second.problems] == [
        "the partner 'ACME' is already on row 2; keep one row per partner"]


def test_of_two_checks_on_one_day_the_one_saved_later_is_the_latest():
    def check(day, score, id):
        return HealthCheck(1, dt.date(2026, 5, day), (HealthScore("strategic_value", score),),
                           id=id)
    checks = [check(1, 3, 1), check(2, 5, 3), check(2, 1, 2)]
    assert trend(checks) is Trend.RISING  # 5 against the mean of 3 and 1
    assert trend(list(reversed(checks))) is Trend.RISING


def test_a_date_that_does_not_exist_is_refused_with_the_text_cut_at_forty():
    text = "Wednesday" + "x" * 30 + ", 31/02/2026"
    with pytest.raises(ValueError) as refused:
        read_date(text)
    assert str(refused.value) == f"'{text[:39]}\u2026' is not a real date"


def test_a_quoted_tag_may_follow_spaces():
    assert read_tags('x,  "a,b"') == ("x", "a,b")
    assert read_tags('  "a;b" ; c') == ("a;b", "c")


@pytest.mark.parametrize(("text", "refusal"), [
    ("31 February 2026", "'31 February 2026' is not a real date"),
    ("February 31, 2026", "'February 31, 2026' is not a real date"),
    ("Smarch 3, 2026", "'Smarch 3, 2026' is not a date I can read; write it as YYYY-MM-DD"),
    ("some day soon", "'some day soon' is not a date I can read; write it as YYYY-MM-DD"),
    ("x" * 41, f"'{'x' * 39}\u2026' is not a date I can read; write it as YYYY-MM-DD"),
])
def test_a_written_date_is_refused_in_the_words_the_user_wrote(text, refusal):
    with pytest.raises(ValueError) as refused:
        read_date(text)
    assert str(refused.value) == refusal


def test_a_row_reads_every_mapped_column_and_says_first_that_the_name_is_missing():
    sheet = sheet_from_rows([
        SheetRow(1, ("Skip", "Name", "Org", "Definition", "Result", "Remarks", "Notes",
                     "Stage", "Where")),
        SheetRow(2, ("x", "Acme", "Acme Ltd", "Joint cloud", "A market", "call Ann", "renewal",
                     "bridges", "Lyon")),
        SheetRow(3, ("x", "", "", "", "", "", "", "nowhere", ""))])
    acme, nameless = read_partner_rows(sheet, (None, "name", "organisation", "definition",
                                               "unique_result", "notes", "notes", "stage",
                                               "review_place"))
    partner = acme.partner
    assert (partner.name, partner.organisation, partner.definition, partner.unique_result,
            partner.review_place) == ("Acme", "Acme Ltd", "Joint cloud", "A market", "Lyon")
    assert partner.notes == "Remarks: call Ann\nNotes: renewal"
    assert [(p.column, p.text) for p in nameless.problems] == [
        ("Name", "no partner name"),
        ("Stage", "'nowhere' is not a stage; Write courtship, commitment, bridges or exit")]


def test_a_stage_nobody_writes_is_refused_with_the_word_cut_at_forty():
    with pytest.raises(ValueError) as refused:
        read_stage("s" * 41)
    assert str(refused.value) == (f"'{'s' * 39}\u2026' is not a stage; Write courtship, "
                                  "commitment, bridges or exit")


def test_an_iso_date_that_does_not_exist_is_refused_with_the_text_cut_at_forty():
    text = "Wednesday" + "x" * 30 + ", 2026-02-31"
    with pytest.raises(ValueError) as refused:
        read_date(text)
    assert str(refused.value) == f"'{text[:39]}\u2026' is not a real date"
