"""File > Backups...: the backups of the open portfolio, a backup on demand, and restore.

Restoring replaces the whole portfolio, so it asks first and says what happens to the file as
it is now (it is backed up, so the restore can be undone from this same list). The portfolio
is closed before the restore (restoring takes the file's write lock); `show_backups_dialog`
then returns True and the window must reopen the file.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.services import backups
from planner.ui.session import AppSession

COLUMNS = ("Taken", "Why", "Partners", "Meetings", "Actions")


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupsDialog", text)


class BackupsDialog(QDialog):
    """The list of backups; `restored` is True once the portfolio was closed for a restore."""

    def __init__(self, session: AppSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.path = session.portfolio.path
        self.restored = False
        self.found: list[backups.Backup] = []
        self.setWindowTitle(tr("Backups of %1").replace("%1", self.path.name))
        self.resize(720, 420)

        intro = QLabel(tr(
            "Partner Planner backs up this portfolio when you open it (at most once an hour), "
            "before an upgrade, an import that replaces partners, and a restore. "
            "Backups are kept in %1.").replace("%1", str(backups.backups_folder(self.path))))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        self.empty = QLabel(tr("No backups yet. Use \u201cBack up now\u201d to make one."))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton(tr("Back up now"))
        self.restore_button = QPushButton(tr("Restore\u2026"))
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.found = backups.list_backups(self.path)
        self.table.setRowCount(len(self.found))
        for row, b in enumerate(self.found):
            cells = [b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M"), tr(b.why)]
            if b.counts:
                cells += [str(b.partners), str(b.counts.get("meetings", 0)),
                          str(b.counts.get("actions", 0))]
            else:
                cells += [tr("unreadable"), "", ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(b.path.name)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.found))
        self.empty.setVisible(not self.found)
        if self.found:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def back_up_now(self) -> None:
        try:
            backups.take_backup(self.path)
        except PlannerError as error:
            QMessageBox.warning(self, tr("Backup failed"), str(error))
        self.refresh()

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        when = chosen.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        question = tr(
            "Restore the backup of %1 (%2 partners)?\n\nThe portfolio as it is now is backed "
            "up first, so you can come back to it from this list. Undo history is cleared."
        ).replace("%1", when).replace("%2", str(chosen.partners))
        answer = QMessageBox.question(
            self, tr("Restore backup"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.session.undo_stack.clear()
        self.session.portfolio.close()  # the restore takes the file's write lock
        self.restored = True  # from here on the window must reopen the file
        try:
            backups.restore_backup(self.path, chosen)
        except PlannerError as error:
            QMessageBox.warning(self, tr("Restore failed"), str(error))
        self.accept()


def show_backups_dialog(parent: QWidget | None, session: AppSession) -> bool:
    """Show File > Backups...; True when the portfolio was closed for a restore and the
    caller must reopen it (also when the restore itself failed: the file is unchanged)."""
    dialog = BackupsDialog(session, parent)
    dialog.exec()
    return dialog.restored
