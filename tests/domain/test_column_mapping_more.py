"""The spreadsheet's columns: the user's --map choices and the sentences that refuse them,
the header found under a title, and an empty sheet; pinned where mutation testing found them
loose."""

from planner.domain.spreadsheet_columns import (
    apply_overrides,
    field_named,
    guess_mapping,
    is_header_row,
    mapping_problems,
)
from planner.domain.spreadsheet_rows import Sheet, SheetRow, sheet_from_rows

FIELD_LIST = ("name, organisation, stage, kind, owner, next_review, review_place, definition, "
              "unique_result, tags, notes")


def texts(problems):
    return [p.text for p in problems]


def test_a_map_naming_a_missing_column_lists_twelve_columns_cut_to_thirty_characters():
    headers = ("Partner", " ", "A" * 35) + tuple(f"Col {i}" for i in range(1, 13))
    missing = "Missing " + "x" * 40
    mapping, problems = apply_overrides(headers, guess_mapping(headers), {missing: "name"})
    assert mapping == guess_mapping(headers)
    listed = ", ".join(["'Partner'", "'" + "A" * 29 + "\u2026'"]
                       + [f"'Col {i}'" for i in range(1, 11)])
    assert texts(problems) == [
        f"--map names the column '{missing[:39]}\u2026', which is not in the file (its "
        f"columns are {listed} and 2 more)."]


def test_a_sheet_with_twelve_columns_lists_them_all_and_one_without_says_none():
    headers = tuple(f"C{i}" for i in range(12))
    _, problems = apply_overrides(headers, guess_mapping(headers), {"X": "name"})
    assert texts(problems)[0].endswith(f"(its columns are {', '.join(repr(h) for h in headers)}).")
    _, problems = apply_overrides(("", " "), (None, None), {"X": "name"})
    assert texts(problems) == ["--map names the column 'X', which is not in the file (its "
                               "columns are none)."]


def test_a_map_to_no_field_is_refused_and_the_next_choice_still_applies():
    headers = ("Partner", "H" * 45, "Remarks")
    overrides = {"H" * 45: "z" * 45, "Remarks": "owner"}
    mapping, problems = apply_overrides(headers, guess_mapping(headers), overrides)
    assert mapping == ("name", None, "owner")
    head, target = "H" * 39 + "\u2026", "z" * 39 + "\u2026"
    assert texts(problems) == [f"--map '{head}={target}': '{target}' is not a partner field; "
                               f"use one of {FIELD_LIST} (or 'ignore')."]


def test_the_users_choice_takes_a_field_from_the_guess_but_tags_may_take_many():
    headers = ("Partner", "Company X", "Tags", "Extra")
    assert guess_mapping(headers) == ("name", None, "tags", None)
    mapping, problems = apply_overrides(headers, guess_mapping(headers),
                                        {"Company X": "name", "Extra": "tags"})
    assert (mapping, problems) == ((None, "name", "tags", "tags"), [])
    mapping, _ = apply_overrides(headers, guess_mapping(headers), {"Partner": "ignore"})
    assert mapping == (None, None, "tags", None)


def test_two_columns_given_one_field_contradict_but_one_column_named_twice_does_not():
    headers = ("Partner", "Boss", "Chief")
    mapping, problems = apply_overrides(headers, guess_mapping(headers),
                                        {"Boss": "owner", "Chief": "owner"})
    assert mapping == ("name", "owner", None)
    assert texts(problems) == ["--map gives owner to both 'Boss' and 'Chief'; keep one (map the "
                               "other to 'ignore')."]
    mapping, problems = apply_overrides(headers, guess_mapping(headers),
                                        {"Boss": "owner", "BOSS": "owner"})
    assert (mapping, problems) == (("name", "owner", None), [])


def test_a_field_is_named_by_its_key_its_label_or_a_synonym_and_nothing_else():
    assert field_named("Kind (horizontal or vertical)") == "kind"
    assert field_named("next_review") == "next_review"
    assert field_named("Company") == "name"
    assert field_named("") is None and field_named("boss") is None


def test_mapping_problems_no_name_and_a_field_in_two_or_more_columns():
    assert mapping_problems(("Partner", "Owner"), ("name", "owner")) == []
    assert texts(mapping_problems(("Owner",), ("owner",))) == [
        "No column holds the partner name; name one with --map \"Header=name\" (headers such "
        "as Partner, Company or Name are found on their own)."]
    headers = ("Partner", "O" * 45, "B", "C", "D")
    mapping = ("name", "owner", "owner", "owner", "owner")
    assert texts(mapping_problems(headers, mapping)) == [
        f"Columns '{'O' * 39}\u2026' and 'B' and 'C' both map to owner; keep one (map the other "
        "to 'ignore')."]


def test_a_mapped_column_makes_its_row_the_header():
    assert not is_header_row(("Custom", "Other"))
    assert is_header_row(("Custom", "Other"), {"custom": "name"})
    assert not is_header_row(("", "Other"), {"": "name"})


def test_the_header_under_a_title_trailing_blanks_and_an_empty_sheet():
    rows = [SheetRow(1, ("Our partners", None)), SheetRow(2, ()),
            SheetRow(3, ("Custom", "Stage", "", None)), SheetRow(4, ("Acme", "bridges")),
            SheetRow(5, ("Beta",)), SheetRow(6, (None, "")), SheetRow(7, ())]
    sheet = sheet_from_rows(rows, description="CSV", overrides={"Custom": "name"})
    assert (sheet.headers, sheet.header_row, sheet.above_header) == (("Custom", "Stage"), 3, (1,))
    assert sheet.rows == (SheetRow(4, ("Acme", "bridges")), SheetRow(5, ("Beta", None)))
    assert sheet.description == "CSV"
    assert sheet_from_rows([SheetRow(1, ("", None))], description="xlsx") == Sheet(
        (), 0, (), (), "xlsx")
    assert sheet_from_rows([]).description == ""
    only = sheet_from_rows([SheetRow(1, ("", "", "Name"))])
    assert only.headers == ("", "", "Name")


def test_a_column_is_labelled_by_its_header_cut_at_forty_or_by_its_letter():
    sheet = Sheet(("Partner  name", "N" * 45, ""), 1, ())
    assert sheet.column_label(0) == "Partner name"
    assert sheet.column_label(1) == "N" * 39 + "\u2026"
    assert sheet.column_label(2) == "column C"
    assert sheet.column_label(3) == "column D"


def test_a_contradiction_names_long_headers_cut_and_the_choices_after_it_still_apply():
    boss, chief = "B" * 45, "C" * 41
    headers = ("Partner", boss, chief, "Region", "Remarks")
    mapping, problems = apply_overrides(headers, guess_mapping(headers),
                                        {boss: "owner", chief: "owner", "Region": "tags",
                                         "Remarks": "notes"})
    assert texts(problems) == [f"--map gives owner to both '{'B' * 39}\u2026' and "
                               f"'{'C' * 39}\u2026'; keep one (map the other to 'ignore')."]
    assert mapping == ("name", "owner", None, "tags", "notes")


def test_a_sheet_with_thirteen_columns_lists_twelve_and_one_more():
    headers = tuple(f"C{i}" for i in range(13))
    _, problems = apply_overrides(headers, guess_mapping(headers), {"X": "name"})
    assert texts(problems)[0].endswith(
        f"(its columns are {', '.join(repr(h) for h in headers[:12])} and 1 more).")
