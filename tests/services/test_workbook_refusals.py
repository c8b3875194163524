"""A workbook whose zip and XML are sound but whose content is not what a workbook holds (a
number cell holding a word, a shared text that is not there, a row numbered with letters) is
refused with the one sentence that says so, never openpyxl's own words; and the other
refusals of a workbook word for word, naming the file."""

import re

import pytest

from planner.domain.errors import PlannerError
from planner.services.spreadsheet_files import read_sheet
from tests.safety.hostile_spreadsheets import (
    GOOD_ROWS,
    _bomb,
    _chart_active,
    _workbook,
    cell,
    sheet_xml,
    workbook_parts,
    write_xlsx,
)

BOLT = '<row r="3">' + cell("A3", "Bolt")


@pytest.mark.parametrize("rows", [
    GOOD_ROWS + BOLT + '<c r="B3" t="n"><v>courtship</v></c></row>',
    GOOD_ROWS + BOLT + '<c r="B3" t="s"><v>5</v></c></row>',
    GOOD_ROWS + '<row r="three">' + cell("A3", "Bolt") + "</row>",
], ids=["word in a number cell", "missing shared text", "row numbered with letters"])
def test_a_workbook_holding_what_no_workbook_holds_is_refused_in_one_sentence(tmp_path, rows):
    path = write_xlsx(tmp_path / "odd.xlsx", workbook_parts(sheet=sheet_xml(rows)))
    with pytest.raises(PlannerError) as refused:
        read_sheet(path)
    assert str(refused.value) == (
        "odd.xlsx is not an .xlsx workbook Partner Planner can read (its content is not what "
        "a workbook holds); save it again as .xlsx or .csv.")


def test_the_same_workbook_without_the_odd_cell_is_read(tmp_path):
    path = write_xlsx(tmp_path / "good.xlsx", workbook_parts(
        sheet=sheet_xml(GOOD_ROWS + BOLT + cell("B3", "bridges") + "</row>")))
    sheet = read_sheet(path)
    assert sheet.headers == ("Partner", "Stage")
    assert [(row.number, row.cells) for row in sheet.rows] == [
        (2, ("Acme", "courtship")), (3, ("Bolt", "bridges"))]


def refusal(path) -> str:
    with pytest.raises(PlannerError) as refused:
        read_sheet(path)
    return str(refused.value)


def test_a_workbook_without_sheets_or_with_a_chart_open_is_refused_naming_the_file(tmp_path):
    empty = write_xlsx(tmp_path / "nosheets.xlsx", workbook_parts(workbook=_workbook("")))
    assert refusal(empty) == "nosheets.xlsx holds no sheets; there is nothing to import."
    assert refusal(_chart_active(tmp_path)) == (
        "The open sheet of chart.xlsx is a chart ('Pipeline chart'), not a table; open the "
        "sheet with the partners, save, and import again.")


def test_a_file_that_is_not_a_zip_is_refused_as_no_xlsx_is(tmp_path):
    path = tmp_path / "plain.xlsx"
    path.write_bytes(b"Partner,Stage\nAcme,courtship\n")
    assert refusal(path) == ("plain.xlsx is not an .xlsx workbook Partner Planner can read (it "
                             "is not a zip archive, as every .xlsx is); save it again as .xlsx "
                             "or .csv.")


def test_a_zip_bomb_is_refused_saying_how_many_times_it_expands(tmp_path):
    said = refusal(_bomb(tmp_path))
    assert re.fullmatch(r"bomb\.xlsx expands [1-9][0-9]{0,2}(,[0-9]{3})* times when opened, as a "
                        r"zip bomb does; it was not read\.", said), said
