"""Matching headers to partner fields: synonyms, the user's --map, and what cannot work."""

import pytest

from planner.domain.spreadsheet_columns import (
    apply_overrides,
    field_for_header,
    field_named,
    guess_mapping,
    header_key,
    mapping_problems,
)
from planner.domain.spreadsheet_rows import SheetRow, column_letter, sheet_from_rows


@pytest.mark.parametrize("header, field", [
    ("Partner", "name"), ("Company", "name"), ("NAME", "name"), ("Partner name", "name"),
    ("Organisation", "organisation"), ("Organization", "organisation"),
    ("Stage", "stage"), ("Status", "stage"), ("phase", "stage"),
    ("Owner", "owner"), ("Manager", "owner"), ("Alliance Manager", "owner"),
    ("Next review", "next_review"), ("Next meeting", "next_review"),
    ("next_review", "next_review"), ("Next review (date)", "next_review"),
    ("Type", "kind"), ("Kind", "kind"),
    ("Tags", "tags"), ("Labels", "tags"),
    ("Notes", "notes"), ("Description", "notes"), ("Comments", "notes"),
    ("Review place", "review_place"), ("Shared definition", "definition"),
    ("Unique result", "unique_result"),
])
def test_synonyms(header, field):
    assert guess_mapping((header,)) == (field,)


def test_headers_are_folded_for_matching():
    assert header_key("\ufeff  Next_Review: ") == "next review"
    # a byte-order mark pasted inside a word is dropped, not read as a space between two words
    assert header_key("Organi\ufeffsation") == "organisation"
    assert field_for_header("Organi\ufeffsation") == field_for_header("Organisation") is not None
    assert guess_mapping(("  PARTNER ", "Region", "")) == ("name", None, None)


def test_the_best_named_column_wins_a_field():
    assert guess_mapping(("Company", "Status", "Partner", "Stage")) == (
        None, None, "name", "stage")


def test_several_columns_may_hold_notes_and_tags():
    assert guess_mapping(("Partner", "Notes", "Comments", "Tags", "Labels")) == (
        "name", "notes", "notes", "tags", "tags")


def test_map_overrides_the_guess_and_can_leave_columns_out():
    headers = ("Firm", "Partner", "Region", "Status")
    mapping, problems = apply_overrides(headers, guess_mapping(headers),
                                        {"firm": "name", "Partner": "ignore", "Region": "Tags"})
    assert problems == []
    assert mapping == ("name", None, "tags", "stage")


def test_map_mistakes_are_named():
    headers = ("Partner", "Status")
    _mapping, problems = apply_overrides(headers, guess_mapping(headers),
                                         {"Regoin": "tags", "Status": "phase of moon"})
    texts = [p.text for p in problems]
    assert "--map names the column 'Regoin', which is not in the file (its columns are " \
           "'Partner', 'Status')." in texts
    assert any("'phase of moon' is not a partner field" in t for t in texts)


def test_field_names_a_user_may_write():
    assert field_named("next review") == "next_review"
    assert field_named("Organization") == "organisation"
    assert field_named("Partner name") == "name"
    assert field_named("colour") is None


def test_no_name_column_and_a_field_twice_are_problems():
    problems = mapping_problems(("Region", "A", "B"), (None, "stage", "stage"))
    texts = [p.text for p in problems]
    assert texts[0].startswith("No column holds the partner name")
    assert "Columns 'A' and 'B' both map to stage" in texts[1]


def test_the_header_is_found_below_a_title():
    rows = [SheetRow(1, ("Partner list 2026", None, None)), SheetRow(2, (None, None, None)),
            SheetRow(3, ("Partner", "Stage", None)), SheetRow(4, ("Acme", "courtship", "x")),
            SheetRow(5, (None, None, None))]
    sheet = sheet_from_rows(rows)
    assert sheet.header_row == 3
    assert sheet.headers == ("Partner", "Stage")
    assert sheet.above_header == (1,)
    assert [r.number for r in sheet.rows] == [4]  # trailing empty rows are the sheet's end
    assert sheet.rows[0].cells == ("Acme", "courtship")


def test_without_a_known_header_the_first_filled_row_is_the_header():
    sheet = sheet_from_rows([SheetRow(1, ()), SheetRow(2, ("Firm", "Phase x")),
                             SheetRow(3, ("Acme", "y"))])
    assert sheet.header_row == 2
    assert sheet.column_label(1) == "Phase x"
    assert sheet.column_label(5) == "column F"


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"]
