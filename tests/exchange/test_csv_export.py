"""CSV export: one file per table that spreadsheets open cleanly, safe against formula injection,
and a partners table that imports back to the same partners."""

import csv
import dataclasses
import datetime as dt

import pytest

from planner.domain.model import Kind, Partner
from planner.domain.stages import Stage
from planner.services import csv_export
from planner.services import spreadsheet_import as si
from planner.services.partners import add_partner, list_partners
from planner.services.portfolio import open_portfolio


def read_table(path):
    """What a spreadsheet reader sees: the BOM announces UTF-8, the csv module splits cells."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"),
    ("=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"),
    ("+44 161 496 0200", "'+44 161 496 0200"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("Acme = good", "Acme = good"),
    ("plain text", "plain text"),
    ("", ""),
    (None, ""),
    (25000, 25000),
    (-5, -5),  # a number is data, not a formula
    (True, "yes"),
    (dt.date(2026, 6, 1), "2026-06-01"),
])
def test_formula_injection_table(cell, written):
    assert csv_export.neutralise(cell) == written


def test_every_table_is_written_with_a_header_row(sample_portfolio, tmp_path):
    folder = tmp_path / "out"
    counts = csv_export.export_csv(sample_portfolio.uow(), folder)
    assert list(counts) == list(csv_export.TABLES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{t}.csv" for t in csv_export.TABLES)
    for table in csv_export.TABLES:
        rows = read_table(folder / f"{table}.csv")
        assert rows[0][0] == "Partner"
        assert len(rows) - 1 == counts[table]
        assert all(len(r) == len(rows[0]) for r in rows)
    assert counts["partners"] == 8 and counts["stakeholders"] > 0 and counts["health"] > 0
    partners = read_table(folder / "partners.csv")
    header = partners[0]
    assert header[:4] == ["Partner", "Organisation", "Stage", "Kind"]
    reviews = [r[header.index("Next review")] for r in partners[1:]]
    assert all(dt.date.fromisoformat(d) for d in reviews if d)  # ISO dates
    actions = read_table(folder / "actions.csv")
    assert {r[actions[0].index("Done")] for r in actions[1:]} <= {"yes", "no"}
    health = read_table(folder / "health.csv")
    assert health[0][2] == "Strategic value (ours)"


def test_the_files_use_crlf_and_quote_what_needs_it(empty_portfolio, tmp_path):
    add_partner(empty_portfolio.uow(), Partner("Acme, \"the\" firm", notes="line 1\nline 2"))
    csv_export.export_csv(empty_portfolio.uow(), tmp_path)
    data = (tmp_path / "partners.csv").read_bytes().decode("utf-8-sig")
    assert data.startswith("Partner,Organisation")
    assert '"Acme, ""the"" firm"' in data and "\r\n" in data
    assert read_table(tmp_path / "partners.csv")[1][0] == 'Acme, "the" firm'


def test_dangerous_cells_are_neutralised_in_the_files(empty_portfolio, tmp_path):
    add_partner(empty_portfolio.uow(), Partner(
        "=HYPERLINK(\"http://evil.example\")", owner="@admin", notes="+cmd|' /C calc'!A0",
        tags=("-risky",)))
    csv_export.export_csv(empty_portfolio.uow(), tmp_path)
    row = dict(zip(*read_table(tmp_path / "partners.csv"), strict=True))
    assert row["Partner"] == "'=HYPERLINK(\"http://evil.example\")"
    assert row["Owner"] == "'@admin"
    assert row["Notes"] == "'+cmd|' /C calc'!A0"
    assert row["Tags"] == "'-risky"
    for table in csv_export.TABLES:
        for cells in read_table(tmp_path / f"{table}.csv"):
            assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def comparable(partner):
    # The partners table carries the partner's own fields; when it was added to a portfolio,
    # entered its stage and what its next review must decide belong to the portfolio.
    return dataclasses.replace(partner, id=None, created_on=None, stage_since=None,
                               decision_needed="")


def test_round_trip_of_the_partners_table(sample_portfolio, tmp_path):
    csv_export.export_csv(sample_portfolio.uow(), tmp_path / "out")
    with open_portfolio(tmp_path / "again.sqlite", create=True) as again:
        result = si.import_spreadsheet(again.uow(), tmp_path / "out" / "partners.csv")
        assert result.added == 8
        restored = list_partners(again.uow())
    original = list_partners(sample_portfolio.uow())
    assert [comparable(p) for p in restored] == [comparable(p) for p in original]


def test_round_trip_keeps_formula_like_text_and_every_field(empty_portfolio, tmp_path):
    tricky = Partner("-Minus Partners", Stage.EXIT, organisation="=Org", kind=Kind.VERTICAL,
                     definition="Joint offer;\nsecond line", unique_result="+20% reach",
                     owner="Zoë Ångström", next_review=dt.date(2026, 2, 28),
                     review_place="@ their office", tags=("a", "@c"),
                     notes="\tindented")
    add_partner(empty_portfolio.uow(), tricky)
    csv_export.export_csv(empty_portfolio.uow(), tmp_path / "out")
    with open_portfolio(tmp_path / "again.sqlite", create=True) as again:
        si.import_spreadsheet(again.uow(), tmp_path / "out" / "partners.csv")
        (restored,) = list_partners(again.uow())
    # The import trims cells, so a leading tab in notes is the one thing not kept.
    assert comparable(restored) == dataclasses.replace(tricky, notes="indented")


def test_export_refuses_a_file_where_the_folder_should_be(empty_portfolio, tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(csv_export.PlannerError, match="is a file; name a folder"):
        csv_export.export_csv(empty_portfolio.uow(), tmp_path / "taken")
    with pytest.raises(csv_export.PlannerError, match="does not exist"):
        csv_export.export_csv(empty_portfolio.uow(), tmp_path / "no" / "such")


HEADERS = {
    "partners": ["Partner", "Organisation", "Stage", "Kind", "Shared definition", "Unique result",
                 "Owner", "Next review", "Review place", "Tags", "Notes"],
    "stakeholders": ["Partner", "Name", "Side", "Level", "Role", "Ambassador", "Email", "Phone",
                     "Knows"],
    "differences": ["Partner", "Area", "How we work", "How they work", "Likelihood", "Impact",
                    "Risk", "How we manage it", "Owner", "Status", "Question to ask"],
    "meetings": ["Partner", "Date", "Kind", "Place", "Attendees", "Notes", "Decisions",
                 "Moment of truth"],
    "actions": ["Partner", "Action", "Owner", "Side", "Due", "Done", "Done on", "Meeting"],
    "value": ["Partner", "Giver", "What", "Worth", "Date"],
}


def test_each_table_has_the_column_names_people_read(sample_portfolio, tmp_path):
    csv_export.export_csv(sample_portfolio.uow(), tmp_path / "out")
    for table, header in HEADERS.items():
        assert read_table(tmp_path / "out" / f"{table}.csv")[0] == header, table
    health = read_table(tmp_path / "out" / "health.csv")[0]
    assert health[:2] == ["Partner", "Date"] and health[-1] == "Comment"
    assert health[2:4] == ["Strategic value (ours)", "Strategic value (theirs)"]
