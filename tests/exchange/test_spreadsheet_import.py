"""Importing a partner list from CSV and .xlsx: every problem with its row, all or nothing."""

import datetime as dt
import re

import openpyxl
import pytest

from planner.domain.model import Kind, Partner
from planner.domain.stages import Stage
from planner.services import spreadsheet_import as si
from planner.services.partners import add_partner, list_partners, partner_record
from planner.services.portfolio_io import ImportResult
from tests.exchange.conftest import DATA, write_csv
from tests.exchange.data.make_messy_xlsx import ROWS as XLSX_ROWS
from tests.exchange.data.make_messy_xlsx import build as build_xlsx


def plan_for(portfolio, path, **options):
    overrides = options.pop("overrides", None)
    sheet = si.read_sheet(path, overrides=overrides)
    return si.plan_import(portfolio.uow(), sheet, overrides=overrides, **options)


def problems_by_row(plan):
    return {r.number: [str(p) for p in r.problems] for r in plan.bad_rows}


# the messy spreadsheet ----------------------------------------------------------------------

def test_the_messy_csv_names_every_problem_with_its_row(empty_portfolio):
    plan = plan_for(empty_portfolio, DATA / "partners-messy.csv")
    assert plan.sheet.header_row == 3 and plan.sheet.above_header == (1,)
    assert plan.mapping == ("name", "organisation", "stage", "owner", "next_review", "kind",
                            "tags", "notes", None)
    assert plan.unmapped_columns() == ["Region"]
    assert problems_by_row(plan) == {
        5: ["Next review: '12/06/2026' could be 12 June or 6 December; choose the order of "
            "day and month, or write it as YYYY-MM-DD"],
        8: ["Status: 'Brdiges' is not a stage; did you mean bridges? Write courtship, "
            "commitment, bridges or exit",
            "Next review: '03/04/2026' could be 3 April or 4 March; choose the order of day "
            "and month, or write it as YYYY-MM-DD"],
        9: ["Next review: '31/02/2026' is not a real date"],
        10: ["Status: no stage; fill it in (courtship, commitment, bridges or exit), or "
             "delete the row if it is a heading"],
        13: ["Partner: the partner 'fernhill & stone consulting' is already on row 4 (an "
             "exact copy); keep one row per partner"],
    }
    assert [r.number for r in plan.rows if r.skipped] == [7]
    assert plan.has_ambiguous_dates and not plan.ready
    assert plan.summary().startswith("6 problems in 5 rows; nothing was imported.")


def test_dayfirst_settles_the_ambiguous_dates(empty_portfolio):
    plan = plan_for(empty_portfolio, DATA / "partners-messy.csv", dayfirst=True)
    assert sorted(problems_by_row(plan)) == [8, 9, 10, 13]
    northwind = next(r.partner for r in plan.rows if r.number == 5)
    assert northwind.next_review == dt.date(2026, 6, 12)


def test_the_messy_import_writes_nothing_and_lists_every_bad_row(empty_portfolio):
    with pytest.raises(si.SpreadsheetNotImported) as error:
        si.import_spreadsheet(empty_portfolio.uow(), DATA / "partners-messy.csv", dayfirst=True)
    lines = error.value.plan.problem_lines()
    assert [line.split(":")[0] for line in lines] == ["Row 8", "Row 9", "Row 10", "Row 13"]
    assert "nothing was imported" in str(error.value)
    assert list_partners(empty_portfolio.uow()) == []


def test_the_fixed_csv_imports_every_partner_cleanly(empty_portfolio):
    result = si.import_spreadsheet(empty_portfolio.uow(), DATA / "partners-fixed.csv",
                                   dayfirst=True)
    assert result == ImportResult(7, 0)
    partners = {p.name: p for p in list_partners(empty_portfolio.uow())}
    assert sorted(partners) == ["Aster Cloud", "Bluefin Retail", "Fernhill & Stone Consulting",
                                "Kestrel Analytics", "Meridian Health", "Northwind Logistics",
                                "Orbital Devices"]
    northwind = partners["Northwind Logistics"]  # stray spaces inside and around
    assert (northwind.stage, northwind.kind, northwind.owner, northwind.tags) == (
        Stage.COMMITMENT, Kind.VERTICAL, "Tom Weller", ("logistics", "pilot"))
    assert partners["Orbital Devices"].next_review == dt.date(2026, 4, 3)
    assert partners["Aster Cloud"].next_review == dt.date(2026, 9, 1)
    assert partners["Bluefin Retail"].next_review == dt.date(2026, 7, 15)
    # The line break inside the cell is kept as the file wrote it (CRLF): text is never
    # quietly rewritten, so a partners.csv export reads back exactly.
    assert partners["Kestrel Analytics"].notes == ("Met at the summit; CTO keen.\r\n"
                                                   "Follow up after the summer.")
    record = partner_record(empty_portfolio.uow(), partners["Kestrel Analytics"].id)
    assert len(record.checklist) > 20  # the template checklist of all four stages
    assert {item.stage for item in record.checklist} == set(Stage)


def test_the_messy_workbook_names_every_problem(empty_portfolio):
    plan = plan_for(empty_portfolio, DATA / "partners-messy.xlsx")
    assert plan.sheet.description == "workbook sheet 'Partners'"
    rows = problems_by_row(plan)
    assert sorted(rows) == [5, 7, 8, 9, 11]
    assert "could be 5 July or 7 May" in rows[5][0]
    assert rows[7] == ["Next meeting: '2026-13-01' is not a real date"]
    assert rows[8][0].startswith("Phase: no stage")
    assert "did you mean bridges" in rows[9][0]
    assert "already on row 4 (an exact copy)" in rows[11][0]
    granite = plan.rows[0].partner
    assert granite.next_review == dt.date(2026, 6, 18)  # a real date cell
    quarry = next(r.partner for r in plan.rows if r.number == 10)
    assert quarry.notes == "- renewal due in Q3"


def test_the_fixed_workbook_imports(empty_portfolio, tmp_path):
    rows = [list(r) for r in XLSX_ROWS]
    rows[6][4] = "2026-12-01"
    rows[8][2] = "Bridges"
    del rows[10], rows[7]  # the duplicate and the heading row
    path = build_xlsx(tmp_path / "fixed.xlsx", rows)
    result = si.import_spreadsheet(empty_portfolio.uow(), path, dayfirst=True)
    assert result.added == 5
    lark = next(p for p in list_partners(empty_portfolio.uow()) if p.name.startswith("Lark"))
    assert (lark.name, lark.owner, lark.next_review) == (
        "Lark & Wren Media", "Priya Raman", dt.date(2026, 7, 5))


# encodings and delimiters -------------------------------------------------------------------

CSV = "Partner{d}Stage{d}Next review\r\nAcme{d}Courtship{d}2026-06-10\r\nBeta{d}exit{d}\r\n"


@pytest.mark.parametrize("delimiter, encoding, described", [
    (",", "utf-8", "CSV in UTF-8, comma-separated"),
    (",", "utf-8-sig", "CSV in UTF-8, comma-separated"),
    (";", "utf-8-sig", "CSV in UTF-8, semicolon-separated"),
    ("\t", "utf-8", "CSV in UTF-8, tab-separated"),
    ("\t", "utf-16", "CSV in UTF-16, tab-separated"),
])
def test_encodings_and_delimiters(empty_portfolio, tmp_path, delimiter, encoding, described):
    path = write_csv(tmp_path / "p.csv", CSV.format(d=delimiter), encoding=encoding)
    plan = plan_for(empty_portfolio, path)
    assert plan.sheet.description == described
    assert plan.sheet.headers == ("Partner", "Stage", "Next review")
    assert [p.name for p in plan.partners] == ["Acme", "Beta"]
    assert plan.partners[0].next_review == dt.date(2026, 6, 10)


def test_semicolons_inside_cells_do_not_fool_the_sniffer(empty_portfolio, tmp_path):
    path = write_csv(tmp_path / "p.csv", 'Partner,Notes\r\nAcme,"a; b; c"\r\nBeta,"d; e"\r\n')
    assert [p.notes for p in plan_for(empty_portfolio, path).partners] == ["a; b; c", "d; e"]


def test_excel_sep_line_names_the_delimiter(empty_portfolio, tmp_path):
    path = write_csv(tmp_path / "p.csv", "sep=;\r\nPartner;Notes\r\nAcme, Inc.;a,b\r\n")
    plan = plan_for(empty_portfolio, path)
    assert plan.sheet.header_row == 1 and plan.sheet.description.endswith("semicolon-separated")
    assert [(r.number, r.partner.name, r.partner.notes) for r in plan.rows] == [
        (2, "Acme, Inc.", "a,b")]


def test_a_file_without_a_stage_column_starts_everyone_in_courtship(empty_portfolio, tmp_path):
    path = write_csv(tmp_path / "p.csv", "Company\nAcme\nBeta\n")
    plan = plan_for(empty_portfolio, path)
    assert plan.ready and {p.stage for p in plan.partners} == {Stage.COURTSHIP}


def test_map_reads_columns_with_any_header(empty_portfolio, tmp_path):
    path = write_csv(tmp_path / "p.csv", "Firm,Where we are,Region,Status\n"
                                         "Acme,Bridges,EMEA,active\n")
    plan = plan_for(empty_portfolio, path, overrides={
        "Firm": "name", "Where we are": "stage", "region": "tags", "Status": "ignore"})
    assert plan.ready
    assert plan.partners == [Partner("Acme", Stage.BRIDGES, tags=("EMEA",))]


# every error path ---------------------------------------------------------------------------

def test_a_name_already_in_the_portfolio_is_a_row_problem(empty_portfolio, tmp_path):
    add_partner(empty_portfolio.uow(), Partner("Acme Corp"))
    path = write_csv(tmp_path / "p.csv", "Partner,Stage\nBeta,exit\n  acme   corp ,bridges\n")
    plan = plan_for(empty_portfolio, path)
    assert problems_by_row(plan) == {
        3: ["Partner: a partner named 'Acme Corp' is already in the portfolio"]}
    with pytest.raises(si.SpreadsheetNotImported):
        si.import_plan(empty_portfolio.uow(), plan)
    assert [p.name for p in list_partners(empty_portfolio.uow())] == ["Acme Corp"]


def test_a_missing_name_and_text_too_long(empty_portfolio, tmp_path):
    path = write_csv(tmp_path / "p.csv",
                     f"Partner,Owner,Stage\n,Sam,bridges\nAcme,{'x' * 201},exit\n")
    assert problems_by_row(plan_for(empty_portfolio, path)) == {
        2: ["Partner: no partner name"],
        3: ["The owner is too long (201 characters; at most 200)"],
    }


@pytest.mark.parametrize(("rows", "said"), [
    ("Acme,Sam,exit\n,Sam,exit\n", "1 problem in 1 row"),
    (",Sam,exit\nAcme,Sam,late\n", "2 problems in 2 rows"),
    (",Sam,exit\n,Sam,exit\n,Sam,exit\n", "3 problems in 3 rows"),
])
def test_the_summary_counts_problems_and_rows_in_words(empty_portfolio, tmp_path, rows, said):
    plan = plan_for(empty_portfolio, write_csv(tmp_path / "p.csv", "Partner,Owner,Stage\n" + rows))
    assert plan.summary() == (f"{said}; nothing was imported. Fix them in the spreadsheet (or "
                              "map the columns) and import again.")


def test_no_name_column_is_a_problem_for_the_whole_file(empty_portfolio, tmp_path):
    path = write_csv(tmp_path / "p.csv", "Firm,Stage\nAcme,exit\n")
    plan = plan_for(empty_portfolio, path)
    assert plan.rows == () and not plan.ready
    assert plan.problem_lines()[0].startswith("No column holds the partner name")
    assert plan.summary().startswith("1 problem; nothing was imported")


def test_a_header_with_no_rows_under_it(empty_portfolio, tmp_path):
    plan = plan_for(empty_portfolio, write_csv(tmp_path / "p.csv", "Partner,Stage\n,\n"))
    assert plan.problem_lines() == ["There are no partner rows under the header on row 1."]


@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "empty.csv is empty."),
    ("latin.csv", "Partner\nCaf\u00e9\n".encode("latin-1"), "The file is not UTF-8 text"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "old.xls is a .xls file; save it as .xlsx or .csv"),
    ("fake.xlsx", b"not a zip", "fake.xlsx is not an .xlsx workbook"),
    ("notes.pdf", b"%PDF", "notes.pdf is not a spreadsheet this app reads"),
    ("bad.csv", b'Partner,Stage\n"Acme" Corp,exit\n', "The CSV cannot be read at line 2"),
])
def test_files_that_cannot_be_read(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(si.PlannerError, match=message.replace(".", r"\.").replace("(", r"\(")):
        si.read_sheet(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(si.PlannerError, match="There is no file at"):
        si.read_sheet(tmp_path / "nope.csv")
    with pytest.raises(si.PlannerError, match="is a folder"):
        si.read_sheet(tmp_path)


def test_an_empty_workbook(empty_portfolio, tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    plan = plan_for(empty_portfolio, path)
    assert plan.problem_lines() == ["The file has no rows; there is nothing to import."]


AGAIN = "save it as 'CSV UTF-8' and import again."


def test_text_that_is_not_text_is_refused_saying_where_and_what_to_do(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Partner\nCaf\u00e9\n".encode("latin-1"))
    with pytest.raises(si.PlannerError) as refused:
        si.read_sheet(latin)
    assert str(refused.value) == f"The file is not UTF-8 text (byte 11 is not); {AGAIN}"

    odd = tmp_path / "odd.csv"  # UTF-16 that stops in the middle of a character
    odd.write_bytes("Partner\nAcme\n".encode("utf-16") + b"A")
    with pytest.raises(si.PlannerError) as refused:
        si.read_sheet(odd)
    assert str(refused.value) == ("The file is not whole UTF-16 text (it ends in the middle of "
                                  f"a character); {AGAIN}")

    late = tmp_path / "late.csv"  # beyond the first 64 KiB read to find the separator
    late.write_bytes(("Partner\n" + "".join(f"Partner {i:04} with a name long enough\n"
                                            for i in range(2000)) + "Caf\u00e9\n").encode(
        "latin-1"))
    with pytest.raises(si.PlannerError) as refused:
        si.read_sheet(late)
    found = re.fullmatch(r"The file is not UTF-8 text \(line ([\d,]+) is not\); "
                         + re.escape(AGAIN), str(refused.value))
    assert found, str(refused.value)
    assert 1_900 < int(found[1].replace(",", "")) <= 2_002  # near the bad line, not a byte


def test_a_mapping_longer_than_the_header_leaves_out_columns_that_are_not_there(
        empty_portfolio, tmp_path):
    sheet = si.read_sheet(write_csv(tmp_path / "p.csv", "Partner,Remarks\nAcme,x\n"))
    plan = si.plan_import(empty_portfolio.uow(), sheet, mapping=("name", None, None, None))
    assert plan.unmapped_columns() == ["Remarks"]


def test_a_long_text_names_its_field_in_the_words_of_the_form(empty_portfolio, tmp_path):
    path = write_csv(tmp_path / "p.csv", "Partner,Unique result,Review place\n"
                     f"Acme,{'u' * 20_001},Utrecht\nBeta,,{'p' * 201}\n")
    assert problems_by_row(plan_for(empty_portfolio, path)) == {
        2: ["The unique result is too long (20,001 characters; at most 20,000)"],
        3: ["The review place is too long (201 characters; at most 200)"]}


@pytest.mark.parametrize("count, named", [
    (3, "'Acme', 'Beta', 'Core'"), (5, "'Acme', 'Beta', 'Core' and 2 more")])
def test_names_taken_since_the_file_was_read_are_named_three_and_the_rest_counted(
        empty_portfolio, tmp_path, count, named):
    names = ["Acme", "Beta", "Core", "Dyna", "Echo"][:count]
    path = write_csv(tmp_path / "p.csv", "Partner\n" + "".join(f"{n}\n" for n in names))
    plan = plan_for(empty_portfolio, path)
    assert plan.ready
    for name in names:  # someone else adds them meanwhile
        add_partner(empty_portfolio.uow(), Partner(name))
    with pytest.raises(si.PlannerError) as refused:
        si.import_plan(empty_portfolio.uow(), plan)
    assert str(refused.value) == (f"The portfolio now has a partner named {named}, added "
                                  "since the file was read; nothing was imported.")


def test_a_workbook_finds_its_header_by_the_mapped_columns_below_a_title(empty_portfolio,
                                                                          tmp_path):
    workbook = openpyxl.Workbook()
    for row in (["Our alliances, 2026"], ["Firm", "Where we are"], ["Acme", "Bridges"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "p.xlsx")
    plan = plan_for(empty_portfolio, tmp_path / "p.xlsx",
                    overrides={"Firm": "name", "Where we are": "stage"})
    assert plan.ready and plan.partners == [Partner("Acme", Stage.BRIDGES)]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(33 * 2**20)  # sparse: nothing is written
    with pytest.raises(si.PlannerError) as refused:
        si.read_sheet(big)
    assert str(refused.value) == ("big.csv is 33 MB, more than the 32 MB a list of 5,000 "
                                  "partners needs; split it and import the parts.")


def test_the_delimiter_is_judged_by_the_first_fifty_rows_only():
    """A file of 10,000 rows is not read three more times to guess its delimiter: rows past
    the fiftieth (here commas in unquoted notes) do not outvote the first ones."""
    from planner.services.spreadsheet_files import sniff_delimiter

    first = "name;stage\n" + "".join(f"Partner {n};courtship\n" for n in range(49))
    later = "".join(f"Note {n}, with, commas\n" for n in range(200))
    assert sniff_delimiter(first + later) == ";"
    assert sniff_delimiter(first.replace(";", ",") + later.replace(",", ";")) == ","


def test_a_workbook_row_wider_than_an_import_reads_is_refused_naming_the_file(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Stage"])
    workbook.active.cell(row=2, column=300, value="far out")
    workbook.save(tmp_path / "wide.xlsx")
    with pytest.raises(si.PlannerError) as refused:
        si.read_sheet(tmp_path / "wide.xlsx")
    assert str(refused.value) == ("Row 2 of wide.xlsx has 300 columns, more than the 256 an "
                                  "import reads; remove the columns that are not partner "
                                  "fields.")
