"""The import preview and the calendar export, driven with qtbot like a user would."""

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from planner.domain.model import Partner
from planner.services import portfolio_io
from planner.services.partners import add_partner, list_partners
from planner.services.portfolio import open_portfolio
from planner.ui import calendar_export as calendar_ui
from planner.ui import spreadsheet_dialog
from planner.ui.session import AppSession

DATA = Path(__file__).resolve().parent.parent / "exchange" / "data"


@pytest.fixture
def session(tmp_path, qtbot):
    portfolio = open_portfolio(tmp_path / "p.sqlite", create=True)
    yield AppSession(portfolio)
    portfolio.close()


def problems(dialog):
    return [dialog.problems.item(i).text() for i in range(dialog.problems.count())]


def test_the_messy_file_shows_rows_mapping_and_every_problem(session, qtbot):
    dialog = spreadsheet_dialog.SpreadsheetImportDialog(session, DATA / "partners-messy.csv")
    qtbot.addWidget(dialog)
    preview = dialog.preview
    assert preview.columnCount() == 9
    assert preview.horizontalHeaderItem(0).text() == "Partner"
    assert preview.verticalHeaderItem(1).text() == "4"  # the spreadsheet's own row numbers
    assert preview.item(1, 0).text() == "Fernhill & Stone Consulting"
    assert [c.currentData() for c in dialog.combos] == [
        "name", "organisation", "stage", "owner", "next_review", "kind", "tags", "notes", None]
    assert dialog.combos[8].currentText() == "Not imported"
    rows = [line.split(":")[0] for line in problems(dialog)]
    assert rows[:-1] == ["Row 5", "Row 8", "Row 8", "Row 9", "Row 10", "Row 13"]
    assert "order of day and month" in problems(dialog)[-1]
    assert not dialog.import_button.isEnabled()
    assert "6 problems in 5 rows" in dialog.summary.text()
    # The bad cell is marked (row 5's date), not its whole row.
    assert "could be 12 June or 6 December" in preview.item(2, 4).toolTip()
    assert preview.item(2, 0).toolTip() == ""
    assert preview.item(2, 4).font().bold() and not preview.item(2, 0).font().bold()
    assert preview.item(1, 0).toolTip() == ""

    dialog.date_order.setCurrentIndex(dialog.date_order.findData(True))
    assert [line.split(":")[0] for line in problems(dialog)] == [
        "Row 8", "Row 9", "Row 10", "Row 13"]
    assert not dialog.import_button.isEnabled()
    assert list_partners(session.uow()) == []  # a preview writes nothing


def test_skip_a_heading_row_and_map_an_unknown_stage(session, qtbot):
    dialog = spreadsheet_dialog.SpreadsheetImportDialog(session, DATA / "partners-messy.csv")
    qtbot.addWidget(dialog)
    dialog.date_order.setCurrentIndex(dialog.date_order.findData(True))
    assert ("stage", "Brdiges") in dialog.unknown_values()
    assert any(line.startswith("Row 8:") and "Brdiges" in line for line in problems(dialog))

    dialog.map_value("stage", "Brdiges", "bridges")  # as the combo under the table does
    assert not any("Brdiges" in line for line in problems(dialog))
    assert dialog.value_combos[("stage", "brdiges")].currentData() == "bridges"

    heading = next(i for i in range(dialog.problems.count())
                   if dialog.problems.item(i).text().startswith("Row 10:"))
    dialog.problems.setCurrentRow(heading)
    dialog.skip_button.click()
    assert 10 in dialog.skipped
    assert not any(line.startswith("Row 10:") for line in problems(dialog))
    assert "You skip rows 10." in dialog.summary.text()
    assert list_partners(session.uow()) == []  # still only a preview
    dialog.skip_row(10, False)
    assert any(line.startswith("Row 10:") for line in problems(dialog))


def test_choose_columns_and_date_order_then_import(session, qtbot, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Firm;Where we are;Next QBR;Region\n"
                    "Acme;Bridges;03/04/2026;EMEA\n"
                    ";;;\n"
                    "Beta;exit;2026-07-01;APAC\n", encoding="utf-8-sig")
    dialog = spreadsheet_dialog.SpreadsheetImportDialog(session, path)
    qtbot.addWidget(dialog)
    assert "semicolon-separated" in dialog.source.text()
    assert problems(dialog)[0].startswith("No column holds the partner name")
    assert not dialog.import_button.isEnabled()

    dialog.set_mapping(0, "name")
    dialog.set_mapping(1, "stage")
    dialog.set_mapping(2, "next_review")
    assert problems(dialog)[0].startswith("Row 2: Next QBR: '03/04/2026' could be")
    dialog.date_order.setCurrentIndex(dialog.date_order.findData(False))  # month first
    assert problems(dialog) == []
    assert dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith("2 partners will be imported")
    assert "1 empty row is skipped" in dialog.summary.text()

    with qtbot.waitSignal(session.changed) as changed:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert changed.args == [0]
    assert dialog.result.added == 2
    partners = {p.name: p for p in list_partners(session.uow())}
    assert partners["Acme"].next_review == dt.date(2026, 3, 4)
    assert partners["Acme"].stage.value == "bridges"


def test_two_columns_for_one_field_is_shown(session, qtbot):
    dialog = spreadsheet_dialog.SpreadsheetImportDialog(session, DATA / "partners-fixed.csv")
    qtbot.addWidget(dialog)
    dialog.date_order.setCurrentIndex(1)
    assert dialog.import_button.isEnabled()
    dialog.set_mapping(8, "stage")  # Region as a second stage column
    assert any("both map to stage" in line for line in problems(dialog))
    assert not dialog.import_button.isEnabled()


def test_a_partner_added_meanwhile_is_refused_and_nothing_written(session, qtbot,
                                                                   monkeypatch):
    dialog = spreadsheet_dialog.SpreadsheetImportDialog(session, DATA / "partners-fixed.csv")
    qtbot.addWidget(dialog)
    dialog.date_order.setCurrentIndex(1)
    add_partner(session.uow(), Partner("Aster Cloud"))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    dialog.import_partners()
    assert warnings and "nothing was imported" in warnings[0]
    assert [p.name for p in list_partners(session.uow())] == ["Aster Cloud"]
    assert problems(dialog) == ["Row 11: Partner: a partner named 'Aster Cloud' is already "
                                "in the portfolio"]


def test_the_menu_entry_asks_for_a_file_and_imports(session, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("Partner,Stage\nAcme,courtship\nBeta,exit\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def click_import():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, spreadsheet_dialog.SpreadsheetImportDialog)
        dialog.import_button.click()

    QTimer.singleShot(0, click_import)
    result = spreadsheet_dialog.show_import_spreadsheet_dialog(None, session)
    assert result.added == 2
    assert [p.name for p in list_partners(session.uow())] == ["Acme", "Beta"]


def test_the_menu_entry_reports_an_unreadable_file(session, monkeypatch, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert spreadsheet_dialog.show_import_spreadsheet_dialog(None, session) is None
    assert warnings == ["old.xls is a .xls file; save it as .xlsx or .csv (UTF-8) and import "
                        "that."]


def test_a_read_only_portfolio_refuses_an_import(tmp_path, monkeypatch):
    open_portfolio(tmp_path / "ro.sqlite", create=True).close()
    with open_portfolio(tmp_path / "ro.sqlite", read_only=True) as portfolio:
        warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
        result = spreadsheet_dialog.show_import_spreadsheet_dialog(None, AppSession(portfolio))
    assert result is None and "read-only" in warnings[0]


def test_export_to_calendar(tmp_path, qtbot, monkeypatch):
    with open_portfolio(tmp_path / "s.sqlite", create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(),
                                    portfolio_io.sample_records(dt.date.today()))
        session = AppSession(portfolio)
        window = QMainWindow()
        qtbot.addWidget(window)
        target = tmp_path / "reviews"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        monkeypatch.setattr(calendar_ui, "ask_actions_as_events", lambda parent: True)
        counts = calendar_ui.export_calendar(window, session)
    written = tmp_path / "reviews.ics"
    calendar = icalendar.Calendar.from_ical(written.read_bytes())
    assert counts.reviews == 8
    assert len(list(calendar.walk("VEVENT"))) == counts.reviews + counts.actions
    assert "Wrote 8 reviews" in window.statusBar().currentMessage()


def test_calendar_export_cancelled_writes_nothing(session, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert calendar_ui.export_calendar(None, session) is None
    monkeypatch.setattr(calendar_ui, "ask_actions_as_events", lambda parent: None)
    assert calendar_ui.export_calendar(None, session, path=tmp_path / "x.ics") is None
    assert not (tmp_path / "x.ics").exists()
