"""A workbook whose zip and XML are sound but whose content is not what a workbook holds (a
number cell holding a word, a shared text that is not there, a row numbered with letters) is
refused with the one sentence that says so, never openpyxl's own words."""

import pytest

from planner.domain.errors import PlannerError
from planner.services.spreadsheet_files import read_sheet
from tests.safety.hostile_spreadsheets import GOOD_ROWS, cell, sheet_xml, workbook_parts, write_xlsx

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
