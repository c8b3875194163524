"""A sheet's header and columns at their edges: blank header cells at the end, a field two
columns claim beside a third field, a hyphenated header, and a repeated long name."""

from planner.domain.spreadsheet_columns import field_for_header, guess_mapping, header_key
from planner.domain.spreadsheet_rows import SheetRow, read_partner_rows, sheet_from_rows


def test_blank_cells_at_the_end_of_the_header_are_no_columns():
    sheet = sheet_from_rows([SheetRow(1, ("Partner", "", None)), SheetRow(2, ("Acme", "x", "y"))])
    assert sheet.headers == ("Partner",)
    assert sheet.rows == (SheetRow(2, ("Acme",)),)
    two = sheet_from_rows([SheetRow(1, ("Partner", "Stage", "")), SheetRow(2, ("Acme",))])
    assert two.headers == ("Partner", "Stage")
    assert two.rows == (SheetRow(2, ("Acme", None)),)


def test_a_second_column_for_a_field_does_not_stop_the_columns_after_it():
    # "Company" names the partner less surely than "Partner" and is left out; the stage
    # column, ranked after it, is still found
    assert guess_mapping(("Partner", "Company", "Lifecycle stage", "Org")) == (
        "name", None, "stage", "organisation")


def test_a_hyphen_or_an_underscore_reads_as_a_space():
    assert header_key("Next-review_date") == "next review date"
    assert field_for_header("Next-Meeting") == "next_review"
    assert header_key(None) == ""


def test_a_repeated_name_is_echoed_up_to_sixty_characters():
    for name, echoed in (("A" * 60, "A" * 60), ("A" * 61, "A" * 59 + "\u2026")):
        sheet = sheet_from_rows([SheetRow(1, ("Partner",)), SheetRow(2, (name,)),
                                 SheetRow(3, (name.lower(),))])
        _, repeated = read_partner_rows(sheet, ("name",))
        assert [str(p) for p in repeated.problems] == [
            f"Partner: the partner '{echoed.lower()}' is already on row 2 (an exact copy); "
            "keep one row per partner"]
