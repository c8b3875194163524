"""One normalised form for names everywhere, and what is invalid refused, never altered:
invisible names, hidden characters inside names, NFC and NFD of one name, unknown health
dimensions, impossible done_on dates and contradictory --map options."""

import datetime as dt
import json
import unicodedata

import pytest

from planner.cli import main
from planner.domain.errors import DuplicateName, ImportProblem, InvalidValue, NotFound
from planner.domain.model import HealthCheck, HealthScore, Partner
from planner.domain.names import name_key, name_problem
from planner.domain.stages import Stage
from planner.services import briefs, health, partners, portfolio_io, spreadsheet_import
from planner.services.portfolio import open_portfolio


@pytest.fixture
def empty_portfolio(tmp_path):
    with open_portfolio(tmp_path / "empty.sqlite", create=True) as portfolio:
        yield portfolio


NFC = unicodedata.normalize("NFC", "Société Générale Café")
NFD = unicodedata.normalize("NFD", NFC)

HIDDEN = ["\u200b\u200b", "\u202e", "\u200e", "Ac\u200bme", "Ac\u202eme", "Acme\u2066",
          "Ac\u00adme", "\ufeffAcme", "Ac\x1bme", "\u0301", "\u200d", "Acme\u200c"]
ALLOWED = ["Acme", NFC, NFD, "می\u200cخواهم", "👨\u200d👩\u200d👧 Family Tech", "Zoë & Co.",
           "株式会社トヨタ"]


def test_nfc_and_nfd_of_one_name_have_one_key():
    assert NFC != NFD and name_key(NFC) == name_key(NFD) == name_key(NFD.upper())
    assert name_key(" Acme   Corp ") == name_key("acme corp")


@pytest.mark.parametrize("name", HIDDEN, ids=[ascii(n) for n in HIDDEN])
def test_names_that_hide_or_reorder_text_are_refused_everywhere(name, empty_portfolio,
                                                                  tmp_path):
    assert name_problem(name) is not None
    with pytest.raises(InvalidValue, match="The partner name "):
        partners.add_partner(empty_portfolio.uow(), Partner(name))
    with pytest.raises(ImportProblem, match=r"\$\.partners\[0\]\.name"):
        portfolio_io.document_records({"format": "partner-planner", "version": 1,
                                       "partners": [{"name": name, "stage": "courtship"}]})
    sheet = tmp_path / "names.csv"
    sheet.write_text(f"Partner,Stage\n{name},courtship\n", "utf-8")
    plan = spreadsheet_import.plan_import(empty_portfolio.uow(),
                                          spreadsheet_import.read_sheet(sheet))
    assert not plan.ready
    assert partners.list_partners(empty_portfolio.uow()) == []


@pytest.mark.parametrize("name", ALLOWED)
def test_names_in_any_script_are_kept_as_typed(name, empty_portfolio):
    assert name_problem(name) is None
    stored = partners.add_partner(empty_portfolio.uow(), Partner(name))
    assert stored.name == name


def test_nfc_and_nfd_are_the_same_partner_in_the_form(empty_portfolio):
    partners.add_partner(empty_portfolio.uow(), Partner(NFC))
    with pytest.raises(DuplicateName):
        partners.add_partner(empty_portfolio.uow(), Partner(NFD))
    assert partners.find_partner(empty_portfolio.uow(), NFD).name == NFC
    assert briefs.partner_named(empty_portfolio.uow(), NFD.lower()).name == NFC


def test_nfc_and_nfd_are_the_same_partner_in_json_and_spreadsheets(empty_portfolio,
                                                                   tmp_path):
    with pytest.raises(ImportProblem, match="appears twice"):
        portfolio_io.document_records({"format": "partner-planner", "version": 1, "partners": [
            {"name": NFC, "stage": "courtship"}, {"name": NFD, "stage": "exit"}]})
    sheet = tmp_path / "twice.csv"
    sheet.write_text(f"Partner,Stage\n{NFC},courtship\n{NFD},exit\n", "utf-8")
    plan = spreadsheet_import.plan_import(empty_portfolio.uow(),
                                          spreadsheet_import.read_sheet(sheet))
    assert any("already on row 2" in line for line in plan.problem_lines())
    partners.add_partner(empty_portfolio.uow(), Partner(NFD))
    sheet.write_text(f"Partner,Stage\n{NFC},courtship\n", "utf-8")
    plan = spreadsheet_import.plan_import(empty_portfolio.uow(),
                                          spreadsheet_import.read_sheet(sheet))
    assert any("already in the portfolio" in line for line in plan.problem_lines())


def test_an_nfd_partner_option_finds_the_nfc_partner(tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner(NFC, Stage.BRIDGES))
    assert main(["brief", str(path), "--partner", NFD, "-o", str(tmp_path / "b.pdf")]) == 0
    assert "Wrote the brief for" in capsys.readouterr().out


def test_existing_keys_are_recomputed_when_a_file_is_opened(tmp_path):
    """A file from before: its NFD partner's key was the old form; after the migration both
    forms find it, and an NFC twin already in the file keeps its row (nothing fails)."""
    from alembic import command
    from sqlalchemy import create_engine

    from planner.storage.database import APPLICATION_ID, alembic_config

    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:  # a file as revision 0003 wrote it
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(alembic_config(connection), "0003")
        for name, key in ((NFD, " ".join(NFD.split()).casefold()), ("Acme", "acme")):
            connection.exec_driver_sql(
                "INSERT INTO partners (name, name_key, organisation, kind, definition, "
                "unique_result, stage, owner, next_review, review_place, tags, notes, "
                "changed_at, changed_by, version) VALUES (?, ?, '', 'horizontal', '', '', "
                "'courtship', '', NULL, '', '[]', '', '2026-05-01 09:00:00', 'alice', 1)",
                (name, key))
    engine.dispose()
    with open_portfolio(path) as portfolio:
        assert partners.find_partner(portfolio.uow(), NFC).name == NFD
        with pytest.raises(DuplicateName):
            partners.add_partner(portfolio.uow(), Partner(NFC))


def test_an_unknown_health_dimension_is_refused_in_json_and_in_the_app(empty_portfolio):
    document = {"format": "partner-planner", "version": 1, "partners": [{
        "name": "Acme", "stage": "bridges",
        "health": [{"date": "2026-01-01", "scores": [{"dimension": "vibes", "ours": 3}]}]}]}
    with pytest.raises(ImportProblem, match=r"\$\.partners\[0\]\.health\[0\]\.scores\[0\]"
                                            r"\.dimension: 'vibes' is not a health dimension"):
        portfolio_io.document_records(document)
    acme = partners.add_partner(empty_portfolio.uow(), Partner("Acme"))
    with pytest.raises(InvalidValue, match="'vibes' is not a health dimension"):
        health.record_check(empty_portfolio.uow(), HealthCheck(
            acme.id, dt.date(2026, 1, 1), (HealthScore("vibes", 3),)))
    known = health.dimensions()[0].key
    health.record_check(empty_portfolio.uow(), HealthCheck(
        acme.id, dt.date(2026, 1, 1), (HealthScore(known, 3),)))


@pytest.mark.parametrize("where", ["checklist", "actions"])
def test_an_impossible_done_on_is_refused_even_when_not_done(where):
    item = ({"stage": "courtship", "text": "Court", "trait": 1, "done": False,
             "done_on": "2026-02-30"} if where == "checklist"
            else {"text": "Call", "done": False, "done_on": "2026-02-30"})
    document = {"format": "partner-planner", "version": 1,
                "partners": [{"name": "Acme", "stage": "courtship", where: [item]}]}
    with pytest.raises(ImportProblem, match=rf"{where}\[0\]\.done_on: '2026-02-30' is not a "
                                            "real date"):
        portfolio_io.document_records(json.loads(json.dumps(document)))


CSV = "Partner,Company,Owner\nAcme,Acme Ltd,Ann\n"


@pytest.mark.parametrize("maps,expected", [
    (["Partner=name", "Company=name"], "--map gives name to both 'Partner' and 'Company'"),
    (["Partner=name", "partner=owner"], "--map gives the column 'partner' two fields"),
])
def test_contradictory_map_options_are_refused(maps, expected, tmp_path, capsys):
    path = tmp_path / "p.sqlite"
    open_portfolio(path, create=True).close()
    sheet = tmp_path / "s.csv"
    sheet.write_text(CSV, "utf-8")
    before = path.read_bytes()
    code = main(["import", str(path), str(sheet), *[f"--map={m}" for m in maps]])
    out, err = capsys.readouterr()
    assert code == 1 and expected in out + err, out + err
    assert path.read_bytes() == before


def test_one_map_option_still_wins_over_a_guess(empty_portfolio, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text(CSV, "utf-8")
    overrides = {"Company": "name"}
    plan = spreadsheet_import.plan_import(
        empty_portfolio.uow(), spreadsheet_import.read_sheet(sheet, overrides=overrides),
        overrides=overrides)
    assert plan.ready and [p.name for p in plan.partners] == ["Acme Ltd"]


def test_an_unknown_partner_is_not_found_in_any_form(empty_portfolio):
    partners.add_partner(empty_portfolio.uow(), Partner(NFC))
    with pytest.raises(NotFound):
        briefs.partner_named(empty_portfolio.uow(), "Acme\u200b")
