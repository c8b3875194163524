"""File > Backups...: listing, backing up on demand, restoring with confirmation."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from planner.domain.model import Partner
from planner.services import backups, partners, portfolio_io
from planner.services.portfolio import open_portfolio
from planner.ui.backups_dialog import BackupsDialog
from planner.ui.session import AppSession


@pytest.fixture
def session(tmp_path, qtbot):
    path = tmp_path / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(
            dt.date.today()))
    portfolio = open_portfolio(path)  # takes the hourly backup
    session = AppSession(portfolio)
    yield session
    session.portfolio.close()


def answer(monkeypatch, button):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[2]) or button)
    return asked


def test_lists_backups_newest_first_with_counts(session, qtbot, tmp_path):
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "on opening"
    assert dialog.table.item(0, 2).text() == "8"
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "on request"
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "backups-dialog.png"))


def test_restore_asks_first_and_cancel_changes_nothing(session, qtbot, monkeypatch):
    partners.add_partner(session.uow(), Partner(name="Kept"))
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked and "8 partners" in asked[0] and "backed up first" in asked[0]
    assert not dialog.restored
    assert "Kept" in partners.partner_names(session.uow())


def test_restore_closes_restores_and_asks_the_window_to_reopen(session, qtbot, monkeypatch):
    partners.add_partner(session.uow(), Partner(name="After the backup"))
    path = session.portfolio.path
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restored and dialog.result() == dialog.DialogCode.Accepted
    with open_portfolio(path) as reopened:  # the lock was released for the restore
        names = partners.partner_names(reopened.uow())
    assert "After the backup" not in names and len(names) == 8
    assert [b.reason for b in backups.list_backups(path)][0] == "restore"


def test_a_failed_restore_is_shown_and_the_window_still_reopens(session, qtbot, monkeypatch):
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    dialog.found[0].path.write_bytes(b"gone bad")
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restored
    assert warnings and "not a Partner Planner portfolio or backup" in warnings[0]
    with open_portfolio(session.portfolio.path) as reopened:
        assert len(partners.list_partners(reopened.uow())) == 8


def test_without_backups_it_says_so(tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(backups, "backup_if_due", lambda path: None)
    path = tmp_path / "empty.sqlite"
    session = AppSession(open_portfolio(path, create=True))
    try:
        dialog = BackupsDialog(session)
        qtbot.addWidget(dialog)
        assert dialog.table.isHidden() and not dialog.empty.isHidden()
        assert not dialog.restore_button.isEnabled()
    finally:
        session.portfolio.close()
