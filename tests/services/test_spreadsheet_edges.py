"""Reading a partner list at its edges: a CSV's header found by the columns the user mapped,
below a title; a name no one could read named as written, with what is wrong with it; and the
cause of a workbook's failure looked for in the first ten links of its chain, no further."""

import pytest

from planner.domain.stages import Stage
from planner.services import partners, spreadsheet_files, spreadsheet_import
from planner.services.portfolio import open_portfolio
from planner.services.spreadsheet_files import read_sheet
from tests.safety.hostile_spreadsheets import workbook_parts, write_xlsx

MAPPED = {"Firm": "name", "Where we are": "stage"}


def test_a_csv_finds_its_header_by_the_mapped_columns_below_a_title(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Our alliances 2026\nFirm,Where we are\nAcme,Bridges\n", encoding="utf-8")
    sheet = read_sheet(path, overrides=MAPPED)
    assert (sheet.header_row, sheet.headers, sheet.above_header) == (
        2, ("Firm", "Where we are"), (1,))
    assert [(r.number, r.cells) for r in sheet.rows] == [(3, ("Acme", "Bridges"))]
    assert read_sheet(path).header_row == 1  # unmapped, the title is all it can go by


def test_a_first_line_only_starting_like_excels_separator_line_is_the_header(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Sep=Notes,Partner\nkeen,Acme\n", encoding="utf-8")
    sheet = read_sheet(path)
    assert (sheet.header_row, sheet.headers) == (1, ("Sep=Notes", "Partner"))
    assert [(r.number, r.cells) for r in sheet.rows] == [(2, ("keen", "Acme"))]


def test_an_import_in_one_call_maps_the_columns_the_user_named(tmp_path, empty_file_at):
    path = tmp_path / "p.csv"
    path.write_text("Our alliances 2026\nFirm,Where we are\nAcme,Bridges\n", encoding="utf-8")
    with open_portfolio(empty_file_at(tmp_path / "portfolio.sqlite")) as portfolio:
        spreadsheet_import.import_spreadsheet(portfolio.uow(), path, overrides=MAPPED)
        (acme,) = partners.list_partners(portfolio.uow())
    assert (acme.name, acme.stage) == ("Acme", Stage.BRIDGES)


def test_a_name_that_cannot_name_a_partner_is_shown_as_written_with_its_problem(
        tmp_path, empty_file_at):
    path = tmp_path / "p.csv"
    path.write_text("Partner,Stage\nAcme\u202eCorp,bridges\nBolt\u200b,exit\nCobalt,exit\n",
                    encoding="utf-8")
    with open_portfolio(empty_file_at(tmp_path / "portfolio.sqlite")) as portfolio:
        plan = spreadsheet_import.plan_import(portfolio.uow(), read_sheet(path))
    assert {r.number: [str(p) for p in r.problems] for r in plan.bad_rows} == {
        2: ["Partner: the name 'Acme\\u202eCorp' holds a bidirectional control character "
            "(U+202E) that reorders what is shown"],
        3: ["Partner: the name 'Bolt\\u200b' holds a zero-width space (U+200B), which cannot "
            "be seen"],
    }


def chain(length: int, last: BaseException) -> BaseException:
    """`length` ValueErrors, each caused by the next, the last caused by `last`."""
    error = last
    for n in range(length):
        try:
            raise ValueError(f"link {n}") from error
        except ValueError as raised:
            error = raised
    return error


@pytest.mark.parametrize(("links", "why"), [
    (9, "a part of the workbook is missing"),  # the KeyError is the tenth link
    (10, "its content is not what a workbook holds"),  # the eleventh: not looked at
])
def test_a_workbooks_failure_is_told_by_the_first_ten_links_of_its_cause(tmp_path, links, why):
    path = write_xlsx(tmp_path / "sound.xlsx", workbook_parts())
    failure = spreadsheet_files._xlsx_failure(path, chain(links, KeyError("xl/styles.xml")))
    assert str(failure) == (f"sound.xlsx is not an .xlsx workbook Partner Planner can read "
                            f"({why}); save it again as .xlsx or .csv.")


def test_a_csv_with_old_mac_line_ends_is_read_row_by_row(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Partner,Stage\rAcme,bridges\rBolt,exit\r")
    sheet = read_sheet(path)
    assert sheet.headers == ("Partner", "Stage")
    assert [(r.number, r.cells) for r in sheet.rows] == [
        (2, ("Acme", "bridges")), (3, ("Bolt", "exit"))]
