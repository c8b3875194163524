"""The commands as a user runs them: the real entry point in a subprocess."""

import csv
import shutil

import icalendar
import vobject

from planner.services.partners import list_partners
from planner.services.portfolio import open_portfolio
from tests.exchange.conftest import DATA


def empty(tmp_path):
    path = tmp_path / "p.sqlite"
    open_portfolio(path, create=True).close()
    return path


def names(path):
    with open_portfolio(path, read_only=True) as portfolio:
        return [p.name for p in list_partners(portfolio.uow())]


def test_dry_run_names_every_problem_then_the_fixed_file_imports(run_cli, tmp_path):
    portfolio = empty(tmp_path)
    result = run_cli("import", portfolio, DATA / "partners-messy.csv", "--dry-run")
    assert result.returncode == 1
    out = result.stdout
    assert "the header is on row 3" in out and "Region            -> not imported" in out
    for line in ("Row 4: import 'Fernhill & Stone Consulting'",
                 "Row 5: PROBLEM Next review: '12/06/2026' could be 12 June or 6 December",
                 "Row 7: empty, skipped.",
                 "Row 8: PROBLEM Status: 'Brdiges' is not a stage",
                 "Row 8: PROBLEM Next review: '03/04/2026' could be",
                 "Row 9: PROBLEM Next review: '31/02/2026' is not a real date",
                 "Row 10: PROBLEM Status: no stage",
                 "Row 13: PROBLEM Partner: the partner 'fernhill & stone consulting' is "
                 "already on row 4 (an exact copy)",
                 "add --dayfirst (3 April) or --monthfirst (4 March)"):
        assert line in out, line
    assert result.stderr == ("planner: error: 6 problems in 5 rows; nothing was imported. Fix "
                             "them in the spreadsheet (or map the columns) and import again.\n")

    result = run_cli("import", portfolio, DATA / "partners-messy.csv", "--dayfirst")
    assert result.returncode == 1
    listed = [line.split(":")[0] for line in result.stderr.splitlines()[:-1]]
    assert listed == ["Row 8", "Row 9", "Row 10", "Row 13"]
    assert names(portfolio) == []  # atomic: nothing imported

    result = run_cli("import", portfolio, DATA / "partners-fixed.csv", "--dayfirst", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Would import 7 partners" in result.stdout and names(portfolio) == []
    result = run_cli("import", portfolio, DATA / "partners-fixed.csv", "--dayfirst")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported 7 partners from partners-fixed.csv")
    assert len(names(portfolio)) == 7


def test_xlsx_import_with_map(run_cli, tmp_path):
    portfolio = empty(tmp_path)
    result = run_cli("import", portfolio, DATA / "partners-messy.xlsx", "--dry-run",
                     "--dayfirst", "--map", "Phase=ignore", "--map", "Company=name")
    assert "Phase         -> not imported" in result.stdout
    assert "Row 8: empty" not in result.stdout
    assert "Row 7: PROBLEM Next meeting: '2026-13-01' is not a real date" in result.stdout
    result = run_cli("import", portfolio, DATA / "partners-messy.xlsx", "--map", "Stage=name")
    assert result.returncode == 1
    assert "--map names the column 'Stage', which is not in the file" in result.stderr


def test_spreadsheet_options_and_json(run_cli, tmp_path):
    portfolio = empty(tmp_path)
    result = run_cli("import", portfolio, tmp_path / "x.json", "--dayfirst")
    assert result.returncode == 1
    assert result.stderr == ("planner: error: --dayfirst works only when importing a "
                             "spreadsheet (.csv, .tsv, .txt or .xlsx).\n")
    result = run_cli("import", portfolio, DATA / "partners-fixed.csv", "--replace")
    assert result.returncode == 1 and "--replace works only for JSON imports" in result.stderr
    result = run_cli("import", portfolio, DATA / "partners-fixed.csv", "--map", "nonsense")
    assert "needs the form \"Column Header=field\"" in result.stderr


def test_export_csv_calendar_and_contacts(run_cli, tmp_path):
    sample = tmp_path / "sample.sqlite"
    assert run_cli("sample", sample).returncode == 0

    result = run_cli("export", sample, "--csv", tmp_path / "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote 7 CSV files to")
    with (tmp_path / "csv" / "partners.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 9 and rows[0][0] == "Partner"

    result = run_cli("export", sample)
    assert result.returncode == 2 and "one of the arguments -o/--output --csv" in result.stderr
    result = run_cli("export", sample, "-o", tmp_path / "a.json", "--csv", tmp_path / "csv")
    assert result.returncode == 2 and "not allowed with argument" in result.stderr

    result = run_cli("calendar", sample, "-o", tmp_path / "r.ics")
    assert result.returncode == 0, result.stderr
    calendar = icalendar.Calendar.from_ical((tmp_path / "r.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == 8
    assert f"Wrote 8 reviews and {len(list(calendar.walk('VTODO')))} open actions (as to-dos)" \
        in result.stdout

    result = run_cli("contacts", sample, "--partner", "Helix & Stone Consulting",
                     "--side", "theirs", "-o", tmp_path / "h.vcf")
    assert result.returncode == 0, result.stderr
    cards = list(vobject.readComponents((tmp_path / "h.vcf").read_text("utf-8")))
    assert cards and result.stdout == f"Wrote {len(cards)} contacts to {tmp_path / 'h.vcf'}.\n"
    result = run_cli("contacts", sample, "--partner", "Nobody", "-o", tmp_path / "n.vcf")
    assert result.returncode == 1
    assert result.stderr.startswith("planner: error: No partner is named 'Nobody'")
    assert len(result.stderr.splitlines()) == 1


def test_round_trip_through_the_command_line(run_cli, tmp_path):
    sample = tmp_path / "sample.sqlite"
    run_cli("sample", sample)
    run_cli("export", sample, "--csv", tmp_path / "csv")
    copy = tmp_path / "partners.csv"
    shutil.copy(tmp_path / "csv" / "partners.csv", copy)
    (tmp_path / "again").mkdir()
    again = empty(tmp_path / "again")
    result = run_cli("import", again, copy)
    assert result.returncode == 0, result.stderr
    assert names(again) == names(sample)
