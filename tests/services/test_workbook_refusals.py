"""A workbook whose zip and XML are sound but whose content is not what a workbook holds (a
number cell holding a word, a shared text that is not there, a row numbered with letters) is
refused with the one sentence that says so, never openpyxl's own words; and the other
refusals of a workbook word for word, naming the file."""

import re
import zipfile

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


def test_an_open_tab_past_the_last_sheet_opens_the_first_table_else_names_the_chart(tmp_path):
    table = write_xlsx(tmp_path / "table.xlsx", workbook_parts(workbook=_workbook(
        '<sheet name="Partners" sheetId="1" r:id="rId1"/>', active=5)))
    assert [r.cells for r in read_sheet(table).rows] == [("Acme", "courtship")]
    charts = _chart_active(tmp_path)  # the same, with the table taken out: charts only
    with zipfile.ZipFile(charts) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/workbook.xml"] = re.sub(rb'<sheet name="Partners"[^>]*/>', b"", parts[
        "xl/workbook.xml"]).replace(b'activeTab="1"', b'activeTab="5"')
    assert refusal(write_xlsx(tmp_path / "charts.xlsx", parts)) == (
        "The open sheet of charts.xlsx is a chart ('Pipeline chart'), not a table; open the "
        "sheet with the partners, save, and import again.")


def test_a_deflate_stream_that_cannot_even_be_decoded_is_refused_as_damaged(tmp_path):
    path = write_xlsx(tmp_path / "broken.xlsx", workbook_parts(sheet=sheet_xml("".join(
        f'<row r="{n}">{cell(f"A{n}", f"Partner {n} of many")}</row>' for n in range(1, 400)))))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # the first block's header: "invalid block type"
    path.write_bytes(bytes(data))
    assert refusal(path) == (
        "broken.xlsx is not an .xlsx workbook Partner Planner can read (its compressed data is "
        "damaged in the archive); save it again as .xlsx or .csv.")


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


# pytest shows every warning in its own report, the one openpyxl gives here too (a person at
# the command line does not see it: see the last test)
@pytest.mark.filterwarnings("ignore:Title is more than 31 characters")
def test_a_charts_long_name_is_cut_at_40_characters_in_the_refusal(tmp_path):
    """Excel keeps a sheet's name to 31 characters; other apps and hand-made files do not.
    The refusal cuts the chart's name where the other names in refusals are cut, at 40."""
    chart = _chart_active(tmp_path)
    with zipfile.ZipFile(chart) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    forty = "Pipeline chart of every partner by worth"
    for long_name, shown_name in [
            (forty, forty),  # 40: whole
            ("Pipeline chart of every partner, by worth", forty[:31] + ", by wor\u2026")]:  # 41
        renamed = dict(parts, **{"xl/workbook.xml": parts["xl/workbook.xml"].replace(
            b'name="Pipeline chart"', f'name="{long_name}"'.encode())})
        assert refusal(write_xlsx(tmp_path / "long.xlsx", renamed)) == (
            f"The open sheet of long.xlsx is a chart ('{shown_name}'), not a table; open the "
            "sheet with the partners, save, and import again.")


def test_the_command_line_shows_the_refusal_and_no_warning_of_the_workbook_reader(tmp_path):
    """openpyxl warns on stderr about a sheet name over Excel's 31 characters; a person at the
    command line sees the one refusal sentence, not a Python warning above it."""
    import subprocess
    import sys

    chart = _chart_active(tmp_path)
    with zipfile.ZipFile(chart) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    long_name = "Pipeline chart of every partner, by worth"
    path = write_xlsx(tmp_path / "long.xlsx", dict(parts, **{
        "xl/workbook.xml": parts["xl/workbook.xml"].replace(
            b'name="Pipeline chart"', f'name="{long_name}"'.encode())}))
    done = subprocess.run([sys.executable, "-W", "default", "-m", "planner", "import",
                           str(tmp_path / "p.sqlite"), str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.splitlines() == [
        "planner: error: The open sheet of long.xlsx is a chart ('Pipeline chart of every "
        "partner, by wor\u2026'), not a table; open the sheet with the partners, save, and "
        "import again."], done.stderr
